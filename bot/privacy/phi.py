"""Screen free text for patient data (PHI) before it is stored or shown to anyone.

Slack signs no BAA with third-party apps, so Balance Bot keeps no PHI: text that looks like it
is refused, and the author is shown which words and what kind of data they look like, so a false
refusal can be rephrased in seconds. `screen()` is the one entry point, for every place member or
admin text is kept: pulse comments, the urgent route, a practice's content files.

What counts, in English and Spanish, whatever the case, typos and shorthand:

- someone a colleague could recognise — a name, initials, a title, a family, a bed and a time, a
  role in town — tied to health or care (see `people.py`);
- identifiers: SSN (or part of one), dates of birth and of care, ages over 89, chart, account,
  claim, member, card and ID-document numbers, phones, e-mails, home addresses, links to a
  patient's files (see `identifiers.py`, `dates.py`, `places.py`).

Colleagues, doctors, counts, times, extensions, order and ticket numbers and the practice's own
details pass. In the urgent route (`mode="urgent"`) the practice's phones, extensions, mailbox
and address are expected, but a patient is not.

The screen is a guardrail, not a compliance control: it leans towards refusing. It never logs,
and a finding carries offsets, never the words, so nothing downstream can log them by accident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from bot.privacy import dates, identifiers, lexicon, people, places
from bot.privacy.lexicon import Lexicon
from bot.privacy.people import Ref
from bot.privacy.text import Doc

Mode = Literal["comment", "urgent", "content"]
MAX_CHARS = 4000  # longer text is screened in its first 4,000 characters and refused whole

# kind → what the words look like (English; views localise with `phi.reason.<kind>`). The order
# is the priority when two kinds cover the same words.
KINDS: dict[str, str] = {
    "ssn": "a Social Security number",
    "dob": "a date of birth",
    "gov_id": "an ID document number, like a license, passport, plate or CURP",
    "mrn": "a chart, account, claim or authorization number",
    "insurance": "an insurance or member ID",
    "payment": "a card or bank account number",
    "phone": "a phone number",
    "email": "an email address",
    "address": "a home address",
    "link": "a link or file that leads to someone's records",
    "age": "an age over 89",
    "service_date": "the date of someone's care",
    "patient": "someone others could recognize, with health details",
    "id_number": "a long ID number",
}
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}
# A fever or a blood pressure reading is a health detail too ("a 103.5 temp", "180/110").
_VITALS = re.compile(
    r"(?<![\d.])(?:(?:9[89]|10[0-7])(?:\.\d)?\s*(?:°|degrees?\s+(?:f|fever)|f\b|temp|fever|de"
    r"\s+(?:fiebre|temperatura))|(?:1[4-9]\d|2[0-4]\d)/(?:[6-9]\d|1[0-4]\d))(?![\d/])"
)
REACH = 90  # characters between a person and the health words about them


@dataclass(frozen=True)
class PhiFinding:
    """One stretch of the text that looks like patient data: its kind and where it is."""

    kind: str
    start: int  # character offsets into the screened text
    end: int

    @property
    def reason(self) -> str:
        return KINDS[self.kind]

    @property
    def reason_key(self) -> str:
        """The UI string key for the localised reason."""
        return f"phi.reason.{self.kind}"


@dataclass(frozen=True)
class Screening:
    """What `screen()` found: every finding, in text order; `kind` is the most serious."""

    findings: tuple[PhiFinding, ...]

    @property
    def kind(self) -> str:
        return min(self.findings, key=lambda f: _PRIORITY[f.kind]).kind

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({f.kind for f in self.findings}, key=_PRIORITY.__getitem__))

    @property
    def reason(self) -> str:
        return KINDS[self.kind]

    @property
    def reason_key(self) -> str:
        return f"phi.reason.{self.kind}"

    def quotes(self, text: str, *, limit: int = 3, width: int = 60) -> list[str]:
        """The words to show the author (never to log): a few findings, each clipped."""
        out: list[str] = []
        for finding in self.findings:
            words = " ".join(text[finding.start : finding.end].split())
            if len(words) > width:
                words = words[: width - 1].rstrip() + "…"
            if words and words not in out:
                out.append(words)
            if len(out) == limit:
                break
        return out


def screen(
    text: str | None, *, mode: Mode = "comment", allow: Iterable[str] = ()
) -> Screening | None:
    """What in `text` looks like patient data, or None when it looks clean.

    `mode="urgent"` lets the practice's own phones, mailbox and address through; `allow` skips
    kinds outright. Never raises on odd input; never logs.
    """
    if not text or not text.strip():
        return None
    doc = Doc(text[:MAX_CHARS])
    lex = lexicon.load()
    streets = places.addresses(doc)
    hits = _identifiers(doc, mode)
    for start, end, home, office in streets:
        if home or (mode != "urgent" and not office):
            hits.append(("address", start, end))
    refs = people.People(doc, lex, [(s, e) for s, e, _home, _office in streets]).find()
    named = [r for r in refs if r.strength >= 2]
    pointed = [r for r in refs if r.strength >= 1]
    for start, end in dates.ages(doc):
        hits.append(("age", start, end))
    for found in dates.dates(doc):
        if not found.needs_person or pointed:
            hits.append((found.kind, found.start, found.end))
    for start, end in patients(refs, health_hits(doc, lex)):
        hits.append(("patient", start, end))
    if mode == "urgent":
        hits = [h for h in hits if h[0] not in ("phone", "email") or _tied(h, named, doc)]
    allowed = set(allow)
    findings = _merge([h for h in hits if h[0] not in allowed], doc)
    return Screening(findings) if findings else None


def _identifiers(doc: Doc, mode: Mode) -> list[tuple[str, int, int]]:
    lex = lexicon.load()

    def looks_personal(word: str) -> bool:
        return lex.is_first_name(word) or lex.is_surname(word) or not lex.is_known_word(word)

    hits = (
        identifiers.numbers(doc) + identifiers.codes(doc) + identifiers.links(doc, looks_personal)
    )
    for kind, start, end in identifiers.emails(doc):
        # The practice's role mailboxes pass ("citas@…"); in the urgent route any address on
        # its own domain does. A free-mail address is someone's.
        address = doc.fold[start:end]
        if identifiers.is_practice_mailbox(address):
            continue
        if mode != "urgent" or identifiers.is_personal_email(address):
            hits.append((kind, start, end))
    return hits


def _tied(hit: tuple[str, int, int], refs: list[people.Ref], doc: Doc) -> bool:
    """In the urgent route a number or mailbox is the practice's unless it sits with a person."""
    _kind, start, _end = hit
    return any(0 <= start - ref.end <= 45 for ref in refs) or identifiers.is_personal_email(
        doc.fold[start : hit[2]]
    )


