"""Fuzzing with hypothesis (bounded): the `/balance` grammar, modal submissions, and interaction
payloads with missing or odd fields. Whatever comes in, the member gets a clear answer: never a
500, never a traceback in the reply, never the catch-all "something went wrong", and no error
logged by a listener."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content import builtin_catalog
from tests.integration.conftest import Bot

TEAM = "T0SANDBOX"
FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CATALOG = builtin_catalog()
GENERIC_ERRORS = {CATALOG.ui("error.generic", "en"), CATALOG.ui("error.generic", "es")}

WORDS = [
    "help",
    "?",
    "ayuda",
    "tip",
    "tips",
    "consejo",
    "faq",
    "preguntas",
    "level",
    "nivel",
    "shift",
    "turno",
    "tz",
    "zona",
    "breaks",
    "pausas",
    "away",
    "ausente",
    "back",
    "quiet",
    "lang",
    "idioma",
    "status",
    "estado",
    "settings",
    "ajustes",
    "pulse",
    "encuesta",
    "forget-me",
    "admin",
]
ARGS = [
    "entry",
    "mid",
    "senior",
    "boundaries",
    "mon-fri",
    "sat",
    "sun",
    "lun-vie",
    "08:00-17:00",
    "22:00-06:00",
    "25:99-26:00",
    "8am-5pm",
    "noon-midnight",
    "off",
    "on",
    "clear",
    "self",
    "eos",
    "every",
    "90m",
    "0m",
    "9999m",
    "lunch",
    "12:30",
    "30m",
    "until",
    "2026-12-24",
    "2026-02-30",
    "1999-01-01",
    "America/Chicago",
    "Mars/Olympus",
    "../../etc/passwd",
    "en",
    "es",
    "fr",
    "results",
    "setup",
    "closed",
    "urgent",
    '"call ext. 200"',
    "managers",
    "<@U0ANA>",
    "<@>",
    "<!channel>",
    "*bold*",
    "`code`",
    "%s",
    "{name}",
    "{0}",
    "\\",
    "'",
    '"',
    "😀",
    "ñ",
    "ı",
    "\u200b",
    "\t",
    "\n",
    "-",
    "--",
    "—",
    "0",
    "-1",
    "1e9",
]
TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(WORDS + ARGS), min_size=1, max_size=6).map(" ".join),
    st.tuples(
        st.sampled_from(WORDS),
        st.lists(st.one_of(st.sampled_from(ARGS), st.text(max_size=12)), max_size=5),
    ).map(lambda t: " ".join([t[0], *t[1]])),
    st.sampled_from(WORDS).map(lambda w: w.upper()),
    st.text(min_size=2000, max_size=4000),
)


def listener_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.ERROR and r.name.startswith(("bot", "slack_bolt"))
    ]


def check_reply(status: int, text: str) -> None:
    assert status != 500 and status < 500, status
    assert "Traceback" not in text and 'File "' not in text
    for generic in GENERIC_ERRORS:
        assert generic not in text, "a handler crashed and the member got the catch-all"


@pytest.fixture
def quiet_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING)
    return caplog


def test_the_balance_grammar_never_breaks(
    http_bot: Bot, quiet_logs: pytest.LogCaptureFixture
) -> None:
    @FUZZ
    @given(text=TEXT, user=st.sampled_from(["U0BEN", "U0MGR", "U0ANA"]))
    def run(text: str, user: str) -> None:
        quiet_logs.clear()
        reply = http_bot.sender.command(user, text)
        check_reply(reply.status, reply.text)
        assert reply.status == 200
        payload = reply.payload()
        if payload:  # a modal opened instead of an answer is fine too
            assert str(payload.get("text", "")).strip(), payload
        assert listener_errors(quiet_logs) == []

    run()


# -- modals -------------------------------------------------------------------------------------


def input_blocks(view: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in view.get("blocks") or [] if b.get("type") == "input"]


def options_of(element: dict[str, Any]) -> list[str]:
    found = [o.get("value") for o in element.get("options") or []]
    for group in element.get("option_groups") or []:
        found += [o.get("value") for o in group.get("options") or []]
    return [str(v) for v in found if v is not None]


ODD = st.one_of(
    st.none(), st.integers(), st.text(max_size=40), st.lists(st.text(max_size=5), max_size=3)
)


@st.composite
def element_value(
    draw: st.DrawFn, element: dict[str, Any], wrong_types: bool = False
) -> dict[str, Any] | None:
    kind = str(element.get("type"))
    known = options_of(element)
    option = st.one_of(st.sampled_from(known or ["x"]), st.text(max_size=20)).map(
        lambda v: {"value": v, "text": {"type": "plain_text", "text": "x"}}
    )
    shapes: list[st.SearchStrategy[dict[str, Any] | None]] = [
        st.none(),  # the field left out entirely
        st.just({"type": kind}),  # no value at all
        st.just(
            {
                "type": kind,
                "value": None,
                "selected_option": None,
                "selected_options": [],
                "selected_time": None,
                "selected_date": None,
            }
        ),
    ]
    if wrong_types:  # shapes Slack itself never sends
        shapes = [
            ODD.map(
                lambda v: {
                    "type": kind,
                    "value": v,
                    "selected_option": v,
                    "selected_options": v,
                    "selected_time": v,
                }
            )
        ]
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        shapes.append(TEXT.map(lambda v: {"type": kind, "value": v}))
    if kind in ("static_select", "radio_buttons", "external_select"):
        shapes.append(option.map(lambda o: {"type": kind, "selected_option": o}))
    if kind in ("multi_static_select", "checkboxes"):
        shapes.append(
            st.lists(option, max_size=6).map(lambda os: {"type": kind, "selected_options": os})
        )
    if kind == "timepicker":
        shapes.append(
            st.one_of(st.from_regex(r"\A[0-2][0-9]:[0-5][0-9]\Z"), st.text(max_size=8)).map(
                lambda v: {"type": kind, "selected_time": v}
            )
        )
    if kind == "datepicker":
        shapes.append(
            st.one_of(st.dates().map(str), st.text(max_size=12)).map(
                lambda v: {"type": kind, "selected_date": v}
            )
        )
    return draw(st.one_of(*shapes))


@st.composite
def form_values(draw: st.DrawFn, view: dict[str, Any], wrong_types: bool = False) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for block in input_blocks(view):
        element = block.get("element") or {}
        value = draw(element_value(element, wrong_types))
        if value is not None:
            values[str(block.get("block_id"))] = {str(element.get("action_id")): value}
    return values


def opened_modal(bot: Bot, user: str, words: str) -> dict[str, Any] | None:
    before = len(bot.slack.views_opened())
    assert bot.sender.command(user, words).status == 200
    opened = bot.slack.views_opened()
    return opened[-1] if len(opened) > before else None


@pytest.mark.parametrize(("user", "words"), [("U0BEN", "settings"), ("U0MGR", "pulse setup")])
def test_modal_submissions_with_odd_values_get_clear_answers(
    http_bot: Bot, quiet_logs: pytest.LogCaptureFixture, user: str, words: str
) -> None:
    view = opened_modal(http_bot, user, words)
    assert view is not None, f"`/balance {words}` opened no modal"
    callback = str(view.get("callback_id"))
    assert input_blocks(view), "a modal without inputs"

    @FUZZ
    @given(
        values=form_values(view),
        private=st.one_of(st.just(view.get("private_metadata", "")), st.text(max_size=40)),
    )
    def run(values: dict[str, Any], private: str) -> None:
        quiet_logs.clear()
        reply = http_bot.sender.view_submission(
            user, {**view, "private_metadata": private}, values, callback_id=callback
        )
        check_reply(reply.status, reply.text)
        assert reply.status == 200
        if reply.text:
            answer = reply.json()
            if answer.get("response_action") == "errors":
                errors = answer["errors"]
                assert errors and all(isinstance(v, str) and v.strip() for v in errors.values())
        assert listener_errors(quiet_logs) == []

    run()


# -- interaction payloads -----------------------------------------------------------------------

ACTION_IDS = [
    "balance.run",
    "balance.run.status",
    "balance.run.tip",
    "breaks.took_it",
    "breaks.skip",
    "breaks.snooze.10",
    "breaks.snooze.15",
    "breaks.snooze.999",
    "forget.confirm",
    "forget.cancel",
    "tips.another",
    "tips.set_level",
    "tips.level:senior",
    "tips.level:x",
    "faq.show:hours",
    "faq.show:",
    "faq.list",
    "quiet.remind.U0ANA",
    "quiet.schedule.U0ANA",
    "quiet.reminder_cancel",
    "quiet.home_cancel",
    "settings.open",
    "pulse.answer",
]
VALUES = st.one_of(
    st.sampled_from(
        [
            "status",
            "tip senior",
            "help",
            "nudge:T0SANDBOX:U0BEN:2026-11-30:break-0800-2",
            "nudge:T0SANDBOX:U0ANA:2026-11-30:break-0800-2",
            "nudge:T0OTHER:U0BEN:2026-02-30:x",
            "nudge:::::",
            "U0ANA|C0FRONTDESK|1764545400.000100",
            "|||",
            "senior",
            "confirm",
        ]
    ),
    ODD,
)
# Slack always sends a trigger_id with block_actions, so it is never dropped here.
DROPPABLE = [
    "team",
    "channel",
    "message",
    "view",
    "user.team_id",
    "user.id",
    "actions.value",
    "actions.action_ts",
    "actions.type",
    "actions.block_id",
    "api_app_id",
    "state",
    "token",
]


@st.composite
def block_action(draw: st.DrawFn, response_url: str) -> dict[str, Any]:
    action: dict[str, Any] = {
        "action_id": draw(st.one_of(st.sampled_from(ACTION_IDS), st.text(max_size=30))),
        "block_id": draw(st.text(max_size=10)),
        "type": "button",
        "value": draw(VALUES),
        "action_ts": "1764545400.000100",
    }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "api_app_id": "A0BALANCE",
        "token": "x",
        "user": {
            "id": draw(st.sampled_from(["U0BEN", "U0ANA", "U0MGR", "UNOBODY", ""])),
            "team_id": TEAM,
        },
        "team": {"id": TEAM, "domain": "sandbox"},
        "trigger_id": "1.2.3",
        "channel": {"id": "C0FRONTDESK"},
        "message": {"ts": "1.1", "text": "x", "blocks": draw(st.sampled_from([[], None, "x"]))},
        "view": draw(st.sampled_from([{"type": "home", "id": "V0"}, {"type": "modal"}])),
        "state": {"values": draw(st.sampled_from([{}, None, {"b": {"a": {"value": 1}}}]))},
        "actions": draw(st.sampled_from([[action], [action, action]])),
    }
    # A button in a message comes with a response_url; one in App Home or a modal has none.
    if draw(st.booleans()):
        payload["container"] = {
            "type": "message",
            "message_ts": "1.1",
            "channel_id": "C0FRONTDESK",
            "is_ephemeral": draw(st.booleans()),
        }
        payload["response_url"] = response_url
    else:
        payload["container"] = {"type": "view", "view_id": "V0"}
    for key in draw(st.lists(st.sampled_from(DROPPABLE), max_size=4, unique=True)):
        head, _, tail = key.partition(".")
        target = payload.get(head)
        if tail and isinstance(target, dict):
            target.pop(tail, None)
        elif tail and isinstance(target, list) and target:
            target[0].pop(tail, None)
        elif not tail:
            payload.pop(head, None)
    return payload


def test_interaction_payloads_with_missing_or_odd_fields(
    http_bot: Bot, quiet_logs: pytest.LogCaptureFixture
) -> None:
    url = http_bot.slack.new_response_url(channel="C0FRONTDESK")

    @FUZZ
    @given(payload=block_action(url))
    def run(payload: dict[str, Any]) -> None:
        quiet_logs.clear()
        reply = http_bot.sender.interactive(payload)
        check_reply(reply.status, reply.text)
        errors = listener_errors(quiet_logs)
        assert errors == [], (errors, json.dumps(payload)[:400])

    run()


@st.composite
def odd_submission(draw: st.DrawFn) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": "V0SUB",
        "type": "modal",
        "team_id": TEAM,
        "callback_id": draw(
            st.sampled_from(["settings", "pulse.answer", "pulse.setup", "unknown", ""])
        ),
        "private_metadata": draw(
            st.one_of(st.text(max_size=40), st.just("{}"), st.just('{"round": 999999}'))
        ),
        "state": {
            "values": draw(
                st.one_of(
                    st.just({}),
                    st.dictionaries(
                        st.text(max_size=8),
                        st.dictionaries(
                            st.text(max_size=8),
                            st.fixed_dictionaries({"type": st.just("x"), "value": ODD}),
                            max_size=2,
                        ),
                        max_size=3,
                    ),
                )
            )
        },
        "blocks": [],
        "hash": "1.x",
    }
    for key in draw(
        st.lists(st.sampled_from(["state", "private_metadata", "blocks"]), max_size=2, unique=True)
    ):
        view.pop(key)
    return {
        "type": "view_submission",
        "team": {"id": TEAM},
        "api_app_id": "A0BALANCE",
        "user": {"id": draw(st.sampled_from(["U0BEN", "U0MGR", "UNOBODY"])), "team_id": TEAM},
        "trigger_id": "1.2.3",
        "view": view,
        "token": "x",
    }


def test_view_submissions_with_odd_shapes(
    http_bot: Bot, quiet_logs: pytest.LogCaptureFixture
) -> None:
    @FUZZ
    @given(payload=odd_submission())
    def run(payload: dict[str, Any]) -> None:
        quiet_logs.clear()
        reply = http_bot.sender.interactive(payload)
        check_reply(reply.status, reply.text)
        errors = listener_errors(quiet_logs)
        assert errors == [], (errors, json.dumps(payload)[:400])

    run()


# -- what the fuzzing found, kept as regression tests. The fuzz strategies above leave these
# shapes out so that they keep finding new things.


def action_payload(bot: Bot, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "block_actions",
        "api_app_id": "A0BALANCE",
        "token": "x",
        "user": {"id": "U0BEN", "team_id": TEAM},
        "team": {"id": TEAM},
        "trigger_id": "1.2.3",
        "channel": {"id": "C0FRONTDESK"},
        "response_url": bot.slack.new_response_url(channel="C0FRONTDESK"),
        "actions": [
            {
                "action_id": "balance.run.status",
                "block_id": "b",
                "type": "button",
                "value": "status",
                "action_ts": "1.2",
            }
        ],
    }
    payload.update(fields)
    return payload


def test_found_block_actions_with_no_actions(http_bot: Bot) -> None:
    reply = http_bot.sender.interactive(action_payload(http_bot, actions=[]))
    check_reply(reply.status, reply.text)


def test_found_unknown_action_with_a_null_view(http_bot: Bot) -> None:
    reply = http_bot.sender.interactive(
        action_payload(http_bot, view=None, actions=[{"action_id": "nobody.listens", "value": "x"}])
    )
    check_reply(reply.status, reply.text)


def test_found_run_button_with_a_null_user(http_bot: Bot) -> None:
    reply = http_bot.sender.interactive(action_payload(http_bot, user=None))
    check_reply(reply.status, reply.text)


def test_settings_submission_with_wrongly_typed_values(  # found by fuzzing, fixed since
    http_bot: Bot, quiet_logs: pytest.LogCaptureFixture
) -> None:
    view = opened_modal(http_bot, "U0BEN", "settings")
    assert view is not None

    @FUZZ
    @given(values=form_values(view, wrong_types=True))
    def run(values: dict[str, Any]) -> None:
        reply = http_bot.sender.view_submission("U0BEN", view, values, callback_id="settings")
        check_reply(reply.status, reply.text)

    run()
