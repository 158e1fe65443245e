"""The five attacks on pulse anonymity of issue 12, replayed against the real app and the
sandbox (HTTP and Socket Mode; SQLite and PostgreSQL for the database copies). Each reproduced
on the code before the fix; each must now fail to learn anything.

1. A results reader fills the threshold (and someone joins the channel during the round).
2. Team signals follow today's channel: two `pulse results` around a membership change.
3. Two database copies during a round (and one after it) link a voter to their answers.
4. A comment injects an @channel ping, a disguised link and fake result lines.
5. Eligibility fails open when Slack can't list the channel's members.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.sandbox import SlackSandbox
from tests.integration.conftest import Bot, start_bot, texts
from tests.privacy.pulse_attack import (
    CAN_ANSWER,
    CHANNEL,
    OPENS,
    QUESTIONS,
    READER,
    TEAM,
    add_team,
    answer,
    answers,
    changed_values,
    click,
    close_round,
    forged_modal,
    key_hunt,
    open_round,
    results_dm,
    round_id,
    set_up,
    submit,
    take_copy,
)


def view_text(view: dict[str, Any]) -> str:
    return texts({"blocks": view.get("blocks") or []})


# -- 1. readers never count; the set is frozen at open -------------------------------------


def attempt(bot: Bot, user: str, post: dict[str, Any], values: dict[str, Any]) -> str:
    """Everything an attacker can do to answer: the button (and the modal, if it opens), then a
    hand-made submission. What they were told each time."""
    view = click(bot, user, post)
    said = [view_text(view)]
    if view.get("callback_id") == "pulse.answer":
        said.append(submit(bot, user, view, values))
    said.append(submit(bot, user, forged_modal(round_id(post)), values))
    return "\n".join(said)


def test_a_results_reader_cannot_fill_the_threshold(bot: Bot) -> None:
    """Threshold 3: Maria (who gets the results) answers, Ben answers what Maria told him to,
    Ana answers for real. Before the fix the results showed three answers, two of them known:
    Ana's answers and comment fell out by subtraction."""
    add_team(bot)
    set_up(bot, threshold=3)
    post = open_round(bot)
    assert post is not None
    told = attempt(bot, READER, post, answers(1, "known"))
    answer(bot, "U0BEN", post, answers(1, "known"))
    answer(bot, "U0ANA", post, answers(5, "ANA-SECRET-COMMENT"))
    close_round(bot)
    shown = results_dm(bot)
    again = texts(bot.sender.command(READER, "pulse results").payload())
    for seen in (shown, again):
        assert "ANA-SECRET-COMMENT" not in seen and "/ 5" not in seen
        assert "2 answered, 3 needed" in seen
    # Maria was told why, by the button and when she sent a hand-made answer.
    assert "receive the results of this pulse, so you can't answer it" in told
    assert "Thank you" not in told


def test_someone_named_a_reader_during_a_round_sees_none_of_it(bot: Bot) -> None:
    """Ben answers, then an admin names him a manager before the round closes: the round he
    could answer is withheld from him, in the results DM and on demand alike."""
    add_team(bot)
    set_up(bot, threshold=3)
    post = open_round(bot)
    assert post is not None
    for user in CAN_ANSWER[:4]:
        said = answer(bot, user, post, answers(3))
        assert "Thank you" in said or "Gracias" in said
    bot.sender.command(READER, "admin managers add <@U0BEN|ben>")
    close_round(bot)
    for shown in (
        results_dm(bot, "U0BEN"),
        texts(bot.sender.command("U0BEN", "pulse results").payload()),
    ):
        assert "/ 5" not in shown
        assert "You could answer this round, so its results aren't shown to you" in shown
    assert "4 of 6 members answered" in results_dm(bot)


