"""The built-in content loads, covers the whole seed guide, and is complete in both languages."""

from __future__ import annotations

import string
from collections import Counter, defaultdict

import pytest

from content import (
    BREAK_KINDS,
    LANGS,
    LEVELS,
    SEED_SECTIONS,
    TOPICS,
    Catalog,
    LocalizedText,
    builtin_catalog,
    language_for_locale,
    load_catalog,
)
from content.loader import load_builtin

STRATEGIES = [
    "strategy.set-boundaries",
    "strategy.prioritize",
    "strategy.technology",
    "strategy.breaks-time-off",
    "strategy.communicate",
    "strategy.self-care",
    "strategy.professional-development",
]
FACTORS = [
    "factor.irregular-hours",
    "factor.emotional-labor",
    "factor.administrative-overload",
    "factor.technological-tethers",
    "factor.professional-development",
    "factor.workplace-stress",
]
LEVEL_SECTIONS = ["level.entry", "level.mid", "level.senior"]
REASONS = [
    "reason.mental-wellbeing",
    "reason.clerical-errors",
    "reason.patient-experience",
    "reason.professional-competence",
    "reason.team-morale",
    "reason.personal-relationships",
]
SEED_FAQS = ["faq.hours", "faq.weekends", "faq.stress", "faq.remote-work"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def coverage_map(catalog: Catalog) -> dict[str, list[str]]:
    """Seed section -> ids of the content written from it."""
    covered: dict[str, list[str]] = defaultdict(list)
    for tip in catalog.tips():
        covered[tip.seed].append(tip.id)
    for faq in catalog.faqs():
        if faq.seed:
            covered[faq.seed].append(faq.id)
    return covered


def all_texts(catalog: Catalog) -> list[tuple[str, LocalizedText]]:
    texts: list[tuple[str, LocalizedText]] = []
    texts += [(f"tip {t.id}", t.text) for t in catalog.tips()]
    texts += [(f"break {m.id}", m.text) for m in catalog.break_messages()]
    texts += [(f"end-of-shift {m.id}", m.text) for m in catalog.end_of_shift()]
    texts += [(f"off-shift {k}", catalog.off_shift(k).text) for k in catalog.off_shift_keys()]
    for q in catalog.pulse_questions():
        texts += [(f"pulse {q.id}", t) for t in (q.text, q.low, q.high) if t is not None]
    for f in catalog.faqs():
        texts += [(f"faq {f.id} question", f.question), (f"faq {f.id} answer", f.answer)]
    return texts


def test_builtin_content_has_no_problems() -> None:
    _, problems = load_builtin()
    assert problems == []


def test_builtin_catalog_is_cached() -> None:
    assert builtin_catalog() is builtin_catalog()


def test_counts(catalog: Catalog) -> None:
    assert len(catalog.tips()) >= 60
    assert len(catalog.break_messages()) >= 12
    assert len(catalog.end_of_shift()) >= 6
    assert len(catalog.pulse_questions()) >= 10
    kinds = Counter(m.kind for m in catalog.break_messages())
    assert all(kinds[kind] >= 2 for kind in BREAK_KINDS), kinds
    for level in LEVELS:
        assert len(catalog.tips_for(level=level)) >= 8


def test_every_seed_section_is_covered(catalog: Catalog) -> None:
    covered = coverage_map(catalog)
    expected = STRATEGIES + FACTORS + LEVEL_SECTIONS + REASONS + SEED_FAQS
    missing = [section for section in expected if not covered.get(section)]
    assert missing == [], f"seed sections with no content: {missing}"
    # Every section the models know about (except a practice's own) is used somewhere.
    unused = [s for s in SEED_SECTIONS if s != "practice" and not covered.get(s)]
    assert unused == []


def test_each_level_section_has_eight_tips_for_that_level(catalog: Catalog) -> None:
    covered = coverage_map(catalog)
    for level in LEVELS:
        ids = covered[f"level.{level}"]
        assert len(ids) >= 8, (level, ids)
        assert all(level in catalog.tip(tip_id).levels for tip_id in ids)


def test_each_seed_faq_is_an_faq(catalog: Catalog) -> None:
    seeds = {faq.seed for faq in catalog.faqs()}
    assert set(SEED_FAQS) <= seeds
    product = {faq.id for faq in catalog.faqs() if faq.seed is None}
    assert {"data-stored", "nudges", "anonymity", "stop-nudges"} <= product


def test_every_topic_has_tips(catalog: Catalog) -> None:
    assert catalog.topics() == TOPICS
    for topic in TOPICS:
        assert catalog.tips_for(topic=topic)


def test_language_and_placeholder_parity(catalog: Catalog) -> None:
    def names(text: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(text) if n}

    for where, text in all_texts(catalog):
        assert text.en.strip() and text.es.strip(), where
        assert text.en != text.es or where.startswith("off-shift"), where
        assert names(text.en) == names(text.es), where
    for key in catalog.ui_keys():
        template = catalog.ui_text(key)
        assert names(template.en) == names(template.es), key
        values = dict.fromkeys(names(template.en), "x")
        for lang in LANGS:
            assert "{" not in catalog.ui(key, lang, **values), key


def test_tips_are_short(catalog: Catalog) -> None:
    for tip in catalog.tips():
        for lang in LANGS:
            assert len(tip.text.get(lang)) <= 280, (tip.id, lang)


def test_ids_are_unique_per_section(catalog: Catalog) -> None:
    for ids in (
        [t.id for t in catalog.tips()],
        [m.id for m in catalog.break_messages()],
        [q.id for q in catalog.pulse_questions()],
        [f.id for f in catalog.faqs()],
    ):
        assert len(ids) == len(set(ids))


def test_pulse_questions_are_well_formed(catalog: Catalog) -> None:
    kinds = Counter(q.kind for q in catalog.pulse_questions())
    assert kinds["scale"] >= 5 and kinds["yesno"] >= 3 and kinds["comment"] >= 1
    for q in catalog.pulse_questions():
        assert (q.low is not None) == (q.kind == "scale")
        assert (q.high is not None) == (q.kind == "scale")
    factors = {q.factor for q in catalog.pulse_questions()}
    assert len(factors) == 7


def test_end_of_shift_messages_render(catalog: Catalog) -> None:
    for message in catalog.end_of_shift():
        for lang in LANGS:
            text = catalog.text(message, lang, next_shift="tomorrow at 8:00 AM", name="Ana")
            assert "tomorrow at 8:00 AM" in text
            assert "{" not in text


def test_off_shift_texts_render(catalog: Catalog) -> None:
    values = dict(
        name="Ana",
        back_theirs="Mon 8:00",
        back_yours="Mon 9:00",
        until="Dec 2",
        urgent="call ext. 200",
        holiday="Thanksgiving",
        date="Dec 24",
        next_shift="tomorrow at 8:00",
    )
    for key in ("off.shift", "off.leave", "off.holiday", "off.closed", "off.urgent"):
        for lang in LANGS:
            assert "{" not in catalog.text(catalog.off_shift(key), lang, **values)
    assert "Mon 9:00" in catalog.text(catalog.off_shift("off.shift"), "en", **values)
    assert "call ext. 200" in catalog.text(catalog.off_shift("off.urgent"), "es", **values)


REQUIRED_UI_KEYS = [
    "help.title",
    "help.body",
    "usage.unknown",
    "status.title",
    "status.level",
    "status.timezone",
    "status.language",
    "status.shifts",
    "status.next_nudge",
    "status.shift_end",
    "status.level_unset",
    "home.welcome",
    "home.what",
    "home.how_to_start",
    "home.tip_of_day",
    "home.your_level",
    "level.set",
    "level.invalid",
    "tip.pick_level",
    "faq.none",
    "faq.list_title",
    "error.generic",
    "button.another_tip",
    "button.set_level",
    "button.level_entry",
    "button.level_mid",
    "button.level_senior",
]


def test_required_ui_keys(catalog: Catalog) -> None:
    missing = [key for key in REQUIRED_UI_KEYS if not catalog.has_ui(key)]
    assert missing == []
    for level in LEVELS:
        assert catalog.has_ui(f"level.name.{level}")
    for topic in TOPICS:
        assert catalog.has_ui(f"topic.name.{topic}")


def test_ui_texts(catalog: Catalog) -> None:
    assert catalog.ui("status.title", "en") == "Your Balance Bot settings"
    assert catalog.ui("status.level_unset", "en") == "not set yet — try `/balance level mid`"
    assert "pizza" in catalog.ui("usage.unknown", "es", text="pizza")
    with pytest.raises(KeyError):
        catalog.ui("no.such.key", "en")
    for lang in LANGS:
        assert catalog.ui("home.what", lang).count("•") == 4
        assert catalog.ui("home.how_to_start", lang).count("\n") == 2


@pytest.mark.parametrize("lang", LANGS)
def test_help_lists_every_command(catalog: Catalog, lang: str) -> None:
    body = catalog.ui("help.body", lang)  # type: ignore[arg-type]
    commands = [
        "`help`",
        "`tip [entry|mid|senior]",
        "`faq [",
        "`level entry|mid|senior`",
        "`shift mon-fri 08:00-17:00`",
        "`shift sat 09:00-13:00`",
        "`shift clear`",
        "`tz ",
        "`breaks every 90m`",
        "`breaks lunch 12:30 30m`",
        "`breaks off|on`",
        "`away until 2026-12-02`",
        "`back`",
        "`quiet on|off`",
        "`quiet self on|off`",
        "`quiet eos on|off`",
        "`quiet leave on|off`",
        "`lang en|es`",
        "`status`",
        "`settings`",
        "`pulse`",
        "`pulse results`",
        "`pulse setup`",
        "`forget-me`",
        "`admin closed 2026-12-24`",
        "`admin urgent",
        "`admin managers @ana`",
    ]
    missing = [command for command in commands if command not in body]
    assert missing == []
    assert len(body.splitlines()) == 16  # one line per row of the grammar table


def test_queries(catalog: Catalog) -> None:
    tip = catalog.tips_for(level="senior", topic="boundaries")[0]
    assert catalog.tip(tip.id) is tip
    assert "senior" in tip.levels and tip.topic == "boundaries"
    with pytest.raises(KeyError):
        catalog.tip("nope")
    assert {m.kind for m in catalog.break_messages("eyes")} == {"eyes"}
    assert catalog.text(tip, "es") == tip.text.es
    assert catalog.pulse_questions(factor="team-support")
    assert catalog.source_of("tips", tip.id) == "tips.yaml"


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("es-ES", "es"),
        ("es-LA", "es"),
        ("es_MX", "es"),
        ("ES", "es"),
        ("en-US", "en"),
        ("fr-FR", "en"),
        ("", "en"),
        (None, "en"),
        ("estonian", "en"),
    ],
)
def test_language_for_locale(locale: str | None, lang: str) -> None:
    assert language_for_locale(locale) == lang
