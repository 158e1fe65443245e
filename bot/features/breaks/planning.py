"""The member planning pass that break nudges and end-of-shift messages share.

Each tick claims only the members whose `next_plan_at` has come (an indexed query, in batches),
builds each one's calendar once, asks every registered member planner for the outbox rows in
its window, enqueues them, and records when the member next needs planning
(`service.next_planning_at`). So a tick's cost follows what is due, not how many members exist.

Outbox keys stay the guarantee: a repeated tick, a restart or a second replica adds nothing
twice. Claims only keep replicas from doing the same work; a replica that dies mid-pass leaves
its claimed members to be planned again when the claim runs out.

One member's data can never stop another's nudges: whatever fails while planning a member (a
row no rule expected, a bug, a date out of range, a row the database refuses) is caught for
that member alone, logged with the error's type and place but never its message (which may
quote what the member typed), counted in `balance_planning_failures_total`, and the member is
tried again after a growing wait (`retry_after`); a change of their settings, or a new
process, tries again at once.
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.calendars import member_calendar
from bot.deps import Deps
from bot.features.breaks import service
from bot.schedule import MemberCalendar
from bot.store.members import Member
from bot.store.outbox import NewMessage
from bot.store.workspaces import Workspace

log = logging.getLogger(__name__)

# `planner(member, calendar, now)`: the member's rows due in the planner's window, which must
# end within PLAN_AHEAD of `now` and may start up to an hour before it.
MemberPlanner = Callable[[Member, MemberCalendar, datetime], list[NewMessage]]

NAME = "members"
CLAIM = timedelta(minutes=5)
RETRY_FIRST = timedelta(minutes=5)  # a passing hiccup: soon, while the nudges still matter
RETRY_MAX = timedelta(hours=6)  # data that stays broken: a few tries a day, a few log lines


def retry_after(failures: int) -> timedelta:
    """How long to wait after the `failures`-th failed pass in a row: 5, 10, 20 … min, ≤ 6 h."""
    return min(RETRY_FIRST * 2 ** max(min(failures, 20) - 1, 0), RETRY_MAX)


@dataclass
class PassReport:
    members: int = 0  # members planned (claimed) in this pass
    added: int = 0  # new outbox rows
    failed: int = 0  # members whose planning failed (each logged and counted)


@dataclass
class _Plan:
    member: Member
    rows: list[NewMessage]
    next_at: datetime | None
    failed: bool = False


class MemberPlanning:
    """Registered once per app as the planner named "members"; features add member planners."""

    def __init__(self, deps: Deps, *, batch: int = 1000, max_members: int = 20_000) -> None:
        self._deps = deps
        self._batch = batch
        self._max_members = max_members  # per tick, so delivery is never starved
        self._planners: list[tuple[str, MemberPlanner]] = []
        self._first_pass = True

    def add(self, name: str, planner: MemberPlanner) -> None:
        if any(existing == name for existing, _ in self._planners):
            raise ValueError(f"member planner {name!r} is registered twice")
        self._planners.append((name, planner))

    def __call__(self, now: datetime) -> None:
        report = self.run(now)
        if report.added:
            log.info("planned %d messages for %d members", report.added, report.members)

    def run(self, now: datetime) -> PassReport:
        store = self._deps.store
        if self._first_pass:
            # Members stored before planning times existed get one now, and members whose
            # planning failed are tried again: this process may carry the fix (once per process).
            store.members.plan_unplanned(now=now)
            store.members.retry_failed(now=now)
            self._first_pass = False
        report = PassReport()
        workspaces: dict[str, Workspace] = {}
        while report.members < self._max_members:
            claimed = store.members.claim_due_for_planning(now=now, limit=self._batch, lease=CLAIM)
            plans = [self._plan(member, workspaces, now) for member in claimed]
            report.added += self._enqueue(plans, now)
            for failed in (False, True):
                chosen = [(p.member, p.next_at) for p in plans if p.failed is failed]
                store.members.set_next_plan(chosen, failed=failed)
            report.failed += sum(p.failed for p in plans)
            report.members += len(claimed)
            if len(claimed) < self._batch:
                break
        return report

    def _plan(self, member: Member, workspaces: dict[str, Workspace], now: datetime) -> _Plan:
        if not member.schedule:
            return _Plan(member, [], None)
        try:
            if member.team_id not in workspaces:
                workspaces[member.team_id] = self._deps.store.workspaces.get(member.team_id)
            cal = member_calendar(member, workspaces[member.team_id], self._deps.settings)
            next_at = service.next_planning_at(cal, now)
        except Exception as exc:  # any bad row or bug: this member only, never the others
            return self._failed(member, "calendar", exc, now)
        rows: list[NewMessage] = []
        failure: _Plan | None = None
        for name, planner in self._planners:
            try:
                rows += planner(member, cal, now)
            except Exception as exc:  # one feature's failure doesn't cost the member the others
                failure = failure or self._failed(member, name, exc, now)
        if failure is not None:
            failure.rows = rows  # what the other planners made still goes out
            if next_at is not None and failure.next_at is not None:
                failure.next_at = min(failure.next_at, next_at)
            return failure
        return _Plan(member, rows, next_at)

    def _failed(self, member: Member, stage: str, exc: BaseException, now: datetime) -> _Plan:
        failures = member.plan_failures + 1
        wait = retry_after(failures)
        self._deps.metrics.planning_failures.labels(stage).inc()
        log.warning(
            "planning skipped member %s:%s (%s): %s at %s; failure %d in a row, next try in %d min",
            member.team_id,
            member.user_id,
            stage,
            type(exc).__name__,
            _where(exc),
            failures,
            wait // timedelta(minutes=1),
        )
        return _Plan(member, [], now + wait, failed=True)

    def _enqueue(self, plans: list[_Plan], now: datetime) -> int:
        """All the batch's rows at once; if the database refuses that, member by member, so a
        row it refuses costs only its own member's plan."""
        outbox = self._deps.store.outbox
        try:
            return outbox.enqueue([row for p in plans for row in p.rows], now=now)
        except Exception:  # told apart member by member below
            log.warning("a batch of planned messages was refused; adding them member by member")
        added = 0
        for i, plan in enumerate(plans):
            if not plan.rows:
                continue
            try:
                added += outbox.enqueue(plan.rows, now=now)
            except Exception as exc:
                plans[i] = self._failed(plan.member, "outbox", exc, now)
        return added


def _where(exc: BaseException) -> str:
    """`file.py:123` of the innermost frame: enough to find the bug, nothing the member wrote."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{os.path.basename(last.filename)}:{last.lineno}"


def member_planning(deps: Deps) -> MemberPlanning:
    """The app's member planning pass, registered with the scheduler on first use."""
    for name, planner in deps.jobs.planners:
        if name == NAME and isinstance(planner, MemberPlanning):
            return planner
    planning = MemberPlanning(deps)
    deps.jobs.add_planner(NAME, planning)
    return planning