def _merge(hits: list[tuple[str, int, int]], doc: Doc) -> tuple[PhiFinding, ...]:
    """One finding per stretch of text: where kinds overlap, the most serious one."""
    chosen: list[tuple[str, int, int]] = []
    for kind, start, end in sorted(hits, key=lambda h: (_PRIORITY.get(h[0], 99), h[1])):
        if kind not in KINDS or end <= start:
            continue
        if any(
            start < e and s < end and kind != "patient" and k != "patient" for k, s, e in chosen
        ):
            continue
        chosen.append((kind, start, end))
    out = []
    for kind, start, end in sorted(chosen, key=lambda h: h[1]):
        s, e = doc.span(start, end)
        out.append(PhiFinding(kind, s, e))
    return tuple(out)


def health_hits(doc: Doc, lex: Lexicon) -> list[tuple[int, int, int]]:
    starts = [(t.start, t.text) for t in doc.tokens if t.is_word or t.is_num]
    hits = [(s, e, 3) for s, e in lex.health.spans(doc.fold, starts)]
    hits += [(s, e, 2) for s, e in lex.care.spans(doc.fold, starts)]
    hits += [(m.start(), m.end(), 3) for m in _VITALS.finditer(doc.fold)]
    return hits


def patients(refs: list[Ref], health: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Spans where a reference and health context add up to patient data."""
    out: list[tuple[int, int]] = []
    for ref in refs:
        if ref.strength >= 5:
            out.append((ref.start, ref.end))
            continue
        best: tuple[int, int, int] | None = None
        for start, end, weight in health:
            if start < ref.end and ref.start < end:
                continue  # the same words cannot be both the person and the condition
            gap = start - ref.end if start >= ref.end else ref.start - end
            if gap <= REACH and (best is None or weight > best[2]):
                best = (start, end, weight)
        if best and ref.strength >= 2 and ref.strength + best[2] >= 5:
            out.append((min(ref.start, best[0]), max(ref.end, best[1])))
    return out
