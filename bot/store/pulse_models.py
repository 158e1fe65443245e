"""The pulse's records: configs, rounds (with what stays of them after close), answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

OPEN, CLOSED = "open", "closed"


@dataclass(frozen=True)
class PulseConfig:
    team_id: str
    channel_id: str
    weekday: int  # 0 = Monday
    local_time: str  # "HH:MM"
    tz: str
    questions: tuple[str, ...]
    open_hours: int
    threshold: int
    results_users: tuple[str, ...] = ()
    results_channel: bool = False
    enabled: bool = True
    lang: str = "en"  # the language of the channel's own posts (members get theirs)
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Tally:
    """One question's answers in a round: `total` sums scale values, `yes` counts yes."""

    count: int = 0
    total: int = 0
    yes: int = 0


@dataclass(frozen=True)
class Signals:
    """The team's behaviour in the week before a round, computed once at close over the members
    frozen at open who have a schedule (`scheduled` of them); a figure is None when too few
    people make it."""

    scheduled: int
    breaks_taken_percent: int | None
    notices: int | None


@dataclass(frozen=True)
class Round:
    id: int
    team_id: str
    channel_id: str
    week: str
    status: str
    opens_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    questions: tuple[str, ...]
    threshold: int
    responses: int
    message_ts: str | None
    reminded: bool
    key_check: str | None = None  # names the secret that sealed the round
    eligible: frozenset[str] | None = None  # member hashes frozen at open; None: not open yet
    tallies: Mapping[str, Tally] | None = None  # stored at close
    signals: Signals | None = None  # stored at close, when the round had a frozen set
    comments: tuple[str, ...] | None = None  # stored at close; None once retention ends
    note: str | None = None  # why a round closed without running (e.g. "members_unknown")

    @property
    def opened(self) -> bool:
        """Its eligible set is frozen: it takes answers until `closes_at`."""
        return self.eligible is not None

    def accepts_answers(self, now: datetime) -> bool:
        return self.status == OPEN and self.opened and self.opens_at <= now < self.closes_at


@dataclass(frozen=True)
class RoundTallies:
    responses: int
    questions: Mapping[str, Tally] = field(default_factory=dict)
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    question_id: str
    value: int | None = None
    comment: str | None = None


@dataclass(frozen=True)
class Closing:
    """What stays of a round once it closes."""

    responses: int
    tallies: Mapping[str, Tally]
    comments: tuple[str, ...]
    signals: Signals | None


class AlreadyAnswered(Exception):
    """This member already answered the round (raised inside an envelope change)."""


def to_config(row: Any) -> PulseConfig:
    results = json.loads(row["results_to"])
    if isinstance(results, list):  # tolerate a plain list of user ids
        results = {"users": results, "channel": False}
    return PulseConfig(
        team_id=row["team_id"],
        channel_id=row["channel_id"],
        weekday=int(row["weekday"]),
        local_time=row["local_time"],
        tz=row["tz"],
        questions=tuple(json.loads(row["questions"])),
        open_hours=int(row["open_hours"]),
        threshold=int(row["threshold"]),
        results_users=tuple(results.get("users") or ()),
        results_channel=bool(results.get("channel")),
        enabled=bool(row["enabled"]),
        lang="es" if row["lang"] == "es" else "en",
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def to_round(row: Any) -> Round:
    eligible = row["eligible"]
    tallies = row["tallies"]
    signals = row["signals"]
    comments = row["comments"]
    return Round(
        id=int(row["id"]),
        team_id=row["team_id"],
        channel_id=row["channel_id"],
        week=row["week"],
        status=row["status"],
        opens_at=row["opens_at"],
        closes_at=row["closes_at"],
        closed_at=row["closed_at"],
        questions=tuple(json.loads(row["questions"])),
        threshold=int(row["threshold"]),
        responses=int(row["responses"]),
        message_ts=row["message_ts"],
        reminded=bool(row["reminded"]),
        key_check=row["key_check"],
        eligible=None if eligible is None else frozenset(json.loads(eligible)),
        tallies=None
        if tallies is None
        else {
            str(q): Tally(int(n), int(total), int(yes))
            for q, (n, total, yes) in json.loads(tallies).items()
        },
        signals=None if signals is None else Signals(**json.loads(signals)),
        comments=None if comments is None else tuple(str(c) for c in json.loads(comments)),
        note=row["note"],
    )
