"""Pure tip rules: topic matching, no-repeat picking, tip of the day."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.features.tips.service import GENERAL_EVERY, is_general, pick_tip, tip_of_day, tip_pool
from bot.features.tips.topics import TipRequest, match_topic, parse_tip_request
from content import AUDIENCES, LEVELS, TOPICS, Audience, Level, Topic, builtin_catalog

CATALOG = builtin_catalog()
parse_tip_request("")  # builds the word index once, outside hypothesis deadlines

KNOWN_WORDS: dict[str, Topic] = {
    "boundaries": "boundaries",
    "boundary": "boundaries",
    "limits": "boundaries",
    "límites": "boundaries",
    "priorities": "priorities",
    "prioritize": "priorities",
    "eisenhower": "priorities",
    "urgent": "priorities",
    "tech": "technology",
    "technology": "technology",
    "software": "technology",
    "automation": "technology",
    "tecnología": "technology",
    "breaks": "breaks",
    "break": "breaks",
    "lunch": "breaks",
    "descanso": "breaks",
    "time off": "time-off",
    "time-off": "time-off",
    "pto": "time-off",
    "vacation": "time-off",
    "holiday": "time-off",
    "vacaciones": "time-off",
    "team": "team",
    "coworkers": "team",
    "supervisor": "team",
    "mentoring": "team",
    "new hire": "team",
    "prior auth": "priorities",
    "telehealth": "technology",
    "equipo": "team",
    "compañeros": "team",
    "self-care": "self-care",
    "self care": "self-care",
    "selfcare": "self-care",
    "exercise": "self-care",
    "sleep": "self-care",
    "autocuidado": "self-care",
    "growth": "growth",
    "career": "growth",
    "training": "growth",
    "learning": "growth",
    "crecimiento": "growth",
    "capacitación": "growth",
    "stress": "stress",
    "burnout": "stress",
    "tired": "stress",
    "estrés": "stress",
    "patients": "emotional-labor",
    "emotional": "emotional-labor",
    "emotional labor": "emotional-labor",
    "irregular": "irregular-hours",
    "weekend": "irregular-hours",
    "night": "irregular-hours",
    "fin de semana": "irregular-hours",
    "why balance": "why-balance",
    "why-balance": "why-balance",
}

ACCENTS = {"a": "áà", "e": "éè", "i": "íï", "o": "óö", "u": "úü", "n": "ñ", "c": "ç"}


@st.composite
def spelled(draw: st.DrawFn, word: str) -> str:
    """The word as someone might type it: any mix of case, accents added or dropped."""
    out = []
    for ch in word:
        base = {"á": "a", "é": "e", "í": "i", "ó": "o", "ú": "u", "ñ": "n"}.get(ch, ch)
        options = [ch, base, *ACCENTS.get(base, "")]
        choice = draw(st.sampled_from(options))
        out.append(choice.upper() if draw(st.booleans()) else choice)
    return "".join(out)


@given(st.text())
def test_match_topic_never_raises(text: str) -> None:
    assert match_topic(text) in (None, *TOPICS)


@given(st.data(), st.sampled_from(sorted(KNOWN_WORDS)))
def test_known_words_match_in_any_case_and_accents(data: st.DataObject, word: str) -> None:
    typed = data.draw(spelled(word))
    padding = data.draw(st.sampled_from(["", "  ", "¿", "!", "tip ", "about "]))
    assert match_topic(f"{padding}{typed}?") == KNOWN_WORDS[word], typed


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("", None),
        ("pizza", None),
        ("I need help with STRESS at work", "stress"),
        ("tiempo libre", "time-off"),
        ("Time Off please", "time-off"),
        ("lunch and then sleep", "breaks"),  # the first topic mentioned wins
        ("¿Cómo pongo LÍMITES?", "boundaries"),
    ],
)
def test_match_topic_examples(text: str, topic: str | None) -> None:
    assert match_topic(text) == topic


LEVEL_OR_NONE = st.sampled_from([None, *LEVELS])
TOPIC_OR_NONE = st.sampled_from([None, *TOPICS])


@given(LEVEL_OR_NONE, TOPIC_OR_NONE, st.integers(0, 2**32), st.integers(1, 40), st.booleans())
def test_no_repeat_until_pool_is_used_up(
    level: Level | None, topic: Topic | None, seed: int, picks: int, as_list: bool
) -> None:
    rng = random.Random(seed)
    pool = {tip.id for tip in tip_pool(CATALOG, level=level, topic=topic)}
    assert pool
    seen: list[str] = []
    last: str | None = None
    for _ in range(picks):
        tip, reset = pick_tip(
            CATALOG, level=level, topic=topic, seen_ids=seen if as_list else set(seen), rng=rng
        )
        assert tip.id in pool
        if reset:
            assert set(seen) == pool  # only once everything was seen
            if as_list and len(pool) > 1:
                assert tip.id != last  # no immediate repeat across a reset
            seen = []
        assert tip.id not in seen
        seen.append(tip.id)
        last = tip.id


def test_pick_is_reproducible_with_the_same_rng() -> None:
    first = pick_tip(CATALOG, level="mid", topic=None, seen_ids=(), rng=random.Random(7))
    again = pick_tip(CATALOG, level="mid", topic=None, seen_ids=(), rng=random.Random(7))
    assert first == again


def test_pool_fits_level_and_topic() -> None:
    pool = tip_pool(CATALOG, level="entry", topic="team")
    assert pool and all("entry" in t.levels and t.topic == "team" for t in pool)
    assert {t.id for t in tip_pool(CATALOG, level="senior", topic=None)} == {
        t.id for t in CATALOG.tips_for(level="senior")
    }


def test_pool_falls_back_when_level_has_no_tips_on_topic() -> None:
    # No senior-only tip is about irregular hours, but general ones are; a practice could
    # still restrict a topic to one level, so the fallback keeps answers coming.
    for level in LEVELS:
        for topic in TOPICS:
            assert tip_pool(CATALOG, level=level, topic=topic)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), LEVEL_OR_NONE)
def test_tip_of_day_is_stable_within_a_day_and_changes_the_next(
    day: date, level: Level | None
) -> None:
    today = tip_of_day(CATALOG, level=level, local_date=day)
    assert tip_of_day(CATALOG, level=level, local_date=day) == today
    assert tip_of_day(builtin_catalog(), level=level, local_date=day) == today
    assert tip_of_day(CATALOG, level=level, local_date=day + timedelta(days=1)) != today
    if level is not None:
        assert level in today.levels


@pytest.mark.parametrize("level", LEVELS)
def test_tip_of_day_shows_the_whole_pool_before_repeating(level: Level) -> None:
    pool = tip_pool(CATALOG, level=level, topic=None)
    start = date(2026, 1, 1)
    # Walk from the start of a cycle so a full cycle fits in len(pool) days.
    offset = -start.toordinal() % len(pool)
    days = [start + timedelta(days=offset + i) for i in range(len(pool))]
    shown = [tip_of_day(CATALOG, level=level, local_date=d).id for d in days]
    assert sorted(shown) == sorted(t.id for t in pool)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", TipRequest()),
        ("senior", TipRequest(level="senior")),
        ("Sénior límites", TipRequest(level="senior", topic="boundaries")),
        ("manager breaks", TipRequest(level="manager", topic="breaks")),
        ("gerente", TipRequest(level="manager")),
        ("intermedio estrés", TipRequest(level="mid", topic="stress")),
        ("mid-level boundries", TipRequest(level="mid", topic="boundaries")),
        ("about the front desk please", TipRequest()),
        ("unicorns", TipRequest(unknown="unicorns")),
        ("entry unicornios", TipRequest(level="entry", unknown="unicornios")),
        ("boundaries with unicorns", TipRequest(topic="boundaries")),
        ("I want to kill myself", TipRequest(crisis=True)),
    ],
)
def test_parse_tip_request(text: str, expected: TipRequest) -> None:
    assert parse_tip_request(text) == expected


@given(st.text())
def test_parse_tip_request_never_raises(text: str) -> None:
    request = parse_tip_request(text)
    assert request.level in (None, *AUDIENCES)
    assert request.topic is None or request.unknown is None


def draw(level: Audience, topic: Topic | None, seed: int, count: int) -> list[tuple[str, bool]]:
    """`count` draws for a member starting from nothing: (tip id, pool was reset)."""
    rng = random.Random(seed)
    seen: list[str] = []
    shown = []
    for _ in range(count):
        tip, reset = pick_tip(CATALOG, level=level, topic=topic, seen_ids=seen, rng=rng)
        if reset:
            seen = []
        seen.append(tip.id)
        shown.append((tip.id, reset))
    return shown


@given(st.sampled_from(LEVELS), st.sampled_from([None, *TOPICS]), st.integers(0, 2**32))
def test_tips_written_for_the_level_come_first(
    level: Level, topic: Topic | None, seed: int
) -> None:
    pool = tip_pool(CATALOG, level=level, topic=topic)
    specific = {t.id for t in pool if not is_general(t)}
    shown = draw(level, topic, seed, len(pool))
    assert not any(reset for _, reset in shown)
    drawn_specific = 0
    for count, (tip_id, _) in enumerate(shown, start=1):
        drawn_specific += tip_id in specific
        if drawn_specific < len(specific):
            # Until the level's own tips run out, at least 75 % (≥ 70 %) of draws are theirs.
            assert drawn_specific * GENERAL_EVERY >= (GENERAL_EVERY - 1) * count, (count, shown)
    assert {tip_id for tip_id, _ in shown} == {t.id for t in pool}  # then the rest, no repeats


def test_the_first_twenty_senior_tips_are_mostly_about_leading() -> None:
    shown = draw("senior", None, seed=1, count=20)
    own = [tip_id for tip_id, _ in shown if CATALOG.tip(tip_id).levels == ("senior",)]
    assert len(own) >= 15


@given(st.integers(0, 2**32))
def test_managers_get_manager_tips_only(seed: int) -> None:
    for tip_id, _ in draw("manager", None, seed, 30):
        assert CATALOG.tip(tip_id).levels == ("manager",)
    for topic in TOPICS:
        assert all("manager" in t.levels for t in tip_pool(CATALOG, level="manager", topic=topic))


@pytest.mark.parametrize("level", LEVELS)
def test_tip_of_day_puts_level_tips_first_too(level: Level) -> None:
    pool = tip_pool(CATALOG, level=level, topic=None)
    specific = sum(1 for t in pool if not is_general(t))
    start = date(2026, 1, 1)
    offset = -start.toordinal() % len(pool)
    days = [start + timedelta(days=offset + i) for i in range(specific)]
    shown = [tip_of_day(CATALOG, level=level, local_date=d) for d in days]
    assert sum(1 for t in shown if not is_general(t)) * 10 >= 7 * len(shown)


def test_every_topic_word_the_user_guide_lists_works() -> None:
    guide = (Path(__file__).parents[3] / "docs" / "user-guide.md").read_text(encoding="utf-8")
    names = {
        CATALOG.ui(f"topic.name.{topic}", lang): topic for topic in TOPICS for lang in ("en", "es")
    }
    checked = 0
    for line in guide.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 2 and cells[0] in names:
            for word in cells[1].split(","):
                assert parse_tip_request(word).topic == names[cells[0]], word
                checked += 1
    assert checked >= 100
