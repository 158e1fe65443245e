"""Further attacks on pulse anonymity, written from `docs/promises.md`, the admin guide (section 3)
and issue 12 alone, without reading the pulse code. Each drives the real app against the Slack
sandbox through the harness in `tests/privacy/pulse_attack.py`: the set-up modal, the Answer
button and modal, hand-made submissions, and `/balance pulse results` as a reader asks it."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.clock import ManualClock
from bot.sandbox import SlackSandbox
from tests.conftest import SESSION_LOG
from tests.integration.conftest import MEMBERS, Bot, buttons, start_bot, texts
from tests.privacy import pulse_attack as pa
from tests.privacy.pulse_attack import CHANNEL, CLOSES, OPENS, READER

WORKLOAD = re.compile(r"\*Workload\*: (\d\.\d) / 5([^\n]*)")
NOT_ENOUGH = re.compile(r"(\d+) answered, (\d+) needed")


def results(bot: Bot, user: str = READER) -> str:
    """What a reader reads from `/balance pulse results`."""
    return texts(bot.sender.command(user, "pulse results").payload())


def raw_submit(bot: Bot, user: str, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Submit an answer modal as given (a retry, a second device, a hand-made one): the ack."""
    return bot.sender.view_submission(
        user, view, pa.api.simple_values(values), callback_id="pulse.answer"
    ).payload()


def week(bot: Bot, n: int, users: list[str], workload: int) -> str:
    """Round `n` weeks after the first: open it, let `users` answer, close it; the results."""
    bot.clock.set(OPENS + timedelta(days=7 * n, seconds=30))
    bot.tick()
    post = [m for m in bot.slack.messages(CHANNEL) if buttons(m)][-1]
    assert pa.round_id(post) == n + 1, "a new round opened this week"
    for user in users:
        assert "Thank you" in pa.answer(bot, user, post, pa.answers(workload)) or user == "U0ANA"
    bot.clock.set(CLOSES + timedelta(days=7 * n, seconds=30))
    bot.tick()
    bot.tick()
    return results(bot)


def test_answering_twice_never_counts_twice_toward_the_threshold(bot: Bot) -> None:
    """Attack: one member answers from two devices and `/balance pulse` (three modals opened
    before any is sent), then retried requests replay the first submissions, so four people
    look like five or more and the threshold of 5 is met. Promise: results only when at least
    the threshold of *people* answered (docs/promises.md, "Pulse results appear only after the
    round closes, and only when at least the round's threshold of people answered"; the form
    itself: "Only one answer per person counts")."""
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in ("U0ANA", "U0BEN", "U0DEE"):
        pa.answer(bot, user, post, pa.answers(4))
    phone, laptop = pa.click(bot, "U0CAM", post), pa.click(bot, "U0CAM", post)
    opened = len(bot.slack.views_opened())
    bot.sender.command("U0CAM", "pulse")  # the other door to the same form
    bot.slack.wait_for(lambda: len(bot.slack.views_opened()) > opened, timeout=5)
    typed = bot.slack.views_opened()[-1]
    assert typed.get("callback_id") == "pulse.answer"
    acks = [
        raw_submit(bot, "U0CAM", view, pa.answers(1, "from cam"))
        for view in (phone, laptop, typed, phone, laptop)
    ]
    assert acks[0].get("response_action") == "update", acks[0]
    pa.close_round(bot)

    seen = results(bot)
    assert WORKLOAD.search(seen) is None, seen
    assert "from cam" not in seen
    assert NOT_ENOUGH.search(seen) is not None, seen
    assert NOT_ENOUGH.search(seen).groups() == ("4", "5"), seen  # type: ignore[union-attr]


