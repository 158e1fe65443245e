"""The weekly team pulse end to end against the sandbox: set-up (admins only), the weekly post,
answers from several members through the modal, double answers and patient data refused, the
reminder, the close, results below and above the threshold, the trend chart, and an inspection
of every table for any link between a member and an answer."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.features.pulse import api, service
from bot.store.tables import metadata
from tests.integration.conftest import Bot, buttons, texts

TEAM, CHANNEL = "T0SANDBOX", "C0FRONTDESK"
EXTRA = {"U0CAM": "cam", "U0DEE": "dee", "U0EVA": "eva", "U0FAY": "fay"}
STAFF = ["U0ANA", "U0BEN", "U0MGR", *EXTRA]
# The clock starts Monday 2026-11-30 15:00 UTC. Friday 14:00 in Chicago is 20:00 UTC; the
# round stays open 72 hours (to Monday 20:00 UTC) and the reminder goes a day before.
OPENS = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)
REMIND = OPENS + timedelta(hours=48)
CLOSES = OPENS + timedelta(hours=72)
QUESTIONS = ["workload-manageable", "stress-coping", "breaks-taken", "after-hours-messages"]
COMMENT = "next-week-better"


def view_text(view: dict[str, Any]) -> str:
    return texts({"blocks": view.get("blocks") or []})


def _add_staff(bot: Bot) -> None:
    for user_id, name in EXTRA.items():
        bot.slack.add_user(user_id, name=name, tz="America/Chicago")
    channel = bot.slack.workspace.channels[CHANNEL]
    channel.members.extend(u for u in EXTRA if u not in channel.members)


def _setup_values(**overrides: Any) -> dict[str, Any]:
    def option(value: str) -> dict[str, Any]:
        return {"value": value}

    values: dict[str, Any] = {
        "channel": {"value": {"type": "conversations_select", "selected_conversation": CHANNEL}},
        "day": {"value": {"type": "static_select", "selected_option": option("4")}},
        "time": {"value": {"type": "timepicker", "selected_time": "14:00"}},
        "tz": {"value": {"type": "plain_text_input", "value": "America/Chicago"}},
        "questions": {"value": {"type": "multi_static_select",
                                "selected_options": [option(q) for q in QUESTIONS]}},
        "comment": {"value": {"type": "checkboxes", "selected_options": [option("yes")]}},
        "open_hours": {"value": {"type": "static_select", "selected_option": option("72")}},
        "threshold": {"value": {"type": "static_select", "selected_option": option("5")}},
        "results_to": {"value": {"type": "multi_users_select", "selected_users": ["U0MGR"]}},
        "share": {"value": {"type": "checkboxes", "selected_options": []}},
        "enabled": {"value": {"type": "checkboxes", "selected_options": [option("yes")]}},
    }
    values.update(overrides)
    return values


def _set_up(bot: Bot) -> None:
    reply = bot.sender.command("U0MGR", "pulse setup")
    assert reply.status == 200
    modal = bot.slack.views_opened()[-1]
    assert modal["callback_id"] == "pulse.setup"
    done = bot.sender.view_submission("U0MGR", modal, _setup_values(), callback_id="pulse.setup")
    ack = done.payload()
    assert ack["response_action"] == "update", ack
    assert "every Friday at 14:00" in view_text(ack["view"])


def _open_round(bot: Bot) -> dict[str, Any]:
    bot.clock.set(OPENS - timedelta(minutes=30))
    bot.tick()
    assert bot.slack.messages(CHANNEL) == []  # planned, not yet due
    bot.clock.set(OPENS + timedelta(seconds=30))
    bot.tick()
    [post] = [m for m in bot.slack.messages(CHANNEL) if buttons(m)]
    return post


def _answer(bot: Bot, user: str, post: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    before = len(bot.slack.views_opened())
    [button] = buttons(post)
    reply = bot.sender.block_action(user, button["action_id"], button["value"], message=post,
                                    channel_id=CHANNEL)
    assert reply.status == 200
    bot.slack.wait_for(lambda: len(bot.slack.views_opened()) > before, timeout=5)
    modal = bot.slack.views_opened()[-1]
    if modal.get("callback_id") != "pulse.answer":
        return {"info": view_text(modal)}
    done = bot.sender.view_submission(user, modal, api.simple_values(answers),
                                      callback_id="pulse.answer")
    return done.payload()


def _good(workload: int, comment: str | None = None) -> dict[str, Any]:
    answers: dict[str, Any] = {QUESTIONS[0]: workload, QUESTIONS[1]: 3, QUESTIONS[2]: 4,
                               QUESTIONS[3]: 1}
    if comment:
        answers[COMMENT] = comment
    return answers


def _close(bot: Bot, at: datetime = CLOSES) -> None:
    bot.clock.set(at + timedelta(seconds=30))
    bot.tick()  # closes the round, marks the post closed, queues the results
    bot.tick()  # sends the results


def _results_dm(bot: Bot, user: str = "U0MGR") -> dict[str, Any]:
    found = [m for m in bot.slack.messages(user) if "Team pulse results" in texts(m)]
    assert found, [texts(m) for m in bot.slack.messages(user)]
    return found[-1]


def _round_id(post: dict[str, Any]) -> int:
    return int(buttons(post)[0]["value"])


def test_a_full_round_above_the_threshold(bot: Bot) -> None:
    _add_staff(bot)
    _set_up(bot)
    post = _open_round(bot)
    assert "Weekly team pulse" in texts(post)
    assert post["metadata"]["event_payload"]["delivery_id"] == f"pulse:{TEAM}:{CHANNEL}:2026-W49"

    # Five members answer through the modal; patient details in a comment are refused first.
    refused = _answer(bot, "U0CAM", post, _good(3, "patient John Smith DOB 03/14/1962 again"))
    assert refused["response_action"] == "errors"
    error = refused["errors"][f"q:{COMMENT}"]
    assert "look like patient data" in error and "“patient John Smith”" in error
    assert "“03/14/1962”" in error and "a date of birth" in error
    assert list(refused["errors"]) == [f"q:{COMMENT}"]  # the ratings stay as they were
    for user, workload in zip(["U0ANA", "U0BEN", "U0MGR", "U0CAM", "U0DEE"], [4, 3, 5, 2, 4],
                              strict=True):
        ack = _answer(bot, user, post, _good(workload, f"More coverage on Mondays ({user[-1]})"))
        assert ack["response_action"] == "update", ack
        assert "Thank you" in view_text(ack["view"])

    # A second answer is refused, by the button and by a replayed submission alike.
    again = _answer(bot, "U0ANA", post, _good(1))
    assert "already answered" in again["info"]
    answer_modal = next(v for v in bot.slack.views_opened() if v.get("callback_id") ==
                        "pulse.answer")
    replay = bot.sender.view_submission("U0ANA", answer_modal, api.simple_values(_good(1)),
                                        callback_id="pulse.answer").payload()
    assert "already answered" in view_text(replay["view"])

    # No results while the pulse is open.
    early = bot.sender.command("U0MGR", "pulse results").payload()
    assert "No pulse results yet" in texts(early)

    # One reminder, to the two who have not answered; it names nobody.
    bot.clock.set(REMIND + timedelta(minutes=1))
    bot.tick()
    for user in ("U0EVA", "U0FAY"):
        [reminder] = bot.slack.messages(user)
        assert "friendly reminder" in texts(reminder) and "<@" not in texts(reminder)
    for user in ("U0ANA", "U0BEN", "U0CAM", "U0DEE"):
        assert bot.slack.messages(user) == []
    bot.tick()
    assert len(bot.slack.messages("U0EVA")) == 1  # once

    assert _answer(bot, "U0EVA", post, _good(1))["response_action"] == "update"

    # The week's behaviour, aggregated: five members logged break nudges, one notice was shown.
    for user in STAFF[:5]:
        for slot, outcome in enumerate(("took_it", "took_it", "skipped")):
            bot.store.nudges.record(team_id=TEAM, user_id=user, local_date=date(2026, 12, 2),
                                    slot=f"s{slot}", outcome=outcome, now=OPENS)
    bot.store.notices.claim(team_id=TEAM, sender_id="U0BEN", colleague_id="U0ANA",
                            period_key="p1", now=OPENS - timedelta(days=2))

    _close(bot)
    [closed] = [m for m in bot.slack.messages(CHANNEL) if m["ts"] == post["ts"]]
    assert buttons(closed) == [] and "closed" in texts(closed)
    results = texts(_results_dm(bot))
    assert "6 of 7 members answered (86%)" in results
    assert "*Workload*: 3.2 / 5" in results  # (4+3+5+2+4+1)/6
    assert "100% yes" in results  # after-hours messages
    assert "More coverage on Mondays" in results
    assert "67% of break nudges taken · off-shift notices sent: 1" in results
    assert "John Smith" not in json.dumps(_dump(bot))
    # Answering after the close is refused.
    late = bot.sender.view_submission("U0FAY", answer_modal, api.simple_values(_good(2)),
                                      callback_id="pulse.answer").payload()
    assert "closed" in view_text(late["view"])

    # The members' own view of the results is refused; an admin sees the latest.
    assert "Only workspace admins" in texts(bot.sender.command("U0BEN", "pulse results").payload())
    assert "6 of 7 members" in texts(bot.sender.command("U0MGR", "pulse results").payload())
    _assert_no_link_between_members_and_answers(bot)


def _dump(bot: Bot) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as plain values."""
    out: dict[str, list[dict[str, Any]]] = {}
    with bot.store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            out[table.name] = [
                {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
                for row in conn.execute(select(table)).mappings()
            ]
    return out


def _assert_no_link_between_members_and_answers(bot: Bot) -> None:
    dump = _dump(bot)
    answers = dump["pulse_answers"]
    assert answers
    # Answers carry a round, a question and the answer: no member, no time.
    assert set(answers[0]) == {"id", "round_id", "question_id", "value", "comment"}
    # Voter hashes and the round's secret are gone once the round is closed.
    assert dump["pulse_voters"] == []
    assert all(r["secret"] is None for r in dump["pulse_rounds"])
    # Row ids are random, so their order says nothing about who answered first.
    ids = [a["id"] for a in answers]
    assert max(ids) > 10**9
    # No other table mentions an answer, and no table holding a member id holds a keyed hash
    # of any member under any secret-looking value left in the database.
    answer_ids = {str(i) for i in ids}
    comments = {a["comment"] for a in answers if a["comment"]}
    hexes = set()
    for name, rows in dump.items():
        blob = json.dumps(rows, default=str)
        hexes |= set(re.findall(r"[0-9a-f]{64}", blob))
        if name == "pulse_answers":
            continue
        assert not any(re.search(rf"\b{i}\b", blob) for i in answer_ids), name
        if name != "outbox":  # results messages quote the comments, addressed to managers
            assert not any(c in blob for c in comments), name
    for user in STAFF:
        for secret in hexes:
            assert service.voter_hash(secret, TEAM, user) not in hexes
    # The outbox holds the post, reminder and close (channel rows) and results for managers.
    people = {r["channel"] for r in dump["outbox"] if r["kind"].startswith("pulse")}
    assert people <= {CHANNEL, "U0MGR"}


def test_below_the_threshold_no_numbers_only_how_many_were_needed(http_bot: Bot) -> None:
    bot = http_bot
    _add_staff(bot)
    _set_up(bot)
    post = _open_round(bot)
    for user in ("U0ANA", "U0BEN", "U0CAM"):
        assert _answer(bot, user, post, _good(2, "Too many calls"))["response_action"] == "update"
    _close(bot)
    results = texts(_results_dm(bot))
    assert "Not enough answers to keep them anonymous: 3 answered, 5 needed (2 more)" in results
    assert "/ 5" not in results and "Too many calls" not in results
    command = texts(bot.sender.command("U0MGR", "pulse results").payload())
    assert "Not enough answers" in command and "Too many calls" not in command
    assert bot.slack.uploads() == []


def test_two_weeks_give_changes_and_a_trend_chart(http_bot: Bot) -> None:
    bot = http_bot
    _add_staff(bot)
    _set_up(bot)
    for week, workload in ((0, 4), (1, 2)):
        start = OPENS + timedelta(weeks=week)
        bot.clock.set(start + timedelta(seconds=30))
        bot.tick()
        [post] = [m for m in bot.slack.messages(CHANNEL) if buttons(m)]
        for user in STAFF[:5]:
            assert _answer(bot, user, post, _good(workload))["response_action"] == "update"
        _close(bot, start + timedelta(hours=72))
    results = texts(_results_dm(bot))
    assert "*Workload*: 2.0 / 5 (▼ 2.0 vs last week)" in results
    assert "Trend, weeks W49 → W50" in results and "• Workload: 4.0 → 2.0" in results
    [upload] = bot.slack.uploads()
    assert upload["data"][:8] == b"\x89PNG\r\n\x1a\n"
    assert upload["completed"] and upload["channels"] == [bot.slack.dm_channel_id("U0MGR")]
    assert "Workload: 4.0 → 2.0" in upload["alt_txt"]


def test_pulse_setup_is_for_admins_and_the_managers_they_named(http_bot: Bot) -> None:
    bot = http_bot
    refused = texts(bot.sender.command("U0ANA", "pulse setup").payload())
    assert "Solo los administradores y los supervisores" in refused  # Ana reads Spanish
    assert bot.slack.views_opened() == []
    named = texts(bot.sender.command("U0MGR", "admin managers <@U0ANA|ana>").payload())
    assert "<@U0ANA>" in named
    bot.sender.command("U0ANA", "pulse setup")
    assert bot.slack.views_opened()[-1]["callback_id"] == "pulse.setup"
    # A named manager may also look at results (none yet); other members may not.
    assert "Todavía no hay resultados" in texts(bot.sender.command("U0ANA", "pulse results")
                                                .payload())
    assert "Only workspace admins" in texts(bot.sender.command("U0BEN", "pulse results").payload())


def test_the_setup_modal_explains_what_to_fix(http_bot: Bot) -> None:
    bot = http_bot
    bot.sender.command("U0MGR", "pulse setup")
    modal = bot.slack.views_opened()[-1]
    bad = _setup_values(
        questions={"value": {"type": "multi_static_select",
                             "selected_options": [{"value": QUESTIONS[0]}]}},
        tz={"value": {"type": "plain_text_input", "value": "Mars/Olympus"}},
        threshold={"value": {"type": "static_select", "selected_option": {"value": "2"}}},
    )
    ack = bot.sender.view_submission("U0MGR", modal, bad, callback_id="pulse.setup").payload()
    assert ack["response_action"] == "errors"
    assert set(ack["errors"]) == {"questions", "tz", "threshold"}
    assert "between 3 and 5" in ack["errors"]["questions"]
    assert "lower than 3" in ack["errors"]["threshold"]
    assert bot.store.pulse.config(TEAM, CHANNEL) is None


def test_slash_pulse_opens_the_modal_for_channel_members_only(http_bot: Bot) -> None:
    bot = http_bot
    _add_staff(bot)
    bot.slack.add_user("U0OUT", name="outsider")
    _set_up(bot)
    _open_round(bot)
    bot.sender.command("U0BEN", "pulse", channel_id="D0BEN")
    assert bot.slack.views_opened()[-1]["callback_id"] == "pulse.answer"
    reply = texts(bot.sender.command("U0OUT", "pulse", channel_id="D0OUT").payload())
    assert "no pulse open for you" in reply


def test_a_closed_day_moves_the_pulse_to_the_next_workday(http_bot: Bot) -> None:
    bot = http_bot
    assert "2026-12-04" in texts(bot.sender.command("U0MGR", "admin closed 2026-12-04").payload())
    _set_up(bot)
    bot.clock.set(OPENS + timedelta(seconds=30))
    bot.tick()
    assert bot.slack.messages(CHANNEL) == []
    monday = OPENS + timedelta(days=3)  # Monday 2026-12-07, 14:00 in Chicago
    bot.clock.set(monday + timedelta(seconds=30))
    bot.tick()
    [post] = bot.slack.messages(CHANNEL)
    round_ = bot.store.pulse.round(_round_id(post))
    assert round_ is not None
    assert round_.week == "2026-W49" and round_.opens_at == monday


def test_app_home_shows_the_trend_only_to_people_allowed(http_bot: Bot) -> None:
    bot = http_bot
    _add_staff(bot)
    _set_up(bot)
    post = _open_round(bot)
    for user in STAFF[:5]:
        _answer(bot, user, post, _good(4))
    _close(bot)
    for user in ("U0MGR", "U0ANA"):
        bot.sender.event({"type": "app_home_opened", "user": user, "tab": "home",
                          "channel": f"D{user[1:]}"})
    bot.slack.wait_for(lambda: len(bot.slack.views_published()) >= 2, timeout=5)
    manager = texts({"blocks": bot.slack.views_published("U0MGR")[-1]["blocks"]})
    member = texts({"blocks": bot.slack.views_published("U0ANA")[-1]["blocks"]})
    assert "Team pulse" in manager and "Workload" in manager
    assert "Team pulse" not in member


def test_unknown_pulse_words_get_usage(http_bot: Bot) -> None:
    reply = texts(http_bot.sender.command("U0BEN", "pulse nonsense").payload())
    assert "/balance pulse results" in reply
