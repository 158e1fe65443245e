"""A practice's own content files: overrides work, and broken files name the exact fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from content import ContentError, Problem, check_content, load_catalog


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


GOOD_TIP = textwrap.dedent(
    """
    version: 1
    tips:
      - id: {id}
        levels: [entry]
        topic: breaks
        seed: practice
        text: {{en: "Walk to the courtyard at lunch.", es: "Camina al patio en el almuerzo."}}
    """
)


def test_overrides_replace_and_add(tmp_path: Path) -> None:
    write(
        tmp_path,
        "ours.yaml",
        """
        version: 1
        tips:
          - id: boundaries-finish-time
            levels: [entry, mid]
            topic: boundaries
            seed: strategy.set-boundaries
            text: {en: "Our desk closes at 5. Leave then.", es: "Cerramos a las 5. Sal a esa hora."}
          - id: practice-courtyard
            levels: [entry, mid, senior]
            topic: breaks
            seed: practice
            text: {en: "Take your break in the courtyard.", es: "Toma tu pausa en el patio."}
        ui:
          help.title: {en: "Desk helper commands", es: "Comandos del asistente"}
          practice.welcome: {en: "Hi {name}!", es: "¡Hola, {name}!"}
        """,
    )
    builtin = load_catalog()
    ours = load_catalog(tmp_path)
    assert len(ours.tips()) == len(builtin.tips()) + 1
    replaced = ours.tip("boundaries-finish-time")
    assert replaced.text.en == "Our desk closes at 5. Leave then."
    assert replaced.levels == ("entry", "mid")
    assert ours.source_of("tips", "boundaries-finish-time") == "ours.yaml"
    assert ours.tip("practice-courtyard") in ours.tips_for(level="senior", topic="breaks")
    assert ours.ui("help.title", "es") == "Comandos del asistente"
    assert ours.ui("practice.welcome", "en", name="Ana") == "Hi Ana!"
    # The built-in catalog is untouched.
    assert builtin.tip("boundaries-finish-time").text.en != replaced.text.en
    assert check_content(tmp_path) == []
    assert check_content(tmp_path / "ours.yaml") == []


def test_override_folder_may_nest_and_use_yml(tmp_path: Path) -> None:
    (tmp_path / "clinic-a").mkdir()
    write(tmp_path / "clinic-a", "tips.yml", GOOD_TIP.format(id="clinic-a-1"))
    catalog = load_catalog(tmp_path)
    assert catalog.source_of("tips", "clinic-a-1") == "clinic-a/tips.yml"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_catalog(tmp_path / "nope")
    assert info.value.problems[0].message.startswith("no such file or folder")
    assert check_content(tmp_path / "nope")[0].file == str(tmp_path / "nope")


def test_empty_folder_loads_but_check_says_so(tmp_path: Path) -> None:
    assert len(load_catalog(tmp_path).tips()) == len(load_catalog().tips())
    problems = check_content(tmp_path)
    assert len(problems) == 1 and "no .yaml files" in problems[0].message


def test_error_lists_problems_one_per_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "tips.yaml",
        """
        version: 1
        tips:
          - id: x-1
            levels: [entry]
            topic: breaks
            seed: practice
            text: {en: "Stretch."}
          - id: x-2
            levels: [entry]
            topic: breakz
            seed: practice
            text: {en: "Stretch.", es: "Estírate."}
        """,
    )
    with pytest.raises(ContentError) as info:
        load_catalog(tmp_path)
    assert str(info.value).splitlines() == [
        "tips.yaml: tip 'x-1', field 'text.es': missing Spanish text — add an 'es' entry",
        "tips.yaml: tip 'x-2', field 'topic': unknown topic 'breakz' — use one of: "
        "'boundaries', 'priorities', 'technology', 'breaks', 'time-off', 'team', 'self-care', "
        "'growth', 'stress', 'emotional-labor', 'irregular-hours' or 'why-balance'",
    ]


TIP = """
version: 1
tips:
  - id: t-1
    levels: {levels}
    topic: {topic}
    seed: {seed}
    text: {text}
