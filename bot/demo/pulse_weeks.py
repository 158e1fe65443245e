"""The Friday team pulse in the demo: set-up by the manager, three weekly rounds answered
through the real modal, results withheld below the anonymity threshold and shown above it,
and the trend chart uploaded to the manager (kept with `--out`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.demo.clinic import CHANNEL, CHICAGO, Clinic, Person
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


# The comments above as a Spanish-speaking team would write them.
SPANISH = {
    "Phones were wild on Monday": "El lunes los teléfonos no pararon",
    "More help at check-in, please": "Más ayuda en la recepción, por favor",
    "The new break rota works": "La nueva rotación de pausas funciona",
}
COMMENTS = {en: {"en": en, "es": es} for en, es in SPANISH.items()}


def set_up(clinic: Clinic) -> None:
    clinic.out.scene("Friday — Maria sets up the weekly team pulse")
    maria = clinic.people["Maria"]
    clinic.set_time(WEEKS[0][0] - timedelta(minutes=30))
    command = "/balance pulse setup"
    clinic.out.person(clinic.local(maria), "Maria", f"types  {command}", kind="typed", text=command)
    clinic.sender.command(maria.user_id, "pulse setup")
    modal = clinic.slack.views_opened()[-1]
    clinic.out.bot(clinic.local(maria), "a form opens", modal, viewer="Maria", place="modal")
    clinic.out.person(
        clinic.local(maria),
        "Maria",
        "picks #front-desk, Fridays 14:00, 4 questions + a comment, open 72 h, "
        "results only with 5+ answers, and clicks [ Save ]",
        place="modal",
    )
    ack = clinic.sender.view_submission(
        maria.user_id, modal, SETUP_VALUES, callback_id=modal["callback_id"]
    ).payload()
    clinic.out.bot(
        clinic.local(maria), "the form", ack.get("view") or ack, viewer="Maria", place="modal"
    )


# A comment that names a patient: the form refuses it in place, and nothing is stored.
REFUSED_COMMENT = {
    "en": "Mr. Ortiz (DOB 04/12/1961) waited 40 minutes at check-in",
    "es": "El Sr. Ortiz (nacido el 04/12/1961) esperó 40 minutos en la recepción",
}


def _submit(
    clinic: Clinic, who: Person, modal: dict[str, Any], answers: dict[str, int | str]
) -> dict[str, Any]:
    return clinic.sender.view_submission(
        who.user_id, modal, api.simple_values(answers), callback_id=modal["callback_id"]
    ).payload()


def _refused_first(
    clinic: Clinic, who: Person, modal: dict[str, Any], answers: dict[str, int | str]
) -> bool:
    """Try a comment with patient details; True when the form refused it (as it must)."""
    comment = REFUSED_COMMENT.get(clinic.lang, REFUSED_COMMENT["en"])
    send = str((modal.get("submit") or {}).get("text") or "Send")
    clinic.out.person(
        clinic.local(who),
        who.name,
        f"writes “{comment}” in the comment and clicks [ {send} ]",
        place="modal",
    )
    entered = {**answers, COMMENT: comment}
    ack = _submit(clinic, who, modal, entered)
    if ack.get("response_action") != "errors":
        clinic.out.bot(clinic.local(who), "the form", ack.get("view") or ack, viewer=who.name)
        return False
    errors = {str(k): str(v) for k, v in (ack.get("errors") or {}).items()}
    clinic.out.bot(
        clinic.local(who),
        "the form",
        modal,
        viewer=who.name,
        place="modal",
        errors=errors,
        state=api.simple_values(entered),
    )
    return True


def answer(
    clinic: Clinic,
    name: str,
    post: dict[str, Any],
    feeling: tuple[int, int, str | None],
    *,
    show_form: bool = False,
    refuse_first: bool = False,
) -> None:
    """One member answers through the real modal. `show_form` shows the form as it opens;
    `refuse_first` first tries a comment with patient details, which the form refuses."""
    who = clinic.people[name]
    workload, stress, comment = feeling
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
    if show_form or refuse_first:
        clinic.clicked(who, str(button["text"]["text"]))
        clinic.out.bot(clinic.local(who), "a form opens", modal, viewer=name, place="modal")
    answers: dict[str, int | str] = {
        QUESTIONS[0]: workload,
        QUESTIONS[1]: stress,
        QUESTIONS[2]: 4,
        QUESTIONS[3]: 0,
    }
    if refuse_first and not _refused_first(clinic, who, modal, answers):
        return
    if comment:
        answers[COMMENT] = comment
    ack = _submit(clinic, who, modal, answers)
    said = f" and writes “{comment}”" if comment else ""
    if refuse_first:
        done = f"takes the patient details out and answers anonymously{said}"
        clinic.out.person(clinic.local(who), name, done, place="modal")
    elif show_form:
        clinic.out.person(clinic.local(who), name, f"answers anonymously{said}", place="modal")
    else:
        clinic.out.person(clinic.local(who), name, f"clicks [ Answer ], answers anonymously{said}")
    if ack.get("view"):
        clinic.out.bot(clinic.local(who), "the form", ack["view"], viewer=name, place="modal")


def one_week(
    clinic: Clinic,
    opens: datetime,
    answers: list[tuple[str, int, int, str | None]],
    *,
    verbose: bool,
    first_week: bool,
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
    clinic.out.bot(
        f"{clinic.clock.now().astimezone(CHICAGO):%a %H:%M}",
        "#front-desk",
        post,
        place="channel",
        channel=CHANNEL,
    )
    for number, (name, workload, stress, comment) in enumerate(answers):
        clinic.set_time(clinic.clock.now() + timedelta(minutes=7))
        answer(
            clinic,
            name,
            post,
            (workload, stress, clinic.said(COMMENTS[comment]) if comment else None),
            show_form=first_week and number == 0,
            refuse_first=verbose and not first_week and name == "Dee",
        )
    # The reminder is due on Sunday; it waits for each member's shift (or the working hours):
    # Monday morning, and none for a shift that starts after the round's last hour.
    clinic.set_time(opens + timedelta(hours=48, minutes=1))
    clinic.runtime.ticker.run_once()
    clinic.set_time(opens + timedelta(hours=67, minutes=1))
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
        one_week(clinic, opens, answers, verbose=number < 2, first_week=number == 0)
    uploads = [u for u in clinic.slack.uploads() if u.get("data")]
    if uploads:
        clinic.out.note(f"the trend chart was uploaded to Maria ({uploads[-1]['filename']})")
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / "pulse-trend.png").write_bytes(uploads[-1]["data"])
            clinic.out.note(f"chart saved to {out / 'pulse-trend.png'}")
