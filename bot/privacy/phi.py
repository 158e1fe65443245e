"""Screen free text for patient data before it is stored: SSN, date of birth, record numbers,
phone, e-mail, "patient" + a name, insurance ids, street addresses, long id numbers.

Slack signs no BAA with third-party apps, so Balance Bot keeps no PHI: matching text is refused
with a reason the member can act on. Detection is a guardrail, not a compliance control (regexes
miss things); it leans towards refusing anything that looks like a person's identifiers.

Pure and regex-based. The text is never logged, and a finding never carries the matched text,
so nothing downstream can log it by accident.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# kind → the reason shown to the member (English; views localise with `phi.reason.<kind>`).
KINDS: dict[str, str] = {
    "ssn": "a Social Security number",
    "dob": "a date of birth",
    "mrn": "a medical record or chart number",
    "insurance": "an insurance or member ID",
    "phone": "a phone number",
    "email": "an email address",
    "patient_name": "a patient's name",
    "address": "a street address",
    "id_number": "a long ID number",
}


@dataclass(frozen=True)
class PhiFinding:
    """What kind of patient data the text seems to hold (never the text itself)."""

    kind: str

    @property
    def reason(self) -> str:
        return KINDS[self.kind]

    @property
    def reason_key(self) -> str:
        """The UI string key for the localised reason."""
        return f"phi.reason.{self.kind}"


_I = re.IGNORECASE
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|ene(?:ro)?|febrero|marzo|abr(?:il)?|mayo|junio|julio|ago(?:sto)?|sept?iembre|octubre"
    r"|noviembre|dic(?:iembre)?"
)
_NUM_DATE = r"\d{1,4}\s?[/\-.]\s?\d{1,2}\s?[/\-.]\s?\d{2,4}"
_WORD_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:de\s+)?(?:{_MONTHS})\.?,?(?:\s+(?:de\s+)?\d{{2,4}})?"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{2,4}})?"
    rf"|(?:{_MONTHS})\.?\s+(?:19|20)\d{{2}})"
)
_BIRTH_YEAR = r"(?:19\d\d|200\d|201[0-5])"

_SSN_FORMATTED = re.compile(
    r"(?<![\d-])(?!000|666|9\d\d)\d{3}([-\s.])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])"
)
_SSN_CONTEXT = re.compile(
    r"\b(?:ssn|ss#|s\.s\.n\.?|social(?:\s+security)?(?:\s+(?:number|no\.?|#))?|seguro\s+social"
    r"|n[uú]mero\s+de\s+seguro)\W{0,6}(?:is\s+|es\s+)?(?:\d[\s\-.]?){8}\d",
    _I,
)
_SSN_LAST4 = re.compile(
    r"\b(?:ssn|social|seguro\s+social)\b[^.\n]{0,24}\b(?:last\s*(?:4|four)|[uú]ltimos\s*"
    r"(?:4|cuatro))\b\W{0,12}\d{4}",
    _I,
)
_DOB = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|b-?day|born(?:\s+on|\s+in)?"
    r"|fecha\s+de\s+nacimiento|f\.?\s?nac\.?|naci[oó](?:\s+el)?|nacid[oa](?:\s+el)?"
    rf"|cumplea[nñ]os)\W{{0,6}}(?:(?:is|was|es|fue|el|on)\s+)?(?:{_NUM_DATE}|{_WORD_DATE})",
    _I,
)
# A full date whose year is a birth year (before 2016) reads as someone's date of birth.
_OLD_DATE = re.compile(
    rf"(?<!\d)(?:\d{{1,2}}\s?[/\-.]\s?\d{{1,2}}\s?[/\-.]\s?{_BIRTH_YEAR}"
    rf"|{_BIRTH_YEAR}\s?[/\-.]\s?\d{{1,2}}\s?[/\-.]\s?\d{{1,2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:de\s+)?(?:{_MONTHS})\.?,?\s+(?:de\s+)?{_BIRTH_YEAR}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_BIRTH_YEAR})(?!\d)",
    _I,
)
_ID_VALUE = (
    r"\s*(?:is|es|was|:|#|no\.?|number)?\s*[:#]?\s*(?=[A-Z0-9\-]*\d)[A-Z0-9][A-Z0-9\-]{3,14}\b"
)
_MRN = re.compile(
    r"\b(?:mrn|m\.r\.n\.?|med(?:ical)?\s*rec(?:ord)?s?(?:\s*(?:no|num(?:ber)?|#|id))?"
    r"|record\s*(?:no|num(?:ber)?|#|id)|chart(?:\s*(?:no|num(?:ber)?|#|id))?"
    r"|patient\s*(?:id|no|num(?:ber)?|#|acct|account)|pt\.?\s*(?:id|#|no)"
    r"|acct\.?|account(?:\s*(?:no|num(?:ber)?|#))?|encounter(?:\s*(?:id|no|#))?"
    r"|case\s*(?:no|num(?:ber)?|#)|expediente(?:\s+(?:n[uú]m(?:ero)?|no\.?|#))?"
    r"|n[uú]mero\s+de\s+(?:expediente|historia|paciente|cuenta)|historia\s+cl[ií]nica)"
    + _ID_VALUE,
    _I,
)
_INSURANCE = re.compile(
    r"\b(?:(?:member|subscriber|policy|medicare|medicaid|mbi|p[oó]liza|afiliado|asegurado)"
    r"(?:\s*(?:id|no\.?|num(?:ber)?|n[uú]mero|#|card))?"
    r"|(?:insurance|insurer|group|plan|seguro|credencial)\s*(?:id|no\.?|num(?:ber)?|n[uú]mero"
    r"|#|card))"
    r"\s*(?:is|es|:|#|de)?\s*[:#]?\s*(?=[A-Z\-]*\d[A-Z\-]*\d)[A-Z0-9][A-Z0-9\-]{5,15}\b",
    _I,
)
_PHONE_FULL = re.compile(
    r"(?<![\w+])(?:\+?1[\s\-.]?)?(?:\(\s*\d{3}\s*\)|\d{3})[\s\-.]?\d{3}[\s\-.]\d{4}(?!\d)"
    r"|(?<![\w+])\d{10}(?!\d)"
    r"|(?<![\w+])\d{2}[\s\-.]\d{4}[\s\-.]\d{4}(?!\d)"
    r"|\+\d{1,3}[\s\-.]?(?:\(?\d{1,4}\)?[\s\-.]?){2,5}\d{2,4}(?!\d)"
)
_PHONE_LOCAL = re.compile(
    r"\b(?:call|calls|called|phone|tel|cell|mobile|number|reach|text|fax|contact|at|#"
    r"|tel[eé]fono|celular|llamar|llama|llam[oó]|n[uú]mero|marcar|al)\b[^.\n\d]{0,20}"
    r"(?<!\d)\d{3}[\s\-.]\d{4}(?!\d)",
    _I,
)
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]+\s?(?:@|\(at\)|\[at\])\s?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_ADDRESS = re.compile(
    r"\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:[A-Z][A-Za-z]+\s+){1,3}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|Ct|Court|Way|Pl|Place"
    r"|Ter|Terrace|Pkwy|Parkway|Hwy|Highway|Cir|Circle)\b"
    r"|\b(?:[Cc]alle|[Aa]venida|[Aa]v\.|[Cc]olonia|[Cc]ol\.)\s+[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+"
    r"(?:\s+[\wáéíóúñ]+){0,3}\s+(?:#\s?|[Nn]o\.?\s*|[Nn][uú]m\.?\s*)?\d{1,5}\b"
)
# Digits separated by single spaces or hyphens; not the tail or head of a decimal or a ratio.
_DIGIT_RUN = re.compile(r"(?<!\d)(?<!\d[.,:/])\d+(?:[\s\-]\d+)*(?!\d|%|[.,:/]\d)")
_DATE_RUN = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}-\d{1,2}-\d{4}")

# "patient" (or a title) and a capitalised name. Trigger words are case-insensitive where that
# is safe; the name must be capitalised so "patient flow" or "the patient portal" pass.
_TRIGGER = (
    r"(?:\b(?i:patient|pt\.?|paciente)|\b(?:Mrs?\.?|Ms\.?|ms\.|mrs?\.|Miss|Mister|[Ss]r\.|[Ss]ra\."
    r"|[Ss]rta\.|[Ss]e[nñ]or(?:a|ita)?|[Dd]o[nñ]a))"
)
_PATIENT_NAME = re.compile(
    rf"{_TRIGGER}(?:'s)?\s*[,:\-]?\s+(?:(?i:named|llamad[oa]|de\s+nombre)\s+)?"
    r"(?P<name>[A-ZÁÉÍÓÚÑ][a-záéíóúñ'\-]+|[A-Z]\.(?:\s?[A-Z][a-záéíóúñ'\-]+)?)"
)
_NAMED = re.compile(
    r"\b(?:patient|pt|paciente|client|caller)\b[^.\n]{0,30}?\b(?:named|name\s+is|llamad[oa]"
    r"|se\s+llama|de\s+nombre|nombre\s+es)\s+[A-Za-zÁÉÍÓÚÑáéíóúñ'\-]{2,}",
    _I,
)
_INITIALS_PATIENT = re.compile(r"\b(?i:patient|pt|paciente)\s+[A-Z]\.?\s?[A-Z]\.(?!\w)")
_NAME_DOB = re.compile(
    r"\b[A-Z][a-z]+\s+[A-Z][a-z]+\s*[,(]\s*(?:(?i:dob|d\.o\.b|born)|\d{1,2}[/\-]\d{1,2}[/\-]\d{2,4})"
)
# Capitalised words that follow "patient" or a title without being a person's name.
_NOT_NAMES = frozenset(
    re.split(
        r"\s+",
        """
    i i'm i've i'd i'll a an the this that these those my our your their his her its we they he
    she it and or but so if when while because after before then also just still please thanks
    portal portals care services service experience flow intake check checkin check-in
    satisfaction safety privacy advocate relations room rooms lounge line calls call list lists
    forms form records record survey surveys feedback education coordinator coordinators
    access appointments appointment scheduling schedules schedule registration reminders
    department departments dept wait waiting volume volumes load loads count counts questions
    today tomorrow yesterday monday tuesday wednesday thursday friday saturday sunday
    lunes martes miércoles miercoles jueves viernes sábado sabado domingo
    hoy mañana manana ayer el la los las un una que y de del en por para con sin pero
    everyone anyone someone nobody all some many most few more less no yes ok okay
    front desk team staff billing insurance medicare medicaid emr ehr am pm
    """.strip(),
    )
)


def _normalise(text: str) -> str:
    # Fold look-alike characters (full-width digits, odd spaces and dashes) to plain ones.
    text = unicodedata.normalize("NFKC", text)
    for dash in ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"):
        text = text.replace(dash, "-")
    return text


def _patient_name(text: str) -> bool:
    for match in _PATIENT_NAME.finditer(text):
        if match.group("name").lower().rstrip(".") not in _NOT_NAMES:
            return True
    return bool(_NAMED.search(text) or _INITIALS_PATIENT.search(text) or _NAME_DOB.search(text))


def _long_number(text: str) -> bool:
    """Seven or more digits in one run (spaces or hyphens allowed): an account, chart, card…

    Two groups of four ("0800-1700", "2019-2026") are times or years; runs of one- or two-digit
    groups are lists of small numbers ("4 5 3 2 5 1 4"); "2026-12-24" is a date.
    """
    for match in _DIGIT_RUN.finditer(text):
        groups = re.split(r"[\s\-]", match.group())
        if sum(len(g) for g in groups) < 7 or _DATE_RUN.fullmatch(match.group()):
            continue  # short, or a date (birth dates are caught by the date-of-birth rules)
        if len(groups) == 2 and all(len(g) == 4 for g in groups):
            continue
        if max(len(g) for g in groups) <= 2:
            continue
        return True
    return False


_CHECKS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("ssn", lambda t: bool(_SSN_FORMATTED.search(t) or _SSN_CONTEXT.search(t)
                           or _SSN_LAST4.search(t))),
    ("dob", lambda t: bool(_DOB.search(t) or _OLD_DATE.search(t))),
    ("email", lambda t: bool(_EMAIL.search(t))),
    ("mrn", lambda t: bool(_MRN.search(t))),
    ("insurance", lambda t: bool(_INSURANCE.search(t))),
    ("phone", lambda t: bool(_PHONE_FULL.search(t) or _PHONE_LOCAL.search(t))),
    ("patient_name", _patient_name),
    ("address", lambda t: bool(_ADDRESS.search(t))),
    ("id_number", _long_number),
)


_REDACT = {"phone": re.compile(f"{_PHONE_FULL.pattern}|{_PHONE_LOCAL.pattern}", _I),
           "email": _EMAIL}


def screen(text: str | None, *, allow: Iterable[str] = ()) -> PhiFinding | None:
    """The first kind of patient data found in `text`, or None when it looks clean.

    `allow` skips kinds that are legitimate in a given field (the practice's own phone line in
    the urgent route, say). Never raises on odd input; never logs.
    """
    if not text or not text.strip():
        return None
    allowed = set(allow)
    normalised = _normalise(text)
    # An allowed phone number or address must not trip the other rules as "a long number".
    for kind, pattern in _REDACT.items():
        if kind in allowed:
            normalised = pattern.sub(" ", normalised)
    for kind, check in _CHECKS:
        if kind not in allowed and check(normalised):
            return PhiFinding(kind)
    return None
