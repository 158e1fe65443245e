"""A Spanish-speaking member sees no English: every catalog text, every view builder, and the
first message to someone whose Slack locale is Spanish and who never typed a command."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import bot.features
from bot.cli import cli
from content import LocalizedText, builtin_catalog, check_content
from content.untranslated import english_words, untranslated
from tests.content.spanish_samples import by_name, variants

CAT = builtin_catalog()


# -- the catalog ---------------------------------------------------------------------------------


def catalog_texts() -> Iterator[tuple[str, LocalizedText]]:
    """Every bilingual text the loader gives us, named for the failure message."""
    for tip in CAT.tips():
        yield f"tip {tip.id}", tip.text
    for faq in CAT.faqs():
        yield f"faq {faq.id} question", faq.question
        yield f"faq {faq.id} answer", faq.answer
    for msg in CAT.break_messages():
        yield f"break {msg.id}", msg.text
    for eos in CAT.end_of_shift():
        yield f"end-of-shift {eos.id}", eos.text
    for key in CAT.off_shift_keys():
        yield f"off-shift {key}", CAT.off_shift(key).text
    for q in CAT.pulse_questions():
        yield f"pulse {q.id}", q.text
        for end in ("low", "high"):
            if getattr(q, end) is not None:
                yield f"pulse {q.id} {end}", getattr(q, end)
    for key in CAT.ui_keys():
        yield f"ui {key}", CAT.ui_text(key)


def _filled(template: str) -> str:
    """The text as a member reads it: each placeholder replaced by a neutral value."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**dict.fromkeys(names, "7"))


CATALOG = list(catalog_texts())


def test_the_catalog_walk_sees_every_section() -> None:
    assert len(CATALOG) > 400
    assert {where.split()[0] for where, _ in CATALOG} == {
        "tip",
        "faq",
        "break",
        "end-of-shift",
        "off-shift",
        "pulse",
        "ui",
    }


def test_every_catalog_text_has_its_own_spanish() -> None:
    copies = [where for where, text in CATALOG if untranslated(text)]
    assert copies == [], f"Spanish identical to the English: {copies}"


def test_no_english_words_in_any_spanish_catalog_text() -> None:
    leaks = [
        (where, english_words(_filled(text.es)))
        for where, text in CATALOG
        if english_words(_filled(text.es))
    ]
    assert leaks == [], f"English in the Spanish catalog: {leaks}"


def test_the_word_check_catches_an_english_sentence_and_spares_spanish() -> None:
    assert english_words("Listo. Your level is now *mid*.") == ["your", "is"]
    assert english_words("Escribe `/balance tip for me` y <@U1> en Balance Bot; {when}.") == []
    assert english_words("No me digas que son las 8:00 a. m.") == []


def test_content_check_reports_an_english_copy_as_untranslated(tmp_path: Path) -> None:
    (tmp_path / "ui.yaml").write_text(
        "version: 1\nui:\n"
        '  help.title: {en: "Your commands", es: "Your commands"}\n'
        '  help.topics: {en: "Tip topics: {topics} in Slack", es: "Temas: {topics} en Slack"}\n'
        '  status.level: {en: "Balance Bot 2", es: "Balance Bot 2"}\n',
        encoding="utf-8",
    )
    problems = [str(p) for p in check_content(tmp_path)]
    assert len(problems) == 1, problems
    assert "help.title" in problems[0] and "untranslated" in problems[0]


