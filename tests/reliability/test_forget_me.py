"""`/balance forget-me`: after the confirmation, no table holds the member's id any more, while
everyone else's data stays. Checked by scanning every column of every table."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import Boolean, Date, Integer, String, insert, select

from bot.features.forget.erase import forget_member
from bot.features.forget.service import KEEP_TABLES
from bot.store import Store
from bot.store.outbox import NewMessage
from bot.store.tables import metadata
from tests.integration.conftest import Bot, buttons, texts

TEAM, OTHER_TEAM = "T0SANDBOX", "T0ELSEWHERE"
ANA, BEN, MARIA = "U0ANA", "U0BEN", "U0MGR"


def rows_mentioning(store: Store, user_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row, in every table, with the id anywhere in any column."""
    found: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for name, table in metadata.tables.items():
            for row in conn.execute(select(table)).mappings():
                if any(user_id in str(value) for value in row.values()):
                    found.setdefault(name, []).append(dict(row))
    return found


def everything_about(bot: Bot, user_id: str, colleague: str) -> None:
    """Use the bot as a member does, and let it store what it stores."""
    store, now = bot.store, bot.clock.now()
    for words in (
        "level senior",
        "shift mon-fri 08:00-17:00",
        "breaks lunch 12:30 30m",
        "quiet self on",
        "tip",
        "tip mid boundaries",
        "away until 2026-12-24",
    ):
        assert bot.sender.command(user_id, words).status == 200
    store.nudges.record(
        team_id=TEAM,
        user_id=user_id,
        local_date=date(2026, 11, 30),
        slot="break-0800-2",
        outcome="took_it",
        now=now,
    )
    store.notices.claim(
        team_id=TEAM,
        sender_id=user_id,
        colleague_id=colleague,
        period_key="2026-11-30-off",
        now=now,
    )
    store.notices.claim(
        team_id=TEAM,
        sender_id=colleague,
        colleague_id=user_id,
        period_key="2026-11-30-off",
        now=now,
    )
    store.outbox.enqueue(
        [
            NewMessage(
                key=f"nudge:{TEAM}:{user_id}:2026-12-01:break-0800-1",
                team_id=TEAM,
                kind="nudge",
                channel=user_id,
                payload={"text": "break"},
                due_at=now + timedelta(hours=20),
                user_id=user_id,
            ),
            NewMessage(
                key=f"eos:{TEAM}:{user_id}:2026-11-30",
                team_id=TEAM,
                kind="end_of_shift",
                channel=user_id,
                payload={"text": "shift over"},
                due_at=now,
            ),
            # the colleague's reminder about this member: it names them
            NewMessage(
                key=f"reminder:{TEAM}:{colleague}:{user_id}",
                team_id=TEAM,
                kind="reminder",
                channel=colleague,
                user_id=colleague,
                due_at=now + timedelta(hours=15),
                payload={"text": f"<@{user_id}> is back on shift now."},
            ),
        ],
        now=now,
    )


def test_forget_me_deletes_every_row_about_the_member_and_nothing_else(bot: Bot) -> None:
    everything_about(bot, ANA, BEN)
    everything_about(bot, BEN, MARIA)
    bot.store.workspaces.update(
        TEAM, now=bot.clock.now(), managers=[ANA, MARIA], urgent_route=f"call <@{ANA}> or ext. 200"
    )
    bot.tick()  # plans nudges and sends what is due: more rows about both
    assert rows_mentioning(bot.store, ANA)
    ben_before = rows_mentioning(bot.store, BEN)

    reply = bot.sender.command(ANA, "forget-me")
    confirm = reply.payload()
    assert [b["action_id"] for b in buttons(confirm)] == ["forget.confirm", "forget.cancel"]
    assert "Sí, borrar mis datos" in json.dumps(confirm, ensure_ascii=False)  # Ana reads Spanish
    assert rows_mentioning(bot.store, ANA), "asking deleted something already"

    clicked = bot.sender.block_action(
        ANA,
        "forget.confirm",
        "confirm",
        message={**confirm, "channel": "C0FRONTDESK", "ts": "1764545400.000100"},
        channel_id="C0FRONTDESK",
    )
    assert clicked.status == 200

    # The work follows the ack (Slack is asked to withdraw scheduled notes first); the answer
    # comes once it is done.
    done = bot.slack.wait_for(lambda: bot.slack.responses(), timeout=10)
    assert "Se borró todo" in texts(done[-1]["body"])
    assert rows_mentioning(bot.store, ANA) == {}
    ben_after = rows_mentioning(bot.store, BEN)
    lost = {t: [r for r in rows if r not in ben_after.get(t, [])] for t, rows in ben_before.items()}
    lost = {t: rows for t, rows in lost.items() if rows}
    # Only Ben's reminder about Ana and the notice about Ana went; everything else of his stays.
    assert set(lost) <= {"outbox", "notices"}, lost
    assert [r["dedupe_key"] for r in lost.get("outbox", [])] == [f"reminder:{TEAM}:{BEN}:{ANA}"]
    assert bot.store.members.get(team_id=TEAM, user_id=BEN).level == "senior"
    assert bot.store.workspaces.get(TEAM).managers == (MARIA,)
    assert ANA not in (bot.store.workspaces.get(TEAM).urgent_route or "")


def test_cancel_deletes_nothing(bot: Bot) -> None:
    everything_about(bot, ANA, BEN)
    before = rows_mentioning(bot.store, ANA)
    confirm = bot.sender.command(ANA, "forget-me").payload()
    reply = bot.sender.block_action(
        ANA,
        "forget.cancel",
        "cancel",
        message={**confirm, "channel": "C0FRONTDESK", "ts": "1764545400.000100"},
        channel_id="C0FRONTDESK",
    )
    assert reply.status == 200
    assert rows_mentioning(bot.store, ANA) == before
    done = bot.slack.wait_for(lambda: bot.slack.responses(), timeout=5)
    assert "no se borró nada" in texts(done[-1]["body"])