def test_a_modal_sent_after_close_changes_no_stored_figure(http_bot: Bot) -> None:
    """Attack: a member opens the answer modal before the round closes and sends it after the
    results went out. If it were added, the reader asking `pulse results` before and after would
    read that one member's answers by subtraction. Promise: "Stored figures only … asking twice
    gives the same answer" (admin guide §3; docs/promises.md "Signals are computed once, at
    close … asked twice … they say exactly the same") and results only after the round closes."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in pa.CAN_ANSWER[:5]:
        pa.answer(bot, user, post, pa.answers(4, f"on time {user}"))
    late = pa.click(bot, "U0FAY", post)
    assert late.get("callback_id") == "pulse.answer"
    pa.close_round(bot)
    before, dm_before = results(bot), pa.results_dm(bot)
    assert "5 of 6" in before and WORKLOAD.search(before) is not None, before

    ack = raw_submit(bot, "U0FAY", late, pa.answers(1, "sent too late"))
    after_ack = json.dumps(ack)
    assert "Thank you" not in after_ack, after_ack
    assert results(bot) == before
    assert pa.results_dm(bot) == dm_before
    assert "sent too late" not in results(bot)


def test_lowering_the_threshold_mid_round_does_not_release_a_small_round(http_bot: Bot) -> None:
    """Attack: a reader who sees only three answers coming re-runs the set-up during the round and
    lowers the threshold from 5 to 3, so the three answers are released. Promise (admin guide §3):
    "A round keeps the threshold it was planned with; … lowering it never lowers them";
    docs/promises.md: results only when the round's threshold of people answered."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in pa.CAN_ANSWER[:3]:
        pa.answer(bot, user, post, pa.answers(2, f"small round {user}"))
    bot.clock.set(OPENS + timedelta(hours=30))
    pa.set_up(bot, threshold=3)
    pa.close_round(bot)

    for seen in (results(bot), pa.results_dm(bot)):
        assert WORKLOAD.search(seen) is None, seen
        assert "small round" not in seen, seen
        assert NOT_ENOUGH.search(seen) is not None, seen
        assert NOT_ENOUGH.search(seen).groups() == ("3", "5"), seen  # type: ignore[union-attr]
    bot.sender.event({"type": "app_home_opened", "user": READER, "channel": "D0MGR", "tab": "home"})
    bot.slack.wait_for(lambda: bot.slack.views_published(READER), timeout=5)
    home = json.dumps(bot.slack.views_published(READER)[-1])
    assert "small round" not in home and re.search(r"Workload\W{0,6}\d\.\d", home) is None, home


def test_a_hand_made_set_up_cannot_go_below_the_floor_of_three(http_bot: Bot) -> None:
    """Attack: a named manager hand-makes the set-up submission with a threshold of 2 (the form
    offers nothing below 3), then two people answer: each reads the other's answers by
    subtracting their own. Promise: "default 5, never below 3" (docs/promises.md; admin guide
    §3 "It can't go below 3")."""
    from tests.integration.test_pulse import _setup_values

    bot = http_bot
    pa.add_team(bot)
    bot.sender.command(READER, "pulse setup")
    modal = bot.slack.views_opened()[-1]
    values = _setup_values(
        threshold={"value": {"type": "static_select", "selected_option": {"value": "2"}}},
        results_to={"value": {"type": "multi_users_select", "selected_users": [READER]}},
    )
    ack = bot.sender.view_submission(READER, modal, values, callback_id="pulse.setup").payload()
    post = pa.open_round(bot)
    if ack.get("response_action") == "errors":
        assert post is None, "a refused set-up saved nothing, so no round opens"
        return
    assert post is not None
    for user in pa.CAN_ANSWER[:2]:
        pa.answer(bot, user, post, pa.answers(1, f"pair {user}"))
    pa.close_round(bot)
    seen = results(bot)
    assert WORKLOAD.search(seen) is None, seen
    assert "pair " not in seen, seen


def test_guests_outsiders_bots_and_deactivated_accounts_cannot_fill_the_threshold(
    bot: Bot,
) -> None:
    """Attack: four genuine members answer; a guest, a single-channel guest, a Slack Connect
    member of another organisation, a bot user and a deactivated account, all in the channel
    when the round opens, click Answer and also send hand-made submissions, to reach 5.
    Promise (docs/promises.md, "Who may answer is fixed when a round opens … people (no bots,
    apps or deactivated accounts), full members of the workspace (no guests, no Slack Connect
    members …) … a hand-made submission is refused. Participation counts only that set"). The
    guest is told why in her language (Spanish)."""
    pa.add_team(bot)
    outsiders: dict[str, dict[str, Any]] = {
        "U0GST": {"is_restricted": True, "locale": "es-MX"},
        "U0SCG": {"is_ultra_restricted": True},
        "U0EXT": {"team_id": "T0OTHER"},
        "U0BOT": {"is_bot": True},
        "U0GONE": {"deleted": True},
    }
    for user, profile in outsiders.items():
        bot.slack.add_user(user, name=user.lower(), **profile)
        bot.slack.workspace.channels[CHANNEL].members.append(user)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in pa.CAN_ANSWER[:4]:
        pa.answer(bot, user, post, pa.answers(3))
    guest_view = pa.click(bot, "U0GST", post)
    assert guest_view.get("callback_id") != "pulse.answer"
    guest_text = texts({"blocks": guest_view.get("blocks") or []})
    assert "invitados" in guest_text and "espacio de trabajo" in guest_text, guest_text
    for user in outsiders:
        view = pa.click(bot, user, post) if user != "U0GST" else guest_view
        if view.get("callback_id") == "pulse.answer":
            raw_submit(bot, user, view, pa.answers(5, f"outsider {user}"))
        raw_submit(bot, user, pa.forged_modal(pa.round_id(post)), pa.answers(5, f"forged {user}"))
    pa.close_round(bot)

    seen = results(bot)
    assert WORKLOAD.search(seen) is None, seen
    assert "outsider" not in seen and "forged" not in seen, seen
    assert NOT_ENOUGH.search(seen) is not None, seen
    assert NOT_ENOUGH.search(seen).groups() == ("4", "5"), seen  # type: ignore[union-attr]


