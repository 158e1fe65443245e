"""Authorization: an ordinary member tries every admin action (`/balance admin closed|urgent|
managers`, `/balance pulse setup|results`, a hand-made pulse set-up submission) and every way of
touching a colleague's settings; each is refused, opens nothing and writes nothing. Admins, and
for the pulse the managers an admin named, are let through."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.features.quiet import service as quiet_service
from bot.store.outbox import PENDING, NewMessage
from bot.store.tables import metadata
from tests.integration import test_pulse as pulse
from tests.integration.conftest import Bot, texts

TEAM = "T0SANDBOX"
MEMBER, COLLEAGUE, ADMIN = "U0BEN", "U0ANA", "U0MGR"  # Maria is a Slack workspace admin
ADMIN_ACTIONS = [
    "admin closed 2026-12-24",
    "admin closed clear 2026-12-24",
    "admin closed clear",
    "admin closed",
    'admin urgent "call Ben on ext. 200"',
    "admin urgent clear",
    "admin urgent",
    f"admin managers <@{MEMBER}>",
    "admin managers",
    "admin",
    "pulse setup",
    "pulse configurar",
    "pulse results",
    "pulse results <#C0FRONTDESK|front-desk>",
]


def snapshot(bot: Bot) -> dict[str, list[tuple[Any, ...]]]:
    with bot.store.engine.connect() as conn:
        return {
            name: sorted(tuple(map(repr, row)) for row in conn.execute(select(table)))
            for name, table in metadata.tables.items()
        }


def side_effects(bot: Bot) -> list[str]:
    """Slack calls that would show or send something (reads like users.info are fine)."""
    reads = {
        "users.info",
        "users.list",
        "conversations.members",
        "conversations.info",
        "auth.test",
        "team.info",
    }
    return [c.method for c in bot.slack.calls() if c.method not in reads]


@pytest.mark.parametrize("words", ADMIN_ACTIONS)
def test_an_ordinary_member_cannot_do_admin_actions(bot: Bot, words: str) -> None:
    bot.store.workspaces.update(
        TEAM, now=bot.clock.now(), urgent_route="ext. 100", managers=[ADMIN]
    )
    assert bot.sender.command(MEMBER, "status").status == 200  # a member the bot knows
    before = snapshot(bot)
    bot.slack.clear_calls()
    reply = bot.sender.command(MEMBER, words)
    assert reply.status == 200
    said = texts(reply.payload()).lower()
    assert "admin" in said or "manager" in said, said  # says who may, instead of doing it
    assert snapshot(bot) == before
    assert side_effects(bot) == []
    assert bot.slack.views_opened() == []
    assert MEMBER not in bot.store.workspaces.get(TEAM).managers


def test_a_hand_made_pulse_setup_submission_from_a_member_is_refused(bot: Bot) -> None:
    assert bot.sender.command(ADMIN, "pulse setup").status == 200
    modal = bot.slack.views_opened()[-1]
    before = snapshot(bot)
    reply = bot.sender.view_submission(
        MEMBER, modal, pulse._setup_values(), callback_id="pulse.setup"
    )
    assert reply.status == 200
    assert "admin" in texts({"blocks": reply.payload()["view"]["blocks"]}).lower()
    assert snapshot(bot) == before


def test_admins_and_named_managers_are_let_through(http_bot: Bot) -> None:
    bot = http_bot
    assert "2026-12-24" in texts(bot.sender.command(ADMIN, "admin closed 2026-12-24").payload())
    reply = bot.sender.command(ADMIN, f"admin managers <@{COLLEAGUE}>").payload()
    assert COLLEAGUE in bot.store.workspaces.get(TEAM).managers, texts(reply)
    # Ana is now a named manager (not a Slack admin): the pulse is hers to set up and read.
    opened = len(bot.slack.views_opened())
    assert bot.sender.command(COLLEAGUE, "pulse setup").status == 200
    assert len(bot.slack.views_opened()) == opened + 1
    results = texts(bot.sender.command(COLLEAGUE, "pulse results").payload()).lower()
    assert "only" not in results  # no refusal (there are simply no results yet)


def test_members_change_only_their_own_settings(bot: Bot) -> None:
    for user in (MEMBER, COLLEAGUE):
        assert bot.sender.command(user, "shift mon-fri 08:00-17:00").status == 200
    theirs = bot.store.members.get(team_id=TEAM, user_id=COLLEAGUE)
    now = bot.clock.now()
    key = quiet_service.reminder_key(
        team_id=TEAM,
        sender=COLLEAGUE,
        channel="C0FRONTDESK",
        ts="1764545400.000100",
        colleague=MEMBER,
    )
    bot.store.outbox.enqueue(
        [
            NewMessage(
                key=key,
                team_id=TEAM,
                kind="reminder",
                channel=COLLEAGUE,
                user_id=COLLEAGUE,
                payload={"text": "back"},
                due_at=now + timedelta(hours=3),
                expires_at=now + timedelta(hours=7),
            )
        ],
        now=now,
    )
    nudge = f"nudge:{TEAM}:{COLLEAGUE}:2026-11-30:break-0800-2"

    # Commands only ever apply to whoever typed them: naming a colleague changes nothing.
    for words in (
        f"level entry <@{COLLEAGUE}>",
        f"shift clear <@{COLLEAGUE}>",
        f"quiet off <@{COLLEAGUE}>",
        f"away until 2026-12-24 <@{COLLEAGUE}>",
    ):
        assert bot.sender.command(MEMBER, words).status == 200
    # Buttons that carry a colleague's nudge or reminder do nothing for someone else (forget-me:
    # tests/reliability/test_forget_me.py::test_a_member_can_only_forget_themself).
    for action, value in (
        ("breaks.snooze.10", nudge),
        ("breaks.took_it", nudge),
        ("breaks.skip", nudge),
        ("quiet.reminder_cancel", key),
        ("quiet.home_cancel", key),
    ):
        assert (
            bot.sender.block_action(MEMBER, action, value, channel_id="C0FRONTDESK").status == 200
        )
    # The settings modal, submitted by Ben with a view made for Ana, saves Ben's settings.
    assert bot.sender.command(COLLEAGUE, "settings").status == 200
    anas_modal = bot.slack.views_opened()[-1]
    assert (
        bot.sender.view_submission(
            MEMBER, anas_modal, {}, callback_id=anas_modal["callback_id"]
        ).status
        == 200
    )
    bot.idle()  # every lazy listener of the clicks and the submission above has finished
    assert bot.store.members.get(team_id=TEAM, user_id=COLLEAGUE) == theirs
    reminder = bot.store.outbox.by_key(key)
    assert reminder is not None and reminder.status == PENDING
    with bot.store.engine.connect() as conn:
        logged = conn.execute(select(metadata.tables["nudge_log"])).all()
        snoozed = conn.execute(
            select(metadata.tables["outbox"]).where(
                metadata.tables["outbox"].c.dedupe_key.startswith(nudge)
            )
        ).all()
    assert logged == [] and snoozed == []
