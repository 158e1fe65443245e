"""Off-shift notices tell only people of the same organisation: the same workspace, or on
Enterprise Grid a workspace of the same org. Someone from another organisation in a Slack
Connect channel, a guest, or a stranger gets nothing, and nothing is stored about them.
"On leave" is said only when the colleague chose to share it (default: just "off")."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.features.quiet.audience import same_organisation
from bot.sandbox import SlackSender
from bot.sandbox.payloads import event_callback
from bot.store.tables import notices as notices_table
from tests.integration.conftest import Bot, texts
from tests.integration.test_quiet import (
    CHANNEL,
    MON_EVENING,
    TEAM,
    give_shifts,
    message,
    notices,
    post,
)

OUTSIDERS = {
    "U0CONNECT": {"team_id": "T0OTHERORG"},  # Slack Connect: another company
    "U0GUEST": {"is_restricted": True},  # a multi-channel guest
    "U0SINGLE": {"is_ultra_restricted": True},  # a single-channel guest
    "U0STRANGE": {"is_stranger": True},
}


def add_people(bot: Bot, **people: dict[str, Any]) -> None:
    for user_id, extra in people.items():
        bot.slack.add_user(user_id, name=user_id.lower(), **extra)
        with bot.slack.workspace.lock:
            bot.slack.workspace.channels[CHANNEL].members.append(user_id)


def stored_about(bot: Bot, user_id: str) -> list[Any]:
    with bot.store.engine.connect() as conn:
        rows = list(conn.execute(select(notices_table)))
    return [r for r in rows if user_id in json.dumps([str(v) for v in r])] + (
        [bot.store.members.get(team_id=TEAM, user_id=user_id)]
        if bot.store.members.get(team_id=TEAM, user_id=user_id)
        else []
    )


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_people_outside_the_organisation_learn_nothing(bot: Bot, outsider: str) -> None:
    add_people(bot, **{outsider: OUTSIDERS[outsider]})
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    extra = {"user_team": "T0OTHERORG"} if outsider == "U0CONNECT" else {}
    post(bot, message(outsider, "<@U0ANA> when are you back?", **extra))
    post(bot, message("U0BEN", "<@U0ANA> can you call the lab?"))  # a colleague: told
    bot.slack.wait_for(lambda: notices(bot, "U0BEN"), timeout=5)
    bot.idle()
    assert notices(bot, outsider) == []
    assert stored_about(bot, outsider) == []


def test_a_shared_channel_outsider_is_known_by_the_event_alone(bot: Bot) -> None:
    add_people(bot, U0CONNECT={"team_id": "T0OTHERORG"})
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    bot.slack.clear_calls()
    post(bot, message("U0CONNECT", "<@U0ANA> hi", user_team="T0OTHERORG"))
    bot.idle()
    assert notices(bot, "U0CONNECT") == []
    assert bot.slack.calls("users.info") == []  # no need to ask Slack about them


def test_slack_unable_to_vouch_for_the_sender_means_no_notice(http_bot: Bot) -> None:
    bot = http_bot
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    bot.slack.fail_next("users.info", count=10, status=500)
    post(bot, message("U0BEN", "<@U0ANA> hi"))
    bot.idle()
    assert notices(bot, "U0BEN") == []
    bot.slack.clear_faults()
    post(bot, message("U0BEN", "<@U0ANA> hi again", at=MON_EVENING + timedelta(minutes=5)))
    bot.slack.wait_for(lambda: notices(bot, "U0BEN"), timeout=5)  # asked again, not cached


def test_enterprise_grid_same_org_is_told_other_org_is_not(http_bot: Bot) -> None:
    bot = http_bot
    add_people(
        bot,
        U0SISTER={"team_id": "T0SISTER", "enterprise_id": "E0ORG"},
        U0RIVAL={"team_id": "T0RIVAL", "enterprise_id": "E0RIVAL"},
    )
    give_shifts(bot, "U0ANA")
    bot.clock.set(MON_EVENING)
    sender = bot.sender
    assert isinstance(sender, SlackSender)
    for user in ("U0SISTER", "U0RIVAL"):
        body = event_callback(
            message(user, "<@U0ANA> are you around?", user_team=f"T0{user[3:]}"),
            team_id=TEAM,
            api_app_id="A0BALANCE",
            bot_user_id="U0BALANCE",
            event_id=f"Ev0GRID{user[3:]}",
            event_time=None,
        )
        body["authorizations"][0]["enterprise_id"] = "E0ORG"
        body["enterprise_id"] = "E0ORG"
        assert sender.event_body(body).status == 200
    bot.slack.wait_for(lambda: notices(bot, "U0SISTER"), timeout=5)
    bot.idle()
    assert notices(bot, "U0RIVAL") == []


def test_the_rule_itself() -> None:
    member = {"id": "U1", "team_id": "T1"}
    assert same_organisation(member, team_id="T1", enterprise_id=None)
    assert not same_organisation({**member, "team_id": "T2"}, team_id="T1", enterprise_id=None)
    grid = {"id": "W1", "team_id": "T2", "enterprise_user": {"enterprise_id": "E1"}}
    assert same_organisation(grid, team_id="T1", enterprise_id="E1")
    assert not same_organisation(grid, team_id="T1", enterprise_id="E2")
    assert not same_organisation(grid, team_id="T1", enterprise_id=None)
    for flag in (
        "is_restricted",
        "is_ultra_restricted",
        "is_stranger",
        "is_bot",
        "deleted",
        "is_app_user",
    ):
        assert not same_organisation({**member, flag: True}, team_id="T1", enterprise_id=None)


# -- "on leave" only when shared ---------------------------------------------------------------


def _away_notice(bot: Bot) -> str:
    give_shifts(bot, "U0ANA")
    bot.store.members.update(
        team_id=TEAM,
        user_id="U0ANA",
        now=bot.clock.now(),
        away_from=date(2026, 11, 30),
        away_until=date(2026, 12, 4),
    )
    bot.clock.set(MON_EVENING)
    post(bot, message("U0BEN", "<@U0ANA> the forms?"))
    [notice] = bot.slack.wait_for(lambda: notices(bot), timeout=5)
    return texts(notice)


def test_leave_is_not_mentioned_unless_the_member_shares_it(bot: Bot) -> None:
    said = _away_notice(bot)
    assert "leave" not in said.lower() and "December 4" not in said
    assert "<@U0ANA>" in said and "Back" in said  # still: off, and when they're back


def test_a_member_who_shares_it_is_said_to_be_on_leave(bot: Bot) -> None:
    reply = bot.sender.command("U0ANA", "quiet leave on").payload()
    assert "licencia" in texts(reply)  # Ana reads Spanish
    assert bot.store.members.get(team_id=TEAM, user_id="U0ANA").share_leave
    said = _away_notice(bot)
    assert "on leave until Friday, December 4" in said


def test_sharing_leave_is_off_by_default_and_in_the_settings_modal(http_bot: Bot) -> None:
    bot = http_bot
    assert bot.sender.command("U0BEN", "settings").status == 200
    modal = bot.slack.views_opened()[-1]
    switches = [
        b
        for b in modal["blocks"]
        if b.get("block_id") == "switches" or (b.get("element") or {}).get("type") == "checkboxes"
    ]
    [block] = switches
    values = [o["value"] for o in block["element"]["options"]]
    chosen = [o["value"] for o in block["element"].get("initial_options", [])]
    assert "share_leave" in values and "share_leave" not in chosen
    assert bot.sender.command("U0BEN", "quiet leave on").status == 200
    assert bot.sender.command("U0BEN", "quiet leave off").status == 200
    assert not bot.store.members.get(team_id=TEAM, user_id="U0BEN").share_leave
