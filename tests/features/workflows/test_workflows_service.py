"""Pure rules and texts of the Workflow Builder steps, with `now` injected: reading inputs,
privacy of who is reported and how, when a tip for a person arrives (across DST), and whether
this week's pulse may start."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from bot.features.workflows import service, views
from bot.features.workflows.service import StepError
from bot.schedule import (
    MemberCalendar,
    OffShift,
    ShiftRule,
    TimeOff,
    WeeklySchedule,
    to_json,
    working_hours,
)
from bot.store.members import Member
from bot.store.pulse import Round
from content import builtin_catalog

CHI = "America/Chicago"
catalog = builtin_catalog()


HOURS = working_hours()


def utc(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def weekdays(start: str = "08:00", end: str = "17:00") -> WeeklySchedule:
    return WeeklySchedule(
        rules=tuple(
            ShiftRule(weekday=d, start=time.fromisoformat(start), end=time.fromisoformat(end))
            for d in range(5)
        )
    )


def cal(**kw: Any) -> MemberCalendar:
    kw.setdefault("schedule", weekdays())
    return MemberCalendar(tz=CHI, **kw)


def error_of(call: Any) -> StepError:
    with pytest.raises(StepError) as caught:
        call()
    return caught.value


# -- inputs --------------------------------------------------------------------------------------


def test_a_tip_goes_to_a_channel_or_a_person_never_both_nor_neither() -> None:
    assert service.tip_request({"channel": "C0DESK"}).channel == "C0DESK"
    assert service.tip_request({"user": "U0ANA", "channel": ""}).user == "U0ANA"
    assert error_of(lambda: service.tip_request({})).key == "workflow.error.no_recipient"
    both = {"channel": "C0DESK", "user": "U0ANA"}
    assert error_of(lambda: service.tip_request(both)).key == "workflow.error.two_recipients"


@pytest.mark.parametrize(
    ("inputs", "level", "topic", "lang"),
    [
        ({"level": "senior", "topic": "breaks", "language": "en"}, "senior", "breaks", "en"),
        (
            {"level": " Senior ", "topic": "límites", "language": "Español"},
            "senior",
            "boundaries",
            "es",
        ),
        ({"topic": "time off", "language": "es-MX"}, None, "time-off", "es"),
        ({"level": "", "topic": "", "language": ""}, None, None, None),
        ({"topic": "estrés", "language": "spanish"}, None, "stress", "es"),
    ],
)
def test_level_topic_and_language_are_read_as_people_write_them(
    inputs: dict[str, Any], level: str | None, topic: str | None, lang: str | None
) -> None:
    request = service.tip_request({"channel": "C0DESK", **inputs})
    assert (request.level, request.topic, request.lang) == (level, topic, lang)


@pytest.mark.parametrize(
    ("inputs", "key"),
    [
        ({"level": "boss"}, "workflow.error.level"),
        ({"topic": "astrology"}, "workflow.error.topic"),
        ({"language": "fr"}, "workflow.error.language"),
        ({"language": "esperanto"}, "workflow.error.language"),
    ],
)
def test_unknown_level_topic_or_language_is_refused(inputs: dict[str, Any], key: str) -> None:
    error = error_of(lambda: service.tip_request({"channel": "C0DESK", **inputs}))
    assert error.key == key and error.fmt["value"] == next(iter(inputs.values()))


def test_the_people_to_check_are_deduplicated_and_bounded() -> None:
    request = service.off_request({"users": ["U0ANA", "U0BEN", "U0ANA", "not-an-id"]})
    assert request.users == ("U0ANA", "U0BEN") and request.lang == "en"
    assert error_of(lambda: service.off_request({"users": []})).key == "workflow.error.no_people"
    many = {"users": [f"U0P{i:03d}" for i in range(service.MAX_PEOPLE + 1)]}
    error = error_of(lambda: service.off_request(many))
    assert error.key == "workflow.error.too_many_people" and error.fmt["count"] == "101"


def test_the_pulse_step_needs_a_user_context_not_a_typed_user_id() -> None:
    context = {"id": "U0MGR", "secret": "abc"}
    assert service.started_by({"started_by": context}) == "U0MGR"
    for forged in ("U0MGR", {"id": "<@U0MGR>"}, None, {"secret": "abc"}):
        error = error_of(lambda forged=forged: service.started_by({"started_by": forged}))
        assert error.key == "workflow.error.no_started_by"
    assert service.pulse_channel({"channel": "C0DESK"}) == "C0DESK"
    assert error_of(lambda: service.pulse_channel({"channel": "D0ANA"})).key == (
        "workflow.error.no_channel"
    )


# -- who is reported, and how ----------------------------------------------------------------------


def test_only_members_with_shifts_who_allow_notices_are_reported() -> None:
    shifts = to_json(weekdays())
    assert service.reportable(Member("T", "U0ANA", schedule=shifts))
    assert not service.reportable(Member("T", "U0ANA", schedule=shifts, quiet_notices=False))
    assert not service.reportable(Member("T", "U0ANA"))
    assert not service.reportable(None)


def test_leave_is_said_only_when_the_member_shares_it() -> None:
    leave = OffShift(
        reason="time_off", back_at=utc(12, 7, 14), period_key="k", leave_until=date(2026, 12, 4)
    )
    hidden = service.as_shared(leave, shares_leave=False)
    assert (hidden.reason, hidden.leave_until, hidden.back_at) == ("off_shift", None, leave.back_at)
    assert service.as_shared(leave, shares_leave=True) == leave
    holiday = OffShift(reason="holiday", back_at=None, period_key="h", holiday="Christmas Day")
    assert service.as_shared(holiday, shares_leave=False) == holiday


def test_standings_keep_the_order_given() -> None:
    away = cal(time_off=(TimeOff(start=date(2026, 11, 30), end=date(2026, 12, 4)),))
    late = MemberCalendar(tz=CHI, schedule=weekdays("13:00", "21:00"))
    found = service.standings(
        {"U0ANA": cal(), "U0CAM": away, "U0DEE": late}, {"U0CAM": False}, utc(11, 30, 15)
    )
    assert [(s.user_id, s.off.reason if s.off else None) for s in found] == [
        ("U0ANA", None),
        ("U0CAM", "off_shift"),
        ("U0DEE", "off_shift"),
    ]


def test_the_summary_names_people_with_their_own_zone_and_no_mentions() -> None:
    now = utc(10, 30, 23)  # Friday 18:00 CDT; Monday 08:00 is CST
    standings = service.standings({"U0ANA": cal(), "U0BEN": cal()}, {}, now)
    text = views.off_summary(
        catalog,
        "en",
        standings,
        names={"U0ANA": "<@U0BOSS> *Ana*", "U0BEN": ""},
        zones={"U0ANA": CHI, "U0BEN": CHI},
        unknown=0,
        now=now,
    )
    assert text.splitlines() == [
        "Off right now (2):",
        "• &lt;@U0BOSS&gt; \u2217Ana\u2217: off shift, back on Monday at 8:00 AM (CST)",
        "• A teammate: off shift, back on Monday at 8:00 AM (CST)",
    ]


# -- a tip for a person --------------------------------------------------------------------------


def test_a_tip_arrives_now_on_shift_or_inside_the_working_hours() -> None:
    on_shift = utc(11, 30, 15)  # Monday 09:00 CST
    assert service.tip_arrives_at(cal(), on_shift, hours=HOURS) == on_shift
    no_shifts = cal(schedule=WeeklySchedule())
    assert service.tip_arrives_at(no_shifts, on_shift, hours=HOURS) == on_shift
    saturday = utc(11, 28, 18)  # no shifts: it waits for Monday 09:00 CST
    assert service.tip_arrives_at(no_shifts, saturday, hours=HOURS) == utc(11, 30, 15)


def test_a_tip_waits_for_the_next_shift_across_the_dst_change() -> None:
    friday_evening = utc(10, 30, 23)  # 18:00 CDT
    assert service.tip_arrives_at(cal(), friday_evening, hours=HOURS) == utc(11, 2, 14)
    saturday = utc(3, 7, 18)  # spring forward on Sunday March 8
    assert service.tip_arrives_at(cal(), saturday, hours=HOURS) == utc(3, 9, 13)  # 08:00 CDT


# -- this week's pulse ---------------------------------------------------------------------------


def round_(opens: datetime, hours: int = 72, status: str = "open", week: str = "2026-W49") -> Round:
    return Round(
        id=1,
        team_id="T",
        channel_id="C0DESK",
        week=week,
        status=status,
        opens_at=opens,
        closes_at=opens + timedelta(hours=hours),
        closed_at=None,
        questions=(),
        threshold=5,
        responses=0,
        message_ts=None,
        reminded=False,
    )


@pytest.mark.parametrize(
    ("this_week", "others", "decision"),
    [
        (None, [], "open_now"),
        (round_(utc(11, 30, 14)), [], "already_open"),
        (round_(utc(11, 30, 16)), [], "scheduled"),
        (round_(utc(11, 30, 10), hours=1), [], "closed"),
        (round_(utc(11, 30, 10), status="closed"), [], "closed"),
        (None, [round_(utc(11, 27, 20), week="2026-W48")], "previous_open"),
    ],
)
def test_whether_this_week_s_pulse_can_start(
    this_week: Round | None, others: list[Round], decision: str
) -> None:
    assert service.pulse_start(this_week, others, utc(11, 30, 15))[0] == decision


def test_every_error_reads_well_in_both_languages() -> None:
    for key in [k for k in catalog.ui_keys() if k.startswith("workflow.error.")]:
        fields = {
            "value": "x",
            "count": "3",
            "max": "100",
            "closes": "today at 2:00 PM",
            "zone": "CST",
        }
        for lang in ("en", "es"):
            text = views.error_text(catalog, lang, StepError(key, **fields))
            assert text and "{" not in text and "Traceback" not in text


@pytest.mark.parametrize(
    ("code", "person", "key"),
    [
        ("not_in_channel", False, "workflow.error.not_in_channel"),
        ("is_archived", False, "workflow.error.channel_unavailable"),
        ("cannot_dm_bot", True, "workflow.error.person_unavailable"),
        ("cannot_dm_bot", False, "workflow.error.slack_down"),
        ("ratelimited", False, "workflow.error.slack_down"),
        (None, True, "workflow.error.slack_down"),
    ],
)
def test_what_a_failed_post_asks_of_whoever_runs_the_workflow(
    code: str | None, person: bool, key: str
) -> None:
    assert service.slack_problem(code, person=person).key == key
