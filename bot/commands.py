"""`/balance` routing: the first word picks a handler that a feature registered.

Buttons that mirror a command (help's "Get a tip", Home's "My status"…) carry the command text
as their value and run through the same router, so typing and clicking always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.store.members import Member
from content.models import Lang

RUN_ACTION = "balance.run"


@dataclass(frozen=True)
class Command:
    team_id: str
    user_id: str
    channel_id: str | None
    name: str
    args: str
    trigger_id: str | None
    member: Member
    lang: Lang
    client: WebClient
    now: datetime
    # Where a later answer goes (a modal's save confirmation); absent for App Home buttons.
    response_url: str | None = None


# A reply is a message payload ({"text": …, "blocks": […]}) shown only to the member, or None
# when the handler answered another way (e.g. it opened a modal).
Reply = dict[str, Any] | None
Handler = Callable[[Command], Reply]


class CommandRouter:
    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def add(self, name: str, handler: Handler, *, aliases: tuple[str, ...] = ()) -> None:
        for key in (name, *aliases):
            if key in self._handlers:
                raise ValueError(f"/balance {key} is registered twice")
            self._handlers[key] = handler

    def names(self) -> list[str]:
        return sorted(self._handlers)

    def find(self, name: str) -> Handler | None:
        return self._handlers.get(name)


def split_command(text: str) -> tuple[str, str]:
    """'Tip  senior boundaries' → ('tip', 'senior boundaries'); '' → ('help', '')."""
    parts = text.strip().split(None, 1)
    if not parts:
        return "help", ""
    # "back!" and "tip," are the words "back" and "tip".
    name = parts[0].lower().strip("!¡?¿.,;:")
    return name or "help", parts[1].strip() if len(parts) > 1 else ""