"""


def tip_file(
    *,
    levels: str = "[entry]",
    topic: str = "breaks",
    seed: str = "practice",
    text: str = '{en: "Stretch.", es: "Estírate."}',
) -> str:
    return TIP.format(levels=levels, topic=topic, seed=seed, text=text)


# (file body, item id, field, words the message must contain)
BROKEN: dict[str, tuple[str, str | None, str | None, str]] = {
    "missing-spanish": (
        tip_file(text='{en: "Stretch."}'),
        "t-1",
        "text.es",
        "missing Spanish text — add an 'es' entry",
    ),
    "missing-english": (
        tip_file(text='{es: "Estírate."}'),
        "t-1",
        "text.en",
        "missing English text — add an 'en' entry",
    ),
    "empty-spanish": (
        tip_file(text='{en: "Stretch.", es: "  "}'),
        "t-1",
        "text.es",
        "Spanish text is empty",
    ),
    "unknown-level": (
        tip_file(levels="[entry, junior]"),
        "t-1",
        "levels[1]",
        "unknown level 'junior' — use one of: 'entry', 'mid', 'senior' or 'manager'",
    ),
    "no-levels": (tip_file(levels="[]"), "t-1", "levels", "levels is empty"),
    "unknown-topic": (tip_file(topic="naps"), "t-1", "topic", "unknown topic 'naps'"),
    "unknown-seed": (tip_file(seed="chapter.9"), "t-1", "seed", "unknown seed section"),
    "tip-too-long": (
        tip_file(text='{en: "' + "a" * 281 + '", es: "b"}'),
        "t-1",
        "text.en",
        "English text is 281 characters — shorten it to 280 or fewer",
    ),
    "tip-placeholder": (
        tip_file(text='{en: "Hi {name}", es: "Hola {name}"}'),
        "t-1",
        "text.en",
        "this text takes no placeholders — remove {name}",
    ),
    "broken-brace": (
        tip_file(text='{en: "Use { wisely", es: "Usa { bien"}'),
        "t-1",
        "text.en",
        "broken placeholder",
    ),
    "text-not-mapping": (
        tip_file(text='"Stretch."'),
        "t-1",
        "text",
        'must be a mapping like {en: "...", es: "..."}',
    ),
    "unknown-field": (
        tip_file() + "    colour: blue\n",
        "t-1",
        "colour",
        "unknown field 'colour' — remove it or fix its spelling",
    ),
    "bad-id": (
        tip_file().replace("t-1", "Tip One"),
        "Tip One",
        "id",
        "may use only lowercase letters",
    ),
    "missing-id": (
        tip_file().replace("  - id: t-1\n    levels", "  - levels"),
        "#1",
        "id",
        "missing field 'id' — add it",
    ),
    "duplicate-id": (
        tip_file() + tip_file().split("tips:\n", 1)[1],
        "t-1",
        "id",
        "this id appears twice in the file",
    ),
    "missing-version": (tip_file().replace("version: 1\n", ""), None, "version", "missing"),
    "wrong-version": (
        tip_file().replace("version: 1", "version: 2"),
        None,
        "version",
        "unsupported version 2",
    ),
    "unknown-section": (
        "version: 1\ntipz: []\n",
        None,
        "tipz",
        "unknown section 'tipz' — use one of: tips, breaks",
    ),
    "section-not-list": (
        "version: 1\ntips: {a: 1}\n",
        None,
        "tips",
        "must be a list of items",
    ),
    "not-yaml": ("version: 1\ntips: [\n", None, None, "not valid YAML (line"),
    "empty-file": ("", None, None, "file is empty"),
    "yaml-off-is-bool": (
        'version: 1\nfaq:\n  - id: f\n    question: {en: "Q?", es: "¿P?"}\n'
        '    answer: {en: "A.", es: "R."}\n    keywords: {en: [off], es: [apagar]}\n',
        "f",
        "keywords.en[0]",
        "must be text — put it in quotes",
    ),
    "faq-question-too-long": (
        'version: 1\nfaq:\n  - id: f\n    question: {en: "'
        + "q" * 76
        + '", es: "¿P?"}\n    answer: {en: "A.", es: "R."}\n'
        "    keywords: {en: [a], es: [b]}\n",
        "f",
        "question.en",
        "questions become button labels",
    ),
    "break-kind": (
        'version: 1\nbreaks:\n  - id: b\n    kind: nap\n    text: {en: "Nap.", es: "Siesta."}\n',
        "b",
        "kind",
        "unknown kind 'nap'",
    ),
    "end-of-shift-parity": (
        "version: 1\nend_of_shift:\n  - id: e\n"
        '    text: {en: "Back {next_shift}.", es: "Vuelves {proximo}."}\n',
        "e",
        "text",
        "placeholders differ: English uses {next_shift}, Spanish uses {proximo}",
    ),
    "end-of-shift-required": (
        'version: 1\nend_of_shift:\n  - id: e\n    text: {en: "Bye.", es: "Adiós."}\n',
        "e",
        "text.en",
        "missing placeholder {next_shift}",
    ),
    "off-shift-unknown-placeholder": (
        "version: 1\noff_shift:\n  - id: off.shift\n"
        '    text: {en: "{who} is off.", es: "{who} no está."}\n',
        "off.shift",
        "text.en",
        "unknown placeholder {who} — use only",
    ),
    "pulse-scale-needs-labels": (
        "version: 1\npulse:\n  - id: p\n    kind: scale\n    factor: team-support\n"
        '    text: {en: "How?", es: "¿Cómo?"}\n',
        "p",
        "low",
        "scale questions need a 'low' label",
    ),
    "pulse-factor": (
        "version: 1\npulse:\n  - id: p\n    kind: yesno\n    factor: mood\n"
        '    text: {en: "Ok?", es: "¿Bien?"}\n',
        "p",
        "factor",
        "unknown factor 'mood'",
    ),
    "ui-button-too-long": (
        'version: 1\nui:\n  button.go: {en: "' + "g" * 76 + '", es: "Ir"}\n',
        "button.go",
        "en",
        "shorten it to 75 or fewer (Slack button labels hold 75)",
    ),
    "ui-bad-key": (
        'version: 1\nui:\n  Help Title: {en: "Hi", es: "Hola"}\n',
        "Help Title",
        None,
        "keys may use only lowercase letters",
    ),
    "ui-duplicate-key": (
        'version: 1\nui:\n  a.b: {en: "A", es: "A"}\n  a.b: {en: "B", es: "B"}\n',
        None,
        None,
        "duplicate key 'a.b'",
    ),
    "ui-new-placeholder-on-builtin-key": (
        'version: 1\nui:\n  status.title: {en: "Hi {name}", es: "Hola {name}"}\n',
        "status.title",
        "en",
        "Balance Bot does not fill {name} here — remove it",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_names_the_fix(tmp_path: Path, case: str) -> None:
    body, item_id, field, words = BROKEN[case]
    (tmp_path / "ours.yaml").write_text(body, encoding="utf-8")
    problems = check_content(tmp_path)
    matching = [
        p for p in problems if (p.file, p.item_id, p.field) == ("ours.yaml", item_id, field)
    ]
    assert matching, problems
    assert any(words in p.message for p in matching), [p.message for p in matching]
    with pytest.raises(ContentError) as info:
        load_catalog(tmp_path)
    assert info.value.problems == problems


def test_same_id_in_two_override_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", GOOD_TIP.format(id="ours-1"))
    write(tmp_path, "b.yaml", GOOD_TIP.format(id="ours-1"))
    assert check_content(tmp_path) == [
        Problem("b.yaml", "ours-1", "id", "also defined in a.yaml — keep it in one file", "tip")
    ]


def test_problem_str() -> None:
    assert str(Problem("a.yaml", None, None, "file is empty")) == "a.yaml: file is empty"
    assert str(Problem("a.yaml", None, "version", "missing")) == "a.yaml: field 'version': missing"
    assert (
        str(Problem("a.yaml", "#2", "id", "missing", "tip"))
        == "a.yaml: tip #2, field 'id': missing"
    )
    assert str(Problem("a.yaml", "k", None, "bad", "UI string")) == "a.yaml: UI string 'k': bad"


def test_good_items_survive_next_to_broken_ones(tmp_path: Path) -> None:
    write(
        tmp_path,
        "mixed.yaml",
        GOOD_TIP.format(id="fine-1")
        + '  - {id: broken-1, levels: [entry], topic: breaks, seed: practice, text: {en: "x"}}\n',
    )
    problems = check_content(tmp_path)
    assert [(p.item_id, p.field) for p in problems] == [("broken-1", "text.es")]
