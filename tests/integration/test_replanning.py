"""Re-planning is exact: a change of lunch, cadence, shifts, zone, leave or closed days at any
moment of the day gives the member the old plan's nudges before the change and the new plan's
after it — each exactly once, none lost (issue 15, bug 3).

Ben (New York) works Mon-Fri 08:00-17:00, lunch 12:00 for 30 minutes, a break every 90
minutes. Each test makes one kind of change at six moments (one per working day, settings put
back every morning): before the shift, just after a break, between a break's planned minute
and its staggered delivery, during lunch, near the end, and between the end and the
end-of-shift message. The real app, the real tick and the sandbox: the DMs counted are the ones
Slack received. The expected plans come from the planner's public entry point.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.clock import ManualClock
from bot.features.breaks.service import member_stagger
from bot.sandbox import SlackSandbox
from bot.schedule import parse_slot, phrases
from bot.schedule.plan import plan_nudges
from bot.store.tables import outbox
from tests.integration.conftest import MEMBERS, Bot, start_bot, texts

TEAM = "T0SANDBOX"
NY = ZoneInfo("America/New_York")
DAYS = [date(2026, 11, 30) + timedelta(days=n) for n in (0, 1, 2, 3, 4, 7)]
MOMENTS = ["07:30", "09:40", "11:02", "12:10", "16:50", "17:02"]
RESET = [
    ("U0BEN", "shift mon-fri 08:00-17:00"),
    ("U0BEN", "breaks every 90m"),
    ("U0BEN", "breaks lunch 12:00 30m"),
    ("U0BEN", "tz America/New_York"),
    ("U0BEN", "back"),
    ("U0MGR", "admin closed clear all"),
]


@dataclass(frozen=True)
class Change:
    commands: tuple[tuple[str, str], ...]  # (user, words); `{day}` is today's date
    new: dict[str, Any]  # plan_nudges arguments after the change
    setup: tuple[tuple[str, str], ...] = ()  # done at 06:00, after the reset
    old: dict[str, Any] = field(default_factory=dict)


BASE: dict[str, Any] = {
    "zone": "America/New_York",
    "shifts": [(d, "08:00", "17:00") for d in range(5)],
    "lunch": "12:00",
    "lunch_minutes": 30,
    "cadence_minutes": 90,
    "holidays_country": "US",
}

CHANGES = {
    "lunch": Change((("U0BEN", "breaks lunch 12:30 30m"),), {"lunch": "12:30"}),
    "cadence": Change((("U0BEN", "breaks every 60m"),), {"cadence_minutes": 60}),
    "shifts": Change(
        (("U0BEN", "shift mon-fri 07:00-16:00"),),
        {"shifts": [(d, "07:00", "16:00") for d in range(5)]},
    ),
    "zone": Change((("U0BEN", "tz America/Chicago"),), {"zone": "America/Chicago"}),
    "leave": Change((("U0BEN", "away until {day}"),), {"leave": "today"}),
    "back from leave": Change(
        (("U0BEN", "back"),), {}, setup=(("U0BEN", "away until {day}"),), old={"leave": "today"}
    ),
    "closed day": Change((("U0MGR", "admin closed {day}"),), {"closed_days": "today"}),
    "reopened day": Change(
        (("U0MGR", "admin closed clear {day}"),),
        {},
        setup=(("U0MGR", "admin closed {day}"),),
        old={"closed_days": "today"},
    ),
}


def local(day: date, hhmm: str) -> datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=NY)


def expected_plan(
    day: date, changes: dict[str, Any], saved: datetime
) -> list[tuple[datetime, str]]:
    args = {**BASE, **changes}
    if args.get("leave") == "today":
        args["leave"] = [(day, day)]
    if args.get("closed_days") == "today":
        args["closed_days"] = [day]
    nudges = plan_nudges(
        args.pop("zone"),
        args.pop("shifts"),
        start=local(day, "06:00"),
        end=local(day + timedelta(days=1), "06:00"),
        now=saved,
        stagger_seconds=int(member_stagger(TEAM, "U0BEN").total_seconds()),
        **args,
    )
    return [(n.at, n.kind) for n in nudges]


@pytest.fixture
def slack() -> Iterator[SlackSandbox]:
    # Days pass in seconds of real time here: Slack's 1 message/s per channel (which the
    # sandbox enforces in real time) would only make the test wait, so it is off.
    with SlackSandbox(post_message_per_channel_per_sec=None) as sandbox:
        for user_id, profile in MEMBERS.items():
            sandbox.add_user(user_id, **profile)
        yield sandbox


@pytest.fixture
def ben(slack: SlackSandbox, tmp_path: Path, clock: ManualClock) -> Iterator[Bot]:
    yield from start_bot(slack, tmp_path, clock, mode="http")


def _say(bot: Bot, commands: tuple[tuple[str, str], ...], day: date) -> None:
    for user, words in commands:
        reply = bot.sender.command(user, words.format(day=day.isoformat()))
        assert reply.status == 200, words
        assert "usage" not in texts(reply.payload()).lower(), (words, texts(reply.payload()))


def _delivered(bot: Bot, seen: int) -> list[tuple[datetime, str]]:
    out = []
    for message in bot.slack.messages("U0BEN")[seen:]:
        key = message["metadata"]["event_payload"]["delivery_id"]
        parsed = parse_slot(key.split(":")[4])
        assert parsed is not None and len(key.split(":")) == 5, key  # no snoozes here
        kind, at = parsed
        out.append((at, kind))
    return out


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_change_at_any_moment_loses_and_repeats_nothing(ben: Bot, name: str) -> None:
    change = CHANGES[name]
    bot = ben
    for day, moment in zip(DAYS, MOMENTS, strict=True):
        bot.clock.set(local(day, "06:00"))
        _say(bot, tuple(RESET), day)
        _say(bot, change.setup, day)
        changed_at = local(day, moment)
        morning = local(day, "06:00")
        old = expected_plan(day, change.old, morning)
        # After the change: what the new settings plan from then on (nothing due before the
        # change, no end-of-shift message for a shift that had ended by then: it comes 5 min
        # after the end), plus what was already queued and the new settings still plan at the
        # same moment (the end-of-shift message of a shift that ended just before a change of
        # lunch still comes).
        new_all = expected_plan(day, change.new, morning)

        new = [
            (at, kind)
            for at, kind in new_all
            if at >= changed_at
            and (
                kind != "end_of_shift"
                or at - timedelta(minutes=5) >= changed_at
                or (at, kind) in old
            )
        ]
        want = sorted([n for n in old if n[0] < changed_at] + new)
        assert len(want) == len(set(want))
        # Ticks every hour until the evening, at the change, and at every moment either plan
        # names (a real bot ticks every 30 s; nothing happens between these).
        ticks = {local(day, "06:00") + timedelta(hours=k) for k in range(14)}
        ticks |= {changed_at} | {at for at, _ in old + new}
        seen = len(bot.slack.messages("U0BEN"))
        for moment_now in sorted(ticks):
            bot.clock.set(moment_now)
            if moment_now == changed_at:
                _say(bot, change.commands, day)
            bot.tick()
        got = _delivered(bot, seen)
        label = f"{name} at {moment} on {day:%a %b %d}"
        assert sorted(got) == want, (label, _diff(got, want))
        # Each was sent at the tick of its own moment (the outbox records when).
        for message in bot.slack.messages("U0BEN")[seen:]:
            row = bot.store.outbox.by_key(message["metadata"]["event_payload"]["delivery_id"])
            assert row.status == "sent" and row.due_at == _sent_at(bot, row.id), (label, row.key)


def _sent_at(bot: Bot, row_id: int) -> datetime:
    with bot.store.engine.connect() as conn:
        return conn.execute(select(outbox.c.finished_at).where(outbox.c.id == row_id)).scalar_one()


def _diff(got: list[tuple[datetime, str]], want: list[tuple[datetime, str]]) -> str:
    def show(items: list[tuple[datetime, str]]) -> list[str]:
        return [f"{at.astimezone(NY):%H:%M:%S} {kind}" for at, kind in sorted(items)]

    extra = [g for g in got if g not in want or got.count(g) > 1]
    missing = [w for w in want if w not in got]
    return f"sent but not wanted {show(extra)}; wanted but not sent {show(missing)}"


@pytest.mark.parametrize(("saved", "sent"), [("16:59", True), ("17:00", True), ("17:02", False)])
def test_no_end_of_shift_message_for_a_shift_that_ended_before_it_was_saved(
    ben: Bot, saved: str, sent: bool
) -> None:
    """Ben first types his shift at 17:02, after it ended at 17:00: no "time to disconnect"
    at 17:05 for a shift the bot never knew was on. The next day's comes as usual."""
    bot = ben
    monday, tuesday = DAYS[0], DAYS[1]
    bot.clock.set(local(monday, saved))
    _say(bot, (("U0BEN", "shift mon-fri 08:00-17:00"),), monday)
    for moment in ("17:03", "17:05", "17:30", "18:00"):
        bot.clock.set(local(monday, moment))
        bot.tick()
    assert len(_delivered(bot, 0)) == (1 if sent else 0)
    for moment in ("15:00", "16:00", "17:00", "17:05"):
        bot.clock.set(local(tuesday, moment))
        bot.tick()
    eos = [at for at, kind in _delivered(bot, 0) if kind == "end_of_shift"]
    assert eos[-1] == local(tuesday, "17:05") and len(eos) == (2 if sent else 1)


