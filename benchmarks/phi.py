"""The PHI screen on every corpus we have: share of patient data refused (recall), share of
ordinary comments wrongly refused, time per comment and the memory its word lists take.

Corpora (all in `tests/privacy/`):

* `blind_dev_en.yaml`, `blind_dev_es.yaml`: 600 English and 440 Spanish strings written blind
  (without seeing the screen) on 2026-12-01, half patient data, half ordinary, each screened in
  its context (pulse comment, urgent route, a practice's content);
* `phi_cases.py`: hand-written cases, one class of writing at a time;
* `phi_corpus.py`: the earlier synthetic corpus (templates), which must keep passing;
* Balance Bot's own ~940 content strings (tips, FAQ, notices, UI), all ordinary text.

Time: each string is screened `--repeat` times after one warm-up pass; the table gives p50 and
p99 over strings of the first timed call ("single"), of each string's median ("median"), and of
its median CPU time ("cpu", which a machine shared with other work does not inflate as much).
Memory: a fresh process reports its resident set before and after `bot.privacy.warm()` and how
long loading took.

    python benchmarks/phi.py [--repeat 5] [--verbose] [--previous]

`--previous` also scores the regex screen this one replaced (read from git at 410f6d7).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.privacy import screen, warm  # noqa: E402
from content import LANGS, LocalizedText  # noqa: E402
from content.loader import load_builtin  # noqa: E402
from tests.privacy import phi_cases, phi_corpus  # noqa: E402

MODES = {"comment": "comment", "urgent_route": "urgent", "content": "content"}
Case = tuple[str, bool, str]  # text, is patient data, mode
Screen = Callable[[str, str], bool]


def corpora() -> dict[str, list[Case]]:
    out: dict[str, list[Case]] = {}
    for lang in ("en", "es"):
        rows = yaml.safe_load((ROOT / f"tests/privacy/blind_dev_{lang}.yaml").read_text())
        out[f"blind dev {lang}"] = [(r["text"], r["phi"], MODES[r["context"]]) for r in rows]
    cases = [(t, True, "comment") for ts in phi_cases.PHI.values() for t in ts]
    cases += [(t, False, "comment") for ts in phi_cases.ORDINARY.values() for t in ts]
    cases += [(t, True, "urgent") for t in phi_cases.URGENT_PHI]
    cases += [(t, False, "urgent") for t in phi_cases.URGENT_OK]
    out["class cases"] = cases
    out["earlier synthetic"] = [(t, True, "comment") for t in phi_corpus.phi_corpus()] + [
        (t, False, "comment") for t in phi_corpus.ordinary_corpus()
    ]
    content, _ = load_builtin()
    strings = []
    for items in content.items.values():
        for item in items.values():
            texts = (
                [item]
                if isinstance(item, LocalizedText)
                else [v for _n, v in item if isinstance(v, LocalizedText)]
            )
            strings += [re.sub(r"\{[^{}]*\}", " ", t.get(lang)) for t in texts for lang in LANGS]
    out["built-in content"] = [(t, False, "content") for t in strings]
    return out


def ours(text: str, mode: str) -> bool:
    return screen(text, mode=mode) is not None  # type: ignore[arg-type]


def previous() -> Screen:
    """The regex screen before this one, straight from git."""
    source = subprocess.run(
        ["git", "show", "410f6d7:bot/privacy/phi.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("previous_phi")
    sys.modules["previous_phi"] = module  # dataclasses look their module up
    exec(compile(source, "previous_phi.py", "exec"), module.__dict__)  # noqa: S102

    def run(text: str, mode: str) -> bool:
        allow = ("phone", "email") if mode == "urgent" else ()
        return module.screen(text, allow=allow) is not None

    return run


def score(name: str, cases: list[Case], check: Screen, verbose: bool) -> tuple[str, ...]:
    phi = [c for c in cases if c[1]]
    ordinary = [c for c in cases if not c[1]]
    missed = [c for c in phi if not check(c[0], c[2])]
    refused = [c for c in ordinary if check(c[0], c[2])]
    if verbose:
        for text, _, mode in missed:
            print(f"  missed   [{name}, {mode}] {text}")
        for text, _, mode in refused:
            print(f"  refused  [{name}, {mode}] {text}")
    recall = f"{100 * (1 - len(missed) / len(phi)):.1f} %" if phi else "—"
    false = f"{100 * len(refused) / len(ordinary):.1f} %" if ordinary else "—"
    return (
        name,
        str(len(phi)),
        str(len(missed)),
        recall,
        str(len(ordinary)),
        str(len(refused)),
        false,
    )


def timings(cases: list[Case], repeat: int) -> dict[str, float]:
    for text, _, mode in cases:  # warm-up pass
        ours(text, mode)
    single, median, cpu = [], [], []
    for text, _, mode in cases:
        runs, cpus = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.thread_time()
            ours(text, mode)
            runs.append((time.perf_counter() - start) * 1000)
            cpus.append((time.thread_time() - start_cpu) * 1000)
        single.append(runs[0])
        median.append(statistics.median(runs))
        cpu.append(statistics.median(cpus))

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "single p50": pct(single, 0.5),
        "single p99": pct(single, 0.99),
        "median p50": pct(median, 0.5),
        "median p99": pct(median, 0.99),
        "cpu p50": pct(cpu, 0.5),
        "cpu p99": pct(cpu, 0.99),
        "max": max(single),
    }


def memory() -> dict[str, float]:
    """Resident memory of a fresh process before and after the word lists load."""
    code = (
        "import json, resource, time\n"
        "def rss():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmRSS'): return int(line.split()[1]) / 1024\n"
        "import bot.privacy\n"
        "before = rss(); start = time.perf_counter()\n"
        "bot.privacy.warm()\n"
        "took = time.perf_counter() - start\n"
        "print(json.dumps({'before': before, 'after': rss(), 'seconds': took,\n"
        "  'peak': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    data: dict[str, float] = json.loads(out)
    return data


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="list every miss and refusal")
    parser.add_argument("--previous", action="store_true", help="score the earlier screen too")
    args = parser.parse_args()
    mem = memory()
    warm()
    sets = corpora()
    header = ("corpus", "PHI", "missed", "recall", "ordinary", "refused", "false refusals")
    print("\nPHI screen (bot/privacy)\n")
    table([score(name, cases, ours, args.verbose) for name, cases in sets.items()], header)
    if args.previous:
        print("\nEarlier regex screen (410f6d7), same corpora\n")
        old = previous()
        table([score(name, cases, old, False) for name, cases in sets.items()], header)
    blind = sets["blind dev en"] + sets["blind dev es"]
    print(f"\nTime per comment, ms, blind corpus ({len(blind)} strings, {args.repeat} runs each)\n")
    t = timings(blind, args.repeat)
    table([tuple(f"{v:.2f}" for v in t.values())], tuple(t))
    print("\nMemory of the word lists, loaded at start-up (a fresh process)\n")
    table(
        [
            (
                f"{mem['before']:.0f}",
                f"{mem['after']:.0f}",
                f"{mem['after'] - mem['before']:.0f}",
                f"{mem['seconds']:.2f}",
            )
        ],
        ("RSS before MB", "RSS after MB", "extra MB", "load s"),
    )
    print("\nGoals: recall ≥ 99 %, false refusals ≤ 1 %, p99 ≤ 20 ms, extra memory ≤ 150 MB.")


if __name__ == "__main__":
    main()
