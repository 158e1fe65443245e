"""Balance Bot's Workflow Builder steps, run the way Slack runs them: the sandbox starts an
execution of a step declared in deploy/slack/manifest.yml, sends the `function_executed` event
(HTTP and Socket Mode), and records how the app ended it. `functions.completeSuccess` is checked
against the step's `output_parameters` there, so every success here has outputs Slack accepts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.features.pulse import api as pulse_api
from bot.features.tips import service as tips_service
from bot.sandbox.functions import FunctionRun
from bot.schedule import ShiftRule, WeeklySchedule, to_json
from tests.integration.conftest import MEMBERS, Bot, texts

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = yaml.safe_load((ROOT / "deploy" / "slack" / "manifest.yml").read_text())["functions"]
TEAM, CHANNEL = "T0SANDBOX", "C0FRONTDESK"
MONDAY_9AM_CHICAGO = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def run(bot: Bot, step: str, inputs: dict[str, Any], **event: Any) -> FunctionRun:
    """Start `step` as a workflow would, deliver its event, wait for the app to end it."""
    bot.slack.define_functions(FUNCTIONS)
    execution = bot.slack.start_function(step, inputs)
    assert bot.sender.event(execution.event, **event).status == 200
    return bot.slack.wait_for_function(execution.id)


def outputs(done: FunctionRun) -> dict[str, Any]:
    assert done.state == "completed", done.error
    assert done.outputs is not None
    # Bolt ended the step with the execution's own token, as Slack expects.
    assert done.completed_with == done.token
    return done.outputs


def shifts(
    bot: Bot,
    user_id: str,
    tz: str,
    lang: str,
    start: str = "08:00",
    end: str = "17:00",
    **changes: Any,
) -> None:
    """Mon–Fri shifts in the member's zone (what `/balance shift` stores)."""
    rules = tuple(
        ShiftRule(weekday=d, start=time.fromisoformat(start), end=time.fromisoformat(end))
        for d in range(5)
    )
    bot.store.members.update(
        team_id=TEAM,
        user_id=user_id,
        now=bot.clock.now(),
        tz=tz,
        lang=lang,
        schedule=to_json(WeeklySchedule(rules=rules)),
        **changes,
    )


# -- Send a balance tip ----------------------------------------------------------------------------


def test_a_tip_for_a_channel_by_level_and_topic(bot: Bot) -> None:
    done = run(bot, "send_balance_tip", {"channel": CHANNEL, "level": "senior", "topic": "breaks"})
    out = outputs(done)
    [posted] = bot.slack.messages(CHANNEL)
    assert out["status"] == "sent" and out["channel_id"] == CHANNEL
    assert out["message_ts"] == posted["ts"] and out["tip"] in texts(posted)
    catalog = bot.runtime.deps.catalog
    tip = next(t for t in catalog.tips() if catalog.text(t, "en") == out["tip"])
    assert tip.topic == "breaks" and "senior" in tip.levels
    assert "/balance tip" in texts(posted)  # how to get one that fits you
    assert not [b for b in posted["blocks"] if b["type"] == "actions"]  # nothing to click
    assert bot.slack.calls("chat.postMessage")[-1].token == done.token


def test_a_channel_gets_no_repeat_until_its_pool_is_used_up(bot: Bot) -> None:
    catalog = bot.runtime.deps.catalog
    pool = tips_service.tip_pool(catalog, level="entry", topic="boundaries")
    assert 2 <= len(pool) <= 12
    shown = [
        outputs(
            run(
                bot,
                "send_balance_tip",
                {"channel": CHANNEL, "level": "entry", "topic": "limites", "language": "es"},
            )
        )["tip"]
        for _ in pool
    ]
    assert sorted(shown) == sorted(catalog.text(t, "es") for t in pool)


def test_a_tip_for_a_person_on_shift_is_in_their_language_and_level(bot: Bot) -> None:
    bot.clock.set(MONDAY_9AM_CHICAGO)
    shifts(bot, "U0ANA", "America/Chicago", "es", level="mid")
    out = outputs(run(bot, "send_balance_tip", {"user": "U0ANA"}))
    [dm] = bot.slack.messages("U0ANA")
    assert out["status"] == "sent" and out["channel_id"] == dm["channel"]
    catalog = bot.runtime.deps.catalog
    tip = next(t for t in catalog.tips() if catalog.text(t, "es") == out["tip"])
    assert "mid" in tip.levels
    assert "Compartido por un flujo de trabajo" in texts(dm)


