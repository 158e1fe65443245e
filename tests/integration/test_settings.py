"""The settings modal end to end (`/balance settings`, App Home, help and status buttons): opened
with the trigger_id, inline errors for bad fields, everything saved for good ones — over real
sockets, in HTTP mode and in Socket Mode."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, time, timedelta
from typing import Any

from bot.calendars import member_prefs, member_schedule
from bot.features.breaks.service import member_stagger
from bot.schedule import format_schedule, slot_name
from tests.integration.conftest import Bot, buttons

TEAM = "T0SANDBOX"
SHIFTS, CADENCE, LUNCH = "settings_shifts", "settings_cadence", "settings_lunch"
LUNCH_LENGTH, LEVEL, SWITCHES = "settings_lunch_length", "settings_level", "settings_switches"


def _state(view: dict[str, Any], typed: dict[str, Any]) -> dict[str, Any]:
    """The view's state as Slack sends it on submit: initial values, then what was typed.

    `typed` maps a block id to text (text inputs), a level value, or a list of switch values.
    """
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block.get("type") != "input":
            continue
        element, block_id = block["element"], block["block_id"]
        action_id = element["action_id"]
        if element["type"] == "plain_text_input":
            state = {"type": "plain_text_input", "value": element.get("initial_value")}
            if block_id in typed:
                state["value"] = typed[block_id] or None
        elif element["type"] == "static_select":
            state = {"type": "static_select", "selected_option": element.get("initial_option")}
            if block_id in typed:
                chosen = [o for o in element["options"] if o["value"] == typed[block_id]]
                state["selected_option"] = chosen[0] if chosen else {"value": typed[block_id]}
        else:
            state = {"type": "checkboxes", "selected_options": element.get("initial_options", [])}
            if block_id in typed:
                state["selected_options"] = [
                    o for o in element["options"] if o["value"] in typed[block_id]
                ]
        values[block_id] = {action_id: state}
    return values


def _submit(bot: Bot, view: dict[str, Any], typed: dict[str, Any], user: str = "U0BEN") -> Any:
    """Submit `view` as Slack would after `typed` was entered (see `_state`)."""
    reply = bot.sender.view_submission(user, copy.deepcopy(view), _state(view, typed))
    assert reply.status == 200
    return reply


def _open_from_command(bot: Bot, user: str = "U0BEN") -> dict[str, Any]:
    before = len(bot.slack.views_opened())
    reply = bot.sender.command(user, "settings")
    assert reply.status == 200
    assert reply.payload() == {}  # the modal is the answer
    opened = bot.slack.views_opened()
    assert len(opened) == before + 1
    return opened[-1]


def _input(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == block_id]
    return dict(block["element"])


def test_settings_command_opens_a_modal_prefilled_with_my_settings(bot: Bot) -> None:
    bot.sender.command("U0BEN", "shift mon-fri 08:00-17:00 sat 09:00-13:00")
    bot.sender.command("U0BEN", "level mid")
    bot.sender.command("U0BEN", "breaks lunch 12:30 45m")
    view = _open_from_command(bot)
    assert view["callback_id"] == "settings"
    assert len(view["title"]["text"]) <= 24 and view["submit"]["text"] == "Save"
    assert _input(view, SHIFTS)["initial_value"] == "mon-fri 08:00-17:00; sat 09:00-13:00"
    assert _input(view, CADENCE)["initial_value"] == "90m"
    assert _input(view, LUNCH)["initial_value"] == "12:30"
    assert _input(view, LUNCH_LENGTH)["initial_value"] == "45m"
    assert _input(view, LEVEL)["initial_option"]["value"] == "mid"
    ticked = {o["value"] for o in _input(view, SWITCHES)["initial_options"]}
    assert ticked == {"breaks", "quiet_notices", "end_of_shift"}
    hint = next(b for b in view["blocks"] if b.get("block_id") == SHIFTS)["hint"]["text"]
    assert "America/New_York" in hint


def test_a_bad_submission_gets_inline_errors_and_saves_nothing(bot: Bot) -> None:
    bot.sender.command("U0BEN", "shift mon-fri 08:00-17:00")
    before = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    view = _open_from_command(bot)
    reply = _submit(
        bot,
        view,
        {SHIFTS: "mon-fri 8-late", CADENCE: "500", LUNCH: "noon-ish", LEVEL: "senior"},
    )
    payload = reply.payload()
    assert payload["response_action"] == "errors"
    assert set(payload["errors"]) == {SHIFTS, CADENCE, LUNCH}
    assert "late" in payload["errors"][SHIFTS]
    assert "500" in payload["errors"][CADENCE] and "out of range" in payload["errors"][CADENCE]
    assert "noon-ish" in payload["errors"][LUNCH]
    assert bot.store.members.get(team_id=TEAM, user_id="U0BEN") == before  # not even the level


def test_a_good_submission_saves_every_field_and_closes_the_modal(bot: Bot) -> None:
    view = _open_from_command(bot)
    reply = _submit(
        bot,
        view,
        {
            LEVEL: "senior",
            SHIFTS: "mon-fri 07:00-15:00; sat 09:00-13:00",
            CADENCE: "1h",
            LUNCH: "12pm",
            LUNCH_LENGTH: "45 min",
            SWITCHES: ["breaks"],
        },
    )
    assert reply.payload() == {}  # an empty ack closes the modal
    member = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    prefs = member_prefs(member)
    assert member.level == "senior"
    assert format_schedule(member_schedule(member)) == "mon-fri 07:00-15:00; sat 09:00-13:00"
    assert (prefs.cadence_minutes, prefs.lunch, prefs.lunch_minutes) == (60, time(12), 45)
    assert prefs.enabled is True
    assert (member.quiet_notices, member.end_of_shift) == (False, False)
    # Emptying the shifts and unticking everything clears and switches off.
    reply = _submit(bot, _open_from_command(bot), {SHIFTS: "", LUNCH: "", SWITCHES: []})
    assert reply.payload() == {}
    member = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    assert member.schedule is None and member_prefs(member).lunch is None
    assert member_prefs(member).enabled is False and member.level == "senior"


def test_help_and_status_offer_the_settings_button(http_bot: Bot) -> None:
    bot = http_bot
    for words in ("help", "status"):
        payload = bot.sender.command("U0BEN", words).payload()
        [settings] = [b for b in buttons(payload) if b["value"] == "settings"]
        reply = bot.sender.block_action(
            "U0BEN", settings["action_id"], "settings", message={**payload, "ts": "1.0"}
        )
        assert reply.status == 200
    opened = bot.slack.views_opened()
    assert [v["callback_id"] for v in opened] == ["settings", "settings"]


def test_home_button_opens_the_modal_and_saving_refreshes_home(bot: Bot) -> None:
    opened = {"type": "app_home_opened", "user": "U0BEN", "channel": "D0BEN", "tab": "home"}
    bot.sender.event(opened)
    bot.slack.wait_for("views.publish", count=1, timeout=5)
    [home] = bot.slack.views_published("U0BEN")
    [button] = [b for b in buttons(home) if b["action_id"] == "settings.open"]
    reply = bot.sender.block_action("U0BEN", button["action_id"], button["value"], view=home)
    assert reply.status == 200
    bot.slack.wait_for(lambda: len(bot.slack.views_opened()) == 1, timeout=5)
    [view] = bot.slack.views_opened()
    assert json.loads(view["private_metadata"]) == {"origin": "home"}
    # A bad submission refreshes nothing; a good one saves, then the Home tab is published again.
    assert _submit(bot, view, {CADENCE: "5m"}).payload()["response_action"] == "errors"
    assert _submit(bot, view, {LEVEL: "entry"}).payload() == {}
    bot.slack.wait_for("views.publish", count=2, timeout=5)
    assert len(bot.slack.views_published("U0BEN")) == 2
    assert bot.store.members.get(team_id=TEAM, user_id="U0BEN").level == "entry"


def test_a_settings_change_replans_at_the_next_tick(http_bot: Bot) -> None:
    """Ben (New York) works 08:00-17:00; at 10:00 his next break is 11:00 (every 90 min), then
    12:30. At 10:01 he switches to every 60 min: 10:00 (+ his stagger of a few minutes, so
    still to come), 11:00 — in both plans, so the nudge already queued for it (its key names
    that instant) goes out once — then 12:00, never 12:30."""
    bot = http_bot
    bot.sender.command("U0BEN", "shift mon-fri 08:00-17:00")
    bot.tick()
    stagger = member_stagger(TEAM, "U0BEN")
    assert timedelta(minutes=1) < stagger < timedelta(minutes=5)  # Ben's: 3 min 36 s

    def key(hour: int, minute: int) -> str:
        due = datetime(2026, 11, 30, hour, minute, tzinfo=UTC) + stagger
        return f"nudge:{TEAM}:U0BEN:2026-11-30:{slot_name('break', due)}"

    ten, eleven, noon = key(15, 0), key(16, 0), key(17, 0)
    assert bot.store.outbox.by_key(eleven) is not None
    assert bot.store.outbox.by_key(ten) is None
    planned_until = bot.store.members.get(team_id=TEAM, user_id="U0BEN").next_plan_at
    assert planned_until > bot.clock.now()  # not looked at again before then...
    bot.clock.advance(timedelta(minutes=1))
    _submit(bot, _open_from_command(bot), {CADENCE: "60m"})
    member = bot.store.members.get(team_id=TEAM, user_id="U0BEN")
    assert member.next_plan_at <= bot.clock.now()  # ...unless the settings change
    bot.tick()
    assert bot.store.outbox.by_key(ten) is not None
    for hour in (15, 16, 17, 18):
        bot.clock.set(datetime(2026, 11, 30, hour, 6, tzinfo=UTC))
        bot.tick()
    delivered = [m["metadata"]["event_payload"]["delivery_id"] for m in bot.slack.messages("U0BEN")]
    assert delivered == [ten, eleven, noon, key(18, 0)]
