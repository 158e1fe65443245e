"""The weekly team pulse end to end against the sandbox: set-up (admins only), the weekly post,
answers from several members through the modal, double answers, readers' answers and patient
data refused, the reminder, the close, results below and above the threshold, the trend chart,
and an inspection of every table for anything that names a member or opens an answer.

The attacks of issue 12 (a reader filling the threshold, joining during a round, membership
changes between two result views, database snapshots, injected mentions, Slack failing) are in
tests/privacy/test_pulse_attacks.py."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.clock import ManualClock
from bot.features.pulse import api
from bot.sandbox import SlackSandbox
from bot.store.pulse import PulseConfig
from bot.store.tables import metadata
from tests.integration.conftest import Bot, buttons, start_bot, texts

TEAM, CHANNEL = "T0SANDBOX", "C0FRONTDESK"
EXTRA = {"U0CAM": "cam", "U0DEE": "dee", "U0EVA": "eva", "U0FAY": "fay"}
STAFF = ["U0ANA", "U0BEN", "U0MGR", *EXTRA]
# Who may answer: everyone in the channel but Maria (U0MGR), an admin who gets the results.
CAN_ANSWER = ["U0ANA", "U0BEN", *EXTRA]
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
        "questions": {
            "value": {
                "type": "multi_static_select",
                "selected_options": [option(q) for q in QUESTIONS],
            }
        },
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
    reply = bot.sender.block_action(
        user, button["action_id"], button["value"], message=post, channel_id=CHANNEL
    )
    assert reply.status == 200
    bot.slack.wait_for(lambda: len(bot.slack.views_opened()) > before, timeout=5)
    modal = bot.slack.views_opened()[-1]
    if modal.get("callback_id") != "pulse.answer":
        return {"info": view_text(modal)}
    done = bot.sender.view_submission(
        user, modal, api.simple_values(answers), callback_id="pulse.answer"
    )
    return done.payload()


def _good(workload: int, comment: str | None = None) -> dict[str, Any]:
    answers: dict[str, Any] = {
        QUESTIONS[0]: workload,
        QUESTIONS[1]: 3,
        QUESTIONS[2]: 4,
        QUESTIONS[3]: 1,
    }
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


def _shifts(bot: Bot, users: list[str]) -> None:
    for user in users:
        assert bot.sender.command(user, "shift mon-fri 08:00-17:00").status == 200


def test_a_full_round_above_the_threshold(bot: Bot) -> None:
    _add_staff(bot)
    _shifts(bot, CAN_ANSWER[:5])
    _set_up(bot)
    post = _open_round(bot)
    assert "Weekly team pulse" in texts(post)
    assert post["metadata"]["event_payload"]["delivery_id"] == f"pulse:{TEAM}:{CHANNEL}:2026-W49"

    # Maria gets the results, so the pulse doesn't ask her (the button says why).
    assert "receive the results" in _answer(bot, "U0MGR", post, _good(5))["info"]
    # Five members answer through the modal; patient details in a comment are refused first.
    refused = _answer(bot, "U0CAM", post, _good(3, "patient John Smith DOB 03/14/1962 again"))
    assert refused["response_action"] == "errors"
    error = refused["errors"][f"q:{COMMENT}"]
    assert "look like patient data" in error and "“patient John Smith”" in error
    assert "“03/14/1962”" in error and "a date of birth" in error
    assert list(refused["errors"]) == [f"q:{COMMENT}"]  # the ratings stay as they were
    for user, workload in zip(CAN_ANSWER[:4], [4, 3, 2, 4], strict=True):
        ack = _answer(bot, user, post, _good(workload, f"More coverage on Mondays ({user[-1]})"))
        assert ack["response_action"] == "update", ack
        assert "Thank you" in view_text(ack["view"]) or "Gracias" in view_text(ack["view"])

    # A second answer is refused, by the button and by a replayed submission alike.
    again = _answer(bot, "U0BEN", post, _good(1))
    assert "already answered" in again["info"]
    answer_modal = next(
        v for v in bot.slack.views_opened() if v.get("callback_id") == "pulse.answer"
    )
    replay = bot.sender.view_submission(
        "U0BEN", answer_modal, api.simple_values(_good(1)), callback_id="pulse.answer"
    ).payload()
    assert "already answered" in view_text(replay["view"])

    # No results while the pulse is open.
    early = bot.sender.command("U0MGR", "pulse results").payload()
    assert "No pulse results yet" in texts(early)

    # One reminder, to the two who can answer and have not; it names nobody. Maria, who
    # can't answer, gets none. It is due on Sunday 14:00 in Chicago, a day off for everyone:
    # it waits for each one's hours. Eva's shift starts Monday 08:00 (14:00 UTC); Fay has no
    # shifts, so hers waits for the working hours, Monday 09:00 (15:00 UTC).
    bot.clock.set(REMIND + timedelta(minutes=1))
    bot.tick()
    assert {u: [texts(m) for m in bot.slack.messages(u)] for u in STAFF} == {u: [] for u in STAFF}
    monday_8am = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
    bot.clock.set(monday_8am - timedelta(minutes=1))
    bot.tick()
    assert {u: [texts(m) for m in bot.slack.messages(u)] for u in STAFF} == {u: [] for u in STAFF}
    bot.clock.set(monday_8am + timedelta(seconds=30))
    bot.tick()
    [reminder] = bot.slack.messages("U0EVA")
    assert "friendly reminder" in texts(reminder) and "<@" not in texts(reminder)
    assert "today at 2:00 PM" in texts(reminder)  # the close, in Eva's own time
    assert bot.slack.messages("U0FAY") == []
    bot.clock.set(monday_8am + timedelta(hours=1, seconds=30))
    bot.tick()
    [reminder] = bot.slack.messages("U0FAY")
    assert "friendly reminder" in texts(reminder) and "<@" not in texts(reminder)
    for user in ("U0ANA", "U0BEN", "U0CAM", "U0DEE", "U0MGR"):
        assert bot.slack.messages(user) == []
    bot.tick()
    assert len(bot.slack.messages("U0EVA")) == 1  # once
    # Each member who could answer has a reminder row (voters too), none names them, and every
    # one of them ended the same way: the outbox does not tell who had not answered.
    reminders = [r for r in _dump(bot)["outbox"] if r["kind"] == "pulse_remind_dm"]
    assert len(reminders) == len(CAN_ANSWER)
    assert not [u for u in CAN_ANSWER for r in reminders if u in json.dumps(r, default=str)]
    ends = {(r["status"], r["last_error"], r["slack_ts"], r["attempts"]) for r in reminders}
    assert len(ends) == 1, ends

    assert _answer(bot, "U0EVA", post, _good(1))["response_action"] == "update"

    # The week's behaviour, aggregated at close over the five with a schedule in the frozen set
    # (Maria's own nudges never count: she is not in it).
    for user in [*CAN_ANSWER[:5], "U0MGR"]:
        for slot, outcome in enumerate(("took_it", "took_it", "skipped")):
            bot.store.nudges.record(
                team_id=TEAM,
                user_id=user,
                local_date=date(2026, 12, 2),
                slot=f"s{slot}",
                outcome=outcome,
                now=OPENS,
            )
    bot.store.nudges.record(
        team_id=TEAM,
        user_id="U0MGR",
        local_date=date(2026, 12, 2),
        slot="s9",
        outcome="skipped",
        now=OPENS,
    )
    bot.store.notices.claim(
        team_id=TEAM,
        sender_id="U0BEN",
        colleague_id="U0ANA",
        period_key="p1",
        now=OPENS - timedelta(days=2),
    )

    _close(bot)
    [closed] = [m for m in bot.slack.messages(CHANNEL) if m["ts"] == post["ts"]]
    assert buttons(closed) == [] and "closed" in texts(closed)
    results = texts(_results_dm(bot))
    assert "5 of 6 members answered (83%)" in results
    assert "*Workload*: 2.8 / 5" in results  # (4+3+2+4+1)/5
    assert "100% yes" in results  # after-hours messages
    assert "More coverage on Mondays" in results
    assert "67% of break nudges taken · off-shift notices sent: 1" in results
    assert "John Smith" not in json.dumps(_dump(bot))
    # Answering after the close is refused.
    late = bot.sender.view_submission(
        "U0FAY", answer_modal, api.simple_values(_good(2)), callback_id="pulse.answer"
    ).payload()
    assert "closed" in view_text(late["view"])

    # The members' own view of the results is refused; an admin sees the latest.
    assert "Only workspace admins" in texts(bot.sender.command("U0BEN", "pulse results").payload())
    assert "5 of 6 members" in texts(bot.sender.command("U0MGR", "pulse results").payload())
    _assert_nothing_names_a_member_or_opens_an_answer(bot)


def _dump(bot: Bot) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as plain values."""
    out: dict[str, list[dict[str, Any]]] = {}
    with bot.store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            out[table.name] = [
                {
                    k: (
                        v.isoformat()
                        if hasattr(v, "isoformat")
                        else v.hex()
                        if isinstance(v, bytes)
                        else v
                    )
                    for k, v in row.items()
                }
                for row in conn.execute(select(table)).mappings()
            ]
    return out


