"""Street addresses: a patient's home is patient data, the practice's own address is not.

Candidates are found by shape in any case ("1422 w maple ave apt 3", "17 n euclid ave unit b",
"calle 5 de mayo #318 col. centro", "c/ san bernardo 14, 3º izq", "po box 221", "la 4ta y main")
and parsed with `usaddress` to confirm that a number is followed by a street. Then the words
around decide: a home ("lives at", "apt", "su casa", "vive en", "send her letter to") is refused;
the office ("suite", "our new office", "la sucursal", "parking at", "the ER at") passes.
"""

from __future__ import annotations

import re

import usaddress

from bot.privacy.text import Doc

_SUFFIX = (
    r"st|street|ave|avenue|av|rd|road|blvd|boulevard|dr|drive|ln|lane|ct|court|way|pl"
    r"|place|ter|terr|terrace|trl|trail|pkwy|parkway|hwy|highway|cir|circle|sq|square|loop"
    r"|cv|cove|xing|crossing|aly|alley|plaza|plz|concourse|expy|expressway|pike"
)
_US = re.compile(
    rf"(?<![\w#])\d{{1,6}}[a-z]?\s+(?:(?:[nsew]|north|south|east|west|ne|nw|se|sw)\.?\s+)?"
    rf"(?:[a-z0-9'.\-]+\s+){{1,3}}?(?:{_SUFFIX})\b\.?(?:\s*,?\s*(?:apt|apartment|unit|ste|suite"
    rf"|#|no\.?|int|depto|piso)\.?\s*[a-z0-9\-]+)?"
)
_DIRECTION = re.compile(
    r"(?<![\w#])\d{2,6}\s+(?:[nsew]|north|south|east|west)\.?\s+[a-z]{3,}"
    r"(?:\s+[a-z]{3,})?"
)
_SPANISH = re.compile(
    r"(?<![a-z])(?:(?:calle|c/|avenida|av\.?|avda\.?|boulevard|blvd|privada|callejon|colonia"
    r"|col\.)\s+[a-z0-9][\w .']{1,30}?\s*(?:#|no\.?|num\.?|n\.?o)?\s*\d{1,5}\b"
    r"|\d{1,5}\s+(?:de\s+la\s+)?(?:calle|avenida|av\.?)\s+[a-z]{3,}(?:\s+[a-z]{3,})?"
    r"|la\s+\d{1,5}\s+de\s+la\s+calle\s+[a-z]+)"
)
_PO_BOX = re.compile(r"(?<![a-z])p\.?\s?o\.?\s+box\s+\d+|apartado\s+postal\s+\d+|casilla\s+\d+")
_UNIT = re.compile(
    r"(?<![a-z])(?:apt|apartment|apto|unit|depto|departamento|int|interior)\.?\s*"
    r"#?\s*[a-z0-9]{1,4}\b|\b\d+\s?[oa]\s+(?:izq|dcha|der)|#\s?\d+[a-z]?\b"
)
_CROSSING = re.compile(
    r"(?<![a-z])(?:la\s+|the\s+)?\d{1,3}(?:st|nd|rd|th|ta|va|ra|da|o|a)\s+"
    r"(?:y|and|&)\s+[a-z]{3,}"
)
_HOME = re.compile(
    r"(?<![a-z])(?:lives?|living|lived|moved\s+to|domicilio|vive|viven|vivia|casa|house|home"
    r"|apt|shelter|se\s+cambio|se\s+mudo|trailer|bedbound|home\s+health|vaya\s+a|guy\s+at"
    r"|lady\s+at|su\s+direccion|her\s+address|his\s+address|their\s+address)(?![a-z])"
)
# Weaker hints of someone's home, outweighed by the office's words.
_MAYBE_HOME = re.compile(
    r"(?<![a-z])(?:address|addr|direccion|mail\s+(?:her|his|their)|send\s+(?:her|his|it|the"
    r"|them)|sent\s+(?:her|his|the|records)|mandar|mandarle|manden|enviar|deliver\w*|on\s+file"
    r"|new\s+address)(?![a-z])"
)
_OFFICE = re.compile(
    r"(?<![a-z])(?:suite|ste|office|offices|clinic|clinica|consultorio|sucursal|branch|location"
    r"|satellite|building|edificio|parking|estacionamiento|bus\s+stop|er|urgent\s+care|hospital"
    r"|lounge|loading\s+dock|buzon|mailbox|store|pharmacy|farmacia|cvs|walgreens|moving\s+to"
    r"|nos\s+cambiamos|our|nuestra|nuestro|sign|practice|sede|oficina|lobby|campus|pharmacy"
    r"|emergencias|urgencias|open\s+24|abre|abierto|dentist|dental|daycare|school|church"
    r"|gym|bank|restaurant|cafe|shop|library|post\s+office|imaging|radiology|labcorp|quest"
    r"|store|mall|dmv|court\w*|escuela|iglesia|banco|tienda|restaurante"
    r"|(?:we|we've|we're|we\s+are|we\s+have|office|clinic|practice)\s+(?:moving|moved))(?![a-z])"
)
# A patient named just before an address makes it theirs ("pt moved, new addr …").
_PATIENT_NEAR = re.compile(r"(?<![a-z])(?:pt|pts|patient|paciente|pte|pcte|pct)(?![a-z])")


