"""Hashed 7-word shingles of the seed guide, so tests can check our content is in our own words
without the guide's text being in this repository.

    python tests/content/seed_shingles.py ../shared/seed/000_0e3d9ddbeabc13d3.txt

rewrites ``tests/content/data/seed_shingles.txt``: one hash per line, sorted. Only hashes are
kept; the guide itself never enters the repository.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

SHINGLE = 7
HASHES = Path(__file__).parent / "data" / "seed_shingles.txt"


def words(text: str) -> list[str]:
    """Lower-case, accent-free words; punctuation and apostrophes split words."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", plain)


def shingles(text: str) -> Iterator[tuple[str, str]]:
    """(hash, phrase) for every run of SHINGLE consecutive words."""
    found = words(text)
    for start in range(len(found) - SHINGLE + 1):
        phrase = " ".join(found[start : start + SHINGLE])
        yield hashlib.sha256(phrase.encode()).hexdigest()[:16], phrase


def load() -> frozenset[str]:
    return frozenset(HASHES.read_text(encoding="utf-8").split())


def main(seed: str) -> None:
    hashes = sorted({digest for digest, _ in shingles(Path(seed).read_text(encoding="utf-8"))})
    HASHES.write_text("\n".join(hashes) + "\n", encoding="utf-8")
    print(f"{len(hashes)} shingles written to {HASHES}")


if __name__ == "__main__":
    main(sys.argv[1])