def _assert_nothing_names_a_member_or_opens_an_answer(bot: Bot) -> None:
    dump = _dump(bot)
    pulse_tables = {name: rows for name, rows in dump.items() if name.startswith("pulse_")}
    blob = json.dumps(pulse_tables, default=str)
    # No pulse table names a member (results readers are part of the set-up, which is public).
    for user in CAN_ANSWER:
        assert user not in blob
    # The envelope is gone once the round closed; what stays has no time but the round's.
    [round_] = pulse_tables["pulse_rounds"]
    assert round_["sealed"] is None and "secret" not in round_
    assert round_["eligible"] and round_["tallies"]
    # Nothing in the database is a key: no value, used as one, gives a member's hash as stored.
    hashes = set(json.loads(round_["eligible"]))
    assert len(hashes) == len(CAN_ANSWER)
    candidates = set(re.findall(r"[0-9A-Za-z_\-]{16,}", json.dumps(dump, default=str)))
    for candidate in candidates:
        for user in STAFF:
            for message in (user, f"{TEAM}:{user}"):
                tried = hmac.new(candidate.encode(), message.encode(), hashlib.sha256)
                assert tried.hexdigest() not in hashes
    # The outbox holds the post, reminder and close (channel rows) and results for readers.
    # (The members' reminder rows are deleted at close; while it was open they ended alike.)
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
        for user in CAN_ANSWER[:5]:
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
    assert "Todavía no hay resultados" in texts(
        bot.sender.command("U0ANA", "pulse results").payload()
    )
    assert "Only workspace admins" in texts(bot.sender.command("U0BEN", "pulse results").payload())


