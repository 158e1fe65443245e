"""The pulse repository on SQLite and PostgreSQL: one answer per member per round, nothing
about the member kept with the answers, and closing wipes the round's secret and voter hashes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.features.pulse import service
from bot.store import Store
from bot.store.pulse import Answer, PulseConfig

NOW = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)


def _round(store: Store) -> int:
    round_, created = store.pulse.create_round(
        team_id="T1", channel_id="C1", week="2026-W49", opens_at=NOW,
        closes_at=NOW + timedelta(hours=72), questions=["workload-manageable", "next-week-better"],
        threshold=5,
    )
    assert created
    return round_.id


def test_config_round_trip(store: Store) -> None:
    config = PulseConfig(team_id="T1", channel_id="C1", weekday=4, local_time="14:00",
                         tz="America/Chicago", questions=("a", "b", "c"), open_hours=72,
                         threshold=5, results_users=("U2", "U1"), results_channel=True)
    saved = store.pulse.save_config(config, now=NOW)
    assert saved.results_users == ("U1", "U2") and saved.results_channel and saved.enabled
    assert saved.created_at == NOW
    later = store.pulse.save_config(PulseConfig(**{**config.__dict__, "threshold": 7}),
                                    now=NOW + timedelta(days=1))
    assert later.threshold == 7 and later.created_at == NOW
    assert store.pulse.configs(enabled_only=True) == [later]


def test_a_round_is_created_once_per_week(store: Store) -> None:
    first = _round(store)
    again, created = store.pulse.create_round(
        team_id="T1", channel_id="C1", week="2026-W49", opens_at=NOW, closes_at=NOW,
        questions=[], threshold=5,
    )
    assert not created and again.id == first and again.secret and len(again.secret) == 64


def test_one_answer_per_member_and_nothing_about_them(store: Store) -> None:
    round_id = _round(store)
    secret = store.pulse.round(round_id).secret  # type: ignore[union-attr]
    assert secret is not None
    answers = [Answer("workload-manageable", value=4), Answer("next-week-better", comment="ok")]
    ana = service.voter_hash(secret, "T1", "U0ANA")
    assert store.pulse.submit(round_id, voter_hash=ana, answers=answers, now=NOW) == "ok"
    assert store.pulse.submit(round_id, voter_hash=ana, answers=answers, now=NOW) == "duplicate"
    ben = service.voter_hash(secret, "T1", "U0BEN")
    assert store.pulse.submit(round_id, voter_hash=ben, answers=answers[:1], now=NOW) == "ok"
    early = NOW - timedelta(minutes=1)
    carl = service.voter_hash(secret, "T1", "U0CAR")
    assert store.pulse.submit(round_id, voter_hash=carl, answers=answers, now=early) == "closed"
    tallies = store.pulse.tallies(round_id)
    assert tallies.responses == 2  # the duplicate left nothing behind
    assert tallies.questions["workload-manageable"].count == 2
    assert tallies.questions["workload-manageable"].total == 8
    assert tallies.comments == ("ok",)
    assert store.pulse.has_voted(round_id, ana) and not store.pulse.has_voted(round_id, carl)

    assert store.pulse.close(round_id, now=NOW + timedelta(hours=72))
    assert not store.pulse.close(round_id, now=NOW + timedelta(hours=73))  # only once
    closed = store.pulse.round(round_id)
    assert closed is not None and closed.secret is None and closed.status == "closed"
    assert store.pulse.voter_hashes(round_id) == frozenset()
    late = service.voter_hash(secret, "T1", "U0DEE")
    after = NOW + timedelta(hours=1)
    assert store.pulse.submit(round_id, voter_hash=late, answers=answers, now=after) == "closed"


def test_reminder_is_claimed_once(store: Store) -> None:
    round_id = _round(store)
    assert store.pulse.mark_reminded(round_id)
    assert not store.pulse.mark_reminded(round_id)


def test_behaviour_aggregates(store: Store) -> None:
    day = date(2026, 12, 1)
    logged = {"U1": ["took_it", "skipped"], "U2": ["natural"], "U9": ["took_it"]}
    for user, outcomes in logged.items():
        for slot, outcome in enumerate(outcomes):
            store.nudges.record(team_id="T1", user_id=user, local_date=day, slot=f"s{slot}",
                                outcome=outcome, now=NOW)
    members, taken, total = store.pulse.break_outcomes(
        team_id="T1", user_ids=["U1", "U2", "U3"], start=day, end=day + timedelta(days=6))
    assert (members, taken, total) == (2, 2, 3)
    store.notices.claim(team_id="T1", sender_id="U9", colleague_id="U1", period_key="p",
                        now=NOW - timedelta(days=1))
    store.notices.claim(team_id="T1", sender_id="U9", colleague_id="U7", period_key="p",
                        now=NOW - timedelta(days=1))
    assert store.pulse.notices_about(team_id="T1", user_ids=["U1", "U2"],
                                     start=NOW - timedelta(days=7), end=NOW) == 1
