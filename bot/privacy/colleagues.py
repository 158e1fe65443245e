"""Colleagues are not patients: which names in a text belong to staff or visitors.

A name after a staff title ("Dr. Ruiz", "nurse becky", "la enfermera karla"), next to a
department or job ("mrs. yoon from the lab side", "rosa de billing", "Maria (practice manager)",
"don Beto el de mantenimiento", "Ms. Bhatt, ext 240") or thanked ("gracias a la Sra. Molina") is
a colleague's, unless the text says that person is a patient ("dr. kwon… hes a pt now").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.privacy.people import People

# Whoever is thanked or welcomed is a colleague ("thanks carla for…", "gracias a la sra. Molina").
_THANKS = re.compile(
    r"(?<![a-z])(?:thanks|thank\s+you|thx|ty|shout\s?out|kudos|props|gracias|felicidades"
    r"|bienvenid[oa]s?|welcome|congrats|congratulations|big\s+hug|bravo)(?:\s+(?:to|a|para))?"
    r"(?:\s+(?:our|new|nuestr[oa]|la|el|the|miss|mrs|ms|mr|sra|sr|srta|don|dona)\.?)*\s*$"
)
_STAFF_AFTER = (
    r"\s*\(\s*(?:the\s+|la\s+|el\s+|our\s+)?"
    r"|\s*,\s*(?:the|el|la|our|nuestra|nuestro|my|mi)\s+(?:[a-z]+\s+)?"
    r"|\s+(?:(?:from|in|at|on|of|de|del|de\s+la|el\s+de|la\s+de|el|la)\s+)+"
    r"(?:the\s+|la\s+|el\s+)?"
)
_PATIENT_LOOKBACK = re.compile(r"(?<![a-z])(?:pt|patient|paciente|pte|pcte)(?![a-z])")
# "so patient with me", "be patient": the adjective, not a patient.
ADJECTIVE_PATIENT = re.compile(
    r"(?<![a-z])(?:so|very|too|more|most|less|be|is|was|were|are|been|being|really|super"
    r"|incredibly|extremely|always|stay|remain|stays|patient\s+and|kind\s+and)\s+patient(?![a-z])"
    r"|(?<![a-z])patient\s+(?:with|enough)(?![a-z])"
)
# Who introduces a colleague: "on-call manager is Mrs. Adler", "gerente de guardia: sra. Lomeli".
_INTRODUCED = re.compile(r"(?:\s+(?:is|es|sera|will\s+be)|\s*[:=\-])?\s*$")
# Where a colleague works: "is new in scheduling", "trabaja en citas".
_WORKS_IN = re.compile(
    r"\s+(?:is\s+new\s+in|works\s+in|works\s+at|es\s+nuev[oa]\s+en|trabaja\s+en|esta\s+en)\s+"
)


def colleagues(words: People) -> set[int]:
    """Token indexes of colleagues' names (a staff title followed by a patient word adds the
    person to `words.refs` instead)."""
    staff: set[int] = set()

    toks, staff_title = words.toks, words.p["staff_title"]
    staff_words = words.lex.people_patterns["staff"]
    for i, tok in enumerate(toks):
        if tok.text in staff_title or (tok.text == "." and words._word(i - 1) in staff_title):
            j = words._next_word(i)
            while j is not None and words._word(j) in staff_title:
                j = words._next_word(j)
            if j is None or not (words.name_like(j, slot=True) or len(words._word(j)) == 1):
                continue
            end = words._name_end(j)
            after = " ".join(t.text for t in toks[end + 1 : end + 14])
            if _PATIENT_LOOKBACK.search(ADJECTIVE_PATIENT.sub(" ", after.split(" and ")[0])):
                words.add(j, end, 3)
            else:
                staff.update(range(j, end + 1))
    for i in range(len(toks)):
        if not (
            words.name_like(i, slot=True)
            or toks[i].capitalised
            or (len(toks[i].text) == 1 and toks[i].is_word)
        ):
            continue
        after = words.doc.fold[toks[i].end : toks[i].end + 40]
        m = re.match(_STAFF_AFTER, after) or _WORKS_IN.match(after)
        # The job follows at once ("in billing", "de la farmacia"), not somewhere later in
        # the sentence ("on the 27th still needs coding").
        head = (m and staff_words.match(" ".join(after[m.end() :].split()[:4]))) or re.match(
            r"\s*,?\s*(?:at\s+)?(?:ext|x)\b", after
        )
        before = words.doc.fold[max(0, toks[i].start - 45) : toks[i].start]
        appositive = re.search(r"[,(]\s*(?:(?:mr|mrs|ms|miss|sr|sra|srta)\.?\s*)?$", before)
        clause = re.split(r"[.!?;:]\s", before[: appositive.start()])[-1] if appositive else ""
        if (
            head
            or (appositive and staff_words.search(" ".join(clause.split()[-6:])))
            or _THANKS.search(before)
            or _introduced(before, staff_words)
        ):
            staff.add(i)
    return staff


def _introduced(before: str, staff_words: re.Pattern[str]) -> bool:
    """A job named right before the name: "office manager Ms. Quinn", "on call is Dr. Ruiz"."""
    head = re.sub(r"(?:(?:mr|mrs|ms|miss|sr|sra|srta|dr|dra)\.?\s*)$", "", before)
    intro = _INTRODUCED.search(head)
    clause = re.split(r"[.!?;,(]\s", head[: intro.start()] if intro else head)[-1]
    last = " ".join(clause.split()[-3:])
    return bool(last) and any(m.end() == len(last) for m in staff_words.finditer(last))
