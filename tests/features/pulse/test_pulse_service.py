"""Pure pulse rules: DST-correct opening times, closed days, results that hide small groups,
week-over-week changes only between eligible weeks, and the worsening alert."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.features.pulse import service
from bot.store.pulse import PulseConfig, Round, RoundTallies, Signals, Tally

KINDS = {
    "workload-manageable": "scale",
    "stress-coping": "scale",
    "after-hours-messages": "yesno",
    "team-support": "scale",
}
FACTORS = {
    "workload-manageable": "administrative-overload",
    "stress-coping": "workplace-stress",
    "after-hours-messages": "technological-tethers",
    "team-support": "team-support",
}


def config(**changes: object) -> PulseConfig:
    base: dict[str, object] = dict(
        team_id="T1",
        channel_id="C1",
        weekday=4,
        local_time="14:00",
        tz="America/Chicago",
        questions=tuple(KINDS),
        open_hours=72,
        threshold=5,
    )
    base.update(changes)
    return PulseConfig(**base)  # type: ignore[arg-type]


def never_off(day: date) -> bool:
    return False


def test_default_friday_two_pm_in_the_team_zone() -> None:
    w = service.window_for_week(config(), date(2026, 11, 30), never_off)
    assert w is not None
    assert w.week == "2026-W49" and w.local_day == date(2026, 12, 4)
    assert w.opens_at == datetime(2026, 12, 4, 20, 0, tzinfo=UTC)  # 14:00 CST
    assert w.closes_at - w.opens_at == timedelta(hours=72)


@pytest.mark.parametrize(
    ("monday", "opens_utc"),
    [
        (date(2026, 3, 2), datetime(2026, 3, 6, 20, 0, tzinfo=UTC)),  # CST, before spring
        (date(2026, 3, 9), datetime(2026, 3, 13, 19, 0, tzinfo=UTC)),  # CDT, after spring
        (date(2026, 10, 26), datetime(2026, 10, 30, 19, 0, tzinfo=UTC)),  # CDT
        (date(2026, 11, 2), datetime(2026, 11, 6, 20, 0, tzinfo=UTC)),  # CST again
    ],
)
def test_the_local_time_holds_across_both_dst_changes(monday: date, opens_utc: datetime) -> None:
    w = service.window_for_week(config(), monday, never_off)
    assert w is not None and w.opens_at == opens_utc


def test_a_time_in_the_spring_gap_moves_forward() -> None:
    sunday = config(weekday=6, local_time="02:30")
    w = service.window_for_week(sunday, date(2026, 3, 2), never_off)
    assert w is not None
    assert w.opens_at == datetime(2026, 3, 8, 8, 30, tzinfo=UTC)  # 03:30 CDT


def test_a_closed_day_moves_to_the_next_workday_and_keeps_its_week() -> None:
    closed = {date(2026, 12, 25)}  # a Friday
    w = service.window_for_week(config(), date(2026, 12, 21), lambda d: d in closed)
    assert w is not None
    assert w.local_day == date(2026, 12, 28)  # Monday, skipping the weekend
    assert w.week == "2026-W52"


def test_a_fully_closed_week_skips_the_round() -> None:
    assert service.window_for_week(config(), date(2026, 12, 21), lambda d: True) is None


def test_due_window_plans_an_hour_ahead_and_not_after_the_close() -> None:
    opens = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
    assert service.due_window(config(), opens - timedelta(hours=2), never_off) is None
    assert service.due_window(config(), opens - timedelta(minutes=59), never_off) is not None
    assert service.due_window(config(), opens + timedelta(hours=71), never_off) is not None
    # Monday after: last week's round is still open until 20:00 UTC.
    assert service.due_window(config(), opens + timedelta(hours=72), never_off) is None


def test_a_pulse_set_up_after_this_weeks_moment_starts_next_week() -> None:
    opens = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
    late = config(created_at=opens + timedelta(hours=1))
    assert service.due_window(late, opens + timedelta(hours=2), never_off) is None
    nxt = service.due_window(late, opens + timedelta(days=7), never_off)
    assert nxt is not None and nxt.week == "2026-W50"


def test_reminder_a_day_before_close_never_before_half_time() -> None:
    opens = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
    assert service.reminder_at(opens, opens + timedelta(hours=72)) == opens + timedelta(hours=48)
    assert service.reminder_at(opens, opens + timedelta(hours=24)) == opens + timedelta(hours=12)


def rnd(week: int, threshold: int = 5) -> Round:
    opens = datetime(2026, 12, 4, 20, tzinfo=UTC) + timedelta(weeks=week)
    return Round(
        id=week + 1,
        team_id="T1",
        channel_id="C1",
        week=f"2026-W{49 + week}",
        status="closed",
        opens_at=opens,
        closes_at=opens + timedelta(hours=72),
        closed_at=None,
        questions=tuple(KINDS),
        threshold=threshold,
        responses=0,
        message_ts=None,
        reminded=True,
    )


def tallies(n: int, workload: float, stress: float = 3.0, yes: int = 0) -> RoundTallies:
    return RoundTallies(
        responses=n,
        questions={
            "workload-manageable": Tally(n, round(workload * n), 0),
            "stress-coping": Tally(n, round(stress * n), 0),
            "after-hours-messages": Tally(n, yes, yes),
            "team-support": Tally(n, 4 * n, 0),
        },
        comments=("ok",),
    )


def build(*weeks: tuple[int, float], threshold: int = 5, stress: float = 3.0) -> service.Results:
    rounds = [(rnd(i), tallies(n, w, stress)) for i, (n, w) in enumerate(weeks)]
    current, history = rounds[-1], rounds[:-1][::-1]
    return service.build_results(
        current, history, kinds=KINDS, factors=FACTORS, threshold=threshold
    )


def test_below_the_threshold_there_are_no_numbers() -> None:
    r = build((4, 3.0))
    assert not r.eligible and r.questions == () and r.comments == () and r.trend == ()
    assert (r.responses, r.threshold, r.needed) == (4, 5, 1)


def test_the_threshold_never_drops_below_three() -> None:
    rounds = (rnd(0, threshold=1), tallies(2, 3.0))
    r = service.build_results(rounds, [], kinds=KINDS, factors=FACTORS, threshold=1)
    assert not r.eligible and r.threshold == 3


def test_changes_only_between_two_eligible_weeks() -> None:
    r = build((6, 4.0), (5, 3.0))
    [workload] = [q for q in r.questions if q.id == "workload-manageable"]
    assert workload.value == 3.0 and workload.delta == -1.0
    after_gap = build((3, 4.0), (5, 3.0))  # last week was below the threshold
    assert all(q.delta is None for q in after_gap.questions)
    assert [p.eligible for p in after_gap.trend] == [False, True]
    assert after_gap.trend[0].values == {}  # the small week's numbers never leave the store


def test_alert_when_workload_worsens_two_weeks_in_a_row() -> None:
    assert build((5, 4.0), (5, 3.6), (5, 3.0)).alerts == ("workload-manageable",)
    assert build((5, 4.0), (5, 3.6), (5, 3.6)).alerts == ()
    assert build((5, 4.0), (4, 3.6), (5, 3.0)).alerts == ()  # a hidden week breaks the run
    # Team support fell too, but only workload and stress raise the alert.
    both = build((5, 4.0), (5, 3.6), (5, 3.0), stress=3.0)
    assert "team-support" not in both.alerts


def test_yes_no_is_a_share() -> None:
    rounds = (rnd(0), tallies(5, 3.0, yes=2))
    r = service.build_results(rounds, [], kinds=KINDS, factors=FACTORS, threshold=5)
    [after] = [q for q in r.questions if q.id == "after-hours-messages"]
    assert after.value == 40.0


def test_behaviour_signals_hide_small_groups() -> None:
    shown = service.team_signals(
        team_size=8, break_members=5, breaks_taken=30, break_outcomes=40, notices=3, threshold=5
    )
    assert shown == Signals(scheduled=8, breaks_taken_percent=75, notices=3)
    hidden = service.team_signals(
        team_size=4, break_members=4, breaks_taken=3, break_outcomes=4, notices=1, threshold=5
    )
    assert hidden == Signals(scheduled=4, breaks_taken_percent=None, notices=None)
    # Enough people in the team, but too few of them had a nudge: the share stays hidden.
    few = service.team_signals(
        team_size=6, break_members=2, breaks_taken=3, break_outcomes=4, notices=1, threshold=5
    )
    assert few == Signals(scheduled=6, breaks_taken_percent=None, notices=1)


def test_a_round_the_reader_could_answer_counts_as_not_met() -> None:
    rounds = [(rnd(i), tallies(6, w)) for i, w in enumerate((4.0, 3.0, 2.0))]
    current, history = rounds[-1], rounds[:-1][::-1]
    r = service.build_results(
        current, history, kinds=KINDS, factors=FACTORS, threshold=5, hidden={rounds[1][0].id}
    )
    assert [p.eligible for p in r.trend] == [True, False, True]
    assert r.trend[1].values == {}
    assert all(q.delta is None for q in r.questions)  # no change against a withheld week
    assert not service.build_results(
        current, history, kinds=KINDS, factors=FACTORS, threshold=5, hidden={current[0].id}
    ).eligible