def test_a_member_can_only_forget_themself(bot: Bot) -> None:
    """The button carries no member id: whoever clicks is whoever is forgotten."""
    everything_about(bot, ANA, MARIA)
    everything_about(bot, BEN, MARIA)
    before = rows_of(bot.store, ANA)
    assert (
        bot.sender.block_action(BEN, "forget.confirm", ANA, channel_id="C0FRONTDESK").status == 200
    )
    assert (
        bot.sender.block_action(
            BEN, "forget.confirm", f"{TEAM}:{ANA}", channel_id="C0FRONTDESK"
        ).status
        == 200
    )
    bot.slack.wait_for(lambda: len(bot.slack.responses()) >= 2, timeout=10)
    assert rows_of(bot.store, ANA) == before  # Ben forgot himself, not her
    assert rows_of(bot.store, BEN) == {}


def test_a_home_refresh_after_forget_me_does_not_bring_the_member_back(bot: Bot) -> None:
    """A change announced just before forget-me refreshes Home in the background; arriving
    after the deletion it must store nothing (and publish nothing)."""
    everything_about(bot, BEN, MARIA)
    bot.idle()
    forget_member(bot.store.engine, team_id=TEAM, user_id=BEN)
    published = len(bot.slack.views_published(BEN))
    client = WebClient(base_url=bot.slack.api_url, token=bot.slack.bot_token)
    bot.runtime.deps.member_changes.notify(client, team_id=TEAM, user_id=BEN)
    bot.idle()
    assert rows_of(bot.store, BEN) == {}
    assert len(bot.slack.views_published(BEN)) == published


def rows_of(store: Store, user_id: str) -> dict[str, list[dict[str, Any]]]:
    """Rows whose member columns (user_id, sender_id) hold the id: the member's own."""
    found: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for name, table in metadata.tables.items():
            keys = [table.c[k] for k in ("user_id", "sender_id") if k in table.c]
            for key in keys:
                rows = [
                    dict(r) for r in conn.execute(select(table).where(key == user_id)).mappings()
                ]
                if rows:
                    found.setdefault(name, []).extend(rows)
    return found


# -- the erase itself, on SQLite and PostgreSQL, for every table there is -----------------------


def synthetic_row(table: Any, n: int, team: str, member: str, others: list[str]) -> dict:
    """A row for any table: member columns hold `member`, text columns a JSON list that names
    `member` among others, other columns something of the right type."""
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.autoincrement is True or (
            column.primary_key
            and isinstance(column.type, Integer)
            and len(table.primary_key.columns) == 1
        ):
            continue
        name = column.name
        if name == "team_id":
            row[name] = team
        elif name in ("user_id", "sender_id", "colleague_id"):
            row[name] = member
        elif isinstance(column.type, Boolean):
            row[name] = False
        elif isinstance(column.type, Date):
            row[name] = date(2026, 11, 30)
        elif isinstance(column.type, Integer):
            row[name] = n
        elif isinstance(column.type, String):
            if column.primary_key or column.unique or name in ("dedupe_key", "state"):
                row[name] = f"{name}-{n}"[: column.type.length or 64]
            else:
                row[name] = json.dumps([*others, f"<@{member}>"])[: column.type.length or 4000]
        else:  # timestamps
            row[name] = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    return row


def test_erase_covers_every_table_there_is(store: Store) -> None:
    rounds: dict[str, int] = {}  # team → a pulse round of that team
    team_of_round: dict[int, str] = {}
    tables = sorted(metadata.sorted_tables, key=lambda t: t.name != "pulse_rounds")
    n = 0
    with store.engine.begin() as conn:
        for table in tables:
            one_per_team = [c.name for c in table.primary_key.columns] == ["team_id"]
            for team, member in ((TEAM, ANA), (TEAM, BEN), (OTHER_TEAM, ANA)):
                if one_per_team and member == BEN:
                    continue
                n += 1
                # Ben's rows name Ana too, except his messages (one naming her goes with her).
                others = [ANA, MARIA] if member == BEN and table.name != "outbox" else [MARIA]
                row = synthetic_row(table, n, team, member, others)
                if "round_id" in table.c:
                    row["round_id"] = rounds[team]
                result = conn.execute(insert(table).values(**row))
                if table.name == "pulse_rounds":
                    assert result.inserted_primary_key is not None
                    rounds[team] = int(result.inserted_primary_key[0])
                    team_of_round[rounds[team]] = team
    report = forget_member(store.engine, team_id=TEAM, user_id=ANA)
    assert report.rows > 0

    with store.engine.connect() as conn:
        for name, table in metadata.tables.items():
            for found in conn.execute(select(table)).mappings():
                values = dict(found)
                owner = values.get("team_id") or team_of_round.get(values.get("round_id", -1))
                if ANA in json.dumps(values, default=str) and owner == TEAM:
                    assert name in KEEP_TABLES, (name, values)
            if "team_id" in table.c:
                elsewhere = conn.execute(select(table).where(table.c.team_id == OTHER_TEAM)).all()
                assert len(elsewhere) == 1, f"{name}: another workspace's rows were touched"
                if "user_id" in table.c or "sender_id" in table.c:
                    key = table.c.user_id if "user_id" in table.c else table.c.sender_id
                    bens = conn.execute(
                        select(table).where(table.c.team_id == TEAM, key == BEN)
                    ).all()
                    assert len(bens) == 1, f"{name}: another member's row was deleted"
