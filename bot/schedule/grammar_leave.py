"""Parsers for `/balance away …` (time off) and `/balance admin closed …` (closed days).

`away` forms: `until friday` / `hasta el viernes` (today through that day), `back monday` /
`vuelvo el lunes` (through the day before), `dec 14-18`, `del 14 al 18 de diciembre`,
`12/14 to 12/18`, `for 2 weeks` / `por dos semanas` (from today, or `from dec 14 for a week`),
`next week`, one day (`tomorrow`, `dec 24`). Time off may end at most a year from today.

`admin closed` takes dates and ranges ("dec 24, 25 and 31", "24 y 31 de diciembre",
"dec 24-26"); new closed days are from today to two years ahead.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.schedule.grammar_dates import leading_words, read_date
from bot.schedule.grammar_times import GrammarError
from bot.schedule.models import TimeOff
from bot.schedule.words import DAY_WORDS, NUMBER_WORDS, normalize

AWAY_MAX_DAYS = 365
CLOSED_MAX_DAYS = 2 * 365
CLOSED_RANGE_MAX_DAYS = 62

_UNTIL = re.compile(r"(?:until|till|til|through|thru|hasta|to|up to|hasta el|till the) (?P<d>.+)")
_BACK = re.compile(
    r"(?:back|back on|back at work on|returning|returning on|return on|return|i'm back|im back"
    r"|vuelvo|vuelvo el|regreso|regreso el|de vuelta el|de vuelta|volvere|regresare)"
    r"(?: (?:to work|al trabajo|a trabajar))?(?: on| el)? (?P<d>.+)"
)
_FROM = re.compile(
    r"(?:from|starting|desde|a partir de|a partir del|del|de|between|entre) (?P<d>.+)"
)
_FOR_UNITS = (
    r"(?:the )?(?:next )?(?:(?P<n>\d+|[a-z]+) )?"
    r"(?P<unit>days?|weeks?|wks?|dias?|semanas?|months?|mes|meses)"
)
_FOR = re.compile(rf"(?:(?:for|por|durante) )?{_FOR_UNITS}")
_FOR_FROM = re.compile(rf"(?P<start>.+?) (?:for|por|durante) {_FOR_UNITS}")
_SPLIT = re.compile(
    r" ?- ?| to | through | thru | until | till | al | a | hasta | and | y | hasta el | al dia "
)
_WEEKS = {
    "next week": 1, "la semana que viene": 1, "la proxima semana": 1, "proxima semana": 1,
    "semana que viene": 1, "this week": 0, "esta semana": 0, "the rest of the week": 0,
    "rest of the week": 0, "lo que queda de la semana": 0, "el resto de la semana": 0,
}  # fmt: skip


def _date(text: str, today: date, lang: str) -> date | None:
    return read_date(text, today=today, lang=lang)


def _range(text: str, today: date, lang: str) -> tuple[date, date] | None:
    """ "dec 14-18", "14-18 dec", "del 14 al 18 de diciembre", "12/14 to 12/18"."""
    for sep in _SPLIT.finditer(text):
        left, right = text[: sep.start()].strip(), text[sep.end() :].strip()
        if not left or not right:
            continue
        try:
            first, last = _date(left, today, lang), _date(right, today, lang)
        except GrammarError:
            first = last = None
        if (
            first is not None
            and last is not None
            and _explicit_month(left) == _explicit_month(right)
        ):
            if last < first and _is_weekday(right):  # "friday to monday": the Monday after
                last += timedelta(days=7 * ((first - last).days // 7 + 1))
            return first, last
        completed = _complete(left, right, today, lang)
        if completed is not None:
            return completed
    return None


_DAY_NUMBER = re.compile(r"(?:the |el )?(\d{1,2})(?:st|nd|rd|th)?")
_MONTH_PART = re.compile(r"(?:the |el )?(\d{1,2})(?:st|nd|rd|th)? (?:de |of )?(.+)")
_MONTH_LEAD = re.compile(r"([a-z]+\.?) (?:the )?(\d{1,2})(.*)")


def _is_weekday(text: str) -> bool:
    return re.sub(r"^(?:the|el|next|this|este|proximo|el proximo) ", "", text) in DAY_WORDS


def _explicit_month(text: str) -> bool:
    return bool(re.search(r"[a-z]{3}|/|\d{4}-", text)) and not re.fullmatch(
        r"(?:the |el )?\d{1,2}(?:st|nd|rd|th)?", text
    )


def _complete(left: str, right: str, today: date, lang: str) -> tuple[date, date] | None:
    """One side names the month, the other only a day: "dec 14-18", "del 14 al 18 de dic"."""
    if (day := _DAY_NUMBER.fullmatch(right)) and (lead := _MONTH_LEAD.fullmatch(left)):
        first = _date(left, today, lang)
        last = _date(f"{lead[1]} {day[1]}{lead[3]}", today, lang) if first else None
        if first and last and last < first:  # "dec 28-3": into the next month
            return None
        return (first, last) if first and last else None
    if (day := _DAY_NUMBER.fullmatch(left)) and (part := _MONTH_PART.fullmatch(right)):
        last = _date(right, today, lang)
        first = _date(f"{day[1]} {'de ' if lang == 'es' else ''}{part[2]}", today, lang)
        if first and last and first > last:
            first = first.replace(year=last.year) if first.replace(year=last.year) <= last else None
        return (first, last) if first and last else None
    return None


def _count(word: str | None) -> int | None:
    if word is None:
        return 1
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _span(match: re.Match[str], today: date, lang: str) -> tuple[date, date] | None:
    count = _count(match["n"])
    start = today
    if match.groupdict().get("start"):
        head = re.sub(r"^(?:from|starting|desde|a partir del?|del|de) ", "", match["start"])
        found = _date(head, today, lang)
        if found is None:
            return None
        start = found
    if count is None or count <= 0:
        return None
    unit = match["unit"]
    days = count * (7 if unit.startswith(("week", "wk", "semana")) else 1)
    if unit.startswith(("month", "mes")):
        days = count * 30
    return start, start + timedelta(days=days - 1)


def _week(phrase: str, today: date) -> tuple[date, date] | None:
    if phrase not in _WEEKS:
        return None
    monday = today - timedelta(days=today.weekday())
    if _WEEKS[phrase]:
        return monday + timedelta(days=7), monday + timedelta(days=13)
    return today, monday + timedelta(days=6)


def read_away(text: str, *, today: date, lang: str = "en") -> tuple[date, date]:
    """(first day, last day) of the time off; GrammarError when it can't be read."""
    clean = re.sub(r"(?<![a-z])a partir (?:del|de)(?![a-z])", "from", normalize(text))
    clean = leading_words(clean.replace(",", " ").strip())
    clean = re.sub(r"\s+", " ", clean)
    if not clean:
        raise GrammarError("away.what")
    if found := _week(clean, today):
        return found
    if until := _UNTIL.fullmatch(clean):
        inner = until["d"]
        end = _date(inner, today, lang)
        if end is None and (span := _range(inner, today, lang)):
            return span
        if end is not None:
            return today, end
    if back := _BACK.fullmatch(clean):
        day = _date(back["d"], today, lang)
        if day is not None:
            return today, day - timedelta(days=1)
    for pattern in (_FOR, _FOR_FROM):
        if (span_match := pattern.fullmatch(clean)) and (span := _span(span_match, today, lang)):
            return span
    if start_match := _FROM.fullmatch(clean):
        inner = start_match["d"]
        if span := _range(inner, today, lang):
            return span
        if _date(inner, today, lang) is not None:
            raise GrammarError("away.need_end")
    if span := _range(clean, today, lang):
        return span
    single = _date(clean, today, lang)
    if single is not None:
        return single, single
    raise GrammarError("away.what")


