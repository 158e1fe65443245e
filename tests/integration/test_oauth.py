"""OAuth installs for many workspaces: Bolt's install flow over HTTP with our stores, tokens
encrypted at rest, rotation under a per-installation lock, per-workspace delivery, uninstall."""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from cryptography.fernet import Fernet, InvalidToken
from pydantic import SecretStr
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import insert, select, text, update

from bot.clock import ManualClock
from bot.oauth.crypto import TokenCipher
from bot.oauth.installations import Installations
from bot.oauth.setup import INSTALL_SCOPES, build_oauth
from bot.runtime import StartupError, build_runtime
from bot.sandbox import SlackSandbox
from bot.store import Store
from bot.store.outbox import FAILED, SENT, NewMessage
from bot.store.tables import (
    installations,
    members,
    metadata,
    pulse_rounds,
)
from bot.workspace_data import GLOBAL_TABLES, PARENT_LINKS, forget_workspace
from tests.e2e.conftest import BALANCE_BOT, bot_env
from tests.integration.conftest import Bot, bot_settings, start_bot

KEY = Fernet.generate_key().decode()
CLIENT = {"slack_client_id": "sandbox-client-id", "slack_client_secret": "sandbox-client-secret"}
CLINIC = "T0CLINIC2"
TOKEN = re.compile(r"xox[a-z]-[A-Za-z0-9-]+")


@pytest.fixture
def oauth_bot(slack: SlackSandbox, tmp_path: Path, clock: ManualClock) -> Iterator[Bot]:
    yield from start_bot(
        slack, tmp_path, clock, mode="http", slack_bot_token=None, encryption_key=KEY, **CLIENT
    )


def install(bot: Bot, team_id: str = CLINIC, *, rotate: bool = False) -> str:
    """Walk Bolt's install flow like a browser; returns the bot token Slack granted."""
    assert bot.server is not None
    with httpx.Client(base_url=bot.server.url) as browser:
        page = browser.get("/slack/install")
        assert page.status_code == 200
        state = re.search(r"state=([A-Za-z0-9_-]+)", page.text)
        assert state is not None, page.text
        scopes = re.search(r"scope=([^&\"]+)", page.text)
        assert scopes is not None and unquote(scopes[1]).split(",") == list(INSTALL_SCOPES)
        # The cookie is `Secure` (installs are served over https); send it back as a browser
        # on https would.
        cookie = page.headers["set-cookie"].split(";")[0]
        assert cookie == f"slack-app-oauth-state={state[1]}"
        code = bot.slack.oauth_code(team_id=team_id, team_name=f"Clinic {team_id}", rotate=rotate)
        done = browser.get(
            "/slack/oauth_redirect",
            params={"code": code, "state": state[1]},
            headers={"Cookie": cookie},
        )
        assert done.status_code == 200, done.text
    grant = bot.slack.calls("oauth.v2.access")[-1].response
    assert grant is not None
    return str(grant["access_token"])


def raw_rows(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(installations)).mappings()]


def open_home(bot: Bot, team_id: str, user: str = "U0ANA") -> Any:
    """Open the Home tab from `team_id`; returns the views.publish call it led to."""
    bot.sender.team_id = team_id
    before = len(bot.slack.calls("views.publish"))
    reply = bot.sender.event({"type": "app_home_opened", "user": user, "tab": "home"})
    assert reply.status == 200
    return bot.slack.wait_for("views.publish", count=before + 1)[-1]


# -- the install flow --------------------------------------------------------------------------


def test_install_then_serve_that_workspace_with_its_own_token(oauth_bot: Bot) -> None:
    token = install(oauth_bot)
    call = open_home(oauth_bot, CLINIC)
    assert call.token == token and call.team_id == CLINIC
    [row] = raw_rows(oauth_bot.store)
    assert row["team_id"] == CLINIC and row["bot_user_id"] == oauth_bot.slack.bot_user_id
    granted = oauth_bot.slack.calls("oauth.v2.access")[-1].response["scope"]
    assert row["bot_scopes"] == granted


def test_no_token_is_stored_in_clear(oauth_bot: Bot) -> None:
    token = install(oauth_bot, rotate=True)
    refresh = oauth_bot.slack.calls("oauth.v2.access")[-1].response["refresh_token"]
    [row] = raw_rows(oauth_bot.store)
    raw = json.dumps(row, default=str)
    assert token not in raw and refresh not in raw and not TOKEN.search(raw)
    assert TokenCipher(KEY).decrypt(row["bot_token"]) == token
    assert TokenCipher(KEY).decrypt(row["bot_refresh_token"]) == refresh


