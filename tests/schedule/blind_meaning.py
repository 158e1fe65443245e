"""Maps what our `/balance` grammar makes of a phrasing to the neutral meaning a blind corpus
uses (`tests/schedule/blind/phrasings.yaml`), and scores a corpus.

A case: `text` (after `/balance`), `lang`, `now` (local, naive), `zone`, and `expect`, one of:
`shift: {mon: ["08:00-17:00"], sat: []}` (only the days named; [] is a day off),
`shift_clear: true`, `every_minutes: 90`, `breaks: on|off`, `lunch: {start: "12:30",
minutes: 30|null}` or `lunch: off`, `away: {from, until}`, `back: true`, `tz: America/Chicago`,
`closed: [dates]`, or `refused: true`.

The text goes through the same first-word table as the command router (`bot.features.breaks
.handlers`), then the same parsers the handlers call, with the member's language and local
date. Nothing here decides a meaning the parsers didn't.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any

import yaml

from bot.commands import split_command
from bot.features.breaks.handlers import (
    AWAY_WORDS,
    BACK_WORDS,
    BREAKS_WORDS,
    LUNCH_WORDS,
    SHIFT_WORDS,
    TZ_WORDS,
)
from bot.features.breaks.service import has_words
from bot.schedule import (
    BreakPrefs,
    GrammarError,
    WeeklySchedule,
    parse_away,
    parse_breaks,
    parse_closed,
    parse_shift,
    parse_zone,
)
from bot.schedule.models import DAY_ABBR

CORPUS = Path(__file__).parent / "blind" / "phrasings.yaml"
# Break preferences no phrasing would set by chance, to see exactly what a command changed.
_SENTINEL_CADENCE, _SENTINEL_LENGTH, _SENTINEL_LUNCH = 37, 17, time(3, 17)


def _shift(args: str, lang: str) -> dict[str, Any]:
    update = parse_shift(args, lang=lang)
    if update.clear_all:
        return {"shift_clear": True}
    week = update.apply(WeeklySchedule())
    return {
        "shift": {
            DAY_ABBR[day]: [f"{r.start:%H:%M}-{r.end:%H:%M}" for r in week.on_weekday(day)]
            for day in sorted(update.days)
        }
    }


def _breaks(text: str) -> dict[str, Any]:
    base = BreakPrefs(
        cadence_minutes=_SENTINEL_CADENCE, lunch=_SENTINEL_LUNCH, lunch_minutes=_SENTINEL_LENGTH
    )
    was_on = parse_breaks(text, base)
    was_off = parse_breaks(text, base.model_copy(update={"enabled": False}))
    out: dict[str, Any] = {}
    if was_on.enabled == was_off.enabled:
        out["breaks"] = "on" if was_on.enabled else "off"
    if was_on.cadence_minutes != _SENTINEL_CADENCE:
        out["every_minutes"] = was_on.cadence_minutes
    if was_on.lunch != base.lunch or was_on.lunch_minutes != _SENTINEL_LENGTH:
        if was_on.lunch is None:
            out["lunch"] = "off"
        else:
            minutes = None if was_on.lunch_minutes == _SENTINEL_LENGTH else was_on.lunch_minutes
            out["lunch"] = {"start": f"{was_on.lunch:%H:%M}", "minutes": minutes}
    if was_on.margin_minutes != base.margin_minutes:
        out["margin_minutes"] = was_on.margin_minutes
    return out


def meaning(text: str, lang: str, now: datetime) -> dict[str, Any]:
    """What we understood (a one-key dict like the corpus), or {"refused": True}."""
    name, args = split_command(text)
    today = now.date()
    try:
        if name in SHIFT_WORDS:
            return _shift(args, lang)
        if name in BREAKS_WORDS:
            return _breaks(args)
        if name in LUNCH_WORDS:
            return _breaks(f"lunch {args}")
        if name in AWAY_WORDS or (name in BACK_WORDS and has_words(args)):
            away_text = args if name in AWAY_WORDS else f"back {args}"
            leave = parse_away(away_text, today=today, lang=lang)
            return {"away": {"from": leave.start.isoformat(), "until": leave.end.isoformat()}}
        if name in BACK_WORDS:
            return {"back": True}
        if name in TZ_WORDS:
            return {"tz": parse_zone(args).zone}
        topic, _, rest = args.partition(" ")
        if name == "admin" and topic.lower() in ("closed", "cerrado"):
            days = parse_closed(rest, today=today, lang=lang)
            return {"closed": [d.isoformat() for d in days]}
    except GrammarError:
        return {"refused": True}
    return {"refused": True}  # a command word we don't have


@dataclass(frozen=True)
class Outcome:
    case: dict[str, Any]
    got: dict[str, Any]

    @property
    def expected(self) -> dict[str, Any]:
        return dict(self.case["expect"])

    @property
    def should_refuse(self) -> bool:
        return bool(self.expected.get("refused"))

    @property
    def refused(self) -> bool:
        return bool(self.got.get("refused"))

    @property
    def correct(self) -> bool:
        if self.should_refuse:  # the corpus says why it must be refused; any refusal will do
            return self.refused
        return self.got == self.expected

    @property
    def misparsed(self) -> bool:
        """Accepted, but not as meant (a wrong meaning, or something meant to be refused)."""
        return not self.refused and not self.correct


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


def score(cases: list[dict[str, Any]]) -> list[Outcome]:
    return [
        Outcome(c, meaning(c["text"], c["lang"], datetime.fromisoformat(c["now"]))) for c in cases
    ]


def report(outcomes: list[Outcome]) -> str:
    """The share understood, refusals kept, and every miss, one per line."""
    valid = [o for o in outcomes if not o.should_refuse]
    invalid = [o for o in outcomes if o.should_refuse]
    lines = []
    for lang in ("en", "es", None):
        pool = [o for o in valid if lang is None or o.case["lang"] == lang]
        ok = sum(o.correct for o in pool)
        label = lang or "all"
        lines.append(f"understood ({label}): {ok}/{len(pool)} = {ok / max(len(pool), 1):.1%}")
    kept = sum(o.refused for o in invalid)
    lines.append(f"refused as they should be: {kept}/{len(invalid)}")
    misparsed = [o for o in outcomes if o.misparsed]
    lines.append(f"misparsed: {len(misparsed)}")
    for o in outcomes:
        if not o.correct:
            kind = "MISPARSE" if o.misparsed else "refused "
            lines.append(
                f"  {kind} [{o.case['lang']}] {o.case['text']!r}: expected {o.expected}, "
                f"got {o.got}"
            )
    return "\n".join(lines)
