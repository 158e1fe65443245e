"""The text under screening, in the forms the detectors read, with offsets into the original.

- `norm`: NFKC-normalised (full-width digits, odd dashes, spaces and quotes made plain);
- `fold`: `norm` lowercased and without accents, **the same length as `norm`**, so a match in
  `fold` is a span of `norm`;
- `spelled`: `fold` with numbers written in words turned into digits ("ninety-two" → "92",
  "cinco dos nueve" → "5 2 9"), via text2num; a match there maps back through `spelled_span`.

Every span a detector reports is mapped to the original text with `Doc.span`, so the modal can
quote exactly the words the member typed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property, lru_cache

from text_to_num import alpha2digit

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00b4": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+|[^\sa-z\d]")
# Number words both languages use for single digits when people dictate a number.
_NUMBER_WORDS = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty"
    r"|forty|fifty|sixty|seventy|eighty|ninety|hundred|cero|uno|dos|tres|cuatro|cinco|seis"
    r"|siete|ocho|nueve|diez|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta"
    r"|noventa|cien|ciento|veinti\w+|dieci\w+|oh)\b"
)
# "oh" and a lone "o" read as zero inside a run of digits ("four oh six", "915 555 o173").
_OH_IN_DIGITS = re.compile(r"\boh\b(?=[\s,.\-]*\d)|(?<=\d)o(?=\d)|\bo(?=\d)|(?<=\d)o\b")


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[0]
    return base.lower() if len(base.lower()) == 1 else c.lower()[:1] or c


@dataclass(frozen=True)
class Token:
    start: int  # offsets into `norm`/`fold`
    end: int
    text: str  # folded
    raw: str  # as typed (normalised)

    @property
    def is_num(self) -> bool:
        return self.text.isdigit()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def capitalised(self) -> bool:
        return self.raw[:1].isupper() and not self.raw.isupper()


_DIGIT_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco"
    r"|seis|siete|ocho|nueve)"
)
_HYPHENED_DIGITS = re.compile(rf"\b{_DIGIT_WORD}(?:-{_DIGIT_WORD})+\b")


@dataclass
class Doc:
    original: str
    norm: str = field(init=False)
    fold: str = field(init=False)
    _origin: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.original.isascii():  # the common case: nothing changes length
            self.norm = self.original
            self._origin = list(range(len(self.original)))
            self.fold = self.norm.lower()
            return
        out: list[str] = []
        origin: list[int] = []
        for i, c in enumerate(self.original):
            for piece in unicodedata.normalize("NFKC", c).translate(_QUOTES):
                out.append(piece)
                origin.append(i)
        self.norm = "".join(out)
        self._origin = origin
        self.fold = "".join(_fold_char(c) for c in self.norm)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of `norm`/`fold` as a span of the original text."""
        if not self._origin:
            return 0, 0
        start = min(max(start, 0), len(self._origin) - 1)
        end = min(max(end, start + 1), len(self._origin))
        return self._origin[start], self._origin[end - 1] + 1

    @cached_property
    def tokens(self) -> list[Token]:
        return [
            Token(m.start(), m.end(), m.group(), self.norm[m.start() : m.end()])
            for m in _WORD.finditer(self.fold)
        ]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def token_at(self, offset: int) -> int:
        """Index of the token that starts at or before `offset`."""
        return max(bisect_right(self._token_starts, offset) - 1, 0)

    @cached_property
    def all_caps(self) -> bool:
        """Shouting: case says nothing about names then."""
        letters = [c for c in self.norm if c.isalpha()]
        return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.7 * len(letters)

    @cached_property
    def spelled(self) -> str:
        """`fold` with numbers in words as digits (same text when there are none)."""
        if not _NUMBER_WORDS.search(self.fold) and not _OH_IN_DIGITS.search(self.fold):
            return self.fold
        # "nine-one-nine": digits said one by one, hyphenated, are digits too (same length).
        text = _HYPHENED_DIGITS.sub(lambda m: m.group().replace("-", " "), self.fold)
        for lang in ("en", "es"):
            try:
                text = alpha2digit(text, lang)
            except Exception:  # noqa: BLE001 - a library hiccup must not break screening
                return self.fold
        text = re.sub(r"\b(?:zero|cero)\b", "0", text)
        return _OH_IN_DIGITS.sub("0", text)

    @cached_property
    def _spelled_map(self) -> list[tuple[int, int, int, int]]:
        matcher = SequenceMatcher(None, self.spelled, self.fold, autojunk=False)
        return [(i1, i2, j1, j2) for _tag, i1, i2, j1, j2 in matcher.get_opcodes()]

    def spelled_span(self, start: int, end: int) -> tuple[int, int]:
        """A span of `spelled` as a span of `fold`."""
        if self.spelled is self.fold:
            return start, end
        return self._map_spelled(start, True), self._map_spelled(end, False)

    def _map_spelled(self, pos: int, is_start: bool) -> int:
        for i1, i2, j1, j2 in self._spelled_map:
            if i1 <= pos < i2 or (not is_start and i1 < pos <= i2):
                if i2 - i1 == j2 - j1:
                    return j1 + (pos - i1)
                return j1 if is_start else j2
        return len(self.fold) if not is_start else 0
