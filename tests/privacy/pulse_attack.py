"""What the pulse attack tests share: a team in the sandbox, the set-up modal, opening and
closing a round on the bot's clock, answering through the real button and modal (or with a
hand-made submission, as an attacker would), and copies of the database taken the way an
operator takes backups — rows in physical order plus the raw bytes on disk (SQLite file and WAL;
PostgreSQL pages of every table, index and TOAST table, dead tuples included)."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.features.pulse import api
from tests.integration.conftest import Bot, buttons, texts

TEAM, CHANNEL = "T0SANDBOX", "C0FRONTDESK"
READER = "U0MGR"  # Maria: a workspace admin who gets the results
TEAM_MEMBERS = {"U0CAM": "cam", "U0DEE": "dee", "U0EVA": "eva", "U0FAY": "fay"}
CAN_ANSWER = ["U0ANA", "U0BEN", *TEAM_MEMBERS]
OPENS = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)  # Friday 14:00 in Chicago
CLOSES = OPENS + timedelta(hours=72)
QUESTIONS = ["workload-manageable", "stress-coping", "breaks-taken", "after-hours-messages"]
COMMENT = "next-week-better"


def add_team(bot: Bot, members: dict[str, str] = TEAM_MEMBERS) -> None:
    for user_id, name in members.items():
        bot.slack.add_user(user_id, name=name, tz="America/Chicago")
    channel = bot.slack.workspace.channels[CHANNEL]
    channel.members.extend(u for u in members if u not in channel.members)


def set_up(
    bot: Bot, *, threshold: int = 5, readers: tuple[str, ...] = (READER,), share: bool = False
) -> None:
    from tests.integration.test_pulse import _setup_values

    bot.sender.command(READER, "pulse setup")
    modal = bot.slack.views_opened()[-1]
    chosen = {"value": str(threshold)}
    values = _setup_values(
        threshold={"value": {"type": "static_select", "selected_option": chosen}},
        results_to={"value": {"type": "multi_users_select", "selected_users": list(readers)}},
        share={
            "value": {"type": "checkboxes", "selected_options": [{"value": "yes"}] if share else []}
        },
    )
    ack = bot.sender.view_submission(READER, modal, values, callback_id="pulse.setup").payload()
    assert ack.get("response_action") == "update", ack


def open_round(bot: Bot) -> dict[str, Any] | None:
    """Tick at the opening; the poll in the channel, or None when it was not posted."""
    bot.clock.set(OPENS + timedelta(seconds=30))
    bot.tick()
    found = [m for m in bot.slack.messages(CHANNEL) if buttons(m)]
    return found[-1] if found else None


def close_round(bot: Bot) -> None:
    bot.clock.set(CLOSES + timedelta(seconds=30))
    bot.tick()
    bot.tick()


def answers(workload: int, comment: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        QUESTIONS[0]: workload,
        QUESTIONS[1]: 3,
        QUESTIONS[2]: 4,
        QUESTIONS[3]: 1,
    }
    if comment:
        out[COMMENT] = comment
    return out


def click(bot: Bot, user: str, post: dict[str, Any]) -> dict[str, Any]:
    """Click the poll's Answer button: the view that opens for this member."""
    before = len(bot.slack.views_opened())
    [button] = buttons(post)
    bot.sender.block_action(
        user, button["action_id"], button["value"], message=post, channel_id=CHANNEL
    )
    bot.slack.wait_for(lambda: len(bot.slack.views_opened()) > before, timeout=5)
    return bot.slack.views_opened()[-1]


def answer(bot: Bot, user: str, post: dict[str, Any], values: dict[str, Any]) -> str:
    """Answer through the button and modal; the text the member reads afterwards."""
    view = click(bot, user, post)
    if view.get("callback_id") != "pulse.answer":
        return texts({"blocks": view.get("blocks") or []})
    return submit(bot, user, view, values)


def submit(bot: Bot, user: str, view: dict[str, Any], values: dict[str, Any]) -> str:
    ack = bot.sender.view_submission(
        user, view, api.simple_values(values), callback_id="pulse.answer"
    ).payload()
    assert ack.get("response_action") == "update", ack
    return texts({"blocks": ack["view"].get("blocks") or []})


def forged_modal(round_id: int) -> dict[str, Any]:
    """The answer modal as an attacker would make it, for a round they can't answer."""
    return {"callback_id": "pulse.answer", "private_metadata": json.dumps({"round": round_id})}


def round_id(post: dict[str, Any]) -> int:
    return int(buttons(post)[0]["value"])


def results_dm(bot: Bot, user: str = READER) -> str:
    found = [m for m in bot.slack.messages(user) if "pulse results" in texts(m).lower()]
    assert found, [texts(m) for m in bot.slack.messages(user)]
    return texts(found[-1])


# -- copies of the database ----------------------------------------------------------------


@dataclass
class Copy:
    rows: dict[str, list[dict[str, Any]]]  # every table, rows in physical order
    raw: bytes  # the bytes on disk: live rows, deleted rows not yet overwritten, WAL