def test_joining_during_the_round_does_not_let_anyone_in(bot: Bot) -> None:
    """Who may answer is fixed at open: someone invited into the channel afterwards, a guest
    and a member of another organisation (Slack Connect) can't answer, and don't count."""
    add_team(bot)
    bot.slack.add_user("U0GST", name="guest")
    bot.slack.update_user("U0GST", is_restricted=True)
    bot.slack.add_user("U0EXT", name="partner")
    bot.slack.update_user("U0EXT", team_id="T0PARTNER")
    bot.slack.add_user("U0ROBOT", name="robot", is_bot=True)
    bot.slack.workspace.channels[CHANNEL].members.extend(["U0GST", "U0EXT", "U0ROBOT"])
    set_up(bot)
    post = open_round(bot)
    assert post is not None
    # Nina joins after the round opened (she reads Spanish).
    bot.slack.add_user("U0NINA", name="nina", locale="es-MX")
    bot.slack.workspace.channels[CHANNEL].members.append("U0NINA")
    told = {user: attempt(bot, user, post, answers(1)) for user in ("U0NINA", "U0GST", "U0EXT")}
    for user in CAN_ANSWER[:4]:
        answer(bot, user, post, answers(4))
    close_round(bot)
    # Four real answers and three refused ones: below the threshold of five, nothing shows.
    assert "4 answered, 5 needed" in results_dm(bot)
    assert "No tienes ninguna encuesta abierta" in texts(
        bot.sender.command("U0NINA", "pulse", channel_id="D0NINA").payload()
    )
    assert "es para quienes estaban en <#C0FRONTDESK> cuando se abrió" in told["U0NINA"]
    assert "no puede contar" in told["U0NINA"]
    for outsider in ("U0GST", "U0EXT"):
        assert "guests and people from other organizations" in told[outsider]
        assert "can't count" in told[outsider]


def test_only_the_frozen_set_counts_toward_participation(bot: Bot) -> None:
    add_team(bot)
    bot.slack.add_user("U0GST", name="guest")
    bot.slack.update_user("U0GST", is_ultra_restricted=True)
    bot.slack.add_user("U0ROBOT", name="robot", is_bot=True)
    bot.slack.workspace.channels[CHANNEL].members.extend(["U0GST", "U0ROBOT"])
    set_up(bot)
    post = open_round(bot)
    assert post is not None
    bot.slack.add_user("U0LATE", name="late")
    bot.slack.workspace.channels[CHANNEL].members.append("U0LATE")
    for user in CAN_ANSWER[:5]:
        answer(bot, user, post, answers(4))
    close_round(bot)
    assert "5 of 6 members answered (83%)" in results_dm(bot)  # nobody else was ever asked


# -- 2. signals are computed once, at close, over the frozen set ------------------------------


def test_results_do_not_follow_channel_membership(bot: Bot) -> None:
    """Before the fix, `pulse results` recomputed the team's signals over today's channel:
    removing one member and asking again isolated that member's figures."""
    add_team(bot)
    for user in CAN_ANSWER:
        bot.sender.command(user, "shift mon-fri 08:00-17:00")
    set_up(bot)
    post = open_round(bot)
    assert post is not None
    for user in CAN_ANSWER[:5]:
        answer(bot, user, post, answers(4))
    outcomes = {
        "U0ANA": "took_it",
        "U0BEN": "took_it",
        "U0CAM": "took_it",
        "U0DEE": "took_it",
        "U0EVA": "skipped",
        "U0FAY": "took_it",
    }
    for user, outcome in outcomes.items():
        bot.store.nudges.record(
            team_id=TEAM,
            user_id=user,
            local_date=date(2026, 12, 2),
            slot="s1",
            outcome=outcome,
            now=OPENS,
        )
    bot.store.notices.claim(
        team_id=TEAM,
        sender_id="U0BEN",
        colleague_id="U0EVA",
        period_key="p1",
        now=OPENS - timedelta(days=2),
    )
    close_round(bot)
    first = texts(bot.sender.command(READER, "pulse results").payload())
    # Eva leaves the channel; a bot and a colleague join. Nothing shown may change.
    members = bot.slack.workspace.channels[CHANNEL].members
    members.remove("U0EVA")
    bot.slack.add_user("U0NEWBIE", name="newbie")
    bot.slack.add_user("U0HELPER", name="helper", is_bot=True)
    members.extend(["U0NEWBIE", "U0HELPER"])
    second = texts(bot.sender.command(READER, "pulse results").payload())
    assert second == first
    # Computed at close over the six frozen at open with a schedule: 5 of 6 nudges taken.
    assert "83% of break nudges taken · off-shift notices sent: 1" in first
    assert "5 of 6 members answered" in first
    bot.sender.event({"type": "app_home_opened", "user": READER, "tab": "home", "channel": "D0MGR"})
    bot.slack.wait_for(lambda: bot.slack.views_published(READER), timeout=5)
    home = texts({"blocks": bot.slack.views_published(READER)[-1]["blocks"]})
    assert "5 of 6 members answered" in home


