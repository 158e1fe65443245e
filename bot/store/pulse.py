"""The weekly pulse: configs per channel, rounds, sealed answers and stored results.

Anonymity by construction (see bot/features/pulse/sealing.py for the keys):
- No table holds a member id, an answer time or an arrival order, and no key: every key derives
  from BALANCE_PULSE_SECRET, outside the database.
- A round freezes at open who may answer, as keyed member hashes (`eligible`).
- While it is open, its answers and the hashes of who answered sit in one sealed envelope on
  the round (`sealed`), rewritten whole at each answer: one opaque value per round.
- At close the envelope is opened, its answers shuffled and aggregated, and the envelope
  deleted in the same transaction; only totals, the team's signals and (for a while) the
  comments in random order stay.

Longer than most modules: one repository, so every transaction that touches a round (freeze,
answer, close, void) reads in one place.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, case, delete, func, or_, select, update

from bot.store.outbox import FINAL, NewMessage, insert_rows
from bot.store.pulse_models import (
    CLOSED,
    OPEN,
    AlreadyAnswered,
    Answer,
    Closing,
    PulseConfig,
    Round,
    RoundTallies,
    Signals,
    Tally,
    to_config,
    to_round,
)
from bot.store.tables import (
    notices,
    nudge_log,
    outbox,
    pulse_configs,
    pulse_rounds,
)
from bot.store.upsert import insert_ignore

TAKEN = ("took_it", "natural")
SubmitResult = Literal["ok", "duplicate", "closed"]
REDACT_VALID_FOR = timedelta(days=7)  # Slack keeps accepting edits; a week covers outages
RESULTS_KEY = "pulse-results:{round_id}:"  # outbox keys of a round's results messages


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
            "lang": config.lang,
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
        return to_config(row) if row else None

    def configs(
        self, *, team_id: str | None = None, enabled_only: bool = False
    ) -> list[PulseConfig]:
        query = select(pulse_configs).order_by(pulse_configs.c.team_id, pulse_configs.c.channel_id)
        if team_id is not None:
            query = query.where(pulse_configs.c.team_id == team_id)
        if enabled_only:
            query = query.where(pulse_configs.c.enabled.is_(True))
        with self._engine.connect() as conn:
            return [to_config(row) for row in conn.execute(query).mappings()]

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
                pulse_rounds.c.eligible.is_not(None),
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

    def set_note(self, round_id: int, note: str) -> None:
        """Say why an open round has not opened yet (kept if it never does)."""
        with self._engine.begin() as conn:
            conn.execute(
                update(pulse_rounds)
                .where(pulse_rounds.c.id == round_id, pulse_rounds.c.status == OPEN)
                .values(note=note[:32])
            )

    def key_checks_in_use(self) -> tuple[int, set[str]]:
        """(enabled pulses, the `key_check` of every round still open): what start-up checks
        BALANCE_PULSE_SECRET against."""
        with self._engine.connect() as conn:
            enabled = conn.scalar(
                select(func.count())
                .select_from(pulse_configs)
                .where(pulse_configs.c.enabled.is_(True))
            )
            checks = conn.scalars(
                select(pulse_rounds.c.key_check)
                .distinct()
                .where(pulse_rounds.c.status == OPEN, pulse_rounds.c.key_check.is_not(None))
            )
            return int(enabled or 0), {str(c) for c in checks}

    # -- opening, answers, closing -----------------------------------------------------------

    def freeze(
        self, round_id: int, *, eligible: Iterable[str], key_check: str, sealed: bytes
    ) -> bool:
        """Open a round: fix who may answer (member hashes) and store its empty envelope. True
        for the one caller that froze it."""
        hashes = sorted(set(eligible))
        with self._engine.begin() as conn:
            result = conn.execute(
                update(pulse_rounds)
                .where(
                    pulse_rounds.c.id == round_id,
                    pulse_rounds.c.status == OPEN,
                    pulse_rounds.c.eligible.is_(None),
                )
                .values(
                    eligible=json.dumps(hashes),
                    key_check=key_check,
                    note=None,
                    sealed=_text(sealed),
                )
            )
        return bool(result.rowcount)

    def sealed(self, round_id: int) -> bytes | None:
        query = select(pulse_rounds.c.sealed).where(pulse_rounds.c.id == round_id)
        with self._engine.connect() as conn:
            return _bytes(conn.scalar(query))

    def submit(
        self, round_id: int, *, now: datetime, change: Callable[[bytes], bytes]
    ) -> SubmitResult:
        """Apply `change` (add one member's answers) to the round's envelope, while the round
        is open. `change` raises AlreadyAnswered for a second answer; nothing is written then."""
        try:
            with self._engine.begin() as conn:
                # Lock the round (PostgreSQL row lock; SQLite's write lock): answers apply one
                # at a time, and a close racing with this one sees it whole or not at all.
                blob = _bytes(
                    conn.scalar(
                        select(pulse_rounds.c.sealed)
                        .where(
                            pulse_rounds.c.id == round_id,
                            pulse_rounds.c.status == OPEN,
                            pulse_rounds.c.eligible.is_not(None),
                            pulse_rounds.c.opens_at <= now,
                            pulse_rounds.c.closes_at > now,
                        )
                        .with_for_update()
                    )
                )
                if blob is None:
                    return "closed"
                conn.execute(
                    update(pulse_rounds)
                    .where(pulse_rounds.c.id == round_id)
                    .values(sealed=_text(change(blob)))
                )
        except AlreadyAnswered:
            return "duplicate"
        return "ok"

    def close(
        self, round_id: int, *, now: datetime, finish: Callable[[bytes | None], Closing]
    ) -> bool:
        """Close an open round: `finish` turns its envelope into what stays (totals, comments,
        signals); the envelope is deleted in the same transaction. True for the one caller that
        closed it (replicas race safely); if `finish` raises, nothing changes."""
        with self._engine.begin() as conn:
            locked = conn.execute(
                select(pulse_rounds.c.sealed)
                .where(pulse_rounds.c.id == round_id, pulse_rounds.c.status == OPEN)
                .with_for_update()
            ).first()
            if locked is None:
                return False
            closing = finish(_bytes(locked.sealed))
            conn.execute(
                update(pulse_rounds)
                .where(pulse_rounds.c.id == round_id)
                .values(
                    status=CLOSED,
                    closed_at=now,
                    responses=closing.responses,
                    tallies=json.dumps(
                        {q: [t.count, t.total, t.yes] for q, t in sorted(closing.tallies.items())}
                    ),
                    comments=json.dumps(list(closing.comments), ensure_ascii=False),
                    signals=None
                    if closing.signals is None
                    else json.dumps(closing.signals.__dict__),
                    sealed=None,
                )
            )
        return True

    def void(self, round_id: int, *, now: datetime, note: str) -> bool:
        """Close a round that never ran (it could not open, or the pulse was switched off):
        no results, only `note` saying why. True for the one caller that closed it."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(pulse_rounds)
                .where(pulse_rounds.c.id == round_id, pulse_rounds.c.status == OPEN)
                .values(status=CLOSED, closed_at=now, responses=0, note=note[:32], sealed=None)
            )
        return bool(result.rowcount)

    def prune_comments(
        self, *, before: datetime, now: datetime, redact_kind: str | None = None
    ) -> int:
        """Delete the comments of rounds closed before `before`, with the sent results messages
        that quoted them; returns how many rounds lost comments. With `redact_kind`, each
        results message already in Slack gets, in the same transaction, an outbox row of that
        kind (payload: its `ts` and round) so that the message is edited to drop them."""
        with self._engine.begin() as conn:
            ids = list(
                conn.scalars(
                    select(pulse_rounds.c.id).where(
                        pulse_rounds.c.comments.is_not(None), pulse_rounds.c.closed_at < before
                    )
                )
            )
            if not ids:
                return 0
            sent = or_(
                *(outbox.c.dedupe_key.startswith(RESULTS_KEY.format(round_id=i)) for i in ids)
            )
            if redact_kind is not None:
                rows = conn.execute(
                    select(
                        outbox.c.dedupe_key,
                        outbox.c.team_id,
                        outbox.c.channel,
                        outbox.c.user_id,
                        outbox.c.slack_ts,
                    ).where(sent, outbox.c.slack_ts.is_not(None))
                ).all()
                edits = [
                    NewMessage(
                        key.replace("pulse-results:", f"{redact_kind}:", 1),
                        team_id,
                        redact_kind,
                        channel,
                        {"ts": ts, "round_id": int(key.split(":")[1])},
                        due_at=now,
                        expires_at=now + REDACT_VALID_FOR,
                        user_id=user_id,
                    )
                    for key, team_id, channel, user_id, ts in rows
                ]
                if edits:
                    conn.execute(insert_ignore(conn, outbox, insert_rows(edits, now)))
            conn.execute(
                update(pulse_rounds).where(pulse_rounds.c.id.in_(ids)).values(comments=None)
            )
            conn.execute(delete(outbox).where(outbox.c.status.in_(FINAL), sent))
        return len(ids)

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
        return to_round(row) if row else None

    def _many(self, query: Any) -> list[Round]:
        with self._engine.connect() as conn:
            return [to_round(row) for row in conn.execute(query).mappings()]


def _text(blob: bytes) -> str:
    return base64.urlsafe_b64encode(blob).decode()


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else base64.urlsafe_b64decode(text)


__all__ = [
    "CLOSED",
    "OPEN",
    "AlreadyAnswered",
    "Answer",
    "Closing",
    "PulseConfig",
    "PulseStore",
    "Round",
    "RoundTallies",
    "Signals",
    "SubmitResult",
    "Tally",
]
