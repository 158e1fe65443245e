"""Spotting English where Spanish should be.

Two checks over what remains once the parts that stay the same in every language are taken out
(code spans such as `/balance tip`, {placeholders}, Slack mentions and links, product names,
numbers and punctuation):

* :func:`untranslated`: the Spanish is a copy of the English (``content check`` reports it);
* :func:`english_words`: common English function words in a Spanish text, which catch a
  sentence left in English inside an otherwise Spanish message.
"""

from __future__ import annotations

import re
import unicodedata

from content.models import LocalizedText

# Names that are the same in both languages. Longest first so "Balance Bot" goes before "Bot".
PRODUCT_NAMES = (
    "Workflow Builder",
    "Balance Bot",
    "App Home",
    "Block Kit",
    "Google Calendar",
    "Outlook",
    "Slack",
    "Zoom",
    "Teams",
    "MOA",
    "EHR",
    "HR",
    "EAP",
)
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_SLACK_REF = re.compile(r"<[^<>]*>")  # <@U1>, <#C1>, <!here>, <https://...|label>
_URL = re.compile(r"https?://\S+")
_TIME_ZONE = re.compile(r"\b[A-Za-z]+(?:/[A-Za-z_+-]+)+\b")  # America/Mexico_City

# Common English words that Spanish never uses as words of its own. Words both languages share
# ("a", "no", "me", "son") are left out on purpose.
_WORDS = """
the your you yours and with for this that these those when is are was were be been being to
of it its it's we our us they their them she his her my i'm you're don't can't won't isn't
aren't doesn't didn't will would should could can have has had do does did not what which
who whom how why where there here from into onto about after before until at by or if then
than so up out on off in over under again only just also each every please thanks thank let
let's get got make made take took see saw need want any some
"""
ENGLISH_WORDS = frozenset(_WORDS.split())


# Words spelled the same in both languages: a text made only of these is translated already.
SAME_IN_BOTH = frozenset({"no", "ok", "error", "total", "normal", "general", "final"})


def _plain(text: str) -> str:
    # Accents stay: "Senior" → "Sénior" is a translation.
    return unicodedata.normalize("NFC", text.casefold())


def residue(text: str) -> list[str]:
    """The words of `text` that a translator would be expected to change."""
    for pattern in (_CODE, _SLACK_REF, _URL, _PLACEHOLDER, _TIME_ZONE):
        text = pattern.sub(" ", text)
    for name in PRODUCT_NAMES:
        text = re.sub(rf"\b{re.escape(name)}\b", " ", text)
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", _plain(text).replace("’", "'"))
    return words


def untranslated(text: LocalizedText) -> bool:
    """True when the Spanish is the English again, beyond names, numbers and placeholders."""
    es = residue(text.es)
    return bool(es) and es == residue(text.en) and not set(es) <= SAME_IN_BOTH


def english_words(text: str) -> list[str]:
    """English function words in `text`, outside code, mentions, placeholders and names."""
    return [word for word in residue(text) if word in ENGLISH_WORDS]
