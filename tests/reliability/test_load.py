"""A short run of benchmarks/load.py: 50 concurrent senders of mixed commands, clicks and events
(with retries) for about 5 s against the real process on SQLite, the scheduler delivering at the
same time. No errors, no "database is locked", no traceback; wall-clock times are printed by the
benchmark, never asserted here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("balance_load", ROOT / "benchmarks" / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def test_fifty_concurrent_senders_get_no_error(tmp_path: Path) -> None:
    report = load_benchmark().run_load(senders=50, seconds=5, workdir=tmp_path)
    print("\n".join(report.lines()))
    assert report.requests > 100
    assert set(report.kinds) == {"command", "click", "event"}
    assert report.errors == []
    assert report.locked == 0, '"database is locked" in the bot log'
    assert report.tracebacks == 0
