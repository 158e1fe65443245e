"""Parser for `/balance tz …`: IANA names, US zone abbreviations, cities and UTC offsets.

"EST", "CST", "Pacific", "hora del este" mean the zone *with* its daylight-saving rules
(America/New_York…), never tzdata's fixed "EST"/"MST" zones, which are an hour off all summer.
"GMT" is UK time (Europe/London, with summer time); "UTC" is UTC. An offset such as "UTC-6" is
kept as the fixed offset it names (right for Mexico City or Costa Rica) and the reply says so
plainly, with the way to a city instead. A city works alone when only one zone has it
("Chicago", "Ciudad de México", "Bogotá"); city names come from tzdata and from CLDR (Babel) in
English and Spanish. Anything else gets suggestions, never a guess.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from bot.schedule.grammar_times import GrammarError
from bot.schedule.models import zone_names
from bot.schedule.words import drop_courtesy, fold

# Names people use for the North American zones, and a few cities/states tzdata doesn't name:
# (zone, abbreviations, phrases).
_NAMED: dict[str, str] = {}
_ABBREVIATIONS: set[str] = set()
for _zone, _abbr, _words in (
    ("America/New_York", "est edt et est5edt", "eastern|eastern time|eastern standard time"
     "|us eastern"
     "|hora del este|hora oriental|tiempo del este|zona este|new york city|nyc|miami"
     "|atlanta|boston|philadelphia|washington|washington dc|dc|orlando|tampa|charlotte"
     "|pittsburgh|cleveland|columbus|baltimore|florida|nueva york"),
    ("America/Chicago", "cst cdt ct cst6cdt", "central|central time|central standard time"
     "|us central"
     "|hora central|tiempo central|houston|dallas|austin|san antonio|fort worth|nashville"
     "|memphis|new orleans|minneapolis|kansas city|st louis|saint louis|milwaukee"
     "|oklahoma city|illinois"),
    ("America/Mexico_City", "", "hora del centro|tiempo del centro|cdmx|df|ciudad de mexico"
     "|mexico city|guadalajara|puebla"),
    ("America/Denver", "mst mdt mt mst7mdt", "mountain|mountain time|mountain standard time"
     "|us mountain|hora de la montana|hora de las montanas rocosas|salt lake city|albuquerque"
     "|el paso|colorado|utah"),
    ("America/Phoenix", "", "arizona|tucson|scottsdale|mesa"),
    ("America/Los_Angeles", "pst pdt pt pst8pdt", "pacific|pacific time|pacific standard time"
     "|us pacific|hora del pacifico|tiempo del pacifico|la|san francisco|san diego|seattle"
     "|portland|sacramento|las vegas|california"),
    ("America/Anchorage", "akst akdt akt", "alaska|alaska time"),
    ("Pacific/Honolulu", "hst", "hawaii|hawaii time|hawai"),
    ("America/Puerto_Rico", "ast", "puerto rico|san juan|san juan pr|hora del atlantico"),
    ("America/Halifax", "adt", "atlantic|atlantic time"),
    ("America/St_Johns", "nst ndt", "newfoundland|newfoundland time"),
    ("Europe/London", "gmt bst", "uk|uk time|london time|british time"),
    ("America/Guayaquil", "", "quito|ecuador"),
    ("UTC", "utc z", "zulu|coordinated universal time|tiempo universal"),
):  # fmt: skip
    _ABBREVIATIONS.update(_abbr.split())
    for _word in _abbr.split() + _words.split("|"):
        _NAMED[_word] = _zone
# A short note said back when the mapping has a well-known exception.
NOTES = {
    "America/Denver": "zone.note_arizona",
    "Europe/London": "zone.note_gmt",
    "America/Puerto_Rico": "zone.note_atlantic",
}
# Listed first when a country has several zones.
_USUAL = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Mexico_City",
    "Europe/Madrid",
    "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo",
    "America/Santiago",
    "America/Toronto",
)
_AMBIGUOUS = {
    "ist": ("Asia/Kolkata", "Asia/Jerusalem", "Europe/Dublin"),
    "san jose": ("America/Costa_Rica", "America/Los_Angeles"),
}
_OFFSET = re.compile(
    r"(?:utc|gmt|z)?\s?(?P<sign>[+-])\s?(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?:h|hrs)?"
)


@dataclass(frozen=True)
class ZoneChoice:
    """The zone understood, and why: `how` is "name", "abbreviation", "city" or "offset"."""

    zone: str
    how: str
    note: str | None = None  # a catalog key with an honest caveat, said back with the zone


@cache
def _canonical() -> dict[str, str]:
    """Folded IANA names (spaces for underscores) → name; backward links → their target."""
    from babel.core import get_global

    aliases: dict[str, str] = dict(get_global("zone_aliases"))
    names = zone_names()
    out: dict[str, str] = {}
    for zone in names:
        if zone in ("localtime", "Factory") or zone.upper() == zone:
            continue  # "EST", "MST", "HST": fixed offsets, not what anyone means
        target = aliases.get(zone, zone)
        out[fold(zone).replace("_", " ")] = target if target in names else zone
    return out


@cache
def _cities() -> dict[str, tuple[str, ...]]:
    """City names (tzdata, and CLDR in English and Spanish) → canonical zones having them."""
    from babel import Locale
    from babel.core import get_global

    aliases: dict[str, str] = dict(get_global("zone_aliases"))
    found: dict[str, set[str]] = {}
    canonical = {z for z in zone_names() if z not in aliases and "/" in z}
    for zone in canonical:
        if zone.startswith(("Etc/", "SystemV/", "US/")):
            continue
        found.setdefault(fold(zone.rsplit("/", 1)[-1].replace("_", " ")), set()).add(zone)
    for locale in ("en", "es"):
        for zone, data in Locale.parse(locale).time_zones.items():
            city = data.get("city")
            target = aliases.get(zone, zone)
            if city and target in canonical:
                found.setdefault(fold(city).replace(".", ""), set()).add(target)
    return {name: tuple(sorted(zones)) for name, zones in found.items()}


@cache
def _countries() -> dict[str, tuple[str, ...]]:
    """Country names in English and Spanish (CLDR, through Babel) → the zones they use."""
    from babel import Locale
    from babel.core import get_global

    by_territory: dict[str, list[str]] = {}
    for zone, territories in get_global("zone_territories").items():
        if zone in zone_names():
            by_territory.setdefault(territories, []).append(zone)
    out: dict[str, tuple[str, ...]] = {}
    for locale in ("en", "es"):
        for code, name in Locale.parse(locale).territories.items():
            if code in by_territory:
                zones = tuple(sorted(by_territory[code]))
                out[fold(name)] = out.get(fold(name), ()) + zones
    out["usa"] = out["us"] = out.get("united states", ())
    return {name: tuple(dict.fromkeys(zones)) for name, zones in out.items()}


def _offset(text: str) -> ZoneChoice | None:
    match = _OFFSET.fullmatch(text)
    if match is None:
        return None
    hours, minutes = int(match["h"]), int(match["m"] or 0)
    if minutes or hours > 14 or (match["sign"] == "+" and hours > 14):
        raise GrammarError("zone.offset_unsupported", text=text)
    if hours == 0:
        return ZoneChoice("UTC", "offset")
    # tzdata's Etc zones count the other way: UTC-6 is "Etc/GMT+6".
    zone = f"Etc/GMT{'+' if match['sign'] == '-' else '-'}{hours}"
    if zone not in zone_names():
        raise GrammarError("zone.offset_unsupported", text=text)
    return ZoneChoice(zone, "offset", "zone.note_offset")


def parse_zone(text: str) -> ZoneChoice:
    """The zone for `/balance tz TEXT` (see the module docstring)."""
    shown = text.strip()
    wanted = drop_courtesy(fold(shown).replace("\u2212", "-")).strip(" .,")
    wanted = re.sub(r"^(?:(?:my )?time ?zone|zona horaria|horaria|zona|is|es|to|a|en) ", "", wanted)
    wanted = re.sub(r"\s+", " ", wanted.replace("_", " ")).strip()
    wanted = re.sub(r" (?:time ?zone|zone|tz|zona horaria)$", "", wanted)
    if wanted not in _NAMED:  # "Chicago time", "hora de Chicago": the place
        wanted = re.sub(r" (?:time|hora|horario)$", "", wanted)
        wanted = re.sub(r"^(?:hora|horario|time) (?:de|del|en|in|of) ", "", wanted)
    if not wanted:
        raise GrammarError("zone.what")
    if wanted in _NAMED:
        zone = _NAMED[wanted]
        how = "abbreviation" if wanted in _ABBREVIATIONS else "city"
        how = "name" if zone == "UTC" else how
        return ZoneChoice(zone, how, NOTES.get(zone) if how == "abbreviation" else None)
    names = _canonical()
    if wanted in names:
        return ZoneChoice(names[wanted], "name")
    if wanted in _AMBIGUOUS:
        raise GrammarError("zone.ambiguous", text=shown, ideas=_AMBIGUOUS[wanted])
    if (offset := _offset(wanted.replace(" ", ""))) is not None:
        return offset
    city = re.sub(r"\.", "", wanted.split(",")[0]).strip()  # "Lima, Perú": the city
    city = re.sub(r"\s+(?:usa|us|mexico|mx)$", "", city)
    zones = _cities().get(city) or _countries().get(city, ())
    if len(zones) == 1:
        return ZoneChoice(zones[0], "city")
    usual = {zone: i for i, zone in enumerate(_USUAL)}
    ideas = sorted(zones, key=lambda z: (usual.get(z, len(usual)), z)) or _close_zones(
        wanted, names
    )
    raise GrammarError("zone.unknown", text=shown, ideas=tuple(ideas[:3]))


def parse_tz(text: str) -> str:
    return parse_zone(text).zone


def _close_zones(wanted: str, names: dict[str, str]) -> list[str]:
    scored = []
    candidates = {**names, **{k: v[0] for k, v in _cities().items() if len(v) == 1}}
    for key, zone in candidates.items():
        matcher = difflib.SequenceMatcher(None, wanted, key)
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
            scored.append((matcher.ratio(), zone))
    best = max((score for score, _ in scored), default=0.0)
    # Only the near-best: "America/Chicgo" should suggest Chicago, not Maceio too.
    floor = max(0.75, best - 0.05)
    return list(
        dict.fromkeys(zone for score, zone in sorted(scored, reverse=True) if score >= floor)
    )
