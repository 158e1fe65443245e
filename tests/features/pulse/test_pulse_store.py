"""The pulse repository on SQLite and PostgreSQL: a round frozen once, one sealed envelope per
open round (one answer per member), closing keeps only totals and comments and deletes the
envelope, rounds that never ran, comment retention, and the aggregates behind the signals."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.features.pulse.closing import aggregate
from bot.features.pulse.sealing import Envelope, Keyring
from bot.store import Store
from bot.store.outbox import NewMessage
from bot.store.pulse import Answer, Closing, PulseConfig, Tally
from bot.store.tables import pulse_rounds

NOW = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
KEYS = Keyring(["store-test-secret-" + "x" * 32])


def _round(store: Store) -> int:
    round_, created = store.pulse.create_round(
        team_id="T1",
        channel_id="C1",
        week="2026-W49",
        opens_at=NOW,
        closes_at=NOW + timedelta(hours=72),
        questions=["workload-manageable", "next-week-better"],
        threshold=5,
    )
    assert created
    return round_.id


def _open(store: Store, members: list[str]) -> int:
    round_id = _round(store)
    key = KEYS.new_round("T1", round_id)
    assert store.pulse.freeze(
        round_id,
        eligible=[key.member(m) for m in members],
        key_check=key.check,
        sealed=key.seal(Envelope()),
    )
    return round_id


def _answer(
    store: Store, round_id: int, user: str, answers: list[Answer], now: datetime = NOW
) -> str:
    key = KEYS.new_round("T1", round_id)
    return store.pulse.submit(
        round_id,
        now=now,
        change=lambda blob: key.seal(key.open(blob).with_answer(key.member(user), answers)),
    )


def test_config_round_trip(store: Store) -> None:
    config = PulseConfig(
        team_id="T1",
        channel_id="C1",
        weekday=4,
        local_time="14:00",
        tz="America/Chicago",
        questions=("a", "b", "c"),
        open_hours=72,
        threshold=5,
        results_users=("U2", "U1"),
        results_channel=True,
    )
    saved = store.pulse.save_config(config, now=NOW)
    assert saved.results_users == ("U1", "U2") and saved.results_channel and saved.enabled
    assert saved.created_at == NOW
    later = store.pulse.save_config(
        PulseConfig(**{**config.__dict__, "threshold": 7}), now=NOW + timedelta(days=1)
    )
    assert later.threshold == 7 and later.created_at == NOW
    assert store.pulse.configs(enabled_only=True) == [later]
    assert store.pulse.key_checks_in_use() == (1, set())


def test_a_round_is_created_once_a_week_and_frozen_once(store: Store) -> None:
    first = _round(store)
    again, created = store.pulse.create_round(
        team_id="T1",
        channel_id="C1",
        week="2026-W49",
        opens_at=NOW,
        closes_at=NOW,
        questions=[],
        threshold=5,
    )
    assert not created and again.id == first and not again.opened
    assert not again.accepts_answers(NOW)  # not frozen: nobody may answer yet
    key = KEYS.new_round("T1", first)
    assert store.pulse.freeze(
        first, eligible=[key.member("U1")], key_check=key.check, sealed=key.seal(Envelope())
    )
    assert not store.pulse.freeze(
        first, eligible=[], key_check=key.check, sealed=key.seal(Envelope())
    )  # a second replica: no change
    frozen = store.pulse.round(first)
    assert frozen is not None and frozen.eligible == {key.member("U1")}
    assert store.pulse.key_checks_in_use() == (0, {KEYS.current_check})


def test_one_answer_per_member_sealed_then_totals_only(store: Store) -> None:
    round_id = _open(store, ["U0ANA", "U0BEN", "U0CAR"])
    answers = [
        Answer("workload-manageable", value=4),
        Answer("next-week-better", comment="ok, quieter week"),
    ]
    assert _answer(store, round_id, "U0ANA", answers) == "ok"
    assert _answer(store, round_id, "U0ANA", answers) == "duplicate"
    assert _answer(store, round_id, "U0BEN", answers[:1]) == "ok"
    early = NOW - timedelta(minutes=1)
    assert _answer(store, round_id, "U0CAR", answers, now=early) == "closed"
    key = KEYS.new_round("T1", round_id)
    sealed = store.pulse.sealed(round_id)
    assert sealed is not None and len(sealed) % 8192 == 1 + 12 + 16  # padded; nonce, tag
    assert b"U0ANA" not in sealed and b"quieter week" not in sealed
    assert key.member("U0ANA").encode() not in sealed
    assert key.open(sealed).voters == {key.member("U0ANA"), key.member("U0BEN")}

    def finish(blob: bytes | None) -> Closing:
        assert blob is not None
        return aggregate(key.open(blob), None)

    assert store.pulse.close(round_id, now=NOW + timedelta(hours=72), finish=finish)
    assert not store.pulse.close(round_id, now=NOW + timedelta(hours=73), finish=finish)
    closed = store.pulse.round(round_id)
    assert closed is not None and closed.status == "closed" and closed.responses == 2
    assert closed.tallies is not None and closed.tallies["workload-manageable"].count == 2
    assert closed.tallies["workload-manageable"].total == 8
    assert closed.comments == ("ok, quieter week",)
    assert store.pulse.sealed(round_id) is None
    after = NOW + timedelta(hours=1)
    assert _answer(store, round_id, "U0CAR", answers, now=after) == "closed"


def test_a_close_that_fails_changes_nothing(store: Store) -> None:
    round_id = _open(store, ["U1"])

    def broken(blob: bytes | None) -> Closing:
        raise RuntimeError("cannot open")

    with pytest.raises(RuntimeError):
        store.pulse.close(round_id, now=NOW, finish=broken)
    still = store.pulse.round(round_id)
    assert still is not None and still.status == "open" and store.pulse.sealed(round_id)


def test_a_round_that_never_ran_keeps_only_why(store: Store) -> None:
    round_id = _round(store)
    store.pulse.set_note(round_id, "members_unknown")
    assert store.pulse.void(round_id, now=NOW, note="members_unknown")
    assert not store.pulse.void(round_id, now=NOW, note="again")
    gone = store.pulse.round(round_id)
    assert gone is not None and gone.status == "closed" and gone.note == "members_unknown"
    assert gone.tallies is None and gone.eligible is None


def test_comments_go_when_their_retention_ends(store: Store) -> None:
    round_id = _open(store, ["U1"])
    key = KEYS.new_round("T1", round_id)
    _answer(
        store,
        round_id,
        "U1",
        [
            Answer("workload-manageable", value=3),
            Answer("next-week-better", comment="quiet Monday"),
        ],
    )
    store.pulse.close(round_id, now=NOW, finish=lambda blob: aggregate(key.open(blob or b""), None))
    store.outbox.enqueue(
        [
            NewMessage(
                f"pulse-results:{round_id}:U0MGR",
                "T1",
                "pulse_results",
                "U0MGR",
                {"text": "quiet Monday"},
                due_at=NOW,
            )
        ],
        now=NOW,
    )
    row = store.outbox.by_key(f"pulse-results:{round_id}:U0MGR")
    assert row is not None
    store.outbox.finish(row.id, status="sent", now=NOW)
    assert store.pulse.prune_comments(before=NOW, now=NOW) == 0  # not old enough yet
    assert store.pulse.prune_comments(before=NOW + timedelta(weeks=12), now=NOW) == 1
    kept = store.pulse.round(round_id)
    assert (
        kept is not None
        and kept.comments is None
        and kept.tallies == {"workload-manageable": Tally(1, 3, 3)}
    )  # totals stay
    assert store.outbox.by_key(f"pulse-results:{round_id}:U0MGR") is None
    with store.engine.connect() as conn:
        assert "quiet" not in json.dumps(
            [dict(r) for r in conn.execute(select(pulse_rounds)).mappings()], default=str
        )
        assert conn.execute(select(pulse_rounds.c.sealed)).scalar() is None


def test_behaviour_aggregates(store: Store) -> None:
    day = date(2026, 12, 1)
    logged = {"U1": ["took_it", "skipped"], "U2": ["natural"], "U9": ["took_it"]}
    for user, outcomes in logged.items():
        for slot, outcome in enumerate(outcomes):
            store.nudges.record(
                team_id="T1",
                user_id=user,
                local_date=day,
                slot=f"s{slot}",
                outcome=outcome,
                now=NOW,
            )
    members, taken, total = store.pulse.break_outcomes(
        team_id="T1", user_ids=["U1", "U2", "U3"], start=day, end=day + timedelta(days=6)
    )
    assert (members, taken, total) == (2, 2, 3)
    store.notices.claim(
        team_id="T1", sender_id="U9", colleague_id="U1", period_key="p", now=NOW - timedelta(days=1)
    )
    store.notices.claim(
        team_id="T1", sender_id="U9", colleague_id="U7", period_key="p", now=NOW - timedelta(days=1)
    )
    assert (
        store.pulse.notices_about(
            team_id="T1", user_ids=["U1", "U2"], start=NOW - timedelta(days=7), end=NOW
        )
        == 1
    )
