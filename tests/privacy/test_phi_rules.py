"""The PHI screen, rule by rule: what it refuses, what it lets through, and that it never
echoes or logs the text."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.privacy import KINDS, PhiFinding, screen


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("her SSN is 123-45-6789", "ssn"),
        ("512 44 1234 on the form", "ssn"),
        ("seguro social 123456789", "ssn"),
        ("DOB 03/14/1962", "dob"),
        ("date of birth: March 3, 1980", "dob"),
        ("fecha de nacimiento 3 de mayo de 1975", "dob"),
        ("the one born 4/5/1944", "dob"),
        ("MRN 00482913", "mrn"),
        ("chart #A123456", "mrn"),
        ("número de expediente 55821", "mrn"),
        ("member ID XJH123456789", "insurance"),
        ("Medicare 1EG4-TE5-MK73", "insurance"),
        ("(312) 555-0198", "phone"),
        ("+52 55 1234 5678", "phone"),
        ("call her back at 555-0134", "phone"),
        ("maria.lopez@gmail.com", "email"),
        ("patient John Smith was upset", "patient_name"),
        ("Mrs. Nguyen waited an hour", "patient_name"),
        ("la paciente Rosa Díaz", "patient_name"),
        ("a patient named maria", "patient_name"),
        ("lives at 1200 N Oak Street", "address"),
        ("card 4111 1111 1111 1111", "id_number"),
    ],
)
def test_refuses_patient_details(text: str, kind: str) -> None:
    finding = screen(text)
    assert finding == PhiFinding(kind)
    assert finding.reason == KINDS[kind]
    assert finding.reason_key == f"phi.reason.{kind}"


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
        "The 2026-27 budget should include another MOA.",
        "Semana pesada: 85 pacientes el viernes.",
        "I miss Ana, she moved to billing.",
        "A patient called 6 times about a bill.",
    ],
)
def test_lets_ordinary_comments_through(text: str) -> None:
    assert screen(text) is None


def test_allow_skips_a_kind_but_not_the_others() -> None:
    assert screen("call 312-555-0198 for urgent issues", allow={"phone"}) is None
    assert screen("call 312-555-0198, patient John Smith", allow={"phone"}) == PhiFinding(
        "patient_name"
    )


def test_a_finding_never_carries_the_text() -> None:
    finding = screen("patient John Smith DOB 03/14/1962")
    assert finding is not None
    assert "Smith" not in repr(finding) and "1962" not in repr(finding)


def test_nothing_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    screen("patient John Smith, SSN 123-45-6789")
    assert caplog.records == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_any_text(text: str) -> None:
    result = screen(text)
    assert result is None or result.kind in KINDS


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Ll", "Zs"]), max_size=200))
def test_lowercase_words_without_digits_or_at_signs_pass(text: str) -> None:
    # No digits, no "@", no capitalised name: nothing in it can identify a patient.
    assert screen(text) is None
