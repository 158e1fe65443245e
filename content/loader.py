"""Load and validate Balance Bot's content files.

File format (every file, built-in or a practice's own)::

    version: 1
    tips:          # list of items with an `id`
      - id: boundaries-clock-out
        ...
    ui:            # mapping key -> {en, es}; adding a string is one line
      help.title: {en: "...", es: "..."}

A file may hold any of the sections in :data:`SECTIONS`. A practice's files use the same schema;
an item whose id already exists replaces the built-in one, a new id adds an item.

Every problem found becomes a :class:`Problem` that names the file, the item, the field and what
to change, so ``balance-bot content check`` can print one actionable line per problem.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from content.models import (
    LANGS,
    LANGUAGE_NAMES,
    SEED_SECTIONS,
    BreakMessage,
    EndOfShiftMessage,
    Faq,
    LocalizedText,
    OffShiftText,
    PulseQuestion,
    Tip,
    placeholders,
)
from content.untranslated import untranslated

DATA_DIR = Path(__file__).parent / "data"
SUPPORTED_VERSION = 1

# Slack limits (https://api.slack.com/reference/block-kit): section text 3000, button text 75,
# header text 150, input label 2000, option text 75. Tips are kept short on purpose.
TIP_MAX = 280
SECTION_MAX = 3000
BUTTON_MAX = 75
HEADER_MAX = 150
LABEL_MAX = 2000
OPTION_MAX = 75
# Rendered length is estimated with this many characters per filled placeholder.
PLACEHOLDER_ALLOWANCE = 60
_UI_KEY_RE = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, with what to change."""

    file: str
    item_id: str | None
    field: str | None
    message: str
    kind: str = "item"

    def __str__(self) -> str:
        where: list[str] = []
        if self.item_id is not None:
            # Items without an id are named by position, e.g. "tip #3".
            name = self.item_id if self.item_id.startswith("#") else f"'{self.item_id}'"
            where.append(f"{self.kind} {name}")
        if self.field:
            where.append(f"field '{self.field}'")
        if where:
            return f"{self.file}: {', '.join(where)}: {self.message}"
        return f"{self.file}: {self.message}"