def test_a_tip_for_a_person_off_shift_waits_for_their_next_shift(bot: Bot) -> None:
    saturday_noon = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
    monday_8am = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # 08:00 in Chicago
    bot.clock.set(saturday_noon)
    shifts(bot, "U0ANA", "America/Chicago", "es")
    out = outputs(run(bot, "send_balance_tip", {"user": "U0ANA", "language": "en"}))
    assert out["status"] == "queued" and out["delivers_at"] == int(monday_8am.timestamp())
    assert "message_ts" not in out
    bot.tick()
    assert bot.slack.messages("U0ANA") == []
    bot.clock.set(monday_8am + timedelta(seconds=30))
    bot.tick()
    [dm] = bot.slack.messages("U0ANA")
    assert out["tip"] in texts(dm)
    # The workspace token sent it: the step's own token ended with the step.
    assert bot.slack.calls("chat.postMessage")[-1].token == bot.slack.bot_token


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({}, "Choose where the tip goes: a channel or a person."),
        ({"channel": CHANNEL, "user": "U0ANA"}, "not both"),
        ({"channel": CHANNEL, "topic": "astrology"}, "“astrology” isn't a topic"),
        (
            {"channel": CHANNEL, "language": "es", "topic": "astrología"},
            "“astrología” no es un tema",
        ),
        ({"channel": "C0NOBOT"}, "Type `/invite @Balance Bot` in the channel"),
    ],
)
def test_a_tip_step_that_cannot_run_says_how_to_fix_it(
    bot: Bot, inputs: dict[str, Any], message: str
) -> None:
    bot.slack.add_channel("C0NOBOT", "no-bot", ["U0ANA"], bot_is_member=False)
    done = run(bot, "send_balance_tip", inputs)
    assert done.state == "failed" and done.error is not None and message in done.error
    assert "Traceback" not in done.error and "Error" not in done.error
    assert bot.slack.messages() == []


def test_the_topic_list_in_an_error_is_in_the_step_s_language(bot: Bot) -> None:
    done = run(bot, "send_balance_tip", {"user": "U0BEN", "topic": "xyz", "language": "es"})
    assert done.error is not None and "Autocuidado" in done.error and "Límites" in done.error


# -- Who is off shift? -----------------------------------------------------------------------------


def test_who_is_off_names_them_and_says_when_each_is_back(bot: Bot) -> None:
    bot.clock.set(MONDAY_9AM_CHICAGO)
    bot.slack.add_user("U0CAM", name="cam", tz="America/Chicago")
    bot.slack.add_user("U0DEE", name="dee", tz="America/Chicago")
    shifts(bot, "U0ANA", "America/Chicago", "es")  # on shift (09:00)
    shifts(bot, "U0BEN", "America/New_York", "en", start="12:00", end="20:00")  # off until noon
    shifts(
        bot,
        "U0CAM",
        "America/Chicago",
        "en",
        away_from=date(2026, 11, 30),
        away_until=date(2026, 12, 4),
    )  # on leave all week, and did not say so
    shifts(bot, "U0DEE", "America/Chicago", "en", start="13:00", quiet_notices=False)
    people = ["U0ANA", "U0BEN", "U0CAM", "U0DEE", "U0MGR"]
    out = outputs(run(bot, "who_is_off_shift", {"users": people}))
    assert out["off_users"] == ["U0BEN", "U0CAM"] and out["on_users"] == ["U0ANA"]
    assert out["off_count"] == 2
    summary = out["summary"]
    assert "• ben: off shift, back today at 12:00 PM (EST)" in summary
    assert "• cam: off shift, back on Monday, December 7 at 8:00 AM (CST)" in summary
    assert "leave" not in summary  # never "on leave" unless the member shares it
    assert "dee" not in summary and "U0DEE" not in out["on_users"] + out["off_users"]
    assert "On shift: 1." in summary and "Not known to Balance Bot: 2" in summary
    assert "<@" not in summary  # nobody who is off gets pinged


