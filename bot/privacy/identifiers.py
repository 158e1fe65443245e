"""Identifiers: numbers that point at one patient (SSN, chart, member, claim, card, licence…),
phone numbers, e-mail addresses and links to a patient's files.

A number is judged by its shape (3-2-4 digits, ten digits, a Luhn-valid card, a mixed code
such as "W2231-8874") and by the label around it: "member id", "aetna", "claim", "last 4 of her
social" make it a patient's; "ticket", "order", "tracking", "zoom", "ext" make it the office's.
Phone numbers come from `phonenumbers`; numbers spoken in words are read through `Doc.spelled`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import phonenumbers

from bot.privacy.text import Doc

Hit = tuple[str, int, int]  # kind, start, end (offsets into `Doc.fold`)

_PAYERS = (
    r"aetna|cigna|humana|bcbs|blue\s?cross|blue\s?shield|anthem|uhc|united(?:\s?health\s?care)?"
    r"|optum|medicare|medicaid|medi-?cal|tricare|molina|kaiser|ambetter|oscar|wellcare"
    r"|caresource|amerigroup|health\s?net|centene|gnp|metlife|delta\s?dental|vsp|champva"
    r"|peachcare|chip|imss|issste|aarp|highmark|emblem|fidelis|horizon|premera|regence|geisinger"
    r"|meridian|ambetter|bright\s?health|care\s?first|carefirst|cal\s?optima|la\s?care|iehp"
    r"|caloptima|masshealth|tenncare|soonercare|badgercare"
)
_LABELS: dict[str, re.Pattern[str]] = {
    "ssn": re.compile(
        r"(?<![a-z])(?:ssn|ss\s?#|ss|s\.s\.n?\.?|s\.s\.|soc|social(?:\s+security)?(?!\s+(?:media|"
        r"worker|work|hour|skills|event|club|office|oficina))|seguro\s+social|l4ss|l4|itin"
        r"|numero\s+social)(?![a-z])"
    ),
    "mrn": re.compile(
        r"(?<![a-z])(?:mrn|m\.r\.n\.?|chart|med(?:ical)?\s*rec(?:ord)?s?|record|acct|account"
        r"|pt\s*id|patient\s*id|patient\s*#|pt\s*#|ehr\s*id|emr\s*id|ehr|emr|exp(?:ediente)?"
        r"|historia(?:\s+clinica)?|historial|#\s*de\s+paciente|numero\s+de\s+paciente|cuenta"
        r"|claim|reclamo|prior\s+auth|auth(?:orization)?|autorizacion|precert|pre-?auth|referral"
        r"|referencia|eob|rx|receta|specimen|muestra|accession|lab\s+order|orden\s+de\s+(?:lab"
        r"|laboratorio|quest|labcorp)|quest|labcorp|requisition|encounter|visit\s+#"
        r"|marcapasos|pacemaker|implant|implante|device|dispositivo|bomba|pump|cpap)(?![a-z])"
    ),
    "insurance": re.compile(
        rf"(?<![a-z])(?:member|subscriber|policy|poliza|group|grupo|miembro|afiliado|mbi|dbn"
        rf"|insurance|ins\s+id|card\s+id|id\s+card|tarjeta\s+del\s+seguro|credencial|{_PAYERS})"
        r"(?![a-z])"
    ),
    "payment": re.compile(
        r"(?<![a-z])(?:visa|mastercard|master\s+card|amex|discover|card|tarjeta|cvv|cvc|cheque"
        r"|check\s*#|check\s+number|bank|banco|routing|clabe|terminacion|ending\s+in|ends\s+in)(?![a-z])"
    ),
    "gov_id": re.compile(
        r"(?<![a-z])(?:licen[cs]e|licencia|dl|driver'?s|passport|pasaporte|plates?|placas?"
        r"|matricula(?:\s+consular)?|dni|nie|curp|nss|rfc|ine|cedula|state\s+id|green\s+card"
        r"|visa\s+#|a-?number|alien|itin)(?![a-z])"
    ),
}
# Labels that make a number the office's, not a patient's.
_OFFICE = re.compile(
    r"(?<![a-z])(?:ticket|order|orden(?!\s+de\s+(?:lab|quest|labcorp))|pedido|amazon|staples"
    r"|tracking|ups|fedex|usps|dhl|po|p\.o\.|purchase|invoice|inv|factura|incident|incidencia"
    r"|case|caso|work\s+order|asset|badge|gafete|employee|empleado|quote|cotizacion"
    r"|confirmation|confirmacion|lot|lote|solicitud|request|error|zoom|meeting|reunion|passcode"
    r"|webinar|version|model|modelo|ext|extension|extensiones|x|line|linea|room|suite|ste|floor"
    r"|piso|bus|route|flight|vuelo|wifi|code|codigo|icd|icd-10|cpt|npi|tax|ein|printer"
    r"|impresora|scanner|copier|monitor|computer|laptop|equipo|helpdesk|help\s+desk|soporte"
    r"|support|i\.t\.|comcast|verizon|at&t|att|vendor|proveedor|payroll|nomina)(?![a-z])"
)
_PRACTICE_LINE = re.compile(
    r"(?<![a-z])(?:our|nuestr[oa]|the\s+(?:office|clinic|practice|main|front\s+desk|on-?call"
    r"|nurse|triage|billing|refill|fax)|main|fax|on-?call|answering\s+service|oncall|office"
    r"|clinic|clinica|consultorio|practice|linea\s+de|line|guardia|contestadora|urgent\s+care"
    r"|pharmacy|farmacia|hospital|poison|crisis|hotline|911|billing|front\s+desk|nurse\s+line"
    r"|scheduling|refill\s+line|lab|ext|extension|recepcion)(?![a-z])"
)
_CARD_TAIL = re.compile(
    r"(?<![a-z])(?:ending|ends|terminacion|termina|last|ultimos|cvv|cvc"
    r"|check|cheque|#)"
)
_STARTS_ENDS = re.compile(
    r"(?:starts?|begins?|ends?|ending|empieza|termina|ultimos|last)\W*"
    r"(?:with|in|en|con)?\W*$"
)
_RUN = re.compile(r"\d+(?:(?:\s?[\-.,/]\s?|\s{1,2}|\.\.\.\s?)\d+)*")
_DAY_MONTH = re.compile(r"(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|[12]\d|3[01])")
_NUM_DATE = re.compile(r"\d{1,4}[\-./]\d{1,2}[\-./]\d{2,4}$")
_ALNUM = re.compile(
    r"(?<![a-z0-9])(?=[a-z0-9\-]*\d)(?=[a-z0-9\-]*[a-z])[a-z0-9]+"
    r"(?:-[a-z0-9]+)*(?:\s\d{2,5}){0,2}(?![a-z0-9])"
)
_NOT_CODES = re.compile(
    r"\d{1,2}(?:am|pm|a|p|st|nd|rd|th|yo|y|f|m|yrs?|h|hrs?|min|mg|ml|kg"
    r"|lb|lbs|cm|mm|x|k)$|covid-?19|n95|kn95|[a-z]\d{1,2}(?:\.\d)?|"
    r"[a-z]{1,3}\d{1,3}|\d{1,3}[a-z]{1,2}|401k|i-?9|w-?2|w-?4|1099"
)
_MASKED_SSN = re.compile(r"(?<![a-z0-9])x{3}[\s\-.]?x{2}[\s\-.]?\d{4}(?!\d)")
_CURP = re.compile(
    r"(?<![a-z0-9])[a-z]{4}\s?\d{2}\s?\d{2}\s?\d{2}\s?[hmx]\s?[a-z]{5}"
    r"(?:[a-z0-9]\d?)?(?![a-z0-9])"
)
_DNI = re.compile(r"(?<![a-z0-9])\d{8}[a-z](?![a-z0-9])")
_MAIL_HOSTS = (
    r"gmail|yahoo|hotmail|outlook|aol|icloud|protonmail|proton|comcast|msn|verizon"
    r"|sbcglobal|ymail|prodigy|cox|charter|earthlink|gmx|zoho"
)
_EMAIL = re.compile(
    r"[a-z0-9][a-z0-9._%+\-]*\s?@\s?[a-z0-9\-]+(?:\s?\.\s?[a-z0-9\-]+)*"
    r"\s?\.\s?[a-z]{2,}"
)
_EMAIL_SPOKEN = re.compile(
    r"[a-z0-9][a-z0-9_%+\-]*(?:\s*(?:\.|\bdot\b|\bpunto\b)\s*[a-z0-9_\-]+)*\s*"
    rf"(?:\(at\)|\[at\]|\bat\b|\barroba\b)\s*(?:(?:{_MAIL_HOSTS})\b(?:\s*(?:\.|\(dot\)|\[dot\]"
    r"|\bdot\b|\bpunto\b)\s*[a-z]{2,4})*|[a-z0-9\-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\bdot\b"
    r"|\bpunto\b)\s*(?:com|net|org|edu|mx|es|us))+)"
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]+|(?<![@\w.])(?:[a-z0-9\-]+\.)+(?:com|net|org|io"
    r"|us|me|ly|gl|edu|gov|mx|es|app|health|co)/[^\s<>\"]*"
)
_SHARING = re.compile(
    r"drive\.google|docs\.google|photos\.|dropbox|imgur|box\.com|onedrive"
    r"|icloud\.com|zoom\.us/j|meet\.google|teams\.microsoft|doxy\.me|wetransfer"
    r"|/chart|/patient|/record|/expediente|/file|/scan|/img|/photo"
)
_FILE = re.compile(r"(?<![\w/])([\w\-]+)\.(?:jpe?g|png|heic|gif|tiff?|pdf|docx?|dcm|bmp|webp)\b")


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    digits: str
    groups: tuple[int, ...]


def _runs(text: str) -> Iterator[Run]:
    for m in _RUN.finditer(text):
        groups = tuple(len(g) for g in re.findall(r"\d+", m.group()))
        yield Run(m.start(), m.end(), re.sub(r"\D", "", m.group()), groups)


def _sentence_before(text: str, start: int, width: int) -> str:
    window = text[max(0, start - width) : start]
    cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "), window.rfind("\n"))
    return window[cut + 1 :] if cut >= 0 else window


def _label(text: str, start: int, end: int) -> str | None:
    """The kind a label next to the number gives it, "office" for the office's, or None."""
    before = _sentence_before(text, start, 60)
    after = text[end : end + 28]
    near = before[-28:]
    for kind in ("ssn", "gov_id", "mrn", "insurance", "payment"):
        pattern = _LABELS[kind]
        if pattern.search(before if kind != "payment" else near) or (
            kind in ("ssn", "insurance", "gov_id") and pattern.search(after)
        ):
            if kind == "insurance" and _OFFICE.search(near) and not pattern.search(near):
                continue
            return kind
    return "office" if _OFFICE.search(before[-40:]) else None


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _phone_spans(doc: Doc) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if sum(c.isdigit() for c in doc.norm) < 7:
        return spans
    # US rules; other countries' numbers are judged by the shape of their digit groups.
    for match in phonenumbers.PhoneNumberMatcher(
        doc.norm, "US", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        spans.append((match.start, match.end))
    return spans


_TICKET = re.compile(
    r"(?<![a-z])(?:inc|req|ritm|tkt|tix|ticket|case|po|ord|order|chg|task|wo|pedido|orden|folio"
    r"|reporte|incidente)\s*[-#:]?\s*$"
)


def numbers(doc: Doc) -> list[Hit]:
    """Patient numbers, by shape and by label, in `doc.spelled` (mapped back to `fold`)."""
    text = doc.spelled
    hits: list[Hit] = []
    phones = _phone_spans(doc)
    for run in _runs(text):
        kind = _classify(text, run, doc, phones)
        if kind:
            hits.append((kind, *doc.spelled_span(run.start, run.end)))
    for m in _MASKED_SSN.finditer(text):
        hits.append(("ssn", *doc.spelled_span(m.start(), m.end())))
    return hits


def _classify(text: str, run: Run, doc: Doc, phones: list[tuple[int, int]]) -> str | None:
    n, groups = len(run.digits), run.groups
    if n < 2 or (_NUM_DATE.match(text[run.start : run.end]) and n <= 8):
        return None
    if _DAY_MONTH.fullmatch(text[run.start : run.end]):
        return None  # "12/15": a date, judged by dates.py
    label = _label(text, run.start, run.end)
    if label == "ssn" and (n >= 4 or _STARTS_ENDS.search(text[max(0, run.start - 16) : run.start])):
        return "ssn"
    if n < 4:
        return None
    if label in ("mrn", "insurance", "gov_id"):
        return label
    near = text[max(0, run.start - 28) : run.start]
    if label == "payment" and (
        n >= 12 or (n in (3, 4) and len(groups) == 1 and _CARD_TAIL.search(near))
    ):
        return "payment"
    if label == "office" or _TICKET.search(text[max(0, run.start - 10) : run.start]):
        return None  # the practice's own number, or a ticket or order ("INC-0045712")
    if n == 9 and groups == (3, 2, 4):
        return "ssn"
    if len(groups) == 2 and groups == (4, 4) or max(groups) <= 2 and n < 9:
        return None  # "0800-1700", "2019-2026", "4 5 3 2 5 1 4"
    in_phone = any(s <= doc.spelled_span(run.start, run.end)[0] < e for s, e in phones)
    if (
        in_phone
        or n == 10
        or (n == 11 and run.digits[0] == "1")
        or groups in ((3, 4), (3, 3, 4), (3, 2, 2, 2), (2, 4, 4), (1, 3, 3, 4))
    ):
        before = _sentence_before(text, run.start, 30)
        return None if _PRACTICE_LINE.search(before) and not _person_line(before) else "phone"
    if 13 <= n <= 19 and _luhn(run.digits):
        return "payment"
    if n >= 7:
        return "id_number"
    return None


def _person_line(before: str) -> bool:
    return bool(
        re.search(
            r"(?<![a-z])(?:her|his|their|su|sus|de\s+la|del)\s+(?:cell|cel|celular"
            r"|phone|number|numero|tel|whats)",
            before,
        )
    )


def codes(doc: Doc) -> list[Hit]:
    """Mixed letter-and-digit codes (member ids, licences, CURP) and labelled ones."""
    text = doc.fold
    hits: list[Hit] = []
    for m in _CURP.finditer(text):
        hits.append(("gov_id", m.start(), m.end()))
    for m in _DNI.finditer(text):
        hits.append(("gov_id", m.start(), m.end()))
    for m in _ALNUM.finditer(text):
        code = m.group()
        digits = sum(c.isdigit() for c in code)
        if digits < 4 or _NOT_CODES.fullmatch(code.split()[0]):
            continue
        glued = re.match(r"(mrn|ssn|acct|exp|rx|clm|pa|dob|mbi)\d", code)
        label = "mrn" if glued else _label(text, m.start(), m.end())
        if label == "ssn":
            label = "ssn" if digits >= 4 else None
        if label in ("mrn", "insurance", "gov_id", "ssn"):
            hits.append((label, m.start(), m.end()))
        elif label is None and digits >= 5 and len(code) >= 7:
            hits.append(("id_number", m.start(), m.end()))
    return hits


def emails(doc: Doc) -> list[Hit]:
    hits = [("email", m.start(), m.end()) for m in _EMAIL.finditer(doc.fold)]
    for m in _EMAIL_SPOKEN.finditer(doc.fold):
        if not any(s <= m.start() < e for _k, s, e in hits):
            hits.append(("email", m.start(), m.end()))
    return hits


_ROLE_MAILBOX = re.compile(
    r"(?:info|office|frontdesk|front\.?desk|reception|recepcion|billing|facturacion|citas"
    r"|appointments?|scheduling|admin|contact|contacto|hr|rh|it|help|helpdesk|support|soporte"
    r"|nurse|nurses|enfermeria|triage|guardia|oncall|on-call|refills?|records|pharmacy|farmacia"
    r"|lab|hello|hola|team|staff|noreply|no-reply)\d*\s?@"
)


def is_practice_mailbox(text: str) -> bool:
    """A role mailbox on the practice's own domain ("citas@clinicasanjose.mx")."""
    return bool(_ROLE_MAILBOX.match(text)) and not is_personal_email(text)


def is_personal_email(text: str) -> bool:
    """A free-mail address is a person's; the practice's own lives on its own domain."""
    return bool(re.search(rf"(?:@|\bat\b|arroba)\s*(?:{_MAIL_HOSTS}|live|me|mail|att)\b", text))


def links(doc: Doc, looks_personal: Callable[[str], bool]) -> list[Hit]:
    """Links to shared files, meetings or records, and file names that name someone."""
    hits: list[Hit] = []
    for m in _URL.finditer(doc.fold):
        url = m.group()
        if _SHARING.search(url) or re.search(r"/[^/\s]*(?:\d{4,}|[a-z]+\d+[a-z\d]*)", url):
            hits.append(("link", m.start(), m.end()))
    for m in _FILE.finditer(doc.fold):
        if any(looks_personal(part) for part in re.split(r"[_\-\s]+", m.group(1)) if part):
            hits.append(("link", m.start(), m.end()))
    return hits
