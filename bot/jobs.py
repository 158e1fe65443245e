"""What features hand to the scheduler: planners that run every tick, and pre-send gates.

Features register here in `register(app, deps, router)`; the runtime wires the registry into
the ticker and the dispatcher, so a feature never builds scheduler jobs of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.delivery import Gate

Planner = Callable[[datetime], None]


class JobRegistry:
    def __init__(self) -> None:
        self.planners: list[tuple[str, Planner]] = []
        self.gates: dict[str, Gate] = {}

    def add_planner(self, name: str, planner: Planner) -> None:
        """`planner(now)` runs at every tick, before due messages are sent."""
        self.planners.append((name, planner))

    def add_gate(self, kind: str, gate: Gate) -> None:
        """`gate(row, client, now)` decides send / defer / skip just before a row is sent."""
        if kind in self.gates:
            raise ValueError(f"a gate for {kind!r} is registered twice")
        self.gates[kind] = gate