def test_comments_are_not_shown_in_arrival_or_member_order(http_bot: Bot) -> None:
    """Attack: a reader who knows who answered when (the channel shows who was online, people say
    "done!") lines the comments up with the order of arrival, or with members sorted by id.
    Promise (admin guide §3): "Comments: in random order"; docs/promises.md: "no arrival order".
    With 8 comments, a random order matches one of the three orders tried by chance with
    probability 3/40320."""
    bot = http_bot
    pa.add_team(bot, {**pa.TEAM_MEMBERS, "U0GIL": "gil", "U0HAL": "hal"})
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    arrival = ["U0FAY", "U0ANA", "U0HAL", "U0EVA", "U0BEN", "U0GIL", "U0DEE", "U0CAM"]
    for n, user in enumerate(arrival):
        pa.answer(bot, user, post, pa.answers(3, f"remark {n} here"))
    pa.close_round(bot)

    shown = [int(n) for n in re.findall(r"remark (\d) here", results(bot))]
    assert sorted(shown) == list(range(8)), shown
    by_member = [arrival.index(user) for user in sorted(arrival)]
    linked = {
        "arrival": list(range(8)),
        "reverse arrival": list(range(8))[::-1],
        "member id": by_member,
        "reverse member id": by_member[::-1],
    }
    assert shown not in linked.values(), shown


def test_no_change_against_a_week_that_missed_the_threshold(http_bot: Bot) -> None:
    """Attack: differencing across weeks. Week 1 has four answers (below 5); week 2 has five,
    the same four and one more. A change against week 1, or week 1's figures in the trend, gives
    away the fifth person's answers. Promise (docs/promises.md, "No differencing through the UI
    … A change against last week is shown only when both rounds met the threshold"; issue 12:
    "trend deltas only between rounds that each met the threshold"). Week 3 (both met) is the
    control: there the change is shown."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    first = week(bot, 0, pa.CAN_ANSWER[:4], workload=1)
    assert WORKLOAD.search(first) is None, first
    second = week(bot, 1, pa.CAN_ANSWER[:5], workload=4)
    third = week(bot, 2, pa.CAN_ANSWER[:5], workload=3)

    found = WORKLOAD.search(second)
    assert found is not None and found.group(1) == "4.0", second
    assert "last week" not in second, second
    assert re.search(r"Workload:[^\n]*1\.0", second) is None, second
    control = WORKLOAD.search(third)
    assert control is not None and "last week" in control.group(2), third
    assert re.search(r"Workload:[^\n]*1\.0", third) is None, third


def test_forget_me_after_a_round_changes_none_of_its_figures(http_bot: Bot) -> None:
    """Attack: the reader reads the results, asks a member to use `/balance forget-me`, and reads
    them again; if the member's answer left the totals, the difference is that member's answer.
    Promise: "Anonymous pulse answers stay in the totals" (docs/promises.md, forget-me) and
    "asking twice gives the same answer whoever joined or left in between" (admin guide §3)."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for n, user in enumerate(pa.CAN_ANSWER[:6]):
        pa.answer(bot, user, post, pa.answers(1 + n % 5, f"note {n}"))
    pa.close_round(bot)
    before = results(bot)
    assert WORKLOAD.search(before) is not None, before

    confirm = bot.sender.command("U0CAM", "forget-me").payload()
    [yes] = [b for b in buttons(confirm) if b["action_id"] == "forget.confirm"]
    before_replies = len(bot.slack.responses())
    bot.sender.block_action("U0CAM", yes["action_id"], yes["value"], channel_id=CHANNEL)
    bot.slack.wait_for(lambda: len(bot.slack.responses()) > before_replies, timeout=5)
    told = json.dumps(bot.slack.responses()[before_replies:])
    assert "delet" in told.lower(), told
    bot.slack.workspace.channels[CHANNEL].members.remove("U0CAM")
    bot.tick()
    assert results(bot) == before


