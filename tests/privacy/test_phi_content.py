"""A practice's own content goes through the same PHI screen: a tip or string that names a
patient is an error of `balance-bot content check` (file, item, field, language) and keeps the
bot from starting with it. Balance Bot's own ~900 strings all pass the screen."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.privacy import screen
from content import LANGS, ContentError, LocalizedText, check_content, load_catalog
from content.loader import load_builtin

PRACTICE = textwrap.dedent(
    """
    version: 1
    tips:
      - id: our-regulars
        levels: [entry]
        topic: breaks
        seed: practice
        text: {en: "When Rosa Elena Díaz comes without her inhaler, keep a sample ready.",
               es: "Ten listo un inhalador de muestra para la sala de espera."}
      - id: breathe
        levels: [entry]
        topic: breaks
        seed: practice
        text: {en: "Take two slow breaths before the next call.",
               es: "Respira hondo dos veces antes de la siguiente llamada."}
    ui:
      admin.urgent.none: {en: "Call Dr. Osei's line, ext. 200.", es: "Marca a la ext. 200."}
      help.title: {en: "Help", es: "Para la sra. Molina, la de la diálisis: ext 200"}
    """
).lstrip()


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "ours.yaml"
    path.write_text(PRACTICE, encoding="utf-8")
    return path


def test_content_check_names_the_file_item_field_and_language(tmp_path: Path) -> None:
    _write(tmp_path)
    problems = [p for p in check_content(tmp_path) if "patient data" in p.message]
    assert [(p.file, p.item_id, p.field) for p in problems] == [
        ("ours.yaml", "our-regulars", "text.en"),
        ("ours.yaml", "help.title", "es"),
    ]
    assert "someone others could recognize" in problems[0].message
    # Where to look, never the words themselves: these lines can end up in a log.
    assert all("Rosa" not in str(p) and "Molina" not in str(p) for p in problems)


def test_the_cli_fails_and_the_bot_refuses_to_load_such_content(tmp_path: Path) -> None:
    _write(tmp_path)
    result = CliRunner().invoke(cli, ["content", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "ours.yaml: tip 'our-regulars', field 'text.en': looks like patient data" in (
        result.output
    )
    with pytest.raises(ContentError, match="our-regulars"):
        load_catalog(tmp_path)


def test_every_built_in_string_passes_the_screen() -> None:
    content, _ = load_builtin()
    refused = []
    for items in content.items.values():
        for item_id, item in items.items():
            texts = (
                [item]
                if isinstance(item, LocalizedText)
                else [v for _name, v in item if isinstance(v, LocalizedText)]
            )
            for text in texts:
                for lang in LANGS:
                    value = re.sub(r"\{[^{}]*\}", " ", text.get(lang))
                    if screen(value, mode="content") is not None:
                        refused.append((item_id, lang))
    assert refused == []
