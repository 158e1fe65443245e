"""Reading the pulse modals: required answers, PHI in comments refused, set-up limits."""

from __future__ import annotations

from typing import Any

from bot.features.pulse import api, forms
from content import Catalog, load_catalog


def catalog() -> Catalog:
    return load_catalog(None)


def test_answers_need_every_rating_and_refuse_patient_details() -> None:
    cat = catalog()
    qs = [cat.pulse_question(q) for q in ("workload-manageable", "lunch-away", "next-week-better")]
    answers, problems = forms.parse_answers(
        qs,
        api.simple_values(
            {"workload-manageable": 6, "next-week-better": "call Mrs. Lopez at 312-555-0198"}
        ),
    )
    assert {p.block_id for p in problems} == {
        "q:workload-manageable",
        "q:lunch-away",
        "q:next-week-better",
    }
    phi = next(p for p in problems if p.block_id == "q:next-week-better")
    assert phi.key == "phi.refused_words" and phi.reason_key == "phi.reason.phone"
    assert "“312-555-0198”" in phi.fmt["words"]
    assert answers == []
    answers, problems = forms.parse_answers(
        qs, api.simple_values({"workload-manageable": 5, "lunch-away": 0, "next-week-better": "  "})
    )
    assert problems == []
    assert [(a.question_id, a.value) for a in answers] == [
        ("workload-manageable", 5),
        ("lunch-away", 0),
    ]


def _setup(**over: Any) -> dict[str, Any]:
    def sel(v: str) -> dict[str, Any]:
        return {"value": {"selected_option": {"value": v}}}

    values: dict[str, Any] = {
        "channel": {"value": {"selected_conversation": "C1"}},
        "day": sel("4"),
        "time": {"value": {"selected_time": "14:00"}},
        "tz": {"value": {"value": "America/Chicago"}},
        "questions": {
            "value": {
                "selected_options": [
                    {"value": q} for q in ("workload-manageable", "stress-coping", "lunch-away")
                ]
            }
        },
        "comment": {"value": {"selected_options": [{"value": "yes"}]}},
        "open_hours": sel("72"),
        "threshold": sel("5"),
        "results_to": {"value": {"selected_users": ["U1"]}},
        "enabled": {"value": {"selected_options": [{"value": "yes"}]}},
    }
    values.update(over)
    return values


def test_setup_form() -> None:
    bank = {q.id: q for q in catalog().pulse_questions()}
    form, problems = forms.parse_setup(_setup(), bank)
    assert problems == [] and form is not None
    config = form.config("T1")
    assert config.questions[-1] == "next-week-better" and len(config.questions) == 4
    assert (config.weekday, config.local_time, config.threshold) == (4, "14:00", 5)
    too_many = {"value": {"selected_options": [{"value": q} for q in list(bank)[:6]]}}
    form, problems = forms.parse_setup(
        _setup(
            questions=too_many,
            threshold={"value": {"selected_option": {"value": "2"}}},
            results_to={"value": {"selected_users": []}},
        ),
        bank,
    )
    assert form is None
    assert {p.block_id for p in problems} == {"questions", "threshold", "results_to"}