def test_a_forged_or_replayed_state_is_refused(oauth_bot: Bot) -> None:
    assert oauth_bot.server is not None
    with httpx.Client(base_url=oauth_bot.server.url) as browser:
        code = oauth_bot.slack.oauth_code(team_id=CLINIC)
        reply = browser.get(
            "/slack/oauth_redirect",
            params={"code": code, "state": "made-up"},
            headers={"Cookie": "slack-app-oauth-state=made-up"},
        )
    assert reply.status_code == 401
    assert raw_rows(oauth_bot.store) == []


def test_a_workspace_that_never_installed_gets_no_service(oauth_bot: Bot) -> None:
    oauth_bot.sender.team_id = "T0STRANGER"
    before = len(oauth_bot.slack.calls())
    reply = oauth_bot.sender.command("U0ANA", "status")
    # Bolt answers through the response_url: "your installation … is no longer available".
    assert reply.status == 200
    assert "installation" in str(oauth_bot.slack.responses()[-1]["body"])
    assert all(c.team_id != "T0STRANGER" for c in oauth_bot.slack.calls()[before:])


def test_the_dispatcher_sends_with_each_workspace_s_token(oauth_bot: Bot) -> None:
    token = install(oauth_bot)
    now = oauth_bot.clock.now()
    oauth_bot.store.outbox.enqueue(
        [
            NewMessage(
                key="k-clinic",
                team_id=CLINIC,
                kind="test",
                channel="U0ANA",
                payload={"text": "hello"},
                due_at=now,
            ),
            NewMessage(
                key="k-gone",
                team_id="T0GONE",
                kind="test",
                channel="U0BEN",
                payload={"text": "hello"},
                due_at=now,
            ),
        ],
        now=now,
    )
    oauth_bot.tick()
    [post] = oauth_bot.slack.calls("chat.postMessage")
    assert post.token == token and post.team_id == CLINIC
    sent, gone = oauth_bot.store.outbox.by_key("k-clinic"), oauth_bot.store.outbox.by_key("k-gone")
    assert sent is not None and sent.status == SENT
    assert gone is not None and gone.status == FAILED


