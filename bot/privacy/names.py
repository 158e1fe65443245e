"""One word at a time: does it read as a name? Used by `people.py` to find references.

A word is a name when the lists say so (US Census and Faker first names and surnames), when
it is capitalised where a sentence does not start, or when no English or Spanish dictionary
knows it; where its place already says "a person" (after "mrs", "pt", "the … boy"), a
surname that is also a word counts too. Everyday words, function words, people words ("lady",
"nurse"), medical words and the words of a street address never do.
"""

from __future__ import annotations

import re

from bot.privacy.lexicon import Lexicon
from bot.privacy.text import Doc, Token

WORD_ENDINGS = re.compile(r"(?:[^s]s|ed|ing|ly|ment|tion|ness|ado|ido|ando|iendo|mente)$")


class Words:
    """The tokens of one text and what each looks like."""

    def __init__(self, doc: Doc, lex: Lexicon, places: list[tuple[int, int]]) -> None:
        self.doc, self.lex, self.toks = doc, lex, doc.tokens
        self._memo: dict[tuple[int, bool], bool] = {}
        self.p = lex.people
        self.people_words = (
            self.p["title"]
            | self.p["staff_title"]
            | self.p["patient"]
            | self.p["person"]
            | self.p["role"]
            | self.p["relation"]
        )
        # Words of a street address are the street's, not someone's name.
        self.placed = {
            i for i, t in enumerate(self.toks) if any(s <= t.start < e for s, e in places)
        }

    def _base(self, tok: Token) -> str:
        word = tok.text
        return word[:-2] if word.endswith("'s") else word

    def _in_org(self, i: int) -> bool:
        """ "St. Joseph's", "Hospital San Rafael", "Lincoln Elementary", "Pacific Ave"."""
        prev = self._word(i - 1)
        if prev == "." or prev == "'":
            prev = self._word(i - 2)
        nxt = self._word(i + 1)
        return (
            prev in self.p["org_before"]
            or nxt in self.p["org_after"]
            or self._base(self.toks[i]) in self.p["org_after"]
        )

    def _capitalised_name(self, i: int) -> bool:
        tok = self.toks[i]
        if self.doc.all_caps or not tok.capitalised or self._in_org(i):
            return False
        word = self._base(tok)
        if word in self.people_words or word in self.lex.medical_words:
            return False
        prev = self._word(i - 1)
        after_title = prev == "." and (
            len(self._word(i - 2)) == 1 or self._word(i - 2) in self.people_words
        )
        sentence_start = i == 0 or (
            prev in (".", "!", "?", ":", "\n", '"', "-", ";") and not after_title
        )
        if sentence_start:
            return (
                self.lex.is_first_name(word)
                or self.lex.is_surname(word)
                or not self.lex.is_known_word(word)
            )
        if self._titled_phrase(i):
            return False
        return word not in self.lex.everyday or self.lex.is_first_name(word)

    _JOINERS = frozenset({"de", "del", "y", "of", "and", "the", "for", "la", "las", "los", "el"})

    def _titled_phrase(self, i: int) -> bool:
        """A capitalised dictionary word inside a run of them ("Línea de Prevención del
        Suicidio y Crisis", "Employee Assistance Program") names a service, not a person."""
        if not self._plain_title_word(i):
            return False
        run = 1
        for step in (-1, 1):
            k = i + step
            while 0 <= k < len(self.toks):
                if self.toks[k].is_word and self.toks[k].text in self._JOINERS:
                    k += step
                elif self._plain_title_word(k):
                    run += 1
                    k += step
                else:
                    break
        return run >= 2

    def _plain_title_word(self, k: int) -> bool:
        tok = self.toks[k]
        word = self._base(tok)
        return (
            tok.is_word
            and tok.capitalised
            and self.lex.is_known_word(word)
            and word not in self.lex.first_names
            and not self.lex.is_surname(word)
        )

    def name_like(self, i: int, *, slot: bool = False) -> bool:
        """Whether token `i` reads as a name; `slot` when its place already says "a person"."""
        key = (i, slot)
        if key not in self._memo:
            self._memo[key] = self._name_like(i, slot)
        return self._memo[key]

    def _name_like(self, i: int, slot: bool) -> bool:
        tok = self.toks[i]
        word = self._base(tok)
        if (
            not tok.is_word
            or len(word) < 2
            or word in self.p["stop"]
            or word in self.lex.medical_words
            or word in self.people_words
            or i in self.placed
        ):
            return False
        if self.lex.is_medical(word):
            return False
        if self._capitalised_name(i) or self.lex.is_first_name(word) or self.lex.is_surname(word):
            return True
        if slot:
            if tok.capitalised and not self.doc.all_caps:
                return True
            return self.lex.could_be_surname(word) or (
                not self.lex.is_known_word(word) and not WORD_ENDINGS.search(word)
            )
        return not self.lex.is_known_word(word) and len(word) >= 4

    def _word(self, i: int) -> str:
        return self.toks[i].text if 0 <= i < len(self.toks) else ""

    def _next_word(self, i: int, skip: re.Pattern[str] | None = None) -> int | None:
        j = i + 1
        while j < len(self.toks) and (
            not self.toks[j].is_word
            and not self.toks[j].is_num
            or skip is not None
            and skip.match(self.toks[j].text)
        ):
            if self.toks[j].text in ("\n",) or j - i > 6:
                return None
            j += 1
        return j if j < len(self.toks) else None

    def _name_end(self, j: int) -> int:
        """Extend a name over a following name-like word, an initial or a quoted nickname."""
        k = j
        while k + 1 < len(self.toks) and k - j < 2:
            nxt = self.toks[k + 1]
            if (
                nxt.is_word
                and len(nxt.text) == 1
                and (k + 2 >= len(self.toks) or self.toks[k + 2].text == ".")
            ):
                k += 2 if k + 2 < len(self.toks) else 1
            elif self.name_like(k + 1):
                k += 1
            else:
                break
        return min(k, len(self.toks) - 1)

    def _unknown(self, i: int) -> bool:
        tok = self.toks[i]
        return (
            tok.is_word
            and len(tok.text) > 2
            and not self.lex.is_known_word(tok.text)
            and tok.text not in self.people_words
            and not WORD_ENDINGS.search(tok.text)
        )

    def _title_name(self, title: str, j: int) -> bool:
        """Whether the word after a title is a name: after "mrs", "don", "srta" any word that
        is not a function word is; after "uncle", "coach", "little" it must look like one."""
        word = self._base(self.toks[j])
        if word in self.p["stop"] or word in self.people_words or word in self.lex.medical_words:
            return False
        abbreviated = self._word(j - 1) == "."  # "sra. paz", "sr. blanco"
        if title in self.p["name_title"] or (abbreviated and title in self.p["strong_title"]):
            return self.toks[j].is_word
        if title in self.p["strong_title"]:
            return self.name_like(j, slot=True) or len(word) == 1
        return word in self.lex.first_names or self.name_like(j, slot=True)

    def _surname_cue(self, i: int) -> bool:
        """A surname that is also a word needs a place that calls for a name: "psa 18.4 for
        wallace", "9:30 ruiz (DM)", "mendoza, chest pain"."""
        prev, nxt = self._word(i - 1), self._word(i + 1)
        if (
            i
            and self.toks[i - 1].is_word
            and (
                self.lex.is_first_name(prev) or (not self.lex.is_known_word(prev) and len(prev) > 2)
            )
        ):
            return True  # "everardo nuñez"
        if prev in self.p["person"] and prev not in self.p["generic"]:
            return True  # "baby girl johnson", "the boy lopez"
        return (
            prev in ("for", "on", "with", "para", "con", "a", "y", "and", ":", "-", "=")
            or prev.isdigit()
            or i == 0
            or nxt in ("(", ",", ":", "-")
        )

    def _initials_at(self, i: int) -> bool:
        tok = self.toks[i]
        base = self._base(tok)
        if (
            not tok.is_word
            or not 2 <= len(base) <= 3
            or base in self.p["acronym"]
            or base in self.p["stop"]
        ):
            return False
        fold = self.doc.fold
        if fold[tok.end : tok.end + 1].isdigit() or (tok.start and fold[tok.start - 1].isdigit()):
            return False  # part of a code such as "UT8832AA"
        raw = tok.raw[: len(base)]
        if raw.isupper() and not self.doc.all_caps:
            return True
        if base in self.lex.everyday or base in self.people_words:
            return False
        nxt = fold[tok.end : tok.end + 4]
        prev = self._word(i - 1)
        return bool(
            re.match(r"\s*[(\-:\u2014]|'s|\s+w\b", nxt)
            and (i == 0 or prev in (".", ",", "\n", "(", ":", "-") or prev in self.p["patient"])
        ) or prev in (
            "called",
            "call",
            "for",
            "with",
            "saw",
            "see",
            "told",
            "tell",
            "text",
            "texted",
            "emailed",
            "paged",
            "page",
            "con",
            "para",
            "a",
        )