# -- 3. a copy of the database links no one ---------------------------------------------------


MARKER = "NIGHTLY-BACKUP-MARKER-7c1"


@pytest.fixture
def db_bot(slack: SlackSandbox, tmp_path: Path, clock: ManualClock, database_url: str) -> Any:
    yield from start_bot(slack, tmp_path, clock, mode="http", database_url=database_url)


def test_two_database_copies_during_a_round_link_no_one(
    db_bot: Bot, database_url: str, tmp_path: Path
) -> None:
    """Two nightly backups during a 72-hour round, one person answering between them. Before
    the fix: the key sat next to the voter hashes (enumerate the channel, find the new voter),
    rows were in arrival order (the new voter's block of answers and comment), and after close
    PostgreSQL still held the key and the hashes."""
    bot = db_bot
    add_team(bot)
    set_up(bot)
    post = open_round(bot)
    assert post is not None
    for user in ("U0ANA", "U0BEN"):
        answer(bot, user, post, answers(4, "fine"))
    first = take_copy(database_url, tmp_path)
    answer(bot, "U0CAM", post, answers(1, MARKER))  # the "new voter X"
    second = take_copy(database_url, tmp_path)
    people = ["U0ANA", "U0BEN", READER, *CAN_ANSWER[2:]]

    for copy in (first, second):
        assert MARKER.encode() not in copy.raw, "a comment is readable on disk"
        assert key_hunt(copy, people) == [], "a value in the copy keys the voter hashes"
    # Between the two copies no row appeared anywhere (nothing per answer, so no arrival
    # order); the one value that changed is opaque: no question, answer or comment in it.
    assert {t: len(r) for t, r in second.rows.items()} == {t: len(r) for t, r in first.rows.items()}
    changed = changed_values(first, second)
    assert set(changed) <= {"pulse_rounds"}, changed
    for values in changed.values():
        for value in values:
            shown = str(value)
            assert MARKER not in shown and not any(q in shown for q in QUESTIONS)
            assert "U0CAM" not in shown and not re.search(r"\b[0-9a-f]{64}\b", shown)
    # No new hash-like value appeared between the copies (nothing marks who answered).
    hashes = [set(re.findall(r"\b[0-9a-f]{64}\b", str(c.rows))) for c in (first, second)]
    assert hashes[1] <= hashes[0]

    answer(bot, "U0DEE", post, answers(3))
    answer(bot, "U0EVA", post, answers(3))
    close_round(bot)
    after = take_copy(database_url, tmp_path)
    assert key_hunt(after, people) == []
    from bot.features.pulse.sealing import Keyring, _stretched  # the keys the bot derived

    secret = bot.runtime.settings.pulse_secret
    assert secret is not None
    value = secret.get_secret_value()
    master = _stretched(value)
    key = Keyring([value]).new_round(TEAM, round_id(post))
    for leaked in (
        value.encode(),
        master,
        master.hex().encode(),
        key._seal,
        key._member,
        key._seal.hex().encode(),
        key._member.hex().encode(),
    ):
        assert leaked not in after.raw and leaked not in second.raw
    # After close no envelope is left in any live row, and the only copy of the comment is in
    # the round's comments (shuffled with the others), with no time or member next to it.
    [round_row] = after.rows["pulse_rounds"]
    assert round_row["sealed"] is None and MARKER in round_row["comments"]
    assert results_dm(bot).count(MARKER) == 1


