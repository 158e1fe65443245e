"""Block Kit for `/balance forget-me`: the confirmation, and what is shown afterwards."""

from __future__ import annotations

from typing import Any

from bot.blocks import actions, button, message, section
from content import Catalog
from content.models import Lang

CONFIRM_ACTION = "forget.confirm"
CANCEL_ACTION = "forget.cancel"


def confirm_message(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("forget.confirm", lang)
    return message(
        text,
        [
            section(text),
            actions(
                button(
                    catalog.ui("button.confirm_forget", lang),
                    action_id=CONFIRM_ACTION,
                    value="confirm",
                    style="danger",
                ),
                button(catalog.ui("button.cancel", lang), action_id=CANCEL_ACTION, value="cancel"),
                block_id="forget_actions",
            ),
        ],
    )


def done_message(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("forget.done", lang)
    return message(text, [section(text)])


def pending_message(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("forget.pending", lang)
    return message(text, [section(text)])


def cancelled_message(catalog: Catalog, lang: Lang) -> dict[str, Any]:
    text = catalog.ui("forget.cancelled", lang)
    return message(text, [section(text)])