def take_copy(url: str, tmp: Path) -> Copy:
    return _sqlite_copy(url, tmp) if url.startswith("sqlite") else _postgres_copy(url)


def _sqlite_copy(url: str, tmp: Path) -> Copy:
    path = Path(str(make_url(url).database))
    backup = tmp / f"backup-{len(list(tmp.glob('backup-*')))}.db"
    with sqlite3.connect(path) as live, sqlite3.connect(backup) as dst:
        live.backup(dst)  # what `sqlite3 balance-bot.db ".backup"` makes while the bot runs
    raw = path.read_bytes() + (
        Path(f"{path}-wal").read_bytes() if Path(f"{path}-wal").exists() else b""
    )
    rows: dict[str, list[dict[str, Any]]] = {}
    with sqlite3.connect(backup) as conn:
        conn.row_factory = sqlite3.Row
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for name in names:
            found = conn.execute(f'SELECT rowid AS "_physical", * FROM "{name}" ORDER BY rowid')
            rows[name] = [dict(r) for r in found]
    return Copy(rows, raw)


def _postgres_copy(url: str) -> Copy:
    engine = create_engine(url)
    rows: dict[str, list[dict[str, Any]]] = {}
    pages: list[bytes] = []
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect WITH SCHEMA public"))
        with engine.connect() as conn:
            names = list(
                conn.scalars(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
                )
            )
            for name in names:
                found = conn.execute(
                    text(f'SELECT ctid::text AS "_physical", * FROM "{name}" ORDER BY ctid')
                )
                rows[name] = [dict(r) for r in found.mappings()]
            relations = list(
                conn.scalars(
                    text(
                        "SELECT c.oid::regclass::text FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i') "
                        "UNION SELECT t.oid::regclass::text FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace "
                        "JOIN pg_class t ON t.oid = c.reltoastrelid "
                        "WHERE n.nspname = current_schema()"
                    )
                )
            )
            for relation in relations:
                size = conn.scalar(
                    text("SELECT pg_relation_size(CAST(:r AS regclass))"), {"r": relation}
                )
                for block in range(int(size or 0) // 8192):
                    pages.append(
                        bytes(
                            conn.scalar(
                                text("SELECT public.get_raw_page(:r, :b)"),
                                {"r": relation, "b": block},
                            )
                        )
                    )
    finally:
        engine.dispose()
    return Copy(rows, b"".join(pages))


def strings_in(copy: Copy) -> set[str]:
    """Every text value and every token inside one (hex, base64, JSON pieces)."""
    out: set[str] = set()
    for rows in copy.rows.values():
        for row in rows:
            for value in row.values():
                if isinstance(value, str | bytes | memoryview):
                    value = bytes(value).hex() if not isinstance(value, str) else value
                    out.add(value)
                    out.update(re.findall(r"[A-Za-z0-9_\-+/=]{16,}", value))
    return out


def key_hunt(copy: Copy, members: list[str]) -> list[str]:
    """Use every value in the copy as a key for the usual keyed hashes of every member; name
    each hash that the copy itself holds (a voter identified)."""
    stored = strings_in(copy)
    found = []
    for candidate in stored:
        if len(candidate) > 256:
            continue
        for key in {candidate.encode(), *([bytes.fromhex(candidate)] if _hex(candidate) else [])}:
            for user in members:
                for message in (f"{TEAM}:{user}", user, f"{user}:{TEAM}"):
                    digest = hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
                    if digest in stored or digest[:32] in stored:
                        found.append(f"{user}: HMAC({candidate[:12]}…, {message!r}) is stored")
    return found


def _hex(value: str) -> bool:
    return len(value) % 2 == 0 and re.fullmatch(r"[0-9a-f]+", value) is not None


def new_rows(before: Copy, after: Copy) -> dict[str, list[dict[str, Any]]]:
    """Rows of `after` that were not in `before` (ignoring where they sit), in physical order."""
    out = {}
    for name, rows in after.rows.items():
        seen = [_content(r) for r in before.rows.get(name, [])]
        added = [r for r in rows if _content(r) not in seen]
        if added:
            out[name] = added
    return out


def changed_values(before: Copy, after: Copy) -> dict[str, list[Any]]:
    """Per table, the values that appeared between two copies: whole new rows, or the columns
    of an existing row (same `id`) that changed."""
    out: dict[str, list[Any]] = {}
    for name, rows in new_rows(before, after).items():
        earlier = {r.get("id"): r for r in before.rows.get(name, []) if "id" in r}
        values: list[Any] = []
        for row in rows:
            old = earlier.get(row.get("id"), {})
            values += [v for k, v in row.items() if k != "_physical" and old.get(k) != v]
        out[name] = values
    return out


def _content(row: dict[str, Any]) -> str:
    return json.dumps(
        {k: v for k, v in row.items() if k != "_physical"}, default=str, sort_keys=True
    )