_NOT_STREET = frozenset(
    [
        "of",
        "the",
        "for",
        "bc",
        "w",
        "with",
        "and",
        "to",
        "at",
        "in",
        "on",
        "is",
        "was",
        "de",
        "la",
        "el",
        "y",
        "por",
        "para",
        "con",
        "my",
        "her",
        "his",
        "our",
    ]
)


def _street(candidate: str) -> bool:
    words = candidate.split()[1:-1]
    if words and re.fullmatch(r"[nsew]\.?", words[0]):
        words = words[1:]
    return not any(w in _NOT_STREET for w in words) and _usaddress_street(candidate)


def _usaddress_street(candidate: str) -> bool:
    """usaddress agrees that the candidate is a number followed by a street."""
    try:
        labels = {label for _token, label in usaddress.parse(candidate)}
    except Exception:  # noqa: BLE001 - the parser is a second opinion, never a crash
        return True
    return "AddressNumber" in labels and bool(labels & {"StreetName", "StreetNamePostType"})


def addresses(doc: Doc) -> list[tuple[int, int, bool, bool]]:
    """Address spans (in `fold`), each with whether the words around say "someone's home" and
    whether they say "the office"."""
    text = doc.fold
    found: list[tuple[int, int]] = []
    for pattern in (_US, _DIRECTION, _SPANISH, _PO_BOX):
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            pos = m.start() + 1
            if pattern is _US and not _street(m.group()):
                continue
            if not any(s <= m.start() < e for s, e in found):
                found.append((m.start(), m.end()))
                pos = m.end()
    for m in _CROSSING.finditer(text):
        if _HOME.search(text[max(0, m.start() - 60) : m.start()]):
            found.append((m.start(), m.end()))
    out = []
    for start, end in found:
        before = text[max(0, start - 50) : start]
        after = text[end : end + 40]
        unit = _UNIT.search(text[start : end + 12])
        office = bool(
            _OFFICE.search(before[-40:])
            or re.match(r"\W{0,3}(?:suite|ste)\b", after)
            or re.match(r"\W*\(?(?:office|clinic|suite|ste)", after)
            or re.search(r"(?<![a-z])(?:suite|ste)(?![a-z])", text[start:end])
        )
        home = bool(
            _PO_BOX.match(text[start:end])
            or _HOME.search(before)
            or (unit and not office)
            or re.match(r"\W*(?:apt|unit|#|int|depto)", after)
            or (_MAYBE_HOME.search(before) and not office)
            or bool(_PATIENT_NEAR.search(before))
        )
        out.append((start, end, home, office))
    return out