@pytest.mark.parametrize(
    ("day", "moment", "next_nudge", "shift_end"),
    [
        (DAYS[0], "21:30", "23:33", None),  # before Monday night's shift
        (DAYS[0], "23:40", "01:03", "06:00"),
        (DAYS[1], "00:30", "01:03", "06:00"),  # after midnight: still Monday's shift
        (DAYS[1], "01:30", "02:00", "06:00"),  # lunch
        (DAYS[1], "02:10", "04:03", "06:00"),  # no break within 30 min after lunch
        (DAYS[1], "05:45", "23:33", "06:00"),  # this shift is done; tonight's comes next
    ],
)
def test_status_through_an_overnight_shift(
    ben: Bot, day: date, moment: str, next_nudge: str, shift_end: str | None
) -> None:
    bot = ben
    bot.clock.set(local(DAYS[0], "12:00"))
    _say(bot, (("U0BEN", "shift mon-fri 22:00-06:00"), ("U0BEN", "breaks lunch 02:00 30m")), day)
    assert member_stagger(TEAM, "U0BEN") // timedelta(minutes=1) == 3  # breaks at hh:m3
    bot.clock.set(local(day, moment))
    shown = texts(bot.sender.command("U0BEN", "status").payload())
    catalog = bot.runtime.deps.catalog
    assert f"{catalog.ui('status.next_nudge', 'en')}:* {_shown(next_nudge)}" in shown, shown
    if shift_end is None:
        assert catalog.ui("status.shift_end", "en") not in shown
    else:
        assert f"{catalog.ui('status.shift_end', 'en')}:* {_shown(shift_end)}" in shown, shown


def _shown(hhmm: str) -> str:
    """How status shows a wall-clock time to an English-speaking member."""
    return phrases.clock(time.fromisoformat(hhmm), "en")
