"""The pulse side of the PHI guard: the comment refusal quotes the words in the member's
language while the ratings stay, and an admin can leave the comment box out (the set-up modal
says why one might)."""

from __future__ import annotations

from typing import Any

from bot.features.pulse import api, forms, views, views_setup
from bot.store.pulse import PulseConfig
from content import Catalog, load_catalog

QUESTIONS = ("workload-manageable", "stress-coping", "lunch-away")


def catalog() -> Catalog:
    return load_catalog(None)


def _refusal(lang: str, comment: str) -> dict[str, str]:
    cat = catalog()
    qs = [cat.pulse_question(q) for q in (*QUESTIONS, "next-week-better")]
    values = api.simple_values(
        {"workload-manageable": 4, "stress-coping": 3, "lunch-away": 1, "next-week-better": comment}
    )
    answers, problems = forms.parse_answers(qs, values)
    assert [a.question_id for a in answers] == list(QUESTIONS)  # the ratings are all read
    return views.errors(cat, lang, problems)  # type: ignore[arg-type]


def test_the_refusal_quotes_the_words_and_says_what_they_look_like_in_english() -> None:
    errors = _refusal("en", "mrs adeyemi's dialysis got moved again, so I stayed late")
    assert list(errors) == ["q:next-week-better"]
    message = errors["q:next-week-better"]
    assert "“mrs adeyemi's dialysis”" in message
    assert "someone others could recognize, with health details" in message
    assert "I stayed late" not in message  # only the words that look like patient data


def test_the_refusal_speaks_spanish_to_a_spanish_speaker() -> None:
    message = _refusal("es", "don Ernesto con alzheimer se salió otra vez")["q:next-week-better"]
    assert message.startswith("Estas palabras parecen datos de un paciente")
    assert "“don Ernesto con alzheimer”" in message
    assert "alguien a quien otros podrían reconocer, con datos de salud" in message


def test_a_false_refusal_can_be_rephrased_in_seconds() -> None:
    cat = catalog()
    qs = [cat.pulse_question("next-week-better")]
    values = api.simple_values({"next-week-better": "thanks to Ms. Whitfield for the bagels"})
    answers, problems = forms.parse_answers(qs, values)
    assert problems == [] and answers[0].comment == "thanks to Ms. Whitfield for the bagels"


def _setup_values(with_comment: bool) -> dict[str, Any]:
    def sel(v: str) -> dict[str, Any]:
        return {"value": {"selected_option": {"value": v}}}

    return {
        "channel": {"value": {"selected_conversation": "C1"}},
        "day": sel("4"),
        "time": {"value": {"selected_time": "14:00"}},
        "tz": {"value": {"value": "America/Chicago"}},
        "questions": {"value": {"selected_options": [{"value": q} for q in QUESTIONS]}},
        "comment": {"value": {"selected_options": [{"value": "yes"}] if with_comment else []}},
        "open_hours": sel("72"),
        "threshold": sel("5"),
        "results_to": {"value": {"selected_users": ["U1"]}},
        "enabled": {"value": {"selected_options": [{"value": "yes"}]}},
    }


def test_the_setup_modal_explains_the_comment_box_trade_off() -> None:
    cat = catalog()
    for lang, words in (("en", "patient's details"), ("es", "datos de un paciente")):
        modal = views_setup.setup_modal(
            cat,
            lang,
            config=None,
            channel_id="C1",  # type: ignore[arg-type]
            tz="America/Chicago",
            user_id="U1",
            bank=cat.pulse_questions(),
        )
        [block] = [b for b in modal["blocks"] if b.get("block_id") == "comment"]
        assert words in block["hint"]["text"]


def test_an_admin_can_leave_the_comment_box_out() -> None:
    cat = catalog()
    bank = {q.id: q for q in cat.pulse_questions()}
    form, problems = forms.parse_setup(_setup_values(with_comment=False), bank)
    assert problems == [] and form is not None
    config: PulseConfig = form.config("T1")
    assert config.questions == QUESTIONS
    questions = [cat.pulse_question(q) for q in config.questions]
    modal = views.answer_modal(cat, "en", _round(config), questions)
    inputs = [b["element"]["type"] for b in modal["blocks"] if b.get("type") == "input"]
    assert "plain_text_input" not in inputs and len(inputs) == len(QUESTIONS)


def _round(config: PulseConfig) -> Any:
    class Round:
        id = 1
        threshold = config.threshold

    return Round()
