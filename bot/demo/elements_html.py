"""Block Kit blocks and elements as HTML that looks like the Slack client's.

Each function takes the block or element as Slack received it (a plain dict, possibly with
missing or odd fields: the page is drawn from recordings, so nothing here raises) and returns
escaped HTML. Text goes through `bot.demo.mrkdwn`; attributes through `attr`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.demo.mrkdwn import Names, plain_html, text_html, text_object_html

Words = Callable[..., str]


@dataclass(frozen=True)
class Ctx:
    """What drawing needs beyond the blocks: names, the page's words, images, form errors."""

    names: Names
    words: Words
    image: Callable[[dict[str, Any]], str | None] = lambda _ref: None
    errors: dict[str, str] = field(default_factory=dict)
    # What the person had entered (a view's `state.values`), drawn in place of initial values.
    state: dict[str, Any] = field(default_factory=dict)


def attr(value: object) -> str:
    return html.escape(str(value), quote=True)


def _text(obj: Any, ctx: Ctx) -> str:
    return text_object_html(obj, ctx.names)


def _data_action(element: dict[str, Any]) -> str:
    action_id = element.get("action_id")
    return f' data-action-id="{attr(action_id)}"' if action_id else ""


# -- elements ------------------------------------------------------------------------------------
def button(element: dict[str, Any], ctx: Ctx) -> str:
    style = element.get("style")
    kind = f" {style}" if style in ("primary", "danger") else ""
    label = _text(element.get("text"), ctx)
    if element.get("type") == "workflow_button":
        label = f'<span class="glyph">▶</span>{label}'
    return f'<button type="button" class="btn{kind}"{_data_action(element)}>{label}</button>'


def _option_label(option: Any, ctx: Ctx) -> str:
    return _text(option.get("text"), ctx) if isinstance(option, dict) else ""


def _pill(inner: str) -> str:
    return f'<span class="pill">{inner}</span>'


def _person(user_id: str, ctx: Ctx) -> str:
    return f'<span class="who">{text_html(ctx.names.person(user_id, None))}</span>'


def _channel(channel_id: str, ctx: Ctx) -> str:
    return f"#{text_html(ctx.names.channel(channel_id, None))}"


def _chosen(element: dict[str, Any], ctx: Ctx) -> list[str]:
    """What a select shows as already chosen (its initial value), as HTML pieces."""
    if isinstance(element.get("initial_option"), dict):
        return [_option_label(element["initial_option"], ctx)]
    if isinstance(element.get("initial_options"), list):
        return [_option_label(o, ctx) for o in element["initial_options"]]
    for key in ("initial_user", "initial_users"):
        found = element.get(key)
        if found:
            return [_person(u, ctx) for u in (found if isinstance(found, list) else [found])]
    for key in ("initial_conversation", "initial_channel"):
        if element.get(key):
            return [_channel(str(element[key]), ctx)]
    for key in ("initial_conversations", "initial_channels"):
        if isinstance(element.get(key), list):
            return [_channel(str(c), ctx) for c in element[key]]
    return []


def select(element: dict[str, Any], ctx: Ctx) -> str:
    kind = str(element.get("type", ""))
    chosen = _chosen(element, ctx)
    placeholder = element.get("placeholder")
    if chosen and kind.startswith("multi_"):
        inner = "".join(_pill(c) for c in chosen)
    elif chosen:
        inner = chosen[0]
    else:
        words = _text(placeholder, ctx) if placeholder else text_html(ctx.words("select"))
        inner = f'<span class="placeholder">{words}</span>'
    return (
        f'<span class="select {attr(kind)}"{_data_action(element)}>{inner}'
        '<span class="chevron" aria-hidden="true">⌄</span></span>'
    )


def _picker(element: dict[str, Any], ctx: Ctx, icon: str, value: Any, empty: str) -> str:
    shown = (
        text_html(str(value))
        if value
        else f'<span class="placeholder">{text_html(ctx.words(empty))}</span>'
    )
    return (
        f'<span class="select picker"{_data_action(element)}>'
        f'<span class="glyph" aria-hidden="true">{icon}</span>{shown}</span>'
    )


