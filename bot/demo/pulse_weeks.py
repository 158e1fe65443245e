"""The Friday team pulse in the demo: set-up by the manager, three weekly rounds answered
through the real modal, results withheld below the anonymity threshold and shown above it,
and the trend chart uploaded to the manager (kept with `--out`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.demo.clinic import CHANNEL, CHICAGO, Clinic
from bot.features.pulse import api

QUESTIONS = ["workload-manageable", "stress-coping", "breaks-taken", "after-hours-messages"]
COMMENT = "next-week-better"
# DMs worth showing in the pulse scenes (reminders, results); break nudges are left out.
PULSE_WORDS = ("pulse", "anonymous", "encuesta", "anonimato")


def _option(value: str) -> dict[str, str]:
    return {"value": value}


SETUP_VALUES: dict[str, Any] = {
    "channel": {"value": {"type": "conversations_select", "selected_conversation": CHANNEL}},
    "day": {"value": {"type": "static_select", "selected_option": _option("4")}},
    "time": {"value": {"type": "timepicker", "selected_time": "14:00"}},
    "tz": {"value": {"type": "plain_text_input", "value": "America/Chicago"}},
    "questions": {
        "value": {
            "type": "multi_static_select",
            "selected_options": [_option(q) for q in QUESTIONS],
        }
    },
    "comment": {"value": {"type": "checkboxes", "selected_options": [_option("yes")]}},
    "open_hours": {"value": {"type": "static_select", "selected_option": _option("72")}},
    "threshold": {"value": {"type": "static_select", "selected_option": _option("5")}},
    "results_to": {"value": {"type": "multi_users_select", "selected_users": ["U0MARIA"]}},
    "share": {"value": {"type": "checkboxes", "selected_options": []}},
    "enabled": {"value": {"type": "checkboxes", "selected_options": [_option("yes")]}},
}

# Who answers each Friday, and how the week felt (workload, stress: 1–5, 5 = best).
WEEKS: list[tuple[datetime, list[tuple[str, int, int, str | None]]]] = [
    (datetime(2026, 12, 4, 14, 0, tzinfo=CHICAGO), [("Ana", 3, 3, None), ("Ben", 2, 3, None)]),
    (
        datetime(2026, 12, 11, 14, 0, tzinfo=CHICAGO),
        [
            ("Ana", 3, 3, "Phones were wild on Monday"),
            ("Ben", 3, 2, None),
            ("Carla", 4, 4, None),
            ("Dee", 2, 3, None),
            ("Eli", 3, 3, "More help at check-in, please"),
        ],
    ),
    (
        datetime(2026, 12, 18, 14, 0, tzinfo=CHICAGO),
        [
            ("Ana", 4, 3, None),
            ("Ben", 3, 3, "The new break rota works"),
            ("Carla", 4, 4, None),
            ("Dee", 3, 3, None),
            ("Eli", 4, 3, None),
        ],
    ),
]


def set_up(clinic: Clinic) -> None:
    clinic.out.scene("Friday — Maria sets up the weekly team pulse")
    maria = clinic.people["Maria"]
    clinic.set_time(WEEKS[0][0] - timedelta(minutes=30))
    clinic.out.person(clinic.local(maria), "Maria", "types  /balance pulse setup")
    clinic.sender.command(maria.user_id, "pulse setup")
    modal = clinic.slack.views_opened()[-1]
    clinic.out.bot(clinic.local(maria), "a form opens", modal)
    clinic.out.person(
        clinic.local(maria),
        "Maria",
        "picks #front-desk, Fridays 14:00, 4 questions + a comment, open 72 h, "
        "results only with 5+ answers, and clicks [ Save ]",
    )
    ack = clinic.sender.view_submission(
        maria.user_id, modal, SETUP_VALUES, callback_id=modal["callback_id"]
    ).payload()
    clinic.out.bot(clinic.local(maria), "the form", ack.get("view") or ack)


def answer(
    clinic: Clinic, name: str, post: dict[str, Any], workload: int, stress: int, comment: str | None
) -> None:
    who = clinic.people[name]
    button = next(
        e
        for b in post.get("blocks") or []
        for e in b.get("elements") or []
        if e.get("action_id") == "pulse.answer"
    )
    before = len(clinic.slack.views_opened())
    clinic.sender.block_action(
        who.user_id, "pulse.answer", button["value"], message=post, channel_id=CHANNEL
    )
    clinic.slack.wait_for(lambda: len(clinic.slack.views_opened()) > before, timeout=10)
    modal = clinic.slack.views_opened()[-1]
    answers: dict[str, int | str] = {
        QUESTIONS[0]: workload,
        QUESTIONS[1]: stress,
        QUESTIONS[2]: 4,
        QUESTIONS[3]: 0,
    }
    if comment:
        answers[COMMENT] = comment
    ack = clinic.sender.view_submission(
        who.user_id, modal, api.simple_values(answers), callback_id=modal["callback_id"]
    ).payload()
    said = f" and writes “{comment}”" if comment else ""
    clinic.out.person(clinic.local(who), name, f"clicks [ Answer ], answers anonymously{said}")
    if ack.get("view"):
        clinic.out.bot(clinic.local(who), "the form", ack["view"])


def one_week(
    clinic: Clinic,
    opens: datetime,
    answers: list[tuple[str, int, int, str | None]],
    *,
    verbose: bool,
) -> None:
    clinic.out.scene(f"{opens:%a %d %b} 14:00 — the weekly pulse in #front-desk")
    clinic.set_time(opens + timedelta(minutes=1))
    clinic.runtime.ticker.run_once()
    clinic.quiet_dms()
    post = next(
        m
        for m in reversed(clinic.slack.messages(CHANNEL))
        if "pulse.answer" in str(m.get("blocks"))
    )
    clinic.out.bot(f"{clinic.clock.now().astimezone(CHICAGO):%a %H:%M}", "#front-desk", post)
    for name, workload, stress, comment in answers:
        clinic.set_time(clinic.clock.now() + timedelta(minutes=7))
        answer(clinic, name, post, workload, stress, comment if verbose or comment else None)
    clinic.set_time(opens + timedelta(hours=48, minutes=1))
    clinic.runtime.ticker.run_once()
    clinic.show_dms(only=PULSE_WORDS)
    clinic.set_time(opens + timedelta(hours=72, minutes=1))
    clinic.runtime.ticker.run_once()
    clinic.runtime.ticker.run_once()
    clinic.out.scene(f"{clinic.clock.now().astimezone(CHICAGO):%a %d %b} — the pulse closes")
    clinic.show_dms(only=PULSE_WORDS)


def play_pulse(clinic: Clinic, out: Path | None) -> None:
    set_up(clinic)
    for number, (opens, answers) in enumerate(WEEKS):
        one_week(clinic, opens, answers, verbose=number < 2)
    uploads = [u for u in clinic.slack.uploads() if u.get("data")]
    if uploads:
        clinic.out.note(f"the trend chart was uploaded to Maria ({uploads[-1]['filename']})")
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / "pulse-trend.png").write_bytes(uploads[-1]["data"])
            clinic.out.note(f"chart saved to {out / 'pulse-trend.png'}")
