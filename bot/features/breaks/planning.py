"""The member planning pass that break nudges and end-of-shift messages share.

Each tick claims only the members whose `next_plan_at` has come (an indexed query, in batches),
builds each one's calendar once, asks every registered member planner for the outbox rows in
its window, enqueues them, and records when the member next needs planning
(`service.next_planning_at`). So a tick's cost follows what is due, not how many members exist.

Outbox keys stay the guarantee: a repeated tick, a restart or a second replica adds nothing
twice. Claims only keep replicas from doing the same work; a replica that dies mid-pass leaves
its claimed members to be planned again when the claim runs out.
"""

from __future__ import annotations

import logging
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


@dataclass
class PassReport:
    members: int = 0  # members planned (claimed) in this pass
    added: int = 0  # new outbox rows


class MemberPlanning:
    """Registered once per app as the planner named "members"; features add member planners."""

    def __init__(self, deps: Deps, *, batch: int = 1000, max_members: int = 20_000) -> None:
        self._deps = deps
        self._batch = batch
        self._max_members = max_members  # per tick, so delivery is never starved
        self._planners: list[tuple[str, MemberPlanner]] = []
        self._unplanned_checked = False

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
        if not self._unplanned_checked:
            # Members stored before planning times existed get one now (once per process).
            store.members.plan_unplanned(now=now)
            self._unplanned_checked = True
        report = PassReport()
        workspaces: dict[str, Workspace] = {}
        while report.members < self._max_members:
            claimed = store.members.claim_due_for_planning(now=now, limit=self._batch, lease=CLAIM)
            rows: list[NewMessage] = []
            plans: list[tuple[Member, datetime | None]] = []
            for member in claimed:
                if member.team_id not in workspaces:
                    workspaces[member.team_id] = store.workspaces.get(member.team_id)
                member_rows, next_at = self._plan(member, workspaces[member.team_id], now)
                rows += member_rows
                plans.append((member, next_at))
            report.added += store.outbox.enqueue(rows, now=now)
            store.members.set_next_plan(plans)
            report.members += len(claimed)
            if len(claimed) < self._batch:
                break
        return report

    def _plan(
        self, member: Member, workspace: Workspace, now: datetime
    ) -> tuple[list[NewMessage], datetime | None]:
        if not member.schedule:
            return [], None
        try:
            cal = member_calendar(member, workspace, self._deps.settings)
            next_at = service.next_planning_at(cal, now)
        except ValueError:
            # One member's unusable settings (say a zone tzdata dropped) must not stop the rest.
            log.warning("could not plan for a member", exc_info=True)
            return [], now + service.REPLAN_EVERY
        rows: list[NewMessage] = []
        for name, planner in self._planners:
            try:
                rows += planner(member, cal, now)
            except Exception:
                log.exception("the %s planner failed for a member", name)
        return rows, next_at


def member_planning(deps: Deps) -> MemberPlanning:
    """The app's member planning pass, registered with the scheduler on first use."""
    for name, planner in deps.jobs.planners:
        if name == NAME and isinstance(planner, MemberPlanning):
            return planner
    planning = MemberPlanning(deps)
    deps.jobs.add_planner(NAME, planning)
    return planning
