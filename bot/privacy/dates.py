"""Dates tied to a patient (birth, admission, visit, death) and ages over 89.

Dates are found in many forms — "3/14/52", "07-11-1949", "19620811", "14-Mar-1958", "born the
14th of feb 1961", "march of '52", "nació el veinte de octubre del ochenta y tres" — on
`Doc.spelled`, where numbers in words are already digits. What makes a date patient data is its
context: a birth label ("dob", "born", "fecha de nac."), a full date in a birth year, or a care
event ("admitted", "DOS", "se internó", "last visit") about someone. Dates of meetings, payroll,
go-lives and hires pass. Safe Harbor counts any age over 89 as an identifier; ages of
buildings, counts, minutes and degrees are not ages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.privacy.text import Doc

_MONTH = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|ene(?:ro)?|febrero|marzo"
    r"|abr(?:il)?|mayo|junio|julio|ago(?:sto)?|sept?iembre|octubre|noviembre|dic(?:iembre)?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|ro|vo|to|o|a)?"
_YEAR = r"(?:(?:19|20)\d{2}|'\d{2}|\d{2})"
_WEEKDAY = (
    r"mon(?:day)?|tues?(?:day)?|wed(?:nesday)?|thu(?:rs?)?(?:day)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?|lunes|martes|miercoles|jueves|viernes|sabado|domingo"
)
_DATE = re.compile(
    rf"(?<![\d/.\-])(?:"
    rf"(?P<n1>\d{{1,2}})\s?(?P<s>[/\-.])\s?(?P<n2>\d{{1,2}})(?:\s?(?P=s)\s?(?P<ny>\d{{4}}|\d{{2}}))?"
    rf"|(?P<iy>(?:19|20)\d{{2}})[/\-.](?P<im>\d{{1,2}})[/\-.](?P<id>\d{{1,2}})"
    rf"|(?P<wd>{_DAY})(?:\s+of|\s+de)?[\s\-]+(?P<wm>{_MONTH})\.?(?:,?[\s\-]+(?:of\s+|de\s+|del\s+)?"
    rf"(?P<wy>{_YEAR}))?"
    rf"|(?P<mm>{_MONTH})\.?\s+(?:the\s+)?(?P<md>{_DAY})(?![\d:])(?:,?\s+(?:of\s+)?(?P<my>{_YEAR}))?"
    rf"|(?P<om>{_MONTH})\s+(?:of\s+|de\s+|del\s+)?(?P<oy>(?:19|20)\d{{2}}|'\d{{2}})"
    rf"|(?:the|el|on)\s+(?P<td>{_DAY})(?:st|nd|rd|th)?\b(?!\s*(?:%|:|am|pm|min|hours|horas))"
    rf"|(?:{_WEEKDAY})\s+(?P<xd>{_DAY})(?![\d:])(?!\s*(?:am|pm|a\.m|p\.m|:|min|hours|horas))"
    rf")(?![\d/])"
)
_EIGHT = re.compile(
    r"(?<!\d)(?P<y>19\d{2}|20[0-2]\d)(?P<m>0[1-9]|1[0-2])(?P<d>[0-2]\d|3[01])(?!\d)"
)
_SPACED = re.compile(r"(?<!\d)(\d{2})\s(\d{2})\s(\d{2})(?!\d)")
_BIRTH = re.compile(
    r"(?<![a-z])(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|bday|b-day|born"
    r"|b\.(?=\s*\d)|fecha\s+de\s+nac(?:imiento)?|f\.?\s?nac\.?|fn|f/n|naci(?:o|da|do|miento)"
    r"|cumple(?:anos)?|cumplio)(?![a-z])"
)
_BIRTHDAY = re.compile(r"birthday|bday|b-day|cumple(?:anos)?")
_SERVICE = re.compile(
    r"(?<![a-z])(?:dos|date\s+of\s+service|admitted|admission|admit|discharged?|seen|visit|visits"
    r"|last\s+visit|last\s+seen|surgery|procedure|er|f/u|follow[\s\-]?up|appt|appointment"
    r"|came\s+in|was\s+in\s+the\s+hospital|in\s+the\s+hospital|passed|died|lost\s+the\s+baby"
    r"|miscarr\w*|mri|ct|colonoscopy|biopsy|pap|physical|shot|vaccine|delivered|born"
    r"|interno|internaron|ingres\w*|egres\w*|salio|alta|visita|cita|consulta|colonoscopia"
    r"|vacuna|mamografia|ultrasonido|admision|operacion|cirugia|operaron|fallecio|murio"
    r"|moved|reschedul\w*|cambio|cambiaron)(?![a-z])"
)
_PATIENT_ONLY = re.compile(
    r"(?<![a-z])(?:dos|date\s+of\s+service|admitted|admission|discharged"
    r"|admision|ingreso:|egreso:|fecha\s+de\s+admision)"
)
_SINCE = re.compile(
    r"(?<![a-z])(?:since|desde|from|started|start|hired|worked|empece|entre"
    r"|trabajo\s+aqui|aqui\s+desde|here\s+since)\W*(?:on\s+|el\s+|the\s+)?$"
)
_AGE = re.compile(
    r"(?<![\d.,$])(?P<n>9\d|1[01]\d)(?:\+)?(?:\s*-?\s*(?:year|yr)s?[\s\-]*old|\s*(?:y/o|y\.o\.?|yo"
    r"|yrs?\s+old|years?(?!\s+(?:ago|of|in|at|here|with|on))|yrs?|anos|anitos|de\s+edad)"
    r"|(?=\s*(?:f|m)\b))(?![a-z])"
    r"|(?:\bage[ds]?|\bedad|\baged)\W{0,3}(?P<a>9\d|1[01]\d)(?!\d)"
    r"|(?:turned|turns|turning|cumplio|cumple|cumplira|is|was|hes|he's|shes|she's|es|tiene|both"
    r"|tenia|de)\s+(?P<t>9\d|1[01]\d)(?![\d:%/]|[.,]\d)"
)
_NOT_AGE_AFTER = re.compile(
    r"\s*(?:(?:anos|years?|yrs?)\s+)?(?:%|percent|por\s+ciento|degrees|grados|min|mins|minutes|minutos|hours|horas|hrs"
    r"|days|dias|weeks|semanas|months|meses|miles|millas|calls|llamadas|patients|pacientes|pts"
    r"|people|personas|gente|pages|paginas|dollars|dolares|bucks|\$|seconds|segundos|times|veces"
    r"|charts|forms|emails|messages|mensajes|texts|voicemails|appts|appointments|citas|de\s+fundad"
    r"|de\s+antig|ago|atras|visits|no-shows|walk-ins|kids|ninos|lbs|kg|mg|ml|units|unidades|am|pm"
    r"|ext|pounds|libras|feet|pies|sq|square)"
)
_NOT_AGE_BEFORE = re.compile(
    r"(?:hace|ago|for|durante|llevo|lleva|been|over|more\s+than|mas\s+de|about|como|like|building"
    r"|edificio|clinic|clinica|practice|company|empresa|house|casa|hospital|church|iglesia|school"
    r"|escuela|tree|car|carro|business|negocio|town|pueblo|city|ciudad|office|oficina|store"
    r"|tienda|bank|banco|ext|extension|room|sala|cuarto|line|linea|capacity|capacidad|score"
    r"|temp|temperature|temperatura|fever|fiebre|bp|pulse|pulso|sats|o2|sugar|azucar|a1c"
    r"|weight|peso|weighs|pesa|top|rank|ranked|\$|page|pagina|chapter|model|version|fee|fees"
    r"|cost|costs|costo)\W*(?:\w+\W+){0,2}$"
)
# The writer's own family ("my dad is 91", "mi abuelita tiene 94"): not the practice's record.
_OWN_FAMILY_BEFORE = re.compile(
    r"(?<![a-z])(?:my|mi|mis)\s+(?:\w+\s+)?(?:dad|mom|mum|mother|father|grandma|grandpa"
    r"|grandmother|grandfather|granny|husband|wife|aunt|uncle|papa|mama|abuel\w*|esposo|esposa"
    r"|suegr[oa]|ti[oa]|marido)\W+(?:\w+\W+){0,2}$"
)
_PERSON_BEFORE = re.compile(
    r"(?<![a-z])(?:patient|pt|pte|pcte|paciente|lady|man|woman|guy|senora"
    r"|senor|sra|sr|abuel\w*|viejit\w*|mr|mrs|ms|grandma|grandpa|vet|veteran"
    r"|couple|mother|father|mom|dad|nin[oa]|bebe|baby|kid|family|familia)\W+(?:\w+\W+){0,3}$"
)


@dataclass(frozen=True)
class DateHit:
    kind: str  # "dob" or "service_date"
    start: int  # offsets into Doc.fold
    end: int
    needs_person: bool  # a care date counts only when someone in the text is its patient


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    digits = raw.strip("'")
    value = int(digits)
    if len(digits) == 2:
        value += 2000 if value <= 27 else 1900
    return value


def dates(doc: Doc) -> list[DateHit]:
    text = doc.spelled
    hits: list[DateHit] = []
    for m in _DATE.finditer(text):
        if m.group("n1") and not _plausible_numeric(m) or m.group() == "24/7":
            continue
        year = _year(
            m.group("ny") or m.group("iy") or m.group("wy") or m.group("my") or m.group("oy")
        )
        has_day = not (m.group("om") or m.group("oy"))
        start, end = m.start(), m.end()
        before = text[max(0, start - 40) : start]
        after = text[end : end + 18]
        span = doc.spelled_span(start, end)
        birth = _BIRTH.search(before)
        if birth and not year and _BIRTHDAY.fullmatch(birth.group()):
            # "el cumpleaños de la dra. vega es el 14 de marzo": a party, unless about someone
            # the text points at ("cumple 5 años el 9 de agosto … el hijo de los ledesma").
            born_in = re.search(r"(?<!\d)(?:19\d\d|200[0-5])(?!\d)", text)  # "…, nació en 1961"
            hits.append(DateHit("dob", *span, needs_person=not born_in))
        elif (
            birth
            or re.match(r"\W*\(?(?:dob|born|fn)\b", after)
            or year
            and 1900 <= year <= 2005
            and has_day
            and not _SINCE.search(before[-30:])
        ):
            hits.append(DateHit("dob", *span, needs_person=False))
        elif _PATIENT_ONLY.search(text[max(0, start - 30) : end + 20]):
            hits.append(DateHit("service_date", *span, needs_person=False))
        elif _SERVICE.search(before[-30:]) or _SERVICE.search(after):
            hits.append(DateHit("service_date", *span, needs_person=True))
    for pattern in (_EIGHT, _SPACED):
        for m in pattern.finditer(text):
            if _BIRTH.search(text[max(0, m.start() - 30) : m.start()]):
                hits.append(DateHit("dob", *doc.spelled_span(m.start(), m.end()), False))
    return hits


def _plausible_numeric(m: re.Match[str]) -> bool:
    a, b = int(m.group("n1")), int(m.group("n2"))
    if m.group("s") == "." and not m.group("ny"):
        return False  # "18.4" is a lab value, not a date
    return 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)


def ages(doc: Doc) -> list[tuple[int, int]]:
    """Spans (in `fold`) of ages over 89."""
    text = doc.spelled
    out: list[tuple[int, int]] = []
    for m in _AGE.finditer(text):
        start, end = m.span()
        before = text[max(0, start - 40) : start]
        if _NOT_AGE_AFTER.match(text[end : end + 16]) or _OWN_FAMILY_BEFORE.search(before):
            continue
        if m.group("t"):
            # "turned 100", "es de 93", "both 94": only about a person, never a building.
            word = m.group().split()[0]
            if word.startswith("cumpl") and _NOT_AGE_BEFORE.search(before[-30:]):
                continue
            if word in ("is", "was", "es", "de", "both", "tenia") and not _PERSON_BEFORE.search(
                before[-40:] + " " + word + " "
            ):
                continue
        if (
            m.group("n")
            and _NOT_AGE_BEFORE.search(before[-30:])
            and not _PERSON_BEFORE.search(before[-25:])
        ):
            continue
        out.append(doc.spelled_span(start, end))
    return out
