"""Enterprise Grid: one org-wide install serves two workspaces of one organisation with the
organisation's token, while everything stored stays per workspace; uninstalling the org
removes its installation and the data of every workspace it served."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import select

from bot.clock import ManualClock
from bot.oauth.crypto import TokenCipher
from bot.sandbox import SlackSandbox
from bot.store.outbox import SENT, NewMessage
from bot.store.tables import grid_workspaces, members
from tests.integration.conftest import Bot, start_bot
from tests.integration.test_oauth import (
    CLIENT,
    CLINIC,
    KEY,
    expire_soon,
    install,
    raw_rows,
    rows_of,
    seed_workspace,
)
from tests.integration.test_settings import LEVEL, _state

ORG = "E0HEALTH"
WARD_A, WARD_B = "T0WARDA", "T0WARDB"


@pytest.fixture
def oauth_bot(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock, database_url: str
) -> Iterator[Bot]:
    """The OAuth bot on SQLite and on PostgreSQL (the workspace lookups are plain SQL)."""
    yield from start_bot(
        slack,
        tmp_path,
        clock,
        mode="http",
        slack_bot_token=None,
        encryption_key=KEY,
        database_url=database_url,
        **CLIENT,
    )


def install_org(bot: Bot, *, rotate: bool = False) -> str:
    """An org admin installs org-wide through Bolt's flow; returns the org's bot token."""
    assert bot.server is not None
    with httpx.Client(base_url=bot.server.url) as browser:
        page = browser.get("/slack/install")
        state = re.search(r"state=([A-Za-z0-9_-]+)", page.text)
        assert page.status_code == 200 and state is not None
        cookie = page.headers["set-cookie"].split(";")[0]
        code = bot.slack.oauth_code(enterprise_id=ORG, org_install=True, rotate=rotate)
        done = browser.get(
            "/slack/oauth_redirect",
            params={"code": code, "state": state[1]},
            headers={"Cookie": cookie},
        )
        assert done.status_code == 200, done.text
    grant = bot.slack.calls("oauth.v2.access")[-1].response
    assert grant is not None and grant["is_enterprise_install"] is True and grant["team"] is None
    return str(grant["access_token"])


def send_from(bot: Bot, team_id: str) -> None:
    """The sender now speaks for `team_id`, a workspace of the org-wide install."""
    bot.sender.team_id = team_id
    bot.sender.enterprise_id = ORG
    bot.sender.org_install = True


def level(bot: Bot, team_id: str, user_id: str = "U0ANA") -> str | None:
    member = bot.store.members.get(team_id=team_id, user_id=user_id)
    return None if member is None else member.level


def test_the_org_install_is_stored_once_for_the_organisation(oauth_bot: Bot) -> None:
    install_org(oauth_bot)
    [row] = raw_rows(oauth_bot.store)
    assert (row["enterprise_id"], row["team_id"], row["is_enterprise_install"]) == (ORG, "", True)
    assert row["bot_id"] == oauth_bot.slack.config.bot_id  # from auth.test with the org token


def test_two_workspaces_of_one_org_share_the_token_but_not_their_data(oauth_bot: Bot) -> None:
    token = install_org(oauth_bot)
    calls = len(oauth_bot.slack.calls())
    # The same person (Grid user ids are org-wide) sets a level in each workspace.
    send_from(oauth_bot, WARD_A)
    assert oauth_bot.sender.command("U0ANA", "level senior").status == 200
    send_from(oauth_bot, WARD_B)
    assert oauth_bot.sender.command("U0ANA", "level entry").status == 200
    oauth_bot.idle()
    assert (level(oauth_bot, WARD_A), level(oauth_bot, WARD_B)) == ("senior", "entry")
    # A command in A changes only A.
    send_from(oauth_bot, WARD_A)
    assert oauth_bot.sender.command("U0ANA", "level mid").status == 200
    oauth_bot.idle()
    assert (level(oauth_bot, WARD_A), level(oauth_bot, WARD_B)) == ("mid", "entry")
    assert level(oauth_bot, ORG) is None and level(oauth_bot, "") is None
    # Every Web API call made for either workspace used the organisation's token.
    used = {c.token for c in oauth_bot.slack.calls()[calls:] if c.token}
    assert used == {token}
    with oauth_bot.store.engine.connect() as conn:
        seen = {
            tuple(r)
            for r in conn.execute(
                select(grid_workspaces.c.team_id, grid_workspaces.c.enterprise_id)
            )
        }
    assert seen == {(WARD_A, ORG), (WARD_B, ORG)}


def test_events_and_modals_of_each_workspace_land_in_that_workspace(oauth_bot: Bot) -> None:
    token = install_org(oauth_bot)
    for team in (WARD_A, WARD_B):
        send_from(oauth_bot, team)
        before = len(oauth_bot.slack.calls("views.publish"))
        assert (
            oauth_bot.sender.event(
                {"type": "app_home_opened", "user": "U0BEN", "tab": "home"}
            ).status
            == 200
        )
        publish = oauth_bot.slack.wait_for("views.publish", count=before + 1)[-1]
        assert publish.token == token and publish.params["user_id"] == "U0BEN"
        assert publish.params["team_id"] == team  # the org token's calls name the workspace
    oauth_bot.idle()
    # Events carry no workspace in `authorizations` for an org install: the member was still
    # filed under each workspace the event came from, and both were recorded for the org.
    with oauth_bot.store.engine.connect() as conn:
        filed = set(conn.scalars(select(members.c.team_id).where(members.c.user_id == "U0BEN")))
        seen = set(conn.scalars(select(grid_workspaces.c.team_id)))
    assert filed == seen == {WARD_A, WARD_B}
    # The settings modal submitted from B (its view names the org as installed team) saves
    # under B only.
    in_a = oauth_bot.store.members.get(team_id=WARD_A, user_id="U0BEN")
    send_from(oauth_bot, WARD_B)
    assert oauth_bot.sender.command("U0BEN", "settings").status == 200
    view = oauth_bot.slack.views_opened()[-1]
    reply = oauth_bot.sender.view_submission("U0BEN", view, _state(view, {LEVEL: "senior"}))
    assert reply.status == 200 and reply.payload() == {}
    oauth_bot.idle()
    assert level(oauth_bot, WARD_B, "U0BEN") == "senior"
    assert oauth_bot.store.members.get(team_id=WARD_A, user_id="U0BEN") == in_a  # untouched
    assert level(oauth_bot, WARD_A, "U0BEN") != "senior"
    assert level(oauth_bot, ORG, "U0BEN") is None


def test_the_dispatcher_sends_for_a_grid_workspace_with_the_org_token(oauth_bot: Bot) -> None:
    token = install_org(oauth_bot)
    single = install(oauth_bot, CLINIC)
    send_from(oauth_bot, WARD_A)
    assert oauth_bot.sender.command("U0ANA", "help").status == 200  # A's first request
    oauth_bot.idle()
    now = oauth_bot.clock.now()
    oauth_bot.store.outbox.enqueue(
        [
            NewMessage(
                key=f"k-{team}",
                team_id=team,
                kind="test",
                channel="U0ANA",
                payload={"text": "hello"},
                due_at=now,
            )
            for team in (WARD_A, CLINIC)
        ],
        now=now,
    )
    oauth_bot.tick()
    posts = {c.token for c in oauth_bot.slack.calls("chat.postMessage")}
    assert posts == {token, single}
    for team in (WARD_A, CLINIC):
        sent = oauth_bot.store.outbox.by_key(f"k-{team}")
        assert sent is not None and sent.status == SENT


@pytest.mark.parametrize(
    "event",
    [{"type": "app_uninstalled"}, {"type": "tokens_revoked", "tokens": {"bot": ["U0BALANCE"]}}],
    ids=["app_uninstalled", "tokens_revoked"],
)
def test_uninstalling_the_org_removes_its_install_and_its_workspaces_data(
    oauth_bot: Bot, event: dict[str, Any]
) -> None:
    install_org(oauth_bot)
    install(oauth_bot, CLINIC)  # a workspace outside the org keeps everything
    for team in (WARD_A, WARD_B):
        send_from(oauth_bot, team)
        assert oauth_bot.sender.command("U0BEN", "level senior").status == 200
    oauth_bot.idle()
    now = oauth_bot.clock.now()
    for team in (WARD_A, WARD_B, CLINIC):
        seed_workspace(oauth_bot.store, team, now)
    send_from(oauth_bot, WARD_A)
    assert oauth_bot.sender.event(event).status == 200
    oauth_bot.idle()
    assert rows_of(oauth_bot.store, WARD_A) == rows_of(oauth_bot.store, WARD_B) == 0
    assert level(oauth_bot, WARD_B, "U0BEN") is None
    assert [(r["enterprise_id"], r["team_id"]) for r in raw_rows(oauth_bot.store)] == [("", CLINIC)]
    assert rows_of(oauth_bot.store, CLINIC) == 4
    with oauth_bot.store.engine.connect() as conn:
        assert conn.scalar(select(grid_workspaces.c.team_id)) is None
    # The org's workspaces are now refused, as any workspace that never installed (once the
    # 10-second token cache, shared with single-workspace uninstalls, has passed).
    oauth_bot.runtime.oauth.tokens.forget()  # type: ignore[union-attr]
    before = len(oauth_bot.slack.calls("chat.postEphemeral"))
    send_from(oauth_bot, WARD_B)
    assert oauth_bot.sender.command("U0BEN", "status").status == 200
    assert "installation" in str(oauth_bot.slack.responses()[-1]["body"])
    assert len(oauth_bot.slack.calls("chat.postEphemeral")) == before


def test_team_access_revoked_forgets_only_those_workspaces(oauth_bot: Bot) -> None:
    token = install_org(oauth_bot)
    for team in (WARD_A, WARD_B):
        send_from(oauth_bot, team)
        assert oauth_bot.sender.command("U0BEN", "level senior").status == 200
    oauth_bot.idle()
    send_from(oauth_bot, WARD_A)
    reply = oauth_bot.sender.event({"type": "team_access_revoked", "team_ids": [WARD_B]})
    assert reply.status == 200
    oauth_bot.idle()
    assert level(oauth_bot, WARD_B, "U0BEN") is None
    assert level(oauth_bot, WARD_A, "U0BEN") == "senior"
    [row] = raw_rows(oauth_bot.store)
    assert row["enterprise_id"] == ORG
    before = len(oauth_bot.slack.calls())
    assert oauth_bot.sender.command("U0BEN", "level mid").status == 200
    oauth_bot.idle()
    assert level(oauth_bot, WARD_A, "U0BEN") == "mid"
    assert {c.token for c in oauth_bot.slack.calls()[before:] if c.token} <= {token}


def test_socket_mode_serves_the_org_workspaces_too(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    for bot in start_bot(
        slack, tmp_path, clock, mode="socket", slack_bot_token=None, encryption_key=KEY, **CLIENT
    ):
        assert bot.runtime.oauth is not None
        code = slack.oauth_code(enterprise_id=ORG, org_install=True)
        grant = WebClient(base_url=slack.api_url).oauth_v2_access(
            client_id=CLIENT["slack_client_id"],
            client_secret=CLIENT["slack_client_secret"],
            code=code,
        )
        bot.runtime.oauth.installations.save(
            Installation(
                app_id=grant["app_id"],
                enterprise_id=ORG,
                team_id=None,
                bot_token=grant["access_token"],
                bot_user_id=grant["bot_user_id"],
                bot_id="B0BALANCE",
                bot_scopes=grant["scope"],
                user_id="U0INSTALLER",
                is_enterprise_install=True,
            )
        )
        for team, word in ((WARD_A, "senior"), (WARD_B, "entry")):
            send_from(bot, team)
            assert bot.sender.command("U0ANA", f"level {word}").status == 200
        bot.idle()
        assert (level(bot, WARD_A), level(bot, WARD_B)) == ("senior", "entry")
        used = {
            c.token
            for c in slack.calls()
            if c.method != "oauth.v2.access" and c.token and c.token.startswith("xoxb-")
        }
        assert used == {grant["access_token"]}


def test_workspace_settings_stay_in_the_workspace_that_made_them(oauth_bot: Bot) -> None:
    token = install_org(oauth_bot)
    # Maria is a workspace admin of A (users.info names her home workspace and organisation).
    oauth_bot.slack.add_user(
        "U0MGR", name="maria", is_admin=True, team_id=WARD_A, enterprise_id=ORG
    )
    send_from(oauth_bot, WARD_A)
    # A plain @name is looked up with users.list, which needs the workspace with an org token.
    assert oauth_bot.sender.command("U0MGR", "admin managers @ben").status == 200
    assert oauth_bot.sender.command("U0MGR", 'admin urgent "ext. 200"').status == 200
    oauth_bot.idle()
    [lookup] = oauth_bot.slack.calls("users.list")
    assert lookup.ok and lookup.token == token and lookup.params["team_id"] == WARD_A
    ward_a, ward_b = (oauth_bot.store.workspaces.get(t) for t in (WARD_A, WARD_B))
    assert "U0BEN" in ward_a.managers and ward_a.urgent_route == "ext. 200"
    assert not ward_b.managers and ward_b.urgent_route is None


def test_the_org_token_is_rotated_once_for_all_its_workspaces(oauth_bot: Bot) -> None:
    old = install_org(oauth_bot, rotate=True)
    expire_soon(oauth_bot.store)
    assert oauth_bot.runtime.oauth is not None
    oauth_bot.runtime.oauth.tokens.forget()
    for team, word in ((WARD_A, "senior"), (WARD_B, "entry")):
        send_from(oauth_bot, team)
        assert oauth_bot.sender.command("U0ANA", f"level {word}").status == 200
    oauth_bot.idle()
    refreshes = [
        c
        for c in oauth_bot.slack.calls("oauth.v2.access")
        if c.params.get("grant_type") == "refresh_token"
    ]
    assert len(refreshes) == 1 and refreshes[0].ok
    new = refreshes[0].response["access_token"]
    [row] = raw_rows(oauth_bot.store)
    assert (row["enterprise_id"], row["team_id"]) == (ORG, "")
    assert new != old and TokenCipher(KEY).decrypt(row["bot_token"]) == new
    assert (level(oauth_bot, WARD_A), level(oauth_bot, WARD_B)) == ("senior", "entry")