class ContentError(Exception):
    """Content failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass(frozen=True)
class Section:
    """One top-level section of a content file."""

    key: str
    kind: str  # the word used for an item in messages
    model: type[BaseModel]
    text_fields: tuple[str, ...] = ("text",)
    allowed: frozenset[str] | None = frozenset()  # None: any placeholder (UI strings)
    required: frozenset[str] = frozenset()
    mapping: bool = False  # UI strings are `key: {en, es}` rather than a list of items


OFF_SHIFT_PLACEHOLDERS = frozenset(
    {"name", "back_theirs", "back_yours", "until", "urgent", "holiday", "date", "next_shift"}
)

SECTIONS: dict[str, Section] = {
    s.key: s
    for s in (
        Section("tips", "tip", Tip),
        Section("breaks", "break message", BreakMessage, allowed=frozenset({"name", "minutes"})),
        Section(
            "end_of_shift",
            "end-of-shift message",
            EndOfShiftMessage,
            allowed=frozenset({"name", "next_shift"}),
            required=frozenset({"next_shift"}),
        ),
        Section("off_shift", "off-shift text", OffShiftText, allowed=OFF_SHIFT_PLACEHOLDERS),
        Section("pulse", "pulse question", PulseQuestion, text_fields=("text", "low", "high")),
        Section("faq", "FAQ", Faq, text_fields=("question", "answer")),
        Section("ui", "UI string", LocalizedText, text_fields=(), allowed=None, mapping=True),
    )
}


@dataclass
class Content:
    """Validated items per section, in file order, with the file each came from."""

    items: dict[str, dict[str, Any]] = field(default_factory=lambda: {key: {} for key in SECTIONS})
    origin: dict[tuple[str, str], str] = field(default_factory=dict)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of keeping the last one."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _yaml_problem(display: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return Problem(
        display,
        None,
        None,
        f"not valid YAML ({where}{reason}) — check indentation, colons and quotes",
    )


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _friendly(error: Mapping[str, Any]) -> str:
    """Turn a pydantic error into a sentence that says what to change."""
    kind = error["type"]
    loc = error["loc"]
    names = [part for part in loc if isinstance(part, str)]
    last = names[-1] if names else "value"
    if kind == "missing":
        if last in LANGUAGE_NAMES:
            return f"missing {LANGUAGE_NAMES[last]} text — add an '{last}' entry"
        return f"missing field '{last}' — add it"
    if kind == "extra_forbidden":
        return f"unknown field '{last}' — remove it or fix its spelling"
    if kind == "literal_error":
        noun = last[:-1] if last.endswith("s") else last
        expected = error.get("ctx", {}).get("expected", "")
        return f"unknown {noun} {error['input']!r} — use one of: {expected}"
    if kind in {"string_type", "str_type"}:
        return "must be text — put it in quotes"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        if last in {"text", "question", "answer", "low", "high"} or last in LANGUAGE_NAMES:
            return 'must be a mapping like {en: "...", es: "..."}'
        return "must be a mapping of fields"
    if kind in {"tuple_type", "list_type"}:
        return "must be a list like [a, b]"
    if kind == "content":
        return str(error["msg"])
    return str(error["msg"])


def _estimated_length(template: str) -> int:
    # Only for limit checks: count literal text plus a fixed allowance per placeholder.
    parts = list(string.Formatter().parse(template))
    count = sum(1 for _lit, name, _spec, _conv in parts if name)
    return sum(len(lit) for lit, _n, _s, _c in parts) + count * PLACEHOLDER_ALLOWANCE


def _fmt(names: Iterable[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"


def lint_text(
    path: str,
    text: LocalizedText,
    *,
    allowed: frozenset[str] | None,
    required: frozenset[str] = frozenset(),
    limit: int,
    limit_reason: str,
) -> list[tuple[str, str]]:
    """Checks for one bilingual text: placeholder parity, allowed placeholders, length."""
    out: list[tuple[str, str]] = []
    names = {lang: placeholders(text.get(lang)) for lang in LANGS}
    if names["en"] != names["es"]:
        out.append(
            (
                path,
                f"placeholders differ: English uses {_fmt(names['en'])}, Spanish uses "
                f"{_fmt(names['es'])} — use the same placeholders in both languages",
            )
        )
    if untranslated(text):
        out.append(
            (
                f"{path}.es",
                "untranslated: the Spanish is the same as the English — translate it "
                "(names, numbers and placeholders may stay as they are)",
            )
        )
    for lang in LANGS:
        field_path = f"{path}.{lang}"
        if allowed is not None:
            unknown = names[lang] - allowed
            if unknown and allowed:
                out.append(
                    (
                        field_path,
                        f"unknown placeholder {_fmt(unknown)} — use only {_fmt(allowed)}",
                    )
                )
            elif unknown:
                out.append(
                    (
                        field_path,
                        f"this text takes no placeholders — remove {_fmt(unknown)} "
                        "(write {{ and }} for literal braces)",
                    )
                )
        missing = required - names[lang]
        if missing:
            out.append(
                (
                    field_path,
                    f"missing placeholder {_fmt(missing)} — add it; Balance Bot fills it in",
                )
            )
        length = _estimated_length(text.get(lang))
        if length > limit:
            out.append(
                (
                    field_path,
                    f"{LANGUAGE_NAMES[lang]} text is {length} characters"
                    f"{' once filled in' if names[lang] else ''} — "
                    f"shorten it to {limit} or fewer ({limit_reason})",
                )
            )
    return out


def ui_limit(key: str) -> tuple[int, str]:
    """Slack limit for a UI string, chosen by its key: `button.*` are button labels,
    keys whose last part ends in `title` become headers, everything else is section text."""
    if key.startswith("button."):
        return BUTTON_MAX, "Slack button labels hold 75"
    if key.rsplit(".", 1)[-1].endswith("title"):
        return HEADER_MAX, "Slack headers hold 150"
    return SECTION_MAX, "Slack section text holds 3000"


def _lint_item(section: Section, item_id: str, item: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if isinstance(item, Tip):
        out += lint_text(
            "text",
            item.text,
            allowed=section.allowed,
            limit=TIP_MAX,
            limit_reason="tips must be readable between two patients",
        )
        if item.seed not in SEED_SECTIONS:
            out.append(
                (
                    "seed",
                    f"unknown seed section {item.seed!r} — use a known key such as "
                    "'strategy.set-boundaries', or 'practice' for your own tips",
                )
            )
        if len(set(item.levels)) != len(item.levels):
            out.append(("levels", "a level is listed twice — list each level once"))
    elif isinstance(item, PulseQuestion):
        out += lint_text(
            "text",
            item.text,
            allowed=frozenset(),
            limit=LABEL_MAX,
            limit_reason="Slack input labels hold 2000",
        )
        for end in ("low", "high"):
            label = getattr(item, end)
            if item.kind == "scale" and label is None:
                out.append(
                    (
                        end,
                        f"scale questions need a '{end}' label — add "
                        f'{end}: {{en: "...", es: "..."}}',
                    )
                )
            elif item.kind != "scale" and label is not None:
                out.append((end, f"only scale questions have a '{end}' label — remove it"))
            elif label is not None:
                out += lint_text(
                    end,
                    label,
                    allowed=frozenset(),
                    limit=OPTION_MAX,
                    limit_reason="Slack option labels hold 75",
                )
    elif isinstance(item, Faq):
        out += lint_text(
            "question",
            item.question,
            allowed=frozenset(),
            limit=BUTTON_MAX,
            limit_reason="questions become button labels, which hold 75",
        )
        out += lint_text(
            "answer",
            item.answer,
            allowed=frozenset(),
            limit=SECTION_MAX - 200,
            limit_reason="the answer and its question share one Slack section of 3000",
        )
        if item.seed is not None and item.seed not in SEED_SECTIONS:
            out.append(("seed", f"unknown seed section {item.seed!r} — use a key like 'faq.hours'"))
    elif isinstance(item, LocalizedText):
        limit, reason = ui_limit(item_id)
        out += lint_text("", item, allowed=None, limit=limit, limit_reason=reason)
    else:
        out += lint_text(
            "text",
            item.text,
            allowed=section.allowed,
            required=section.required,
            limit=SECTION_MAX,
            limit_reason="Slack section text holds 3000",
        )
    # UI strings have no sub-field: report "text.es" style paths as plain "es".
    return [(path.lstrip("."), message) for path, message in out]


def _iter_raw_items(
    section: Section, raw: Any, display: str, problems: list[Problem]
) -> Iterator[tuple[str, Any]]:
    """Yield (item id, raw data) pairs; report a wrongly shaped section."""
    if section.mapping:
        if not isinstance(raw, dict):
            problems.append(
                Problem(
                    display,
                    None,
                    section.key,
                    f"'{section.key}' must be a mapping of key: {{en: ..., es: ...}}",
                )
            )
            return
        for key, value in raw.items():
            yield str(key), value
        return
    if not isinstance(raw, list):
        problems.append(
            Problem(
                display,
                None,
                section.key,
                f"'{section.key}' must be a list of items, each starting with '- id: ...'",
            )
        )
        return
    for index, value in enumerate(raw, start=1):
        item_id = value.get("id") if isinstance(value, dict) else None
        yield (item_id if isinstance(item_id, str) and item_id else f"#{index}"), value


def parse_file(path: Path, display: str) -> tuple[Content, list[Problem]]:
    """Parse and validate one content file. Items with problems are left out of the result."""
    content = Content()
    problems: list[Problem] = []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        return content, [_yaml_problem(display, exc)]
    except (OSError, UnicodeDecodeError) as exc:
        return content, [
            Problem(display, None, None, f"cannot read the file ({exc}) — save it as UTF-8 text")
        ]
    if data is None:
        return content, [
            Problem(
                display, None, None, "file is empty — add 'version: 1' and at least one section"
            )
        ]
    if not isinstance(data, dict):
        return content, [
            Problem(
                display, None, None, "the file must be a mapping with 'version: 1' and sections"
            )
        ]
    version = data.get("version")
    if version is None:
        problems.append(
            Problem(display, None, "version", "missing 'version: 1' — add it at the top")
        )
    elif version != SUPPORTED_VERSION:
        problems.append(
            Problem(
                display,
                None,
                "version",
                f"unsupported version {version!r} — this Balance Bot reads version 1",
            )
        )
    for key, raw in data.items():
        if key == "version":
            continue
        section = SECTIONS.get(str(key))
        if section is None:
            problems.append(
                Problem(
                    display,
                    None,
                    str(key),
                    f"unknown section '{key}' — use one of: {', '.join(SECTIONS)}",
                )
            )
            continue
        _parse_section(section, raw, display, content, problems)
    return content, problems


def _parse_section(
    section: Section, raw: Any, display: str, content: Content, problems: list[Problem]
) -> None:
    bucket = content.items[section.key]
    for item_id, value in _iter_raw_items(section, raw, display, problems):

        def problem(field_path: str | None, message: str, item_id: str = item_id) -> Problem:
            return Problem(display, item_id, field_path or None, message, section.kind)

        if section.mapping and not _UI_KEY_RE.match(item_id):
            problems.append(
                problem(
                    None,
                    "keys may use only lowercase letters, digits, '_', '-' "
                    "and dots between parts, like 'help.title' — rename it",
                )
            )
            continue
        if item_id in bucket:
            problems.append(
                problem("id", "this id appears twice in the file — make each id unique")
            )
            continue
        try:
            item = section.model.model_validate(value)
        except ValidationError as exc:
            for error in exc.errors():
                problems.append(problem(_field_path(error["loc"]), _friendly(error)))
            continue
        found = _lint_item(section, item_id, item)
        problems += [problem(path, message) for path, message in found]
        if not found:
            bucket[item_id] = item
            content.origin[(section.key, item_id)] = display


def _content_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())


def _display(file: Path, root: Path) -> str:
    return file.name if root.is_file() else file.relative_to(root).as_posix()


def read_content(root: Path) -> tuple[Content, list[Problem]]:
    """Parse every content file at `root` (a file or a folder) into one Content.

    An id defined in two files is a problem: which one wins would depend on file order.
    """
    merged = Content()
    problems: list[Problem] = []
    for file in _content_files(root):
        display = _display(file, root)
        content, found = parse_file(file, display)
        problems += found
        for key, items in content.items.items():
            for item_id, item in items.items():
                first = merged.origin.get((key, item_id))
                if first is not None:
                    problems.append(
                        Problem(
                            display,
                            item_id,
                            "id",
                            f"also defined in {first} — keep it in one file",
                            SECTIONS[key].kind,
                        )
                    )
                    continue
                merged.items[key][item_id] = item
                merged.origin[(key, item_id)] = display
    return merged, problems


def apply_overrides(base: Content, extra: Content) -> tuple[Content, list[Problem]]:
    """Overlay a practice's items on the built-in ones (same id replaces, new id adds)."""
    result = Content(
        items={key: dict(items) for key, items in base.items.items()},
        origin=dict(base.origin),
    )
    problems: list[Problem] = []
    for key, items in extra.items.items():
        for item_id, item in items.items():
            old = base.items[key].get(item_id)
            if key == "ui" and isinstance(old, LocalizedText) and isinstance(item, LocalizedText):
                # The bot only fills the placeholders the built-in string has.
                known = placeholders(old.en)
                extra_names = placeholders(item.en) - known
                if extra_names:
                    problems.append(
                        Problem(
                            extra.origin[(key, item_id)],
                            item_id,
                            "en",
                            f"Balance Bot does not fill {_fmt(extra_names)} here — "
                            + (f"use only {_fmt(known)}" if known else "remove it"),
                            SECTIONS[key].kind,
                        )
                    )
                    continue
            result.items[key][item_id] = item
            result.origin[(key, item_id)] = extra.origin[(key, item_id)]
    return result, problems


def load_builtin() -> tuple[Content, list[Problem]]:
    return read_content(DATA_DIR)


def phi_problems(content: Content) -> list[Problem]:
    """A practice's text that looks like patient data (a tip naming a patient, a phone number in
    a notice): one problem per field and language. The words are not repeated, since these
    lines may end up in a log; file, item, field and language say where to look."""
    from bot.privacy import screen  # the screen that guards pulse comments and the urgent route

    out: list[Problem] = []
    for key, items in content.items.items():
        for item_id, item in items.items():
            fields = (
                [("", item)]
                if isinstance(item, LocalizedText)
                else [(name, value) for name, value in item if isinstance(value, LocalizedText)]
            )
            for name, text in fields:
                for lang in LANGS:
                    found = screen(re.sub(r"\{[^{}]*\}", " ", text.get(lang)), mode="content")
                    if found is not None:
                        out.append(
                            Problem(
                                content.origin[(key, item_id)],
                                item_id,
                                f"{name}.{lang}".lstrip("."),
                                f"looks like patient data ({found.reason}) — remove it: "
                                "Balance Bot never shows patient information",
                                SECTIONS[key].kind,
                            )
                        )
    return out
