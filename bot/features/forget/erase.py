"""Delete every row about one member, in every table, found by scanning the schema.

Nothing here lists tables by name (apart from the few rules in `service`): a table added later
with a `team_id` and a `user_id`, `sender_id` or `colleague_id` column is covered without a
change. Everything runs in one transaction, scoped to the member's workspace.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    and_,
    delete,
    or_,
    select,
    update,
)

from bot.features.forget import service
from bot.store.tables import metadata, outbox


@dataclass
class ForgetReport:
    deleted: dict[str, int] = field(default_factory=dict)
    scrubbed: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.deleted.values()) + sum(self.scrubbed.values())


def forget_member(
    engine: Engine, *, team_id: str, user_id: str, keep_outbox: Collection[str] = ()
) -> ForgetReport:
    """Delete (or clean) every row about the member. `keep_outbox`: outbox keys left alone
    (the forget-me job itself, while Slack still holds notes to withdraw)."""
    if not team_id or not user_id:
        raise ValueError("a member is a workspace and a user id")
    report = ForgetReport()
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            if table.name in service.KEEP_TABLES:
                continue
            in_team = _in_team(table, team_id)
            if in_team is None:
                continue
            if table.name == "outbox" and keep_outbox:
                in_team = and_(in_team, table.c.dedupe_key.not_in(list(keep_outbox)))
            _delete_keyed(conn, table, in_team, user_id, report)
            _clean_mentions(conn, table, in_team, user_id, report)
    return report


def scheduled_notes(engine: Engine, *, team_id: str, user_id: str) -> list[tuple[str, str]]:
    """(channel, scheduled_message_id) of every pending record of a message Slack will post
    later that is for or about the member: theirs, or naming them anywhere."""
    columns = (outbox.c.user_id, outbox.c.dedupe_key, outbox.c.channel, outbox.c.payload)
    query = select(*columns).where(
        outbox.c.team_id == team_id,
        outbox.c.status.in_(("pending", "sending")),
        outbox.c.payload.contains('"scheduled_message_id"'),
    )
    notes: list[tuple[str, str]] = []
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            about = row["user_id"] == user_id or any(
                service.mentions(row[c], user_id) for c in ("dedupe_key", "channel", "payload")
            )
            try:
                payload = json.loads(row["payload"])
            except ValueError:
                continue
            if not isinstance(payload, dict):
                continue
            scheduled_id = payload.get("scheduled_message_id")
            if about and scheduled_id:
                notes.append((str(row["channel"]), str(scheduled_id)))
    return notes


def _in_team(table: Table, team_id: str) -> ColumnElement[bool] | None:
    """Rows of this workspace: by `team_id`, or through the parent row; None when neither."""
    if "team_id" in table.c:
        return table.c.team_id == team_id
    scope = service.SCOPED_BY.get(table.name)
    if scope is None:
        return None
    column, parent_name, parent_key = scope
    parent = metadata.tables[parent_name]
    return table.c[column].in_(select(parent.c[parent_key]).where(parent.c.team_id == team_id))


def _delete_keyed(
    conn: Connection,
    table: Table,
    in_team: ColumnElement[bool],
    user_id: str,
    report: ForgetReport,
) -> None:
    columns = service.member_columns(table)
    if not columns:
        return
    result = conn.execute(delete(table).where(in_team, or_(*(c == user_id for c in columns))))
    if result.rowcount:
        report.deleted[table.name] = report.deleted.get(table.name, 0) + result.rowcount


def _clean_mentions(
    conn: Connection,
    table: Table,
    in_team: ColumnElement[bool],
    user_id: str,
    report: ForgetReport,
) -> None:
    texts = service.text_columns(table)
    keys = list(table.primary_key.columns)
    if not texts or not keys:
        return
    wanted = keys + [c for c in texts if c not in keys]
    query = select(*wanted).where(in_team, or_(*(c.contains(user_id) for c in texts)))
    for row in conn.execute(query).mappings().all():
        action = service.scrub_row(table.name, {c.name: row[c.name] for c in texts}, user_id)
        if action is None:
            continue
        where = and_(*(k == row[k.name] for k in keys))
        if action == service.DELETE:
            conn.execute(delete(table).where(where))
            report.deleted[table.name] = report.deleted.get(table.name, 0) + 1
        elif isinstance(action, dict):
            conn.execute(update(table).where(where).values(**action))
            report.scrubbed[table.name] = report.scrubbed.get(table.name, 0) + 1
