"""The PHI screen, rule by rule: what it refuses and why, which words it points at, what it lets
through, the urgent route's allowances, and that it never echoes or logs the text."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.privacy import KINDS, PhiFinding, Screening, screen


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("her SSN is 123-45-6789", "ssn", "123-45-6789"),
        ("last 4 of social 8812", "ssn", "8812"),
        ("DOB 03/14/1962", "dob", "03/14/1962"),
        ("born on the 2nd of may 1958", "dob", "2nd of may 1958"),
        ("fecha de nacimiento 3 de mayo de 1975", "dob", "3 de mayo de 1975"),
        ("MRN 00482913", "mrn", "00482913"),
        ("card id KLM 5521 0093", "insurance", "5521 0093"),
        ("aetna W9876-5432 denied", "insurance", "W9876-5432"),
        ("Medicare 1EG4-TE5-MK73", "insurance", "1EG4-TE5-MK73"),
        ("(312) 555-0198", "phone", "(312) 555-0198"),
        (
            "her number is four one two, five five nine, oh three three seven",
            "phone",
            "four one two, five five nine, oh three three seven",
        ),
        ("maria.lopez@gmail.com", "email", "maria.lopez@gmail.com"),
        ("jdiaz at gmail dot com", "email", "jdiaz at gmail dot com"),
        ("she lives at 1422 w maple ave apt 3", "address", "1422 w maple ave apt 3"),
        ("a 97 y/o in for her flu shot", "age", "97 y/o"),
        ("mrs adeyemi's dialysis got moved again", "patient", "mrs adeyemi's dialysis"),
        ("the kowalski boy's eczema", "patient", "kowalski boy's eczema"),
        ("Bay 3: Walter Grimes, short of breath", "patient", "Bay 3: Walter Grimes"),
        ("pt. lucinda reyes, dx anxiety", "patient", "pt. lucinda reyes"),
        ("don Ernesto con alzheimer", "patient", "don Ernesto con alzheimer"),
        ("la paciente con asma, Rosa Elena Díaz", "patient", "Rosa Elena Díaz"),
        ("DOS 9/12/26 for the walk-in", "service_date", "9/12/26"),
        (
            "pics here drive.google.com/file/d/1aB9/view",
            "link",
            "drive.google.com/file/d/1aB9/view",
        ),
    ],
)
def test_refuses_patient_details_and_points_at_the_words(text: str, kind: str, words: str) -> None:
    result = screen(text)
    assert isinstance(result, Screening)
    assert kind in result.kinds
    quoted = [text[f.start : f.end] for f in result.findings if f.kind == kind]
    assert any(words in q or q in words for q in quoted), quoted


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Too many patients today and the patient portal was down.",
        "Shifts 0800-1700 all week, lunch at 12:30.",
        "Ana covered for me on 12/24, thanks!",
        "Call ext. 214 when the desk needs backup.",
        "Dr. Patel ran 30 minutes behind.",
        "We're closed 2026-12-24; who covers 2026-12-26?",
        "Our Q3 no-shows fell 12%, 3,000 calls handled.",
        "Semana pesada: 85 pacientes el viernes.",
        "A patient called 6 times about a bill.",
        "thanks to Ms. Whitfield for the bagels",
        "gracias a la Sra. Molina por las flores",
        "Mrs. Park in billing sorted out my claim",
        "been here since 6/3/2009",
        "IT ticket #88213 is still open",
        "our building is like 95 years old",
        "me dio gripa y vine igual",
    ],
)
def test_lets_ordinary_comments_through(text: str) -> None:
    assert screen(text) is None


def test_the_urgent_route_takes_the_practice_s_own_lines_but_not_a_patient() -> None:
    practice = "After hours: on-call line (503) 882-4410, frontdesk@cedarridgefm.com, ext 200"
    assert screen(practice, mode="urgent") is None
    assert screen(practice) is None  # the practice's own lines pass in a comment too
    assert screen("call her back at 503-882-4410") is not None  # someone's number does not
    relative = "after hours call 503-882-4410; mrs. ortiz's daughter is at 312-555-0177"
    found = screen(relative, mode="urgent")
    assert found is not None and "phone" in found.kinds
    assert all(relative[f.start : f.end] != "503-882-4410" for f in found.findings)
    assert screen("urgent: if mr. haskins calls about his chest pain, ext 200", mode="urgent")


def test_allow_skips_a_kind_but_not_the_others() -> None:
    assert screen("call 312-555-0198 for urgent issues", allow={"phone"}) is None
    found = screen("call 312-555-0198, patient John Smith", allow={"phone"})
    assert found is not None and found.kinds == ("patient",)


def test_findings_say_where_and_quote_only_what_was_asked() -> None:
    text = "pt wu, DOB 3/4/1950, call 312-555-0198"
    found = screen(text)
    assert found is not None
    assert [f.kind for f in found.findings] == ["patient", "dob", "phone"]
    assert found.kind == "dob"  # the most serious kind leads the message
    assert found.quotes(text) == ["pt wu", "3/4/1950", "312-555-0198"]
    assert found.quotes(text, limit=1) == ["pt wu"]
    assert PhiFinding("dob", 0, 3).reason == KINDS["dob"]
    assert PhiFinding("dob", 0, 3).reason_key == "phi.reason.dob"


def test_spans_point_into_the_original_text_even_with_odd_characters() -> None:
    text = "ｐｔ　ｗｕ： ＤＯＢ　０３／１４／１９６２ — «Señora Díaz» con diabetes"
    found = screen(text)
    assert found is not None
    quoted = [text[f.start : f.end] for f in found.findings]
    assert "０３／１４／１９６２" in quoted
    assert any("Díaz" in q for q in quoted)


def test_a_finding_never_carries_the_text() -> None:
    found = screen("patient John Smith DOB 03/14/1962")
    assert found is not None
    assert "Smith" not in repr(found) and "1962" not in repr(found)


def test_nothing_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    screen("patient John Smith, SSN 123-45-6789")
    assert caplog.records == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_spans_stay_inside_the_text(text: str) -> None:
    for mode in ("comment", "urgent"):
        result = screen(text, mode=mode)  # type: ignore[arg-type]
        if result is not None:
            assert all(
                f.kind in KINDS and 0 <= f.start < f.end <= len(text) for f in result.findings
            )
            assert [f.start for f in result.findings] == sorted(f.start for f in result.findings)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "the",
                "desk",
                "phones",
                "were",
                "busy",
                "and",
                "we",
                "need",
                "more",
                "chairs",
                "lunch",
                "break",
                "shift",
                "schedule",
                "team",
                "printer",
                "fax",
                "coffee",
                "tired",
                "week",
                "monday",
                "friday",
                "la",
                "recepcion",
                "estuvo",
                "llena",
                "hoy",
                "turno",
            ]
        ),
        max_size=30,
    )
)
def test_everyday_workplace_words_pass_in_any_order(words: list[str]) -> None:
    assert screen(" ".join(words)) is None