def test_answers_and_who_answered_never_reach_the_log(http_bot: Bot) -> None:
    """Attack: an operator with the logs (not the database, not the secret) lines up "user X
    submitted pulse.answer" entries with the results. Promise (admin guide §3): "Balance Bot
    itself never logs answers, comments or who answered"; docs/promises.md: logs never contain
    member text (pulse comments, modal fields). Balance Bot's loggers run at DEBUG here."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    own = logging.getLogger("bot")
    level = own.level
    own.setLevel(logging.DEBUG)  # Balance Bot's own loggers at their most talkative
    try:
        start = len(SESSION_LOG.lines)
        for n, user in enumerate(pa.CAN_ANSWER):
            pa.answer(bot, user, post, pa.answers(2, f"logcheck-{n}-quietly"))
        pa.close_round(bot)
    finally:
        own.setLevel(level)
    logged = "\n".join(SESSION_LOG.lines[start:])
    assert "logcheck-" not in logged
    assert not [user for user in pa.CAN_ANSWER if user in logged], logged[-2000:]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_bot(
    request: pytest.FixtureRequest, slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> Iterator[Bot]:
    """The bot over HTTP on SQLite, and on PostgreSQL when TEST_POSTGRES_URL is set."""
    overrides = {}
    if request.param == "postgres":
        overrides["database_url"] = request.getfixturevalue("postgres_schema")
    yield from start_bot(slack, tmp_path, clock, mode="http", **overrides)


def retention_round(bot: Bot) -> None:
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for n, user in enumerate(pa.CAN_ANSWER[:5]):
        pa.answer(bot, user, post, pa.answers(3, f"retained remark {n}"))
    pa.close_round(bot)


def test_comments_leave_the_database_when_their_retention_ends(db_bot: Bot, tmp_path: Path) -> None:
    """Attack: a comment that identifies its author by its style stays in the database and in
    `pulse results` for ever. Promise (docs/promises.md, data table): comments "are deleted 12
    weeks after the round closed (`BALANCE_PULSE_COMMENT_RETENTION_WEEKS`)". Week 11 is the
    control: still there."""
    bot = db_bot
    retention_round(bot)
    url = bot.runtime.deps.store.engine.url.render_as_string(hide_password=False)
    bot.clock.set(CLOSES + timedelta(weeks=11, days=6))
    bot.tick()
    assert "retained remark" in json.dumps(pa.take_copy(url, tmp_path).rows, default=str)
    assert "retained remark" in results(bot)

    bot.clock.set(CLOSES + timedelta(weeks=12, days=1))
    bot.tick()
    bot.tick()
    assert "retained remark" not in json.dumps(pa.take_copy(url, tmp_path).rows, default=str)
    seen = results(bot)
    assert "retained remark" not in seen, seen


def test_the_sent_results_dm_stops_quoting_comments_when_their_retention_ends(
    http_bot: Bot,
) -> None:
    """Attack: the reader keeps the results DM; months later the comments are still there to
    compare against who writes like that. Promise (admin guide §3): "Comments are deleted
    BALANCE_PULSE_COMMENT_RETENTION_WEEKS (default 12) weeks after the round closed, together
    with the sent results messages that quoted them"; issue 12: "Comments are kept only as long
    as results are shown … then deleted"."""
    bot = http_bot
    retention_round(bot)
    assert "retained remark" in pa.results_dm(bot)
    bot.clock.set(CLOSES + timedelta(weeks=12, days=1))
    bot.tick()
    bot.tick()
    seen = [texts(m) for m in bot.slack.messages(READER)]
    assert not [t for t in seen if "retained remark" in t], seen


def test_the_reminder_leaves_no_trace_of_who_has_not_answered(db_bot: Bot, tmp_path: Path) -> None:
    """Attack: a day before close the bot reminds those who haven't answered; a database copy
    taken then (or the channel, or the reader's DMs) would show who they are, and so who did
    answer. Promise (admin guide §3): the reminder "names nobody: the bot works it out in memory
    from the round's hashes … and never stores who didn't answer"; docs/promises.md: "A copy of
    the database alone reveals nothing about who answered"."""
    bot = db_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    answered, waiting = pa.CAN_ANSWER[:3], pa.CAN_ANSWER[3:]
    for user in answered:
        pa.answer(bot, user, post, pa.answers(3))
    channel_before = len(bot.slack.messages(CHANNEL))
    bot.clock.set(CLOSES - timedelta(hours=24, seconds=-30))
    bot.tick()
    bot.tick()
    # The reminder time falls on a Sunday: members without shifts are reminded inside the
    # working hours (Monday 9:00 in Chicago), so the copy is taken once it has gone out.
    bot.clock.set(CLOSES - timedelta(hours=5, seconds=-30))
    bot.tick()
    bot.tick()

    reminded = {u for u in pa.CAN_ANSWER if bot.slack.messages(u)}
    assert reminded == set(waiting), reminded  # the reminder went out: the copy below matters
    copy = pa.take_copy(bot.runtime.deps.store.engine.url.render_as_string(False), tmp_path)
    stored = json.dumps(copy.rows, default=str)
    ids = [*pa.CAN_ANSWER, *(bot.slack.dm_channel_id(u) for u in pa.CAN_ANSWER)]
    assert [i for i in ids if i in stored] == []
    assert [i for i in ids if i.encode() in copy.raw] == []
    later = [texts(m) for m in bot.slack.messages(CHANNEL)[channel_before:]]
    later += [texts(m) for m in bot.slack.messages(READER)]
    assert not [t for t in later if re.search(r"U0[A-Z]{3}", t)], later