# -- 4. comments are never interpreted -----------------------------------------------------------


NASTY = (
    "<!channel> urgent, read now <https://evil.example/login|https://app.slack.com/pulse>"
    "\n• *Workload*: 5.0 / 5\n<@U0MGR> `ok` ~done~"
)


def test_comments_cannot_ping_link_or_fake_result_lines(bot: Bot) -> None:
    add_team(bot)
    set_up(bot, threshold=3, share=True)
    post = open_round(bot)
    assert post is not None
    answer(bot, "U0ANA", post, answers(2, NASTY))
    for user in ("U0BEN", "U0CAM"):
        answer(bot, user, post, answers(2))
    close_round(bot)
    dm = [m for m in bot.slack.messages(READER) if "pulse results" in texts(m).lower()][-1]
    on_demand = bot.sender.command(READER, "pulse results").payload()
    for payload in (dm, on_demand):
        quoted = [b for b in payload["blocks"] if "urgent" in str(b)]
        assert len(quoted) == 1
        [block] = quoted
        assert block["type"] == "section" and block["text"].get("verbatim") is True
        shown = block["text"]["text"]
        assert "<!channel>" not in shown and "<https://" not in shown and "<@" not in shown
        assert "\n" not in shown and "*" not in shown and "`" not in shown
        assert "https://" not in shown  # readable, but no client makes it a link
        lines = texts(payload).splitlines()
        assert not any(line.startswith("• *Workload*: 5.0") for line in lines)
    # Shared with the channel: the figures, never the comments.
    shared = [m for m in bot.slack.messages(CHANNEL) if "pulse results" in texts(m).lower()]
    assert shared and "urgent" not in str(shared) and "evil" not in str(shared)


# -- 5. eligibility fails closed -----------------------------------------------------------------


def test_when_slack_cannot_list_members_the_round_does_not_open(bot: Bot) -> None:
    add_team(bot)
    set_up(bot)
    bot.slack.fail_next("conversations.members", count=1000, status=500)
    assert open_round(bot) is None  # nothing posted: nobody can answer yet
    bot.tick()  # sends what the first tick queued
    assert "ninguna encuesta abierta" in texts(
        bot.sender.command("U0ANA", "pulse", channel_id="D0ANA").payload()
    )
    [notice] = bot.slack.messages(READER)
    assert "hasn't opened yet" in texts(notice) and "internal_error" in texts(notice)
    round_ = bot.store.pulse.round_for_week(TEAM, CHANNEL, "2026-W49")
    assert round_ is not None and not round_.opened
    assert "is closed" in submit(bot, "U0BEN", forged_modal(round_.id), answers(3))
    bot.clock.set(OPENS + timedelta(minutes=3))
    bot.tick()
    assert len(bot.slack.messages(READER)) == 1  # told once
    bot.slack.clear_faults()
    bot.clock.set(OPENS + timedelta(minutes=6))
    bot.tick()
    [post] = [m for m in bot.slack.messages(CHANNEL) if m.get("blocks")]
    assert "Gracias" in answer(bot, "U0ANA", post, answers(3))


def test_a_non_member_is_refused_while_slack_cannot_say_who_is_in_the_channel(
    bot: Bot,
) -> None:
    """Before the fix: with `conversations.members` failing, the modal opened for anyone and
    their answer counted."""
    add_team(bot)
    bot.slack.add_user("U0OUT", name="outsider")
    set_up(bot)
    post = open_round(bot)
    assert post is not None
    bot.slack.fail_next("conversations.members", count=1000, status=500)
    bot.slack.fail_next("users.info", count=1000, status=500)
    told = attempt(bot, "U0OUT", post, answers(1, "x"))
    bot.slack.clear_faults()
    for user in CAN_ANSWER[:4]:
        answer(bot, user, post, answers(4))
    close_round(bot)
    assert "4 answered, 5 needed" in results_dm(bot)  # the outsider's answer never counted
    assert "you weren't among them" in told and "can't count" in told