def text_input(element: dict[str, Any], ctx: Ctx) -> str:
    value = element.get("initial_value")
    if value not in (None, ""):
        inner = plain_html(str(value), emojis=False)
    elif element.get("placeholder"):
        inner = f'<span class="placeholder">{_text(element["placeholder"], ctx)}</span>'
    else:
        inner = ""
    tall = element.get("multiline") or element.get("type") == "rich_text_input"
    css = "text-input multiline" if tall else "text-input"
    return f'<span class="{css}"{_data_action(element)}>{inner}</span>'


def choices(element: dict[str, Any], ctx: Ctx) -> str:
    """Checkboxes and radio buttons, with the initial choice ticked."""
    radio = element.get("type") == "radio_buttons"
    initial = element.get("initial_options") or []
    if radio and isinstance(element.get("initial_option"), dict):
        initial = [element["initial_option"]]
    ticked = {o.get("value") for o in initial if isinstance(o, dict)}
    rows = []
    for option in element.get("options") or []:
        if not isinstance(option, dict):
            continue
        on = " on" if option.get("value") in ticked else ""
        mark = f'<span class="{"radio" if radio else "box"}{on}" aria-hidden="true"></span>'
        description = option.get("description")
        more = f'<span class="desc">{_text(description, ctx)}</span>' if description else ""
        rows.append(
            f'<label class="choice">{mark}<span>{_option_label(option, ctx)}{more}</span></label>'
        )
    return f'<div class="choices"{_data_action(element)}>{"".join(rows)}</div>'


def image_element(element: dict[str, Any], ctx: Ctx, css: str) -> str:
    alt = str(element.get("alt_text", ""))
    source = ctx.image(element)
    if source is None:
        label = attr(alt)
        return f'<span class="{css} missing" role="img" aria-label="{label}"></span>'
    return f'<img class="{css}" src="{attr(source)}" alt="{attr(alt)}">'


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        found += group.get("options") or [] if isinstance(group, dict) else []
    return [o for o in found if isinstance(o, dict)]


def _labelled(chosen: Any, element: dict[str, Any]) -> Any:
    """A chosen option as state gives it (maybe just a value), with the label it shows."""
    if isinstance(chosen, list):
        return [_labelled(c, element) for c in chosen]
    if isinstance(chosen, dict) and "text" not in chosen:
        value = chosen.get("value")
        return next((o for o in _options(element) if o.get("value") == value), chosen)
    return chosen


def with_state(element: dict[str, Any], entered: Any) -> dict[str, Any]:
    """The element as it looks holding what was entered: `value` and each `selected_*` of
    the state replace the element's `initial_*`."""
    if not isinstance(entered, dict):
        return element
    shown = dict(element)
    for key, value in entered.items():
        if key == "value":
            shown["initial_value"] = value
        elif key.startswith("selected_"):
            shown["initial_" + key.removeprefix("selected_")] = _labelled(value, element)
    return shown


def element_html(element: Any, ctx: Ctx, block_id: str = "") -> str:
    if not isinstance(element, dict):
        return ""
    entered = ctx.state.get(block_id) if block_id else None
    if isinstance(entered, dict):
        element = with_state(element, entered.get(str(element.get("action_id", ""))))
    kind = str(element.get("type", ""))
    if kind in ("button", "workflow_button"):
        return button(element, ctx)
    if kind.endswith("_select"):
        return select(element, ctx)
    if kind == "overflow":
        return f'<button type="button" class="btn overflow"{_data_action(element)}>⋮</button>'
    if kind == "datepicker":
        return _picker(element, ctx, "📅", element.get("initial_date"), "select_date")
    if kind == "timepicker":
        return _picker(element, ctx, "🕑", element.get("initial_time"), "select_time")
    if kind == "datetimepicker":
        return _picker(element, ctx, "📅", element.get("initial_date_time"), "select_date")
    if kind in ("checkboxes", "radio_buttons"):
        return choices(element, ctx)
    if kind == "image":
        return image_element(element, ctx, "thumb")
    if kind in ("plain_text", "mrkdwn"):
        return f'<span class="ctx-text">{_text(element, ctx)}</span>'
    return text_input(element, ctx)  # plain_text_input, number, email, url, rich text, file