def test_results_shared_with_the_channel_never_carry_a_small_round_or_a_comment(
    http_bot: Bot,
) -> None:
    """Attack: with "post the figures in the channel" on, everyone in the channel (not only
    readers) gets the figures; a week below the threshold, a comment, or a change against such a
    week would reach all of them. Promise (admin guide §3): "Shared with the channel (if chosen):
    the figures only, never the comments"; results only when the threshold is met; a change only
    when both rounds met it (docs/promises.md, "No differencing through the UI")."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5, share=True)
    figure = re.compile(r"Workload\W{0,6}\d\.\d")

    bot.clock.set(OPENS + timedelta(seconds=30))
    bot.tick()
    post = [m for m in bot.slack.messages(CHANNEL) if buttons(m)][-1]
    for user in pa.CAN_ANSWER[:4]:
        pa.answer(bot, user, post, pa.answers(1, f"shared small {user}"))
    pa.close_round(bot)
    first = [texts(m) for m in bot.slack.messages(CHANNEL)]
    assert not [t for t in first if figure.search(t) or "shared small" in t], first

    mark = len(bot.slack.messages(CHANNEL))
    bot.clock.set(OPENS + timedelta(days=7, seconds=30))
    bot.tick()
    post = [m for m in bot.slack.messages(CHANNEL) if buttons(m)][-1]
    for user in pa.CAN_ANSWER[:5]:
        pa.answer(bot, user, post, pa.answers(4, f"shared big {user}"))
    bot.clock.set(CLOSES + timedelta(days=7, seconds=30))
    bot.tick()
    bot.tick()
    second = "\n".join(texts(m) for m in bot.slack.messages(CHANNEL)[mark:])
    assert figure.search(second) is not None, second  # shared: the check below has teeth
    assert "shared big" not in second and "shared small" not in second, second
    assert "last week" not in second and "1.0" not in second, second


def test_raising_the_threshold_hides_a_closed_round_that_no_longer_meets_it(
    http_bot: Bot,
) -> None:
    """Attack: a team finds 5 too low after a round of five; the admin raises the threshold to 6,
    but the round already closed keeps showing its five answers and comments. Promise (admin
    guide §3): "raising it in the set-up also raises it for rounds already closed, lowering it
    never lowers them"."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in pa.CAN_ANSWER[:5]:
        pa.answer(bot, user, post, pa.answers(2, f"five of us {user}"))
    pa.close_round(bot)
    assert WORKLOAD.search(results(bot)) is not None

    pa.set_up(bot, threshold=6)
    seen = results(bot)
    assert WORKLOAD.search(seen) is None and "five of us" not in seen, seen
    assert NOT_ENOUGH.search(seen) is not None, seen
    assert NOT_ENOUGH.search(seen).groups() == ("5", "6"), seen  # type: ignore[union-attr]


def test_lowering_the_threshold_after_close_does_not_release_a_small_round(http_bot: Bot) -> None:
    """Attack: four people answered a round planned at 5, so nothing was shown; after close the
    admin lowers the threshold to 3 and asks for the results again. Promise (admin guide §3):
    "A round keeps the threshold it was planned with; … lowering it never lowers them"."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in pa.CAN_ANSWER[:4]:
        pa.answer(bot, user, post, pa.answers(2, f"four of us {user}"))
    pa.close_round(bot)
    pa.set_up(bot, threshold=3)
    for seen in (results(bot), pa.results_dm(bot)):
        assert WORKLOAD.search(seen) is None and "four of us" not in seen, seen
        assert NOT_ENOUGH.search(seen) is not None, seen
        assert NOT_ENOUGH.search(seen).groups() == ("4", "5"), seen  # type: ignore[union-attr]


def test_a_round_closed_one_short_cannot_be_reopened_or_topped_up(http_bot: Bot) -> None:
    """Attack: the round closes with 4 answers, one short of 5. The admin then re-saves the
    set-up and runs the Workflow Builder step "Start this week's pulse now", and a fifth member
    answers through the old Answer button, a hand-made submission or whatever round opens, so
    that four known-closed answers plus one new one reach the threshold together. Promise:
    results only when the round's threshold of people answered (docs/promises.md); answers are
    sealed until close and totalled once at close (admin guide §3, "Stored figures only")."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in pa.CAN_ANSWER[:4]:
        pa.answer(bot, user, post, pa.answers(1, f"one short {user}"))
    pa.close_round(bot)
    assert NOT_ENOUGH.search(results(bot)) is not None

    pa.set_up(bot, threshold=5)
    manifest = yaml.safe_load(Path("deploy/slack/manifest.yml").read_text())
    bot.slack.define_functions(manifest["functions"])
    run = bot.slack.start_function(
        "start_pulse_now", {"channel": CHANNEL, "started_by": bot.slack.user_context(READER)}
    )
    bot.sender.event(run.event)
    bot.slack.wait_for_function(run.id)
    bot.tick()
    old_button = pa.click(bot, "U0FAY", post)
    assert old_button.get("callback_id") != "pulse.answer"
    forged = raw_submit(bot, "U0FAY", pa.forged_modal(pa.round_id(post)), pa.answers(5, "top-up"))
    assert "Thank you" not in json.dumps(forged), forged
    newer = [m for m in bot.slack.messages(CHANNEL) if buttons(m) and m["ts"] != post["ts"]]
    for poll in newer:
        assert pa.round_id(poll) != pa.round_id(post)
        pa.answer(bot, "U0FAY", poll, pa.answers(5, "top-up"))
    bot.clock.set(CLOSES + timedelta(days=4))
    bot.tick()
    bot.tick()

    every = [texts(m) for m in bot.slack.messages(READER)] + [results(bot)]
    for seen in every:
        assert "one short" not in seen and "top-up" not in seen, seen
        assert WORKLOAD.search(seen) is None, seen