def parse_away(text: str, *, today: date, lang: str = "en") -> TimeOff:
    """The time off asked for, checked: not over, not backwards, at most a year ahead."""
    start, end = read_away(text, today=today, lang=lang)
    if end < today:
        raise GrammarError("date.passed", date=end, next=_next_year(end).isoformat())
    if end < start:
        raise GrammarError("away.order", start=start, end=end)
    limit = today + timedelta(days=AWAY_MAX_DAYS)
    if end > limit:
        raise GrammarError("away.too_far", date=end, limit=limit)
    return TimeOff(start=max(start, today - timedelta(days=AWAY_MAX_DAYS)), end=end)


def parse_closed(
    text: str, *, today: date, lang: str = "en", removing: bool = False
) -> tuple[date, ...]:
    """Closed days: dates, lists and ranges. New ones must be from today to two years ahead
    (removing a past day is fine); a range covers at most two months."""
    clean = re.sub(r"\s+", " ", normalize(text).replace(";", ",")).strip(" ,")
    if not clean:
        raise GrammarError("closed.what")
    items = [i.strip() for i in re.split(r",| and | y | & ", clean) if i.strip()]
    pieces: list[str] = []
    for item in items:  # "2026-12-24 2026-12-31": several whole dates side by side
        parts = item.split()
        whole = [
            p for p in parts if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(/\d+)?", p)
        ]
        pieces.extend(parts if len(parts) > 1 and len(whole) == len(parts) else [item])
    days: list[date] = []
    for piece in _with_months(pieces):
        piece = re.sub(r"^(?:from|desde|del|de|el|on|the) ", "", piece)
        span = _range(piece, today, lang)
        if span is None:
            one = _date(piece, today, lang)
            if one is None:
                raise GrammarError("date.bad", text=piece)
            span = (one, one)
        first, last = span
        if last < first or (last - first).days >= CLOSED_RANGE_MAX_DAYS:
            raise GrammarError("closed.range", start=first, end=last)
        days.extend(first + timedelta(days=i) for i in range((last - first).days + 1))
    if not removing:
        limit = today + timedelta(days=CLOSED_MAX_DAYS)
        for day in days:
            if day < today:
                raise GrammarError("date.passed", date=day, next=_next_year(day).isoformat())
            if day > limit:
                raise GrammarError("closed.too_far", date=day, limit=limit)
    return tuple(dict.fromkeys(days))


def _with_months(pieces: list[str]) -> list[str]:
    """ "dec 24", "25", "31" → each with its month; "24", "25", "31 de diciembre" too."""
    out = list(pieces)
    for i, piece in enumerate(out):
        if not re.fullmatch(r"(?:the |el )?\d{1,2}(?:st|nd|rd|th)?", piece):
            continue
        day = re.sub(r"\D", "", piece)
        before = next((p for p in reversed(out[:i]) if _MONTH_LEAD.fullmatch(p)), None)
        after = next((p for p in pieces[i + 1 :] if _MONTH_PART.fullmatch(p)), None)
        if before is not None and (lead := _MONTH_LEAD.fullmatch(before)):
            out[i] = f"{lead[1]} {day}"
        elif after is not None and (part := _MONTH_PART.fullmatch(after)):
            out[i] = f"{day} de {part[2]}"
    return out


def _next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # February 29th
        return day.replace(year=day.year + 1, day=28)