def test_the_content_check_command_fails_on_an_english_copy(tmp_path: Path) -> None:
    text = "Stand up between two patients and roll your shoulders."
    (tmp_path / "ours.yaml").write_text(
        "version: 1\ntips:\n"
        "  - id: our-stretch\n    levels: [entry]\n    topic: breaks\n    seed: practice\n"
        f'    text: {{en: "{text}", es: "{text}"}}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["content", "check", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "ours.yaml: tip 'our-stretch', field 'text.es': untranslated" in result.output
    (tmp_path / "ours.yaml").write_text(
        (tmp_path / "ours.yaml")
        .read_text(encoding="utf-8")
        .replace(f'es: "{text}"', 'es: "Ponte de pie entre dos pacientes y gira los hombros."'),
        encoding="utf-8",
    )
    assert CliRunner().invoke(cli, ["content", "check", str(tmp_path)]).exit_code == 0


# -- every view builder --------------------------------------------------------------------------


def _builders() -> list[tuple[str, Callable[..., Any]]]:
    """Public functions in bot/features/*/views*.py that take a language: they make member text."""
    found = []
    for feature in pkgutil.iter_modules(bot.features.__path__):
        package = importlib.import_module(f"bot.features.{feature.name}")
        for sub in pkgutil.iter_modules(package.__path__):
            if not sub.name.startswith("views"):
                continue
            module = importlib.import_module(f"{package.__name__}.{sub.name}")
            for name, fn in inspect.getmembers(module, inspect.isfunction):
                if (
                    fn.__module__ == module.__name__
                    and not name.startswith("_")
                    and "lang" in inspect.signature(fn).parameters
                ):
                    found.append((f"{feature.name}.{sub.name}.{name}", fn))
    return sorted(found, key=lambda item: item[0])


BUILDERS = _builders()


def texts_in(output: Any) -> Iterator[str]:
    """Every string a member can read in a builder's output: Block Kit, plain text, or the
    `response_action: errors` map of block id to message."""
    errors = isinstance(output, dict) and "type" not in output and "text" not in output
    if errors and output and all(isinstance(v, str) for v in output.values()):
        yield from output.values()
        return
    yield from _block_texts(output)


def _block_texts(output: Any) -> Iterator[str]:
    if isinstance(output, str):
        yield output
    elif isinstance(output, dict):
        for key, value in output.items():
            if key in {"text", "alt_text", "fallback"} and isinstance(value, str):
                yield value
            elif isinstance(value, dict | list | tuple):
                yield from _block_texts(value)
    elif isinstance(output, list | tuple):
        for item in output:
            yield from _block_texts(item)


def _calls(qualname: str, fn: Callable[..., Any], lang: str = "es") -> Iterator[dict[str, Any]]:
    samples = {**by_name(CAT), "lang": lambda: lang}
    extra = variants(CAT, qualname)
    for overrides in extra if extra is not None else iter([{}]):
        kwargs: dict[str, Any] = {}
        for name, param in inspect.signature(fn).parameters.items():
            if name in overrides:
                kwargs[name] = overrides[name]
            elif name in samples:
                kwargs[name] = samples[name]()
            elif param.kind is param.VAR_KEYWORD:
                kwargs.update({k: v for k, v in overrides.items() if k not in kwargs})
            elif param.default is param.empty:
                pytest.fail(
                    f"{qualname}: no sample for parameter {name!r} — add one to "
                    "tests/content/spanish_samples.py"
                )
        yield kwargs


def test_builders_are_discovered() -> None:
    names = {name for name, _ in BUILDERS}
    assert len(BUILDERS) >= 70
    assert {
        "pulse.views.poll_message",
        "forget.views.confirm_message",
        "quiet.views.end_of_shift_dm",
        "tips.views.tip_message",
    } <= names


@pytest.mark.parametrize(("qualname", "fn"), BUILDERS, ids=[name for name, _ in BUILDERS])
def test_builder_speaks_spanish_only(qualname: str, fn: Callable[..., Any]) -> None:
    for kwargs in _calls(qualname, fn):
        try:
            output = fn(**kwargs)
        except Exception as exc:  # noqa: BLE001 — name the builder and its arguments
            pytest.fail(f"{qualname} can't be called with the sample arguments {kwargs}: {exc!r}")
        texts = list(texts_in(output))
        assert any(t.strip() for t in texts), f"{qualname} shows no text"
        leaks = [(t, english_words(t)) for t in texts if english_words(t)]
        assert leaks == [], f"{qualname}({kwargs}) shows English: {leaks}"
        labels = [line for t in texts for line in _lines(t) if line in ENGLISH_ONLY]
        assert labels == [], f"{qualname}({kwargs}) shows English catalog strings: {labels}"


def _lines(text: str) -> list[str]:
    return [line.strip(" *_•:") for line in text.splitlines()]


# Short English strings ("Answer", "Close") that the word check can't see: none may be shown
# as a whole line to a Spanish speaker.
ENGLISH_ONLY = {
    text.en.strip(" *_•:")
    for _, text in CATALOG
    if not untranslated(text) and text.en != text.es and "{" not in text.en
}


def test_the_same_check_finds_english_in_the_english_output() -> None:
    # The builders test can fail: in English, nearly every builder trips the word check.
    english = [
        qualname
        for qualname, fn in BUILDERS
        if any(english_words(t) for kw in _calls(qualname, fn, "en") for t in texts_in(fn(**kw)))
    ]
    assert len(english) >= 0.7 * len(BUILDERS), sorted(set(dict(BUILDERS)) - set(english))