def test_team_signals_are_hidden_for_a_group_below_the_threshold(http_bot: Bot) -> None:
    """Attack: only four members of the team keep a shift schedule, so "off-shift notices" and
    "breaks taken" describe four known people; with one more the week after, the difference is
    that person. Promise (docs/promises.md): signals are computed "over the people fixed at open
    who have a shift schedule … and shown only when that group reaches the threshold" (issue 12,
    "Signals are computed once, at close … shown only when that set reaches the threshold"). The
    second week, with five scheduled, is the control: the notices are counted there."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    for user in pa.CAN_ANSWER[:4]:
        bot.sender.command(user, "shift mon-fri 8-5")
    first = week(bot, 0, pa.CAN_ANSWER[:5], workload=3)
    signals = re.search(r"Team signals this week:\*([^\n]*)", first)
    assert signals is not None, first
    assert re.search(r"\d", signals.group(1)) is None, signals.group(1)

    bot.sender.command(pa.CAN_ANSWER[4], "shift mon-fri 8-5")
    second = week(bot, 1, pa.CAN_ANSWER[:5], workload=3)
    control = re.search(r"Team signals this week:\*([^\n]*)", second)
    assert control is not None and re.search(r"notices\D{0,10}\d", control.group(1)), second


def test_the_database_does_not_grow_with_what_one_person_wrote(db_bot: Bot, tmp_path: Path) -> None:
    """Attack: two database copies around one person's answer; the sealed data grows by the
    length of their comment, so a reader who knows who writes long comments (or none) learns who
    answered between the copies, and roughly what. Promise (docs/promises.md): "Two copies taken
    during a round, one person answering in between, differ only by that opaque envelope"; admin
    guide §3: "its size only changes in 8 KiB steps". Comments here: none, 1 and 499 characters
    (the box takes up to 500)."""
    bot = db_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    url = bot.runtime.deps.store.engine.url.render_as_string(hide_password=False)
    post = pa.open_round(bot)
    assert post is not None
    pa.answer(bot, "U0ANA", post, pa.answers(3, "first in"))
    before = pa.take_copy(url, tmp_path)
    for user, comment in (("U0BEN", "x" * 499), ("U0CAM", None), ("U0DEE", "y")):
        pa.answer(bot, user, post, pa.answers(3, comment))
        after = pa.take_copy(url, tmp_path)
        grown = []
        for table, rows in pa.new_rows(before, after).items():
            earlier = {r.get("id"): r for r in before.rows.get(table, []) if "id" in r}
            for row in rows:
                assert row.get("id") in earlier, f"a new {table} row for one answer: {row}"
                old = earlier[row["id"]]
                for key, value in row.items():
                    if key != "_physical" and value != old.get(key):
                        grown.append((table, key, len(str(old.get(key))), len(str(value))))
        assert grown, "the answer changed something in the database"
        assert [g for g in grown if g[2] != g[3]] == [], grown
        before = after


def test_a_refused_comment_is_neither_stored_nor_logged(http_bot: Bot, tmp_path: Path) -> None:
    """Attack: a tired member types a patient's details into the comment; the screen refuses it,
    but the refused text stays in the database (or its file) or in the log, where an operator
    finds it next to the round. Promise (docs/promises.md): patient data "is refused, never
    stored or logged"; "the words are never stored or logged"."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    url = bot.runtime.deps.store.engine.url.render_as_string(hide_password=False)
    post = pa.open_round(bot)
    assert post is not None
    start = len(SESSION_LOG.lines)
    view = pa.click(bot, "U0BEN", post)
    phi = "Mrs Kowalski in bed 3, DOB 03/14/1950, chart 448812, still waiting on her biopsy"
    ack = raw_submit(bot, "U0BEN", view, pa.answers(2, phi))
    assert ack.get("response_action") == "errors", ack
    pa.answer(bot, "U0BEN", post, pa.answers(2, "rephrased without names"))
    copy = pa.take_copy(url, tmp_path)
    logged = "\n".join(SESSION_LOG.lines[start:])
    for piece in ("Kowalski", "448812", "03/14/1950", "biopsy"):
        assert piece not in json.dumps(copy.rows, default=str)
        assert piece.encode() not in copy.raw
        assert piece not in logged