def test_the_setup_modal_explains_what_to_fix(http_bot: Bot) -> None:
    bot = http_bot
    bot.sender.command("U0MGR", "pulse setup")
    modal = bot.slack.views_opened()[-1]
    bad = _setup_values(
        questions={
            "value": {"type": "multi_static_select", "selected_options": [{"value": QUESTIONS[0]}]}
        },
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
    _add_staff(bot)
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
    for user in CAN_ANSWER[:5]:
        _answer(bot, user, post, _good(4))
    _close(bot)
    for user in ("U0MGR", "U0ANA"):
        bot.sender.event(
            {"type": "app_home_opened", "user": user, "tab": "home", "channel": f"D{user[1:]}"}
        )
    bot.slack.wait_for(lambda: len(bot.slack.views_published()) >= 2, timeout=5)
    manager = texts({"blocks": bot.slack.views_published("U0MGR")[-1]["blocks"]})
    member = texts({"blocks": bot.slack.views_published("U0ANA")[-1]["blocks"]})
    assert "Team pulse" in manager and "Workload" in manager
    assert "Team pulse" not in member


def test_unknown_pulse_words_get_usage(http_bot: Bot) -> None:
    reply = texts(http_bot.sender.command("U0BEN", "pulse nonsense").payload())
    assert "/balance pulse results" in reply


def test_without_the_pulse_secret_nothing_about_the_pulse_runs(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    """An install that never set BALANCE_PULSE_SECRET runs everything else; the admin who tries
    to set a pulse up is told what is missing, and nothing is saved. A replica without it that
    shares a database where another one set a pulse up plans no round and opens no modal."""
    with contextmanager(start_bot)(slack, tmp_path, clock, mode="http", pulse_secret=None) as bot:
        reply = texts(bot.sender.command("U0MGR", "pulse setup").payload())
        assert "needs one more setting first" in reply and "BALANCE_PULSE_SECRET" in reply
        assert bot.slack.views_opened() == []
        api.save_config(
            bot.runtime.deps,
            PulseConfig(
                team_id=TEAM,
                channel_id=CHANNEL,
                weekday=4,
                local_time="14:00",
                tz="America/Chicago",
                questions=tuple(QUESTIONS),
                open_hours=72,
                threshold=5,
                results_users=("U0MGR",),
            ),
            now=clock.now(),
        )
        bot.clock.set(OPENS + timedelta(seconds=30))
        bot.tick()
        assert bot.store.pulse.round_for_week(TEAM, CHANNEL, "2026-W49") is None
        assert bot.slack.messages(CHANNEL) == []


def test_a_round_fewer_people_can_answer_than_the_threshold_does_not_open(
    http_bot: Bot,
) -> None:
    """Ana and Ben can answer; Maria reads the results: two can never reach five, so the round
    doesn't run and Maria learns why (Viva Pulse and Officevibe won't send one either)."""
    bot = http_bot
    _set_up(bot)
    bot.clock.set(OPENS + timedelta(seconds=30))
    bot.tick()
    bot.tick()
    assert bot.slack.messages(CHANNEL) == []
    [notice] = bot.slack.messages("U0MGR")
    assert "didn't open: only 2 people can answer it" in texts(notice)
    assert "results need at least 5" in texts(notice)
    _close(bot)
    shown = texts(bot.sender.command("U0MGR", "pulse results").payload())
    assert "didn't run: fewer people could answer it than the anonymity threshold" in shown
