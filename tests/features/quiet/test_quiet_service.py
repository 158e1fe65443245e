"""Pure quiet rules with an injected `now`: mentions, who's off, DST, holidays, leave, back-at."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from bot.features.quiet import service, views
from bot.schedule import BreakPrefs, MemberCalendar, ShiftRule, TimeOff, WeeklySchedule
from content import builtin_catalog

CHI, NYC = "America/Chicago", "America/New_York"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def weekdays(start: str, end: str, days: range = range(5)) -> WeeklySchedule:
    return WeeklySchedule(
        rules=tuple(
            ShiftRule(weekday=d, start=time.fromisoformat(start), end=time.fromisoformat(end))
            for d in days
        )
    )


def cal(tz: str = CHI, **kw: Any) -> MemberCalendar:
    kw.setdefault("schedule", weekdays("08:00", "17:00"))
    return MemberCalendar(tz=tz, **kw)


# -- mentions and which posts count ---------------------------------------------------------------


def test_mentions_are_deduped_and_skip_sender_and_bot() -> None:
    text = "<@U0ANA> and <@U0BEN|ben>, again <@U0ANA>; me <@U0ME>; bot <@U0BALANCE> <!here>"
    found = service.parse_mentions(text, sender="U0ME", bot_user_id="U0BALANCE")
    assert found == ("U0ANA", "U0BEN")
    assert service.parse_mentions("", sender="U0ME", bot_user_id=None) == ()


BASE = {
    "type": "message",
    "channel": "C0FRONTDESK",
    "user": "U0BEN",
    "text": "<@U0ANA> hi",
    "ts": "1764543600.000100",
    "channel_type": "channel",
}


@pytest.mark.parametrize(
    "change",
    [
        {"subtype": "message_changed"},
        {"subtype": "bot_message", "bot_id": "B0OTHER"},
        {"subtype": "channel_join"},
        {"subtype": "message_deleted"},
        {"bot_id": "B0OTHER"},
        {"user": "U0BALANCE"},
        {"channel_type": "im", "channel": "D0BEN"},
        {"channel_type": "mpim", "channel": "G0MPIM"},
        {"user": None},
    ],
)
def test_posts_that_are_not_a_person_in_a_channel_are_ignored(change: dict[str, object]) -> None:
    event = {**BASE, **change}
    assert service.post_from_event(event, team_id="T0", bot_user_id="U0BALANCE") is None


def test_a_plain_post_a_thread_reply_and_an_app_mention_count() -> None:
    post = service.post_from_event(BASE, team_id="T0", bot_user_id="U0BALANCE")
    assert post is not None and post.mentions == ("U0ANA",) and post.thread_ts is None
    reply = service.post_from_event(
        {**BASE, "thread_ts": "1764543000.000100"}, team_id="T0", bot_user_id="U0BALANCE"
    )
    assert reply is not None and reply.thread_ts == "1764543000.000100"
    mention = {k: v for k, v in BASE.items() if k != "channel_type"} | {"type": "app_mention"}
    assert service.post_from_event(mention, team_id="T0", bot_user_id="U0BALANCE") is not None


def test_message_time_comes_from_ts() -> None:
    at = utc(2026, 11, 30, 15, 0)
    assert service.message_time(f"{at.timestamp():.6f}", utc(2000, 1, 1)) == at
    assert service.message_time("junk", utc(2000, 1, 1)) == utc(2000, 1, 1)


# -- who is off ---------------------------------------------------------------------------------


def test_on_shift_is_not_off_and_evening_is_one_period_across_midnight() -> None:
    c = cal()
    assert service.who_is_off({"U0ANA": c}, utc(2026, 11, 30, 15, 0)) == []  # 09:00 CST Monday
    [(who, evening)] = service.who_is_off({"U0ANA": c}, utc(2026, 11, 30, 23, 30))  # 17:30
    [(_, after_midnight)] = service.who_is_off({"U0ANA": c}, utc(2026, 12, 1, 7, 0))  # 01:00
    assert who == "U0ANA" and evening.reason == "off_shift"
    assert evening.back_at == utc(2026, 12, 1, 14, 0)  # Tuesday 08:00 CST
    assert evening.period_key == after_midnight.period_key
    [(_, next_evening)] = service.who_is_off({"U0ANA": c}, utc(2026, 12, 1, 23, 30))
    assert next_evening.period_key != evening.period_key


def test_overnight_shift_covers_midnight() -> None:
    nights = cal(schedule=weekdays("22:00", "06:00"))
    assert service.who_is_off({"U0ANA": nights}, utc(2026, 12, 1, 8, 0)) == []  # Tue 02:00 CST
    [(_, off)] = service.who_is_off({"U0ANA": nights}, utc(2026, 12, 1, 13, 0))  # Tue 07:00
    assert off.back_at == utc(2026, 12, 2, 4, 0)  # Tue 22:00 CST


def test_dst_fall_back_in_chicago() -> None:
    c = cal()
    # Saturday 2026-10-31 evening (CDT): back Monday 08:00 — which is CST, 14:00 UTC, not 13:00.
    [(_, off)] = service.who_is_off({"U0ANA": c}, utc(2026, 10, 31, 23, 0))
    assert off.back_at == utc(2026, 11, 2, 14, 0)
    # The overnight Saturday shift lasts nine real hours on the fall-back night.
    nights = cal(schedule=weekdays("22:00", "06:00", range(5, 6)))
    assert service.who_is_off({"U0ANA": nights}, utc(2026, 11, 1, 11, 30)) == []  # 05:30 CST
    [(_, done)] = service.who_is_off({"U0ANA": nights}, utc(2026, 11, 1, 12, 30))  # 06:30 CST
    assert done.reason == "off_shift"


def test_holiday_names_the_day() -> None:
    c = cal(holiday_country="US")
    [(_, off)] = service.who_is_off({"U0ANA": c}, utc(2026, 11, 26, 16, 0))  # Thanksgiving
    assert (off.reason, off.holiday) == ("holiday", "Thanksgiving Day")
    assert off.back_at == utc(2026, 11, 27, 14, 0)


def test_leave_gives_until_and_back_at() -> None:
    c = cal(time_off=(TimeOff(start=date(2026, 12, 1), end=date(2026, 12, 4)),))
    [(_, off)] = service.who_is_off({"U0ANA": c}, utc(2026, 12, 1, 16, 0))
    assert (off.reason, off.leave_until) == ("time_off", date(2026, 12, 4))
    assert off.back_at == utc(2026, 12, 7, 14, 0)


def test_closed_day() -> None:
    c = cal(closed_days=frozenset({date(2026, 12, 2)}))
    [(_, off)] = service.who_is_off({"U0ANA": c}, utc(2026, 12, 2, 16, 0))
    assert off.reason == "closed" and off.back_at == utc(2026, 12, 3, 14, 0)


def test_members_without_shifts_are_never_reported_off() -> None:
    empty = MemberCalendar(tz=CHI)
    assert service.who_is_off({"U0ANA": empty}, utc(2026, 11, 30, 23, 30)) == []


# -- saying when ----------------------------------------------------------------------------------


def test_back_at_in_two_time_zones() -> None:
    catalog = builtin_catalog()
    back = utc(2026, 12, 1, 14, 0)
    now = utc(2026, 12, 1, 5, 30)  # 23:30 Monday in Chicago, 00:30 Tuesday in New York
    assert views.when_phrase(catalog, "en", back, CHI, now=now) == "tomorrow at 8:00 AM"
    assert views.when_phrase(catalog, "en", back, NYC, now=now) == "today at 9:00 AM"
    saturday = utc(2026, 11, 28, 12, 0)
    assert views.when_phrase(catalog, "es", back, CHI, now=saturday) == "el martes a las 8:00"
    assert views.when_phrase(catalog, "en", back, CHI, now=saturday) == "on Tuesday at 8:00 AM"


def test_notice_line_gives_both_times_or_one_when_they_agree() -> None:
    catalog = builtin_catalog()
    c = cal()
    at = utc(2026, 11, 30, 23, 30)
    [(_, off)] = service.who_is_off({"U0ANA": c}, at)
    who = views.OffColleague("U0ANA", CHI, off, date(2026, 11, 30))
    line = views.colleague_line(catalog, "en", who, sender_tz=NYC, now=at)
    assert "<@U0ANA>" in line and "tomorrow at 8:00 AM" in line and "tomorrow at 9:00 AM" in line
    same = views.colleague_line(catalog, "en", who, sender_tz=CHI, now=at)
    assert same.count("8:00 AM") == 1
    spanish = views.colleague_line(catalog, "es", who, sender_tz=NYC, now=at)
    assert "mañana a las 8:00" in spanish and "mañana a las 9:00" in spanish


def test_notice_has_two_buttons_per_colleague_and_the_urgent_route() -> None:
    catalog = builtin_catalog()
    at = utc(2026, 11, 30, 23, 30)
    off = [
        views.OffColleague(u, CHI, s, date(2026, 11, 30))
        for u, s in service.who_is_off({"U0ANA": cal(), "U0BEN": cal(NYC)}, at)
    ]
    payload = views.off_shift_notice(
        catalog,
        "en",
        off,
        sender_tz=CHI,
        now=at,
        channel="C0X",
        ts="1.2",
        urgent_route="call the front line at 555-0100",
    )
    rows = [b for b in payload["blocks"] if b["type"] == "actions"]
    assert [[e["action_id"] for e in row["elements"]] for row in rows] == [
        ["quiet.remind.U0ANA", "quiet.schedule.U0ANA"],
        ["quiet.remind.U0BEN", "quiet.schedule.U0BEN"],
    ]
    assert {e["value"] for e in rows[0]["elements"]} == {"U0ANA|C0X|1.2"}
    assert service.decode_reminder(rows[0]["elements"][0]["value"]) == ("U0ANA", "C0X", "1.2")
    assert "Schedule for when they're back" in str(rows[0])
    assert "555-0100" in payload["blocks"][-1]["elements"][0]["text"]


def test_reminder_values_and_keys() -> None:
    assert service.decode_reminder("U0ANA|C0X|1.2") == ("U0ANA", "C0X", "1.2")
    for bad in ("", "U0ANA|C0X", "x|C0X|1.2", "U0ANA|D0X|1.2", "U0ANA||1.2"):
        assert service.decode_reminder(bad) is None
    key = service.reminder_key(
        team_id="T0", sender="U0BEN", channel="C0X", ts="1.2", colleague="U0ANA"
    )
    assert service.reminder_owner(key) == ("T0", "U0BEN")
    assert service.reminder_owner("eos:T0:U0BEN:2026-11-30:end-0800") is None


# -- end of shift -------------------------------------------------------------------------------


def test_end_of_shift_is_planned_after_a_shift_and_never_on_days_off() -> None:
    prefs = BreakPrefs()
    [eos] = service.end_of_shift_due(cal(), prefs, utc(2026, 11, 30, 23, 0))
    assert eos.at == utc(2026, 11, 30, 23, 5) and eos.slot == "end-20261130T230500Z"
    assert eos.local_date == date(2026, 11, 30)
    assert service.end_of_shift_due(cal(), prefs, utc(2026, 12, 5, 23, 0)) == []  # Saturday
    holiday = cal(holiday_country="US")
    assert service.end_of_shift_due(holiday, prefs, utc(2026, 11, 26, 23, 0)) == []


# -- the member's own situation when they post off shift -------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "at", "situation"),
    [
        # Issue 15: at 9:51 with a shift from 13:00 the reminder said "Your shift has ended".
        (weekdays("13:00", "21:00"), utc(2026, 12, 2, 15, 51), "before"),
        (weekdays("08:00", "17:00"), utc(2026, 12, 2, 23, 30), "ended"),  # 17:30 Chicago
        (weekdays("22:00", "06:00"), utc(2026, 12, 2, 13, 0), "ended"),  # 07:00 after nights
        (weekdays("08:00", "17:00"), utc(2026, 12, 5, 17, 0), "day_off"),  # Saturday
    ],
)
def test_self_situation(schedule: WeeklySchedule, at: datetime, situation: str) -> None:
    assert service.self_situation(cal(schedule=schedule), at) == situation


def test_self_situation_on_leave_and_on_a_holiday() -> None:
    leave = cal(time_off=(TimeOff(start=date(2026, 12, 1), end=date(2026, 12, 4)),))
    assert service.self_situation(leave, utc(2026, 12, 2, 15, 0)) == "leave"
    closed = cal(closed_days=frozenset({date(2026, 12, 2)}))
    assert service.self_situation(closed, utc(2026, 12, 2, 15, 0)) == "day_off"


def test_self_reminder_speaks_about_the_actual_next_shift() -> None:
    catalog = builtin_catalog()
    at = utc(2026, 12, 2, 15, 51)  # 9:51 in Chicago
    start = utc(2026, 12, 2, 19, 0)  # 13:00 in Chicago
    before = views.self_reminder(
        catalog, "en", next_start=start, tz=CHI, now=at, situation="before"
    )
    text = before["blocks"][0]["text"]["text"]
    assert text.startswith("Your shift hasn't started yet: it starts today at 1:00 PM.")
    spanish = views.self_reminder(
        catalog, "es", next_start=start, tz=CHI, now=at, situation="before"
    )["blocks"][0]["text"]["text"]
    assert spanish.startswith("Tu turno todavía no empieza: comienza hoy a las 13:00.")
    monday = views.self_reminder(
        catalog, "en", next_start=utc(2026, 12, 7, 14, 0), tz=CHI, now=utc(2026, 12, 4, 23, 30)
    )["blocks"][0]["text"]["text"]
    assert "wait for your next shift, on Monday at 8:00 AM" in monday
    unknown = views.self_reminder(catalog, "en", next_start=None, tz=CHI, now=at)
    assert "next shift" not in unknown["text"]