def test_who_is_off_in_spanish_across_the_end_of_daylight_time(bot: Bot) -> None:
    friday_6pm_cdt = datetime(2026, 10, 30, 23, 0, tzinfo=UTC)
    bot.clock.set(friday_6pm_cdt)
    shifts(bot, "U0ANA", "America/Chicago", "es")
    out = outputs(run(bot, "who_is_off_shift", {"users": ["U0ANA"], "language": "es"}))
    assert out["summary"].splitlines() == [
        "Fuera de turno ahora (1):",
        "• ana: fuera de turno, vuelve el lunes a las 8:00 (CST)",
    ]


def test_everyone_on_shift_and_nobody_known(bot: Bot) -> None:
    bot.clock.set(MONDAY_9AM_CHICAGO)
    shifts(bot, "U0ANA", "America/Chicago", "es")
    out = outputs(run(bot, "who_is_off_shift", {"users": ["U0ANA"]}))
    assert out["summary"] == "Everyone listed is on shift right now."
    out = outputs(run(bot, "who_is_off_shift", {"users": ["U0MGR"]}))
    assert out["off_users"] == [] and out["on_users"] == []
    assert "Not known to Balance Bot: 1" in out["summary"]


def test_too_many_people_is_refused_with_the_limit(bot: Bot) -> None:
    people = [f"U0P{i:03d}" for i in range(101)]
    done = run(bot, "who_is_off_shift", {"users": people})
    assert done.error == (
        "That's 101 people; Balance Bot checks up to 100 at a time. Split them across two steps."
    )


# -- Start this week's pulse now -------------------------------------------------------------------


def started_by(bot: Bot, user_id: str) -> dict[str, Any]:
    return {"channel": CHANNEL, "started_by": bot.slack.user_context(user_id)}


def set_up_pulse(bot: Bot) -> None:
    # Enough people who can answer (readers can't) for the round to open.
    extra = {"U0CAM": "cam", "U0DEE": "dee", "U0EVA": "eva"}
    for user_id, name in extra.items():
        if user_id not in bot.slack.workspace.users:
            bot.slack.add_user(user_id, name=name, tz="America/Chicago")
    channel = bot.slack.workspace.channels[CHANNEL]
    channel.members.extend(u for u in extra if u not in channel.members)
    pulse_api.setup(
        bot.runtime.deps,
        team_id=TEAM,
        channel_id=CHANNEL,
        now=bot.clock.now(),
        results_users=["U0MGR"],
    )


def test_an_admin_starts_this_week_s_pulse_now(bot: Bot) -> None:
    set_up_pulse(bot)
    bot.clock.set(MONDAY_9AM_CHICAGO + timedelta(hours=1))
    out = outputs(run(bot, "start_pulse_now", started_by(bot, "U0MGR")))
    closes = bot.clock.now() + timedelta(hours=72)
    assert out == {
        "status": "opened",
        "closes_at": int(closes.timestamp()),
        "summary": "This week's pulse is open now. It closes on Thursday at 10:00 AM (CST).",
    }
    bot.tick()
    [poll] = bot.slack.messages(CHANNEL)
    assert "Answer" in str(poll["blocks"])
    # Asked again, it says so; Friday's planned opening posts nothing more this week.
    again = outputs(run(bot, "start_pulse_now", started_by(bot, "U0MGR")))
    assert again["status"] == "already_open" and again["closes_at"] == out["closes_at"]
    bot.clock.set(datetime(2026, 12, 4, 20, 0, 30, tzinfo=UTC))
    bot.tick()
    assert [m["ts"] for m in bot.slack.messages(CHANNEL)] == [poll["ts"]]


