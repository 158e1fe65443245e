"""Delete everything stored about one workspace (the app was uninstalled or its token revoked).

Tables are found by inspecting `bot.store.tables.metadata`, so a table added later is covered
as soon as it has a `team_id` column. Tables without one hang off a parent that has it (pulse
answers and voters are keyed by round, and carry no team id by design: they are anonymous).
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, Table, delete, select

from bot.store.tables import installations, metadata

log = logging.getLogger(__name__)

# child column -> (parent table, parent key): rows reached through a workspace-owned parent.
PARENT_LINKS: dict[str, tuple[str, str]] = {"round_id": ("pulse_rounds", "id")}
# Tables that hold nothing about any workspace (none today).
GLOBAL_TABLES: frozenset[str] = frozenset()


def owned_tables() -> tuple[list[Table], list[tuple[Table, str, Table, str]]]:
    """(tables with team_id, (child, column, parent, key) links), children before parents."""
    direct: list[Table] = []
    linked: list[tuple[Table, str, Table, str]] = []
    for table in reversed(metadata.sorted_tables):
        if "team_id" in table.c:
            direct.append(table)
            continue
        for column, (parent_name, key) in PARENT_LINKS.items():
            parent = metadata.tables.get(parent_name)
            if column in table.c and parent is not None and "team_id" in parent.c:
                linked.append((table, column, parent, key))
    return direct, linked


def forget_workspace(engine: Engine, team_id: str) -> dict[str, int]:
    """Delete every row of the workspace in one transaction; returns rows deleted per table."""
    if not team_id:
        raise ValueError("a workspace id is required")
    direct, linked = owned_tables()
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for child, column, parent, key in linked:
            owned = select(parent.c[key]).where(parent.c.team_id == team_id)
            result = conn.execute(delete(child).where(child.c[column].in_(owned)))
            counts[child.name] = result.rowcount or 0
        for table in direct:
            result = conn.execute(delete(table).where(table.c.team_id == team_id))
            counts[table.name] = result.rowcount or 0
    log.debug("deleted workspace %s: %s", team_id, counts)
    return counts


def forget_organisation(engine: Engine, enterprise_id: str) -> dict[str, int]:
    """An org-wide installation went away: every workspace it served, then its own row.

    Workspace by workspace (each in one transaction, its `grid_workspaces` row last to go
    with it), so a retried uninstall finds what a failed one left."""
    from bot.oauth.grid import teams_of  # the oauth package imports the store, not vice versa

    if not enterprise_id:
        raise ValueError("an organisation id is required")
    totals: dict[str, int] = {}
    for team_id in teams_of(engine, enterprise_id):
        for table, count in forget_workspace(engine, team_id).items():
            totals[table] = totals.get(table, 0) + count
    with engine.begin() as conn:
        result = conn.execute(
            delete(installations).where(
                installations.c.enterprise_id == enterprise_id,
                installations.c.is_enterprise_install.is_(True),
            )
        )
    totals["installations"] = totals.get("installations", 0) + (result.rowcount or 0)
    return totals
