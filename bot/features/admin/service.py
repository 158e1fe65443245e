"""The `/balance admin` grammar: closed days, the urgent route, pulse managers. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.schedule import GrammarError, parse_closed

URGENT_MAX = 200
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_HANDLE = re.compile(r"(?<![<\w])@([\w.\-]+)")
_QUOTES = "\"'“”‘’«»"


@dataclass(frozen=True)
class AdminCommand:
    """What an admin asked for. `action` is one of: usage, closed_list, closed_add,
    closed_clear, closed_clear_all, urgent_show, urgent_set, urgent_clear, managers_show,
    managers_set, managers_add, managers_remove, managers_clear, invalid_date, urgent_too_long.
    """

    action: str
    dates: tuple[date, ...] = ()
    text: str = ""
    user_ids: tuple[str, ...] = ()
    handles: tuple[str, ...] = field(default=())  # plain "@name" Slack did not turn into ids
    error: GrammarError | None = None  # for invalid_date: what was wrong, said by the view


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        text = text[1:-1].strip()
    return text


def mentions(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(user ids from Slack's `<@U…|name>` escaping, plain `@handles` left unescaped)."""
    ids = tuple(dict.fromkeys(_MENTION.findall(text)))
    handles = tuple(dict.fromkeys(h.lower() for h in _HANDLE.findall(_MENTION.sub(" ", text))))
    return ids, handles


def parse(args: str, *, today: date, lang: str = "en") -> AdminCommand:
    """`today` is the admin's local date: new closed days must be from today on."""
    words = args.split()
    if not words:
        return AdminCommand("usage")
    topic, rest = words[0].lower(), words[1:]
    if topic in ("closed", "cerrado", "closed-days"):
        if not rest:
            return AdminCommand("closed_list")
        clear = rest[0].lower() in ("clear", "remove", "quitar", "borrar")
        if clear and len(rest) == 2 and rest[1].lower() in ("all", "todo", "todos"):
            return AdminCommand("closed_clear_all")
        try:
            dates = parse_closed(
                " ".join(rest[1:] if clear else rest), today=today, lang=lang, removing=clear
            )
        except GrammarError as exc:
            return AdminCommand("invalid_date", error=exc)
        return AdminCommand("closed_clear" if clear else "closed_add", dates=dates)
    if topic in ("urgent", "urgente"):
        text = unquote(args.split(None, 1)[1]) if rest else ""
        if not text:
            return AdminCommand("urgent_show")
        if text.lower() in ("clear", "off", "none", "borrar", "quitar"):
            return AdminCommand("urgent_clear")
        if len(text) > URGENT_MAX:
            return AdminCommand("urgent_too_long")
        return AdminCommand("urgent_set", text=text)
    if topic in ("managers", "manager", "supervisores"):
        if not rest:
            return AdminCommand("managers_show")
        verb = rest[0].lower()
        if verb in ("clear", "none", "borrar") and len(rest) == 1:
            return AdminCommand("managers_clear")
        action = {
            "add": "managers_add",
            "remove": "managers_remove",
            "agregar": "managers_add",
            "quitar": "managers_remove",
        }.get(verb)
        body = " ".join(rest[1:] if action else rest)
        ids, handles = mentions(body)
        if not ids and not handles:
            return AdminCommand("usage")
        return AdminCommand(action or "managers_set", user_ids=ids, handles=handles)
    return AdminCommand("usage")


def apply_managers(current: tuple[str, ...], cmd: AdminCommand) -> tuple[str, ...]:
    if cmd.action == "managers_clear":
        return ()
    if cmd.action == "managers_add":
        return tuple(dict.fromkeys([*current, *cmd.user_ids]))
    if cmd.action == "managers_remove":
        return tuple(u for u in current if u not in cmd.user_ids)
    return cmd.user_ids