def trend_after_a_small_week(tmp_path: Path, small_week_workload: int) -> tuple[bytes, str]:
    """A fresh workspace: week 1 four answers, weeks 2 and 3 five. The trend chart's bytes and
    everything the reader reads (results DMs, `pulse results`, App Home)."""
    tmp_path.mkdir()
    with SlackSandbox() as slack:
        for user_id, profile in MEMBERS.items():
            slack.add_user(user_id, **profile)
        slack.add_channel(CHANNEL, "front-desk", members=list(MEMBERS))
        clock = ManualClock(datetime(2026, 11, 30, 15, 0, tzinfo=UTC))
        started = start_bot(slack, tmp_path, clock, mode="http")
        bot = next(started)
        try:
            pa.add_team(bot)
            pa.set_up(bot, threshold=5)
            week(bot, 0, pa.CAN_ANSWER[:4], workload=small_week_workload)
            week(bot, 1, pa.CAN_ANSWER[:5], workload=4)
            last = week(bot, 2, pa.CAN_ANSWER[:5], workload=2)
            bot.sender.event({"type": "app_home_opened", "user": READER, "tab": "home"})
            bot.slack.wait_for(lambda: bot.slack.views_published(READER), timeout=5)
            blocks = bot.slack.views_published(READER)[-1]["blocks"]
            pulse_part = [b for b in blocks if CHANNEL in json.dumps(b)]  # not the tip of the day
            assert pulse_part, blocks
            home = texts({"blocks": pulse_part})
            dms = [texts(m) for m in bot.slack.messages(READER)]
            charts = [u for u in bot.slack.uploads() if "W51" in u["filename"]]
            assert len(charts) == 1, [u["filename"] for u in bot.slack.uploads()]
            return bytes(charts[0]["data"]), "\n".join([last, home, *dms, charts[0]["alt_txt"]])
        finally:
            started.close()


def test_the_trend_chart_carries_nothing_of_a_week_below_the_threshold(tmp_path: Path) -> None:
    """Attack: the trend chart (an image, unlike the text) plots the week that missed the
    threshold, so its four answers can be read off the picture, and with the next week's, the
    newcomer's. Two workspaces differ only in what the four answered that week (all 1 or all
    5); everything a reader gets must be the same, chart bytes included. Promise
    (admin guide §3): the trend has "gaps for rounds that didn't" meet the threshold;
    docs/promises.md, "No differencing through the UI"."""
    low_chart, low_text = trend_after_a_small_week(tmp_path / "low", 1)
    high_chart, high_text = trend_after_a_small_week(tmp_path / "high", 5)
    assert low_chart[:4] == b"\x89PNG" and "–" in low_text, low_text
    assert low_text == high_text
    assert low_chart == high_chart


def test_readers_nobody_named_in_the_set_up_cannot_answer_either(http_bot: Bot) -> None:
    """Attack: the set-up names one reader, but a workspace owner, another admin and a manager
    named with `/balance admin managers` are also in the channel; they can read the results any
    time, so their answers would be known parts of what they read. Promise (docs/promises.md):
    "The people the set-up names, the managers an admin named, and workspace admins and owners
    can't answer"; participation counts only the frozen set (6 here, never 9)."""
    bot = http_bot
    pa.add_team(bot)
    readers = {"U0OWN": {"is_owner": True}, "U0ADM": {"is_admin": True}, "U0LEE": {}}
    for user, profile in readers.items():
        bot.slack.add_user(user, name=user.lower(), **profile)
        bot.slack.workspace.channels[CHANNEL].members.append(user)
    named = texts(bot.sender.command(READER, "admin managers <@U0LEE|u0lee>").payload())
    assert "U0LEE" in named, named
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in readers:
        view = pa.click(bot, user, post)
        assert view.get("callback_id") != "pulse.answer", (user, view)
        opened = len(bot.slack.views_opened())
        bot.sender.command(user, "pulse")
        assert all(
            v.get("callback_id") != "pulse.answer" for v in bot.slack.views_opened()[opened:]
        ), user
        ack = raw_submit(bot, user, pa.forged_modal(pa.round_id(post)), pa.answers(5, "boss"))
        assert "Thank you" not in json.dumps(ack), (user, ack)
    for user in pa.CAN_ANSWER[:5]:
        pa.answer(bot, user, post, pa.answers(3))
    pa.close_round(bot)
    seen = results(bot)
    assert "5 of 6 members" in seen and "boss" not in seen, seen