def test_socket_mode_serves_installed_workspaces_too(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    for bot in start_bot(
        slack, tmp_path, clock, mode="socket", slack_bot_token=None, encryption_key=KEY, **CLIENT
    ):
        assert bot.runtime.oauth is not None
        grant = slack_grant(slack, rotate=False)
        bot.runtime.oauth.installations.save(grant)
        call = open_home(bot, CLINIC)
        assert call.token == grant.bot_token and call.team_id == CLINIC


# -- token rotation ----------------------------------------------------------------------------


def expire_soon(store: Store, minutes: int = 5) -> None:
    soon = datetime.now(UTC) + timedelta(minutes=minutes)
    with store.engine.begin() as conn:
        conn.execute(update(installations).values(bot_token_expires_at=soon))


def test_a_token_close_to_expiry_is_rotated_on_the_next_request(oauth_bot: Bot) -> None:
    old = install(oauth_bot, rotate=True)
    assert open_home(oauth_bot, CLINIC).token == old  # 12 h left: no rotation
    expire_soon(oauth_bot.store)
    assert oauth_bot.runtime.oauth is not None
    oauth_bot.runtime.oauth.tokens.forget()
    call = open_home(oauth_bot, CLINIC)
    new = oauth_bot.slack.calls("oauth.v2.access")[-1].response["access_token"]
    assert new != old and call.token == new
    [row] = raw_rows(oauth_bot.store)
    assert TokenCipher(KEY).decrypt(row["bot_token"]) == new
    assert row["bot_token_expires_at"] > datetime.now(UTC) + timedelta(hours=11)


def test_concurrent_rotations_refresh_once(
    store: Store, slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    """Eight threads in each of two 'replicas' find the token expiring at once: one refresh
    (refresh tokens are single-use; a second would fail with invalid_refresh_token)."""
    settings = bot_settings(slack, tmp_path / "unused.db", encryption_key=KEY, **CLIENT)
    replicas = [build_oauth(settings, store.engine, now=clock.now) for _ in range(2)]
    if store.dialect == "sqlite":  # single node: one process lock serialises the threads
        shared = replicas[0].tokens._lock
        for replica in replicas:
            replica.tokens._lock = shared
    grant = slack_grant(slack, rotate=True)
    replicas[0].installations.save(grant)
    expire_soon(store)
    slack.clear_calls()
    results: list[str | None] = []
    start = threading.Barrier(16)

    def rotate(replica: Any) -> None:
        start.wait()
        found = replica.tokens.find(enterprise_id=None, team_id=CLINIC, is_enterprise_install=False)
        results.append(found.bot_token if found else None)

    threads = [threading.Thread(target=rotate, args=(r,)) for r in replicas for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    refreshes = slack.calls("oauth.v2.access")
    assert len(refreshes) == 1 and refreshes[0].response["ok"] is True
    assert set(results) == {refreshes[0].response["access_token"]}


def slack_grant(slack: SlackSandbox, *, rotate: bool) -> Installation:
    """An installation as Bolt builds it from oauth.v2.access (without going through HTTP)."""
    from slack_sdk import WebClient

    code = slack.oauth_code(team_id=CLINIC, rotate=rotate)
    grant = WebClient(base_url=slack.api_url).oauth_v2_access(
        client_id=CLIENT["slack_client_id"], client_secret=CLIENT["slack_client_secret"], code=code
    )
    return Installation(
        app_id=grant["app_id"],
        team_id=CLINIC,
        bot_token=grant["access_token"],
        bot_user_id=grant["bot_user_id"],
        bot_id="B0BALANCE",
        bot_scopes=grant["scope"],
        bot_refresh_token=grant.get("refresh_token"),
        bot_token_expires_in=grant.get("expires_in"),
        user_id="U0INSTALLER",
    )


# -- keys ----------------------------------------------------------------------------------------


def test_key_rotation_reencrypts_and_old_keys_keep_working(
    store: Store, slack: SlackSandbox
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    grant = slack_grant(slack, rotate=True)
    Installations(store.engine, client_id="c", cipher=TokenCipher(old)).save(grant)
    both = Installations(store.engine, client_id="c", cipher=TokenCipher(f"{new},{old}"))
    found = both.find_bot(enterprise_id=None, team_id=CLINIC)
    assert found is not None and found.bot_token == grant.bot_token
    assert both.reencrypt() == 1 and both.reencrypt() == 0
    only_new = Installations(store.engine, client_id="c", cipher=TokenCipher(new))
    found = only_new.find_bot(enterprise_id=None, team_id=CLINIC)
    assert found is not None and found.bot_refresh_token == grant.bot_refresh_token
    stranger = Installations(store.engine, client_id="c", cipher=TokenCipher(old))
    with pytest.raises(InvalidToken):
        stranger.find_bot(enterprise_id=None, team_id=CLINIC)


def test_oauth_mode_refuses_to_start_without_a_key(slack: SlackSandbox, tmp_path: Path) -> None:
    settings = bot_settings(slack, tmp_path / "bot.db", slack_bot_token=None, **CLIENT)
    with pytest.raises(StartupError, match="^BALANCE_ENCRYPTION_KEY is not set"):
        build_runtime(settings, mode="http")
    half = bot_settings(slack, tmp_path / "bot.db", slack_client_id="sandbox-client-id")
    with pytest.raises(StartupError, match="^SLACK_CLIENT_SECRET is not set"):
        build_runtime(half, mode="http")


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "BALANCE_ENCRYPTION_KEY is not set"),
        ({"BALANCE_ENCRYPTION_KEY": "not-a-key"}, "BALANCE_ENCRYPTION_KEY: key 1 is not a Fernet"),
    ],
)
def test_the_process_exits_2_with_one_line(
    slack: SlackSandbox, tmp_path: Path, extra: dict[str, str], expected: str
) -> None:
    env = bot_env(
        slack,
        tmp_path,
        SLACK_CLIENT_ID="sandbox-client-id",
        SLACK_CLIENT_SECRET="sandbox-client-secret",
        **extra,
    )
    env.pop("SLACK_BOT_TOKEN")
    result = subprocess.run(
        [BALANCE_BOT, "run", "--mode", "http"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and expected in lines[0], result.stderr
    assert "not-a-key" not in result.stderr


def test_a_stored_token_no_configured_key_opens_stops_the_start(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    db = tmp_path / "bot.db"
    settings = bot_settings(slack, db, slack_bot_token=None, encryption_key=KEY, **CLIENT)
    runtime = build_runtime(settings, mode="http", clock=clock)
    assert runtime.oauth is not None
    runtime.oauth.installations.save(slack_grant(slack, rotate=False))
    runtime.deps.store.close()
    other = Fernet.generate_key().decode()
    with pytest.raises(StartupError, match="^BALANCE_ENCRYPTION_KEY: stored tokens"):
        build_runtime(settings.model_copy(update={"encryption_key": SecretStr(other)}), mode="http")


# -- uninstall and revocation --------------------------------------------------------------------


def seed_workspace(store: Store, team_id: str, now: datetime) -> None:
    store.members.update(team_id=team_id, user_id="U0ANA", now=now, level="mid")
    store.workspaces.update(team_id, now=now, urgent_route="ext. 200")
    store.outbox.enqueue(
        [
            NewMessage(
                key=f"k-{team_id}",
                team_id=team_id,
                kind="test",
                channel="U0ANA",
                payload={"text": "x"},
                due_at=now + timedelta(hours=1),
            )
        ],
        now=now,
    )
    with store.engine.begin() as conn:
        round_id = conn.execute(
            insert(pulse_rounds)
            .values(
                team_id=team_id,
                channel_id="C0FRONTDESK",
                week="2026-W48",
                status="open",
                opens_at=now,
                closes_at=now + timedelta(days=3),
                questions="[]",
                threshold=5,
                responses=1,
                reminded=False,
                sealed=f"sealed-{team_id}",
            )
            .returning(pulse_rounds.c.id)
        ).scalar_one()
        assert round_id


def rows_of(store: Store, team_id: str) -> int:
    with store.engine.connect() as conn:
        count = conn.scalar(text("SELECT count(*) FROM members WHERE team_id = :t"), {"t": team_id})
        count += conn.scalar(text("SELECT count(*) FROM outbox WHERE team_id = :t"), {"t": team_id})
        count += conn.scalar(
            text("SELECT count(*) FROM pulse_rounds WHERE team_id = :t"), {"t": team_id}
        )
        count += conn.scalar(
            text("SELECT count(*) FROM installations WHERE team_id = :t"), {"t": team_id}
        )
    return int(count or 0)


def test_every_table_is_reached_by_workspace_deletion() -> None:
    for table in metadata.sorted_tables:
        linked = any(column in table.c for column in PARENT_LINKS)
        assert "team_id" in table.c or linked or table.name in GLOBAL_TABLES, (
            f"{table.name}: add a team_id column, a PARENT_LINKS entry or list it as global"
        )


def test_forget_workspace_deletes_only_that_workspace(store: Store, clock: ManualClock) -> None:
    for team in (CLINIC, "T0SANDBOX"):
        seed_workspace(store, team, clock.now())
    counts = forget_workspace(store.engine, CLINIC)
    assert counts["members"] == counts["outbox"] == counts["pulse_rounds"] == 1
    assert counts["workspaces"] == 1
    assert rows_of(store, CLINIC) == 0
    with store.engine.connect() as conn:
        left = conn.scalar(select(pulse_rounds.c.sealed))
    assert left == "sealed-T0SANDBOX" and rows_of(store, "T0SANDBOX") == 3


@pytest.mark.parametrize(
    "event",
    [{"type": "app_uninstalled"}, {"type": "tokens_revoked", "tokens": {"bot": ["U0BALANCE"]}}],
    ids=["app_uninstalled", "tokens_revoked"],
)
def test_uninstall_deletes_the_workspace_s_tokens_and_data(
    oauth_bot: Bot, event: dict[str, Any]
) -> None:
    install(oauth_bot)
    install(oauth_bot, "T0KEEP")
    for team in (CLINIC, "T0KEEP"):
        seed_workspace(oauth_bot.store, team, oauth_bot.clock.now())
    oauth_bot.sender.team_id = CLINIC
    assert oauth_bot.sender.event(event).status == 200
    assert rows_of(oauth_bot.store, CLINIC) == 0
    assert rows_of(oauth_bot.store, "T0KEEP") == 4
    assert [r["team_id"] for r in raw_rows(oauth_bot.store)] == ["T0KEEP"]


def test_revoking_only_user_tokens_keeps_everything(oauth_bot: Bot) -> None:
    install(oauth_bot)
    oauth_bot.sender.team_id = CLINIC
    reply = oauth_bot.sender.event({"type": "tokens_revoked", "tokens": {"oauth": ["U0ANA"]}})
    assert reply.status == 200 and len(raw_rows(oauth_bot.store)) == 1


def test_single_workspace_uninstall_deletes_its_data(http_bot: Bot) -> None:
    seed_workspace(http_bot.store, "T0SANDBOX", http_bot.clock.now())
    assert http_bot.sender.event({"type": "app_uninstalled"}).status == 200
    assert rows_of(http_bot.store, "T0SANDBOX") == 0
    with http_bot.store.engine.connect() as conn:
        assert conn.scalar(select(members.c.user_id)) is None
