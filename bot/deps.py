"""What every feature is handed when it registers: built once in the composition root."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.busy import Busy
from bot.clock import Clock
from bot.config import Settings
from bot.jobs import JobRegistry
from bot.metrics import Metrics
from bot.store import Store
from content import Catalog


@dataclass(frozen=True)
class Deps:
    settings: Settings
    store: Store
    clock: Clock
    catalog: Catalog
    metrics: Metrics
    jobs: JobRegistry
    # Lazy listeners and ticks in flight (`Runtime.wait_idle`).
    busy: Busy = field(default_factory=Busy)
