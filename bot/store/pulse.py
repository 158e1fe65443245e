"""The weekly pulse: configs per channel, rounds, anonymous answers and per-round voter hashes.

Anonymity by construction:
- `pulse_answers` rows carry a round id, a question id and the answer: no user, no time. Their
  ids are random (not insertion order) and a response's rows are written in shuffled order,
  so row order links nothing either.
- `pulse_voters` holds a keyed hash of each voter (the key is the round's secret) only while the
  round is open, to refuse a second answer. Closing a round wipes the secret and the hashes.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import Engine, case, delete, func, insert, select, update

from bot.store.tables import (
    notices,
    nudge_log,
    pulse_answers,
    pulse_configs,
    pulse_rounds,
    pulse_voters,
)
from bot.store.upsert import insert_ignore

OPEN, CLOSED = "open", "closed"
TAKEN = ("took_it", "natural")
SubmitResult = Literal["ok", "duplicate", "closed"]


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
    created_at: datetime | None = None
    updated_at: datetime | None = None


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
    secret: str | None
    questions: tuple[str, ...]
    threshold: int
    responses: int
    message_ts: str | None
    reminded: bool

    def accepts_answers(self, now: datetime) -> bool:
        return self.status == OPEN and self.opens_at <= now < self.closes_at


@dataclass(frozen=True)
class Tally:
    """One question's answers in a round: `total` sums scale values, `yes` counts yes."""

    count: int = 0
    total: int = 0
    yes: int = 0


@dataclass(frozen=True)
class RoundTallies:
    responses: int
    questions: dict[str, Tally] = field(default_factory=dict)
    comments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    question_id: str
    value: int | None = None
    comment: str | None = None


class PulseStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    # -- configs -----------------------------------------------------------------------------

    def save_config(self, config: PulseConfig, *, now: datetime) -> PulseConfig:
        values = {
            "weekday": config.weekday,
            "local_time": config.local_time,
            "tz": config.tz,
            "questions": json.dumps(list(config.questions)),
            "open_hours": config.open_hours,
            "threshold": config.threshold,
            "results_to": json.dumps(
                {"users": sorted(config.results_users), "channel": config.results_channel}
            ),
            "enabled": config.enabled,
            "updated_at": now,
        }
        key = {"team_id": config.team_id, "channel_id": config.channel_id}
        with self._engine.begin() as conn:
            conn.execute(insert_ignore(conn, pulse_configs, [{**key, **values, "created_at": now}]))
            conn.execute(
                update(pulse_configs)
                .where(pulse_configs.c.team_id == config.team_id)
                .where(pulse_configs.c.channel_id == config.channel_id)
                .values(**values)
            )
        saved = self.config(config.team_id, config.channel_id)
        assert saved is not None
        return saved

    def config(self, team_id: str, channel_id: str) -> PulseConfig | None:
        query = select(pulse_configs).where(
            pulse_configs.c.team_id == team_id, pulse_configs.c.channel_id == channel_id
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return _to_config(row) if row else None

    def configs(
        self, *, team_id: str | None = None, enabled_only: bool = False
    ) -> list[PulseConfig]:
        query = select(pulse_configs).order_by(pulse_configs.c.team_id, pulse_configs.c.channel_id)
        if team_id is not None:
            query = query.where(pulse_configs.c.team_id == team_id)
        if enabled_only:
            query = query.where(pulse_configs.c.enabled.is_(True))
        with self._engine.connect() as conn:
            return [_to_config(row) for row in conn.execute(query).mappings()]

    # -- rounds ------------------------------------------------------------------------------

    def create_round(
        self,
        *,
        team_id: str,
        channel_id: str,
        week: str,
        opens_at: datetime,
        closes_at: datetime,
        questions: Sequence[str],
        threshold: int,
    ) -> tuple[Round, bool]:
        """The round for (team, channel, week), created if new; True when this call made it."""
        row = {
            "team_id": team_id,
            "channel_id": channel_id,
            "week": week,
            "status": OPEN,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "secret": secrets.token_hex(32),
            "questions": json.dumps(list(questions)),
            "threshold": threshold,
            "responses": 0,
            "reminded": False,
        }
        with self._engine.begin() as conn:
            created = conn.execute(
                insert_ignore(conn, pulse_rounds, [row]).returning(pulse_rounds.c.id)
            ).first()
        found = self.round_for_week(team_id, channel_id, week)
        assert found is not None
        return found, created is not None

    def round(self, round_id: int) -> Round | None:
        if not 0 < round_id < 2**63:  # not an id we could have made (and no overflow in SQL)
            return None
        return self._one(select(pulse_rounds).where(pulse_rounds.c.id == round_id))

    def round_for_week(self, team_id: str, channel_id: str, week: str) -> Round | None:
        return self._one(
            select(pulse_rounds).where(
                pulse_rounds.c.team_id == team_id,
                pulse_rounds.c.channel_id == channel_id,
                pulse_rounds.c.week == week,
            )
        )

    def open_rounds(self, *, team_id: str, now: datetime) -> list[Round]:
        """Rounds of the workspace taking answers now, newest first."""
        query = (
            select(pulse_rounds)
            .where(
                pulse_rounds.c.team_id == team_id,
                pulse_rounds.c.status == OPEN,
                pulse_rounds.c.opens_at <= now,
                pulse_rounds.c.closes_at > now,
            )
            .order_by(pulse_rounds.c.opens_at.desc())
        )
        return self._many(query)

    def due_to_close(self, now: datetime) -> list[Round]:
        query = select(pulse_rounds).where(
            pulse_rounds.c.status == OPEN, pulse_rounds.c.closes_at <= now
        )
        return self._many(query.order_by(pulse_rounds.c.closes_at))

    def closed_rounds(
        self, *, team_id: str, channel_id: str | None = None, limit: int = 12
    ) -> list[Round]:
        """Closed rounds, newest first (one channel, or the whole workspace)."""
        query = select(pulse_rounds).where(
            pulse_rounds.c.team_id == team_id, pulse_rounds.c.status == CLOSED
        )
        if channel_id is not None:
            query = query.where(pulse_rounds.c.channel_id == channel_id)
        return self._many(query.order_by(pulse_rounds.c.opens_at.desc()).limit(limit))

    def close(self, round_id: int, *, now: datetime) -> bool:
        """Close an open round: forget its secret and its voter hashes. True for the one caller
        that closed it (replicas race safely)."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(pulse_rounds)
                .where(pulse_rounds.c.id == round_id, pulse_rounds.c.status == OPEN)
                .values(status=CLOSED, closed_at=now, secret=None)
            )
            if not result.rowcount:
                return False
            conn.execute(delete(pulse_voters).where(pulse_voters.c.round_id == round_id))
        return True

    def mark_reminded(self, round_id: int) -> bool:
        """True for the one caller that gets to send the round's reminder."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(pulse_rounds)
                .where(pulse_rounds.c.id == round_id, pulse_rounds.c.reminded.is_(False))
                .values(reminded=True)
            )
        return bool(result.rowcount)

    def set_message_ts(self, round_id: int, ts: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(
                update(pulse_rounds).where(pulse_rounds.c.id == round_id).values(message_ts=ts)
            )

    # -- answers -----------------------------------------------------------------------------

    def submit(
        self, round_id: int, *, voter_hash: str, answers: Sequence[Answer], now: datetime
    ) -> SubmitResult:
        """Store one member's answers, once per round. Nothing about the member is stored
        with them; the voter hash only guards against a second answer."""
        try:
            with self._engine.begin() as conn:
                # Lock the round first (PostgreSQL row lock; SQLite's write lock), so a close
                # racing with this answer sees it complete or not at all.
                counted = conn.execute(
                    update(pulse_rounds)
                    .where(
                        pulse_rounds.c.id == round_id,
                        pulse_rounds.c.status == OPEN,
                        pulse_rounds.c.opens_at <= now,
                        pulse_rounds.c.closes_at > now,
                    )
                    .values(responses=pulse_rounds.c.responses + 1)
                )
                if not counted.rowcount:
                    return "closed"
                voter = {"round_id": round_id, "voter_hash": voter_hash}
                if conn.execute(
                    insert_ignore(conn, pulse_voters, [voter]).returning(pulse_voters.c.round_id)
                ).first() is None:
                    raise _Duplicate
                rows = [
                    {
                        "id": secrets.randbelow(2**62) + 1,
                        "round_id": round_id,
                        "question_id": a.question_id,
                        "value": a.value,
                        "comment": a.comment,
                    }
                    for a in answers
                ]
                order = list(range(len(rows)))
                secrets.SystemRandom().shuffle(order)
                if rows:
                    conn.execute(insert(pulse_answers), [rows[i] for i in order])
        except _Duplicate:
            return "duplicate"
        return "ok"

    def has_voted(self, round_id: int, voter_hash: str) -> bool:
        query = select(pulse_voters.c.round_id).where(
            pulse_voters.c.round_id == round_id, pulse_voters.c.voter_hash == voter_hash
        )
        with self._engine.connect() as conn:
            return conn.execute(query).first() is not None

    def voter_hashes(self, round_id: int) -> frozenset[str]:
        query = select(pulse_voters.c.voter_hash).where(pulse_voters.c.round_id == round_id)
        with self._engine.connect() as conn:
            return frozenset(str(h) for h in conn.scalars(query))

    def tallies(self, round_id: int) -> RoundTallies:
        counts = (
            select(
                pulse_answers.c.question_id,
                func.count(pulse_answers.c.value),
                func.coalesce(func.sum(pulse_answers.c.value), 0),
            )
            .where(pulse_answers.c.round_id == round_id, pulse_answers.c.value.is_not(None))
            .group_by(pulse_answers.c.question_id)
        )
        comments = select(pulse_answers.c.comment).where(
            pulse_answers.c.round_id == round_id, pulse_answers.c.comment.is_not(None)
        )
        with self._engine.connect() as conn:
            responses = conn.scalar(
                select(pulse_rounds.c.responses).where(pulse_rounds.c.id == round_id)
            )
            questions = {
                str(qid): Tally(count=int(n), total=int(total), yes=int(total))
                for qid, n, total in conn.execute(counts)
            }
            texts = [str(c) for c in conn.scalars(comments) if str(c).strip()]
        secrets.SystemRandom().shuffle(texts)  # no order to read anything into
        return RoundTallies(responses=int(responses or 0), questions=questions,
                            comments=tuple(texts))

    # -- behaviour signals (aggregates only) -------------------------------------------------

    def break_outcomes(
        self, *, team_id: str, user_ids: Iterable[str], start: date, end: date
    ) -> tuple[int, int, int]:
        """(members with an outcome, nudges taken, nudges with an outcome), local days in range."""
        users = sorted(set(user_ids))
        if not users:
            return 0, 0, 0
        query = select(
            func.count(func.distinct(nudge_log.c.user_id)),
            func.count(),
            func.sum(case((nudge_log.c.outcome.in_(TAKEN), 1), else_=0)),
        ).where(
            nudge_log.c.team_id == team_id,
            nudge_log.c.user_id.in_(users),
            nudge_log.c.local_date >= start,
            nudge_log.c.local_date <= end,
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        assert row is not None
        members, total, taken = row
        return int(members or 0), int(taken or 0), int(total or 0)

    def notices_about(
        self, *, team_id: str, user_ids: Iterable[str], start: datetime, end: datetime
    ) -> int:
        """Off-shift notices shown about these members in [start, end)."""
        users = sorted(set(user_ids))
        if not users:
            return 0
        query = select(func.count()).where(
            notices.c.team_id == team_id,
            notices.c.colleague_id.in_(users),
            notices.c.colleague_id != notices.c.sender_id,
            notices.c.sent_at >= start,
            notices.c.sent_at < end,
        )
        with self._engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    # -- helpers -----------------------------------------------------------------------------

    def _one(self, query: Any) -> Round | None:
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return _to_round(row) if row else None

    def _many(self, query: Any) -> list[Round]:
        with self._engine.connect() as conn:
            return [_to_round(row) for row in conn.execute(query).mappings()]


class _Duplicate(Exception):
    """Rolls the answer back: this voter already answered the round."""


def _to_config(row: Any) -> PulseConfig:
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
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _to_round(row: Any) -> Round:
    return Round(
        id=int(row["id"]),
        team_id=row["team_id"],
        channel_id=row["channel_id"],
        week=row["week"],
        status=row["status"],
        opens_at=row["opens_at"],
        closes_at=row["closes_at"],
        closed_at=row["closed_at"],
        secret=row["secret"],
        questions=tuple(json.loads(row["questions"])),
        threshold=int(row["threshold"]),
        responses=int(row["responses"]),
        message_ts=row["message_ts"],
        reminded=bool(row["reminded"]),
    )
