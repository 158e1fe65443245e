"""`/balance admin`: closed days, the urgent route (screened for patient data) and the managers
who see pulse results; Slack admins only, with a clear refusal for everyone else."""

from __future__ import annotations

from datetime import date

from tests.integration.conftest import Bot, texts

TEAM = "T0SANDBOX"


def say(bot: Bot, user: str, text: str) -> str:
    reply = bot.sender.command(user, text)
    assert reply.status == 200
    return texts(reply.payload())


def test_members_who_are_not_admins_are_refused(bot: Bot) -> None:
    for words in (
        "admin closed 2026-12-24",
        'admin urgent "call ext. 200"',
        "admin managers <@U0BEN|ben>",
        "admin",
    ):
        assert "Only workspace admins can do that." in say(bot, "U0BEN", words)
    workspace = bot.store.workspaces.get(TEAM)
    assert workspace.closed_days == frozenset() and workspace.urgent_route is None
    assert workspace.managers == ()


def test_closed_days(bot: Bot) -> None:
    assert "No closed days" in say(bot, "U0MGR", "admin closed")
    reply = say(bot, "U0MGR", "admin closed 2026-12-24 2026-12-31")
    assert "2026-12-24, 2026-12-31" in reply
    assert "2026-12-31" not in say(bot, "U0MGR", "admin closed clear 2026-12-31")
    assert bot.store.workspaces.get(TEAM).closed_days == frozenset({date(2026, 12, 24)})
    assert "couldn't read the date “someday”" in say(bot, "U0MGR", "admin closed someday")
    assert "has already passed" in say(bot, "U0MGR", "admin closed 2020-01-01")
    assert "No closed days" in say(bot, "U0MGR", "admin closed clear all")


def test_urgent_route_is_screened_for_patient_data(http_bot: Bot) -> None:
    bot = http_bot
    assert "No urgent route" in say(bot, "U0MGR", "admin urgent")
    saved = say(bot, "U0MGR", "admin urgent \u201ccall the on-call line 312-555-0100\u201d")
    assert "call the on-call line 312-555-0100" in saved
    assert bot.store.workspaces.get(TEAM).urgent_route == "call the on-call line 312-555-0100"
    refused = say(bot, "U0MGR", 'admin urgent "ask about patient John Smith, MRN 00482913"')
    assert "look like patient data" in refused
    assert "“patient John Smith”" in refused and "“00482913”" in refused  # shown to the admin
    assert bot.store.workspaces.get(TEAM).urgent_route == "call the on-call line 312-555-0100"
    # The practice's own address and mailbox pass; a relative's phone number does not.
    office = "go to 2200 N Main St suite 140 or email frontdesk@lakesideclinic.com"
    assert office in say(bot, "U0MGR", f'admin urgent "{office}"')
    relative = say(bot, "U0MGR", 'admin urgent "call Mrs. Ortiz\'s daughter at 312-555-0177"')
    assert "“312-555-0177”" in relative and "a phone number" in relative
    assert bot.store.workspaces.get(TEAM).urgent_route == office
    assert "removed" in say(bot, "U0MGR", "admin urgent clear")
    assert bot.store.workspaces.get(TEAM).urgent_route is None
    assert "under 200 characters" in say(bot, "U0MGR", "admin urgent " + "x" * 201)


def test_managers_from_slack_mentions(http_bot: Bot) -> None:
    bot = http_bot
    assert "No managers named" in say(bot, "U0MGR", "admin managers")
    reply = say(bot, "U0MGR", "admin managers <@U0ANA|ana> <@U0BEN>")
    assert "<@U0ANA>" in reply and "<@U0BEN>" in reply
    assert bot.store.workspaces.get(TEAM).managers == ("U0ANA", "U0BEN")
    say(bot, "U0MGR", "admin managers remove <@U0BEN|ben>")
    assert bot.store.workspaces.get(TEAM).managers == ("U0ANA",)
    # Unescaped @names (a manifest without escaping) are looked up by name.
    say(bot, "U0MGR", "admin managers add @ben")
    assert bot.store.workspaces.get(TEAM).managers == ("U0ANA", "U0BEN")
    assert "couldn't find @nobody" in say(bot, "U0MGR", "admin managers add @nobody")
    assert "No managers named" in say(bot, "U0MGR", "admin managers clear")


def test_usage(http_bot: Bot) -> None:
    assert "admin closed 2026-12-24" in say(http_bot, "U0MGR", "admin")
    assert "admin closed 2026-12-24" in say(http_bot, "U0MGR", "admin whatever")


def test_a_named_manager_sees_the_pulse_but_changes_nothing_workspace_wide(
    http_bot: Bot,
) -> None:
    """Named managers see and set up the pulse; closed days, the urgent route (quoted in every
    notice) and naming managers stay with Slack workspace admins."""
    bot = http_bot
    say(bot, "U0MGR", "admin managers <@U0BEN|ben>")
    for words in (
        "admin closed 2026-12-24",
        'admin urgent "Call the on-call line, ext. 200"',
        "admin urgent clear",
        "admin managers <@U0ANA|ana>",
        "admin closed",
    ):
        assert "Only workspace admins" in say(bot, "U0BEN", words), words
    workspace = bot.store.workspaces.get(TEAM)
    assert workspace.closed_days == frozenset() and workspace.urgent_route is None
    assert workspace.managers == ("U0BEN",)
    assert "Only workspace admins" not in say(bot, "U0BEN", "pulse setup")


def test_changing_closed_days_replans_the_team(http_bot: Bot) -> None:
    bot = http_bot
    say(bot, "U0ANA", "shift mon-fri 08:00-17:00")
    bot.tick()  # planned: the next planning time moves ahead
    before = bot.store.members.get(team_id=TEAM, user_id="U0ANA")
    assert before.next_plan_at is not None and before.next_plan_at > bot.clock.now()
    say(bot, "U0MGR", "admin closed 2026-12-24")
    after = bot.store.members.get(team_id=TEAM, user_id="U0ANA")
    assert after.next_plan_at is not None and after.next_plan_at <= bot.clock.now()
