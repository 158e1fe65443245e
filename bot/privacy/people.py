"""People a reader could recognise, and whether the text ties them to health or care.

A *reference* is a span that points at one person, with a strength:

- 5: "patient" + a name, initials or number ("pt wu", "pte. mendoza", "pt 4411"), or a name in
  a bed or room ("rm 4 - mendoza") — being a patient here is itself patient data;
- 3: a title and a name ("mrs adeyemi", "don Ernesto", "coach bennett"), a full name in any
  case ("walter grimes"), a family named by surname ("the kowalski boy", "el niño de los Pérez");
- 2: one name, a possessive ("reggie's"), initials ("J.R.M."), a person singled out by a role, a
  relation or a detail ("el alcalde", "my neighbor's kid", "the lady in 11", "el de la gorra
  roja", "the lupus lady", "la de las 10"), a room with a time;
- 1: a person pointed at but not singled out ("the guy with the broken arm"), a room alone.

Health context weighs 3 (condition, symptom, drug, procedure, result) or 2 (a visit, a chart, a
follow-up, a call about someone). `phi.patients` pairs references with context: a sum of 5
within reach is patient data. Colleagues are not patients (`colleagues.py`). Generic people
("a patient", "un señor", "patients"), the writer ("me duele la espalda") and the writer's own
family ("my son has strep") are never references.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.privacy.colleagues import ADJECTIVE_PATIENT, colleagues
from bot.privacy.lexicon import Lexicon
from bot.privacy.names import WORD_ENDINGS, Words
from bot.privacy.text import Doc

_LOCATOR = re.compile(
    r"(?<![a-z])(?:room|rm|bed|bay|exam|triage|hallway|stretcher|cama|cuarto"
    r"|consulta|cubiculo|camilla|box|procedure\s+(?:room|rm))(?![a-z])"
)
_PLACE = re.compile(_LOCATOR.pattern + r"\s*[#:]?\s*(?:\d+|[a-z](?![a-z]))")
# A clock time or a weekday pins one visit ("the 2:30", "la de las 10", "from friday").
_CLOCK = re.compile(
    r"\b(?:a|de)\s+las?\s+\d{1,2}\b|\bat\s+\d{1,2}\b|\d{1,2}:\d{2}|\d{1,2}\s?(?:am|pm)\b"
    r"|\b(?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|lunes|martes|miercoles"
    r"|jueves|viernes|sabado|domingo)\b"
)
_TIME = re.compile(
    r"(?:\b(?:a|de)\s+las?\s+\d{1,2}\b|\bat\s+\d{1,2}\b)|"
    r"\d{1,2}:\d{2}|\d{1,2}\s?(?:am|pm)\b|\b(?:today|yesterday|this\s+morning"
    r"|tonight|last\s+night|friday|monday|tuesday|wednesday|thursday|saturday"
    r"|sunday|mon|tues?|wed|thurs?|fri|sat|hoy|ayer|anoche)\b"
)
# What singles one person out: clothes, aids, a regular day, a place in town, an age.
_DETAIL = re.compile(
    r"(?<![a-z])(?:wearing|in\s+the\s+\w+\s+(?:coat|shirt|hat|jacket|hoodie|dress)|coat|hat|cap"
    r"|hoodie|jacket|glasses|lentes|gorra|sombrero|chamarra|sudadera|vestido|walker|cane|baston"
    r"|wheelchair|silla\s+de\s+ruedas|andadera|oxygen|oxigeno|tattoo|tatuaje|beard|barba"
    r"|every\s+(?:week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|regular|los"
    r"\s+(?:lunes|martes|miercoles|jueves|viernes|sabados|domingos)|cada\s+semana|que\s+vive"
    r"|who\s+lives|lives\s+(?:on|at|by|near)|from\s+the\s+\w+|in\s+\d{1,3}\b|\d{3}[\s.\-]\d{4}"
    r"|de\s+la\s+(?:secundaria|escuela"
    r"|iglesia|tienda|esquina|panaderia)|\d{1,3}\s*(?:y/?o|yrs?|years?|anos|meses|months|weeks"
    r"|semanas)|twins|gemel\w+|pregnant|embarazada|the\s+only|el\s+unico|la\s+unica)(?![a-z])"
)
_SKIP_AFTER_PATIENT = re.compile(
    r"^(?:\W|masc|fem|m|f|de|apellido|w|with|last|name|named"
    r"|llamad[oa]|nuevo|nueva|new)$"
)
_DOTTED = re.compile(r"(?<![a-z.])(?:[a-z]\.\s?){2,3}(?![a-z])")
_NAMING = re.compile(
    r"\s*,?\s*(?:whose\s+(?:last\s+|first\s+)?name\s+is|named|called|by\s+the\s+name"
    r"\s+of|llamad[oa]|de\s+nombre|que\s+se\s+llama|se\s+llama|cuyo\s+nombre"
    r"\s+es|w(?:ith)?\s+(?:the\s+)?last\s+name|de\s+apellido)\s+"
)


# Words before "else": "everything else", never start a name.
_INDEFINITE = frozenset(
    [
        "everything",
        "something",
        "anything",
        "nothing",
        "everyone",
        "someone",
        "anyone",
        "no",
        "one",
        "nobody",
        "somebody",
        "anybody",
        "everybody",
        "what",
        "who",
        "where",
        "whatever",
    ]
)


@dataclass(frozen=True)
class Ref:
    start: int
    end: int
    strength: int


class People(Words):
    def __init__(self, doc: Doc, lex: Lexicon, places: Sequence[tuple[int, int]] = ()) -> None:
        super().__init__(doc, lex, list(places))
        self.staff: set[int] = set()  # token indexes of colleagues' names
        self.refs: list[Ref] = []

    # -- what one word looks like -------------------------------------------------------------

    def add(self, i: int, j: int, strength: int) -> None:
        if not any(k in self.staff for k in range(i, j + 1)):
            self.refs.append(Ref(self.toks[i].start, self.toks[j].end, strength))

    # -- colleagues ----------------------------------------------------------------------------

    # -- references ----------------------------------------------------------------------------

    def find(self) -> list[Ref]:
        self.staff = colleagues(self)
        p, toks = self.p, self.toks
        for i, tok in enumerate(toks):
            word = tok.text
            prev = self._word(i - 1)
            if (
                word in p["title"]
                and prev not in p["generic"]
                and not (
                    word in ("sr", "sra", "senor", "senora")
                    and self._word(i + 1) in ("de", "del", "que")
                )
            ):
                j = self._next_word(i)
                if j is not None and self._title_name(word, j):
                    self.add(i, self._name_end(j), 3)
            if word in p["patient"] and not self._adjective(i):
                self._patient(i, named_only=prev in p["generic"])
            if tok.text.endswith("'s") or (self._word(i + 1) == "'" and word.endswith("s")):
                self._possessive(i)
            base = self._base(tok)
            if (
                i in self.placed
                or base in self.p["stop"]
                or self._in_org(i)
                or base in self.people_words
                or (tok.raw[: len(base)].isupper() and base in p["acronym"])  # "(PAE)"
            ):
                pass
            elif self.lex.is_first_name(base) or self._capitalised_name(i):
                j = self._next_word(i)
                if j is not None and j == i + 1 and self.name_like(j, slot=True):
                    self.add(i, self._name_end(j), 3)
                elif self._word(i - 1) in p["person"]:
                    self.add(i - 1, i, 3)  # "baby girl johnson", "la niña camila"
                else:
                    self.add(i, i, 2)
            elif (
                base in self.lex.first_names
                and prev not in _INDEFINITE  # "everything else waits"
                and self._word(i + 1)
                and (self.lex.could_be_surname(self._word(i + 1)))
            ):
                self.add(i, i + 1, 3)  # "ray delgado", "gloria mendez"
            elif self._unknown(i) and self._word(i + 1) and self._unknown(i + 1):
                self.add(i, i + 1, 3)  # "oksana petrenko": two words no dictionary knows
            elif self.lex.is_surname(base) and (
                base not in self.lex.common
                or (self._surname_cue(i) and not WORD_ENDINGS.search(base))
            ):
                after_noun = self._word(i - 1) in p["person"]  # "baby girl johnson"
                self.add(i - 1 if after_noun else i, i, 3 if after_noun else 2)
            if (
                base in p["person"]
                or base in p["role"]
                or base in p["relation"]
                or base in (p["patient"])
            ):
                self._pointed_out(i)
            if _LOCATOR.fullmatch(word):
                self._locator(i)
        for m in self.lex.people_patterns["role"].finditer(self.doc.fold):
            if " " in m.group():
                self._pointed_out(self.doc.token_at(m.end() - 1), role=True)
        self._initials()
        self._nominal()
        return self.refs

    def _adjective(self, i: int) -> bool:
        """ "so patient with me": the adjective, not a patient."""
        tok = self.toks[i]
        window = self.doc.fold[max(0, tok.start - 24) : tok.end + 8]
        return tok.text == "patient" and bool(ADJECTIVE_PATIENT.search(window))

    def _patient(self, i: int, *, named_only: bool = False) -> None:
        if self.toks[i].text in self.p["plural"] or self._word(i + 1) == "=":
            return
        naming = _NAMING.match(self.doc.fold, self.toks[i].end)
        if naming:
            k = self.doc.token_at(naming.end())
            if self.toks[k].is_word and self._word(k) not in self.p["stop"]:
                self.add(i, self._name_end(k), 5)
            return
        if named_only or self._word(i + 1) in self.p["patient_compound"]:
            return
        j = self._next_word(i, _SKIP_AFTER_PATIENT)
        if j is None:
            return
        dotted = _DOTTED.match(self.doc.fold, self.toks[j].start)
        if dotted:
            self.add(i, self.doc.token_at(dotted.end() - 1), 5)
            return
        if self.toks[j].is_num and len(self.toks[j].text) >= 3:
            self.add(i, j, 5)
        elif self.name_like(j, slot=True) or self._initials_at(j):
            self.add(i, self._name_end(j), 5)

    def _possessive(self, i: int) -> None:
        base = self._base(self.toks[i])
        prev = self._word(i - 1)
        if prev in self.p["org_before"] or (
            prev == "." and self._word(i - 2) in self.p["org_before"]
        ):
            return
        if (
            self.name_like(i, slot=True)
            or (base in self.lex.first_names and base not in self.p["stop"])  # "grace's mammo"
            or (
                prev in ("the", "los", "las")
                and base.endswith("s")
                and base not in self.lex.everyday
            )
            or self._initials_at(i)
        ):
            self.add(i, i, 2)

    def _pointed_out(self, i: int, *, role: bool = False) -> None:
        """ "the lady in 11", "la señora de la cama 3", "the kowalski boy", "mi vecina"."""
        p, word = self.p, self._base(self.toks[i])
        nxt = self._next_word(i)
        if self.toks[i].text.endswith("'s") and self._word(i + 1) in p["org_after"] | {
            "office",
            "team",
            "staff",
            "department",
            "campaign",
            "oficina",
            "equipo",
        }:
            return  # "the mayor's office" is a place, not a person
        if (
            word in self.p["family"]
            and nxt == i + 1
            and self._word(i - 1) in ("los", "las", "the")
            and (self.name_like(nxt, slot=True) and self._word(nxt) not in self.lex.everyday)
        ):
            self.add(i - 1, nxt, 3)  # "los gemelos navarro", "the twins okafor"
        if word in self.p["plural"] and not (
            i and self.name_like(i - 1) and self._word(i - 2) in ("the", "los", "las")
        ):
            return
        k, between = i - 1, 0
        while k >= 0 and between < 4 and self.toks[k].text not in p["specific"] | p["generic"]:
            if not self.toks[k].is_word and not self.toks[k].is_num and self.toks[k].text != "'":
                break
            k, between = k - 1, between + 1
        det = self._word(k) if k >= 0 or i else "the"  # "kid in rm 3 w/ a fever": the kid
        if word in p["patient"] and self._word(i + 1) in p["patient_compound"]:
            return  # "patient matters", "pt issues"
        if det in p["generic"] or (det in ("my", "mi", "mis") and word in p["own_family"]):
            return  # "a patient", "un señor"; the writer's own family is not the practice's
        family = [
            j
            for j in range(k + 1, i)
            if j == i - 1
            and self._word(j) not in (self.lex.everyday)
            and (
                self.name_like(j)
                or self.lex.could_be_surname(self._word(j))
                or self._word(j).endswith("s")
                and j > 0
                and self.lex.could_be_surname(self._word(j)[:-1])
            )
        ]
        if family:
            self.add(max(k, 0), i, 3)
        elif det in p["specific"] or self._word(i - 1).endswith("'s"):
            # "the guy with the broken arm" could be anyone; a role, a relation or a detail
            # that singles someone out ("the lady in 11", "el de la gorra roja", "from tuesday")
            # makes the person recognisable.
            nickname = i and self.lex.is_medical(self._word(i - 1))  # "the lupus lady"
            singled = (
                role or nickname or word in p["role"] or word in p["relation"] or self._detail(i)
            )
            self.add(max(k, 0) if det in p["specific"] else i, i, 2 if singled else 1)
        if self._word(i + 1) in ("de", "del") and self._word(i + 2) in ("los", "las"):
            j = self._next_word(i + 2)
            if j is not None and self.name_like(j, slot=True):
                self.add(i, j, 3)

    def _detail(self, i: int) -> bool:
        start = self.toks[max(i - 4, 0)].start
        window = self.doc.fold[start : self.toks[i].end + 70]
        return bool(_CLOCK.search(window) or _PLACE.search(window) or _DETAIL.search(window))

    def _locator(self, i: int) -> None:
        end = min(i + 5, len(self.toks) - 1)
        for j in range(i + 1, end + 1):
            t = self.toks[j]
            if not t.is_word or len(t.text) == 1 and self._word(j - 1).isdigit():
                continue  # "rm 4 -", "bed b", "bay 1 ="
            if t.text in ("has", "tiene", "the", "el", "la") or t.text in self.p["title"]:
                continue
            if self.name_like(j) or (t.capitalised and not self.doc.all_caps):
                self.add(i, self._name_end(j), 5)  # a named patient in a bed or room
            break
        window = self.doc.fold[self.toks[i].start : self.toks[i].end + 40]
        before = self.doc.fold[max(0, self.toks[i].start - 50) : self.toks[i].start]
        before_name = re.search(r"(\w+)\s+(?:in|en\s+(?:el|la))\s+$", before)
        if before_name:
            k = self.doc.token_at(self.toks[i].start - len(before_name.group(0)))
            if self.name_like(k) or self.toks[k].capitalised:
                self.add(k, i, 5)
                return
        self.add(i, min(i + 1, len(self.toks) - 1), 2 if _TIME.search(window + before) else 1)

    def _initials(self) -> None:
        for m in _DOTTED.finditer(self.doc.fold):
            if m.group().replace(" ", "") not in self.p["dotted_ok"]:
                i = self.doc.token_at(m.start())
                j = self.doc.token_at(m.end() - 1)
                self.add(i, j, 2)
        for i, _tok in enumerate(self.toks):
            if self._initials_at(i):
                self.add(i, i, 2)

    def _nominal(self) -> None:
        """Spanish "la de la quimio", "el que maneja…", English "the one w/ anorexia"."""
        for m in re.finditer(
            r"(?<![a-z])(?:(?:el|la|esa|ese)\s+(?:de|del|que)|the\s+one\s+(?:w|with"
            r"|who|in|from|that)|the\s+\d{1,2}(?::\d{2})?(?:\s*[ap]m)?(?=\s+(?:with|w|who|in"
            r"|was|is|had|has|that|from)\b))(?![a-z])",
            self.doc.fold,
        ):
            rest = self.doc.fold[m.end() : m.end() + 30]
            if self.lex.people_patterns["staff"].match(re.sub(r"^\s*(?:la|el)?\s*", "", rest)):
                continue
            i = self.doc.token_at(m.start())
            self.add(i, self.doc.token_at(m.end() - 1), 2)