def test_only_admins_and_named_managers_may_start_the_pulse(bot: Bot) -> None:
    set_up_pulse(bot)
    done = run(bot, "start_pulse_now", started_by(bot, "U0ANA"))  # Ana writes in Spanish
    assert done.state == "failed" and done.error is not None
    assert done.error.startswith("Solo los administradores del espacio de trabajo")
    bot.tick()
    assert bot.slack.messages(CHANNEL) == []
    assert (
        pulse_api.next_opening(
            bot.runtime.deps, bot.runtime.deps.store.pulse.config(TEAM, CHANNEL), bot.clock.now()
        )
        is not None
    )  # the weekly schedule is untouched
    bot.sender.command("U0MGR", "admin managers <@U0BEN|ben>")
    assert outputs(run(bot, "start_pulse_now", started_by(bot, "U0BEN")))["status"] == "opened"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("none", "That channel has no pulse set up yet."),
        ("off", "The pulse for that channel is switched off."),
        ("closed", "This week's pulse for that channel has already closed."),
        ("last_week", "Last week's pulse in that channel is still open until today at 2:00 PM"),
    ],
)
def test_a_pulse_that_cannot_start_says_why(bot: Bot, setup: str, message: str) -> None:
    deps = bot.runtime.deps
    monday_9am = MONDAY_9AM_CHICAGO
    if setup != "none":
        bot.clock.set(monday_9am - timedelta(days=10))
        set_up_pulse(bot)
    if setup == "off":
        config = deps.store.pulse.config(TEAM, CHANNEL)
        pulse_api.save_config(deps, dataclasses.replace(config, enabled=False), now=bot.clock.now())
    if setup == "last_week":  # opened Friday 14:00, open 72 h: until Monday 14:00
        config = deps.store.pulse.config(TEAM, CHANNEL)
        pulse_api.start_round(
            deps, config, now=datetime(2026, 11, 27, 20, 0, tzinfo=UTC), eligible=list(MEMBERS)
        )
    bot.clock.set(monday_9am)
    if setup == "closed":
        config = deps.store.pulse.config(TEAM, CHANNEL)
        round_ = pulse_api.start_round(
            deps, config, now=monday_9am, hours=1, eligible=list(MEMBERS)
        )
        pulse_api.close(deps, round_.id, now=monday_9am + timedelta(minutes=30))
        bot.clock.set(monday_9am + timedelta(hours=2))
    done = run(bot, "start_pulse_now", started_by(bot, "U0MGR"))
    assert done.state == "failed" and done.error is not None and message in done.error


def test_a_pulse_about_to_open_is_left_as_planned(bot: Bot) -> None:
    set_up_pulse(bot)
    friday_1_30pm = datetime(2026, 12, 4, 19, 30, tzinfo=UTC)
    bot.clock.set(friday_1_30pm)
    bot.tick()  # plans Friday's 14:00 round an hour ahead
    out = outputs(run(bot, "start_pulse_now", started_by(bot, "U0MGR")))
    assert out["status"] == "scheduled"
    assert out["summary"] == (
        "This week's pulse is about to open as planned, today at 2:00 PM (CST)."
    )


# -- every step: retries, outages, bugs ------------------------------------------------------------


def test_a_retried_event_runs_the_step_once(bot: Bot) -> None:
    bot.slack.define_functions(FUNCTIONS)
    execution = bot.slack.start_function("send_balance_tip", {"channel": CHANNEL})
    first = bot.sender.event(execution.event, event_id="EvWF1")
    assert first.status == 200
    bot.slack.wait_for_function(execution.id)
    duplicates = bot.runtime.deps.metrics.duplicate_events
    assert bot.sender.event(execution.event, event_id="EvWF1", retry_num=1).status == 200
    bot.slack.wait_for(lambda: duplicates._value.get() == 1)
    assert len(bot.slack.messages(CHANNEL)) == 1
    completions = [c for c in bot.slack.calls() if c.method.startswith("functions.complete")]
    assert [c.method for c in completions] == ["functions.completeSuccess"]


def test_slack_failing_ends_the_step_with_a_message_not_a_hang(bot: Bot) -> None:
    bot.slack.fail_next("chat.postMessage", count=4, status=500)
    done = run(bot, "send_balance_tip", {"channel": CHANNEL})
    assert done.state == "failed"
    assert done.error == (
        "Slack didn't answer Balance Bot just now. Run the workflow again in a few minutes."
    )


def test_a_bug_ends_the_step_kindly(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("SECRET-INPUT-astrology")

    monkeypatch.setattr(tips_service, "pick_tip", broken)
    done = run(bot, "send_balance_tip", {"channel": CHANNEL, "language": "es"})
    assert done.error is not None and "SECRET" not in done.error
    assert done.error == (
        "Balance Bot no pudo terminar este paso. Vuelve a ejecutar el flujo; si sigue pasando, "
        "avísale a quien administra Balance Bot."
    )
    assert any(
        "send_balance_tip step failed: RuntimeError" in r.getMessage() for r in caplog.records
    )
