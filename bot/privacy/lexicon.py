"""Word lists the screen reads, loaded once per process (`load()`; `warm()` at start-up).

- health and care context, people words: `bot/privacy/data/*.txt`, written for Balance Bot;
- first names and surnames: the US Census lists (1990, public domain; shipped by the `names`
  package) plus Faker's English and Spanish name lists (US, Mexico, Spain, Colombia, Argentina);
- everyday vocabulary: wordfreq's "small" English and Spanish lists (words with a Zipf
  frequency of 3 or more).

Faker's and wordfreq's data files are read without importing their code. Loading takes about
half a second of CPU, so the app starts it at start-up, on a background thread
(`warm(background=True)`): the process answers health checks at once, and a view submission —
which Slack wants acknowledged within 3 s — never pays for it unless it arrives in the first
second, when it waits for the same load instead of starting another.
"""

from __future__ import annotations

import ast
import gzip
import importlib.util
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import msgpack

_DATA = resources.files("bot.privacy") / "data"
_FAKER_LOCALES = ("en_US", "es_MX", "es_ES", "es_CO", "es_AR")
# wordfreq stores words in buckets of one centibel each, the first bucket being Zipf 9.
_ZIPF_COMMON = 3.8  # a surname this frequent as a word ("white", "long") is a word first
_ZIPF_EVERYDAY = 4.6  # words nobody would take for a name when written in lower case
_FREQUENT_SURNAMES = 5000  # census rank under which a surname is trusted as one


def fold(text: str) -> str:
    """Lowercase without accents (the form every list is kept in)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _sections(name: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
            continue
        sections[current] += [fold(t.strip()) for t in line.split(",") if t.strip()]
    return sections


def terms_pattern(terms: list[str]) -> re.Pattern[str]:
    """One regex for a list of terms: `word*` is a prefix, spaces match any run of spaces."""
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        words = [
            re.escape(w.rstrip("*")) + (r"[a-z']*" if w.endswith("*") else "") for w in term.split()
        ]
        parts.append(r"\s+".join(words))
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")


_LEAD = re.compile(r"[a-z]+|\d+")


class Terms:
    """Many terms found fast: indexed by the first letters of their first word, so a text is
    scanned once, token by token, with a small pattern per token instead of one with every
    term at every position."""

    def __init__(self, terms: list[str]) -> None:
        groups: dict[str, list[str]] = {}
        for term in set(terms):
            lead = _LEAD.match(term)
            if lead:
                groups.setdefault(lead.group()[:3], []).append(term)
        self._index = {key: terms_pattern(group) for key, group in groups.items()}

    def spans(self, text: str, starts: list[tuple[int, str]]) -> list[tuple[int, int]]:
        """(start, end) of every term in `text`; `starts` are the tokens' (offset, text)."""
        out: list[tuple[int, int]] = []
        for offset, word in starts:
            lead = _LEAD.match(word)
            pattern = self._index.get(lead.group()[:3]) if lead else None
            if pattern is not None:
                found = pattern.match(text, offset)
                if found:
                    out.append((found.start(), found.end()))
        return out

    def fullmatch(self, word: str) -> bool:
        return any(end == len(word) for _start, end in self.spans(word, [(0, word)]))


def _package_dir(name: str) -> Path:
    """Where an installed package lives, without importing it: importing Faker or wordfreq
    costs about 0.7 s of start-up each for code the screen never runs; only their data is read."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(name)
    return Path(next(iter(spec.submodule_search_locations)))


def _wordfreq_buckets(lang: str) -> list[list[str]]:
    # wordfreq's "cBpack": a gzipped msgpack list, a header and then one list of words per
    # centibel of frequency (wordfreq.read_cBpack reads it the same way).
    path = _package_dir("wordfreq") / "data" / f"small_{lang}.msgpack.gz"
    with gzip.open(path, "rb") as packed:
        data = msgpack.load(packed, raw=False)
    if not isinstance(data, list) or data[0].get("format") != "cB":
        raise ValueError(f"unexpected wordfreq data in {path}")
    buckets: list[list[str]] = data[1:]
    return buckets


def _census_names() -> tuple[set[str], list[str]]:
    import names

    root = Path(names.__file__).parent
    first: set[str] = set()
    for file in ("dist.female.first", "dist.male.first"):
        first |= {
            line.split()[0].lower()
            for line in (root / file).read_text().splitlines()
            if line.strip()
        }
    # Ordered by how many people bear each surname.
    last = [
        line.split()[0].lower()
        for line in (root / "dist.all.last").read_text().splitlines()
        if line.strip()
    ]
    return first, last


def _faker_names() -> tuple[set[str], set[str]]:
    """Faker's name lists, read from its provider sources (string constants of the name
    attributes of each locale's `Provider`) without importing Faker."""
    first: set[str] = set()
    last: set[str] = set()
    wanted = {
        "first_names": first,
        "first_names_male": first,
        "first_names_female": first,
        "last_names": last,
    }
    for locale in _FAKER_LOCALES:
        path = _package_dir("faker") / "providers" / "person" / locale / "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target: ast.expr = node.targets[0]
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target = node.target
            else:
                continue
            bucket = wanted.get(target.id) if isinstance(target, ast.Name) else None
            if bucket is None or node.value is None:
                continue
            for const in ast.walk(node.value):
                if isinstance(const, ast.Constant) and isinstance(const.value, str):
                    bucket.update(fold(p) for p in const.value.split() if len(p) > 1)
    return first, last