def test_no_question_is_averaged_over_fewer_people_than_the_round(http_bot: Bot) -> None:
    """Attack: the round reaches 5 answers, but four of them leave "workload" out (hand-made
    submissions: the form marks every rated question required), so the workload average is one
    person's answer; or a hand-made value off the scale (7, 0, 2.5) drags the average to mark a
    known submission. Promise (docs/promises.md): results only when at least the round's
    threshold of people answered, "per question, the average (1–5, one decimal)" (admin guide
    §3). A careful survey product applies the threshold to every figure it shows."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    pa.answer(bot, "U0ANA", post, pa.answers(1))
    for user in pa.CAN_ANSWER[1:5]:
        view = pa.click(bot, user, post)
        skipped = pa.answers(5)
        skipped.pop(pa.QUESTIONS[0])
        off_scale = [{**skipped, pa.QUESTIONS[0]: v} for v in (7, 0, -3, 2.5, "3 OR 1=1")]
        for bad in (skipped, *off_scale):
            ack = raw_submit(bot, user, view, bad)
            assert ack.get("response_action") == "errors", (user, bad, ack)
            assert "q:workload-manageable" in ack.get("errors", {}), (user, bad, ack)
    pa.close_round(bot)
    seen = results(bot)
    assert WORKLOAD.search(seen) is None, seen
    assert NOT_ENOUGH.search(seen) is not None, seen
    assert NOT_ENOUGH.search(seen).groups() == ("1", "5"), seen  # type: ignore[union-attr]


def test_forget_me_during_a_round_does_not_open_the_door_to_a_second_answer(
    http_bot: Bot,
) -> None:
    """Attack: a member answers, uses `/balance forget-me` while the round is open (which deletes
    everything about them), then answers again as a "new" person: four people reach the
    threshold of 5. Promise: "Only one answer per person counts" (the answer form); results only
    when the round's threshold of people answered (docs/promises.md); forget-me leaves
    anonymous pulse answers in the totals (docs/promises.md, forget-me)."""
    bot = http_bot
    pa.add_team(bot)
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in ("U0BEN", "U0CAM", "U0DEE", "U0EVA"):
        pa.answer(bot, user, post, pa.answers(2))
    confirm = bot.sender.command("U0CAM", "forget-me").payload()
    [yes] = [b for b in buttons(confirm) if b["action_id"] == "forget.confirm"]
    replies = len(bot.slack.responses())
    bot.sender.block_action("U0CAM", yes["action_id"], yes["value"], channel_id=CHANNEL)
    bot.slack.wait_for(lambda: len(bot.slack.responses()) > replies, timeout=5)
    assert "delet" in json.dumps(bot.slack.responses()[replies:]).lower()
    bot.tick()
    again = pa.click(bot, "U0CAM", post)
    if again.get("callback_id") == "pulse.answer":
        raw_submit(bot, "U0CAM", again, pa.answers(5, "cam again"))
    pa.close_round(bot)
    seen = results(bot)
    assert WORKLOAD.search(seen) is None and "cam again" not in seen, seen
    assert NOT_ENOUGH.search(seen) is not None, seen
    assert NOT_ENOUGH.search(seen).groups() == ("4", "5"), seen  # type: ignore[union-attr]


def test_a_manager_unnamed_during_the_round_still_cannot_answer_it(http_bot: Bot) -> None:
    """Attack: Lee is a named manager when the round opens; the admin removes him from the
    managers mid-round, he answers, and after close he is named again and reads results holding
    his own answer (one known answer out of five). Promise (docs/promises.md): who may answer is
    fixed when a round opens and excludes the readers of the results; "Someone who could answer
    a round … never sees that round's figures"."""
    bot = http_bot
    pa.add_team(bot)
    bot.slack.add_user("U0LEE", name="lee", tz="America/Chicago")
    bot.slack.workspace.channels[CHANNEL].members.append("U0LEE")
    named = texts(bot.sender.command(READER, "admin managers <@U0LEE|lee>").payload())
    assert "U0LEE" in named, named
    pa.set_up(bot, threshold=5)
    post = pa.open_round(bot)
    assert post is not None
    for user in pa.CAN_ANSWER[:4]:
        pa.answer(bot, user, post, pa.answers(3))
    removed = texts(bot.sender.command(READER, "admin managers remove <@U0LEE|lee>").payload())
    assert "No managers named" in removed, removed  # Lee is no longer a reader
    view = pa.click(bot, "U0LEE", post)
    assert view.get("callback_id") != "pulse.answer", view
    ack = raw_submit(bot, "U0LEE", pa.forged_modal(pa.round_id(post)), pa.answers(1, "lee's"))
    assert "Thank you" not in json.dumps(ack), ack
    pa.close_round(bot)
    bot.sender.command(READER, "admin managers <@U0LEE|lee>")
    for who in (READER, "U0LEE"):
        seen = results(bot, who)
        assert WORKLOAD.search(seen) is None and "lee's" not in seen, (who, seen)