@dataclass(frozen=True, eq=False)
class Lexicon:
    health: Terms
    care: Terms
    people: dict[str, frozenset[str]]
    people_patterns: dict[str, re.Pattern[str]]
    first_names: frozenset[str]
    surnames: frozenset[str]
    frequent_surnames: frozenset[str]  # frequent ones that are not everyday words
    vocabulary: frozenset[str]  # every everyday English or Spanish word (Zipf ≥ 3)
    common: frozenset[str]  # words frequent enough to be words before names (Zipf ≥ 3.8)
    everyday: frozenset[str]  # the most frequent words (Zipf ≥ 4.6)
    not_first_names: frozenset[str]
    medical_words: frozenset[str]  # single words of the health and care lists

    def is_first_name(self, word: str) -> bool:
        return word in self.first_names and word not in self.not_first_names

    def is_surname(self, word: str) -> bool:
        """A surname on its own, in lower case: a frequent one, or one that is no word."""
        return word in self.frequent_surnames or (
            word in self.surnames and word not in self.vocabulary
        )

    def could_be_surname(self, word: str) -> bool:
        """A surname where a name is expected, unless a common word ("white", "portal")."""
        return word in self.frequent_surnames or (word in self.surnames and word not in self.common)

    def is_known_word(self, word: str) -> bool:
        return word in self.vocabulary or word in self.medical_words

    def is_medical(self, word: str) -> bool:
        return word in self.medical_words or _is_medical(self, word)


@lru_cache(maxsize=8192)
def _is_medical(lex: Lexicon, word: str) -> bool:
    return bool(lex.health.fullmatch(word) or lex.care.fullmatch(word))


_LOCK = threading.Lock()
_LOADED: list[Lexicon] = []


def load() -> Lexicon:
    """The word lists, built once per process; a caller that arrives while another thread is
    building them waits for that one."""
    if not _LOADED:
        with _LOCK:
            if not _LOADED:
                _LOADED.append(_build())
    return _LOADED[0]


def _build() -> Lexicon:
    health = _sections("health.txt")
    care = _sections("care.txt")
    people = _sections("people.txt")
    deny = _sections("names_deny.txt")
    census_first, census_last = _census_names()
    faker_first, faker_last = _faker_names()
    nicknames = {t for t in _sections("nicknames.txt")[""] if " " not in t}
    vocabulary: set[str] = set()
    common: set[str] = set()
    everyday: set[str] = set()
    for lang in ("en", "es"):
        for index, bucket in enumerate(_wordfreq_buckets(lang)):
            zipf = 9 - index / 100
            words = {fold(w) for w in bucket if w.isalpha()}
            vocabulary |= words
            if zipf >= _ZIPF_COMMON:
                common |= words
            if zipf >= _ZIPF_EVERYDAY:
                everyday |= words
    medical = {t.rstrip("*") for t in health[""] + care[""] if " " not in t}
    return Lexicon(
        health=Terms(health[""]),
        care=Terms(care[""]),
        people={k: frozenset(v) for k, v in people.items() if k},
        people_patterns={k: terms_pattern(people[k]) for k in ("role", "staff")},
        first_names=frozenset((census_first | faker_first | nicknames) - medical),
        surnames=frozenset((set(census_last) | faker_last) - medical),
        frequent_surnames=frozenset(
            w
            for w in census_last[:_FREQUENT_SURNAMES]
            if (w not in everyday or w in deny["name_first"]) and w not in medical
        ),
        vocabulary=frozenset(vocabulary),
        common=frozenset(common),
        everyday=frozenset(everyday),
        not_first_names=frozenset(deny[""]),
        medical_words=frozenset(medical),
    )


def warm(*, background: bool = False) -> None:
    """Load every list now; in `background`, on a thread of its own, so that a process starting
    up answers its health checks at once while the lists load."""
    if background:
        threading.Thread(target=load, name="phi-word-lists", daemon=True).start()
    else:
        load()
