"""Start-up and shut-down of the running bot, in Socket Mode or HTTP mode."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal

from cryptography.fernet import InvalidToken
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from sqlalchemy.exc import SQLAlchemyError

from bot.app import BotIdentity, create_app
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.delivery import Dispatcher
from bot.deps import Deps
from bot.edge import field_checks, problem_in, response_url_origins
from bot.jobs import JobRegistry
from bot.metrics import Metrics
from bot.oauth.setup import OAuthSetup, build_oauth
from bot.slack_client import create_web_client
from bot.store import DatabaseError, Store, create_store
from bot.store.db import migrate, pending_migrations
from bot.ticker import Ticker
from content import ContentError, load_catalog

log = logging.getLogger(__name__)

Mode = Literal["socket", "http"]


class StartupError(RuntimeError):
    """A setting or service is missing or wrong; the message names it and the fix."""


class CheckedSocketModeHandler(SocketModeHandler):
    """Socket Mode with the HTTP edge's field checks (`bot.edge`), run before Bolt builds
    anything from the payload: a malformed envelope is acknowledged empty (Slack would only
    send it again) and logged by the field's name, and no listener sees it."""

    def __init__(self, app: App, app_token: str, *, api_url: str) -> None:
        super().__init__(app, app_token=app_token)
        self._checks = field_checks(response_url_origins(api_url))

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        payload = req.payload if isinstance(req.payload, dict) else {}
        problem = problem_in(payload, self._checks)
        if problem is not None:
            log.info("refused a Socket Mode request with a malformed %s", problem)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        super().handle(client, req)


@dataclass
class Runtime:
    """Everything a running bot holds, built once and passed down."""

    settings: Settings
    deps: Deps
    app: App
    client: WebClient
    dispatcher: Dispatcher
    ticker: Ticker
    mode: Mode
    socket_handler: SocketModeHandler | None = None
    oauth: OAuthSetup | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    def health(self) -> dict[str, Any]:
        checks: dict[str, Any] = {"mode": self.mode}
        ok = True
        try:
            self.deps.store.ping()
            checks["database"] = "ok"
        except SQLAlchemyError as exc:
            ok, checks["database"] = False, f"unreachable ({type(exc).__name__})"
        age = self.ticker.tick_age()
        checks["last_tick_seconds_ago"] = round(age, 1)
        if age > self.settings.max_tick_age:
            ok, checks["scheduler"] = False, f"no tick for {age:.0f}s"
        else:
            checks["scheduler"] = "ok" if self.ticker.last_error is None else self.ticker.last_error
        if self.socket_handler is not None:
            connected = self.socket_handler.client.is_connected()
            checks["socket_mode"] = "connected" if connected else "disconnected"
            ok = ok and connected
        delivery = self.dispatcher.health()
        checks["slack"] = delivery.describe(self.deps.clock.now())
        checks["expired_messages"] = delivery.expired
        ok = ok and delivery.reachable
        checks["status"] = "ok" if ok else "unhealthy"
        return checks

    def wait_idle(self, timeout: float) -> bool:
        """Block until no lazy listener or tick runs; False if one still does after `timeout`."""
        return self.deps.busy.wait_idle(timeout)

    @contextmanager
    def running(self) -> Iterator[None]:
        """Connect, tick, and on the way out stop cleanly (in-flight sends finish)."""
        if self.socket_handler is not None:
            self.socket_handler.connect()
        self.ticker.start()
        log.info("Balance Bot is running in %s mode", self.mode)
        try:
            yield
        finally:
            log.info("Balance Bot is stopping")
            if self.socket_handler is not None:
                self.socket_handler.close()
            self.ticker.stop()
            self.deps.store.close()


def choose_mode(settings: Settings, requested: Mode | None) -> Mode:
    if requested is not None:
        return requested
    return "socket" if settings.slack_app_token is not None else "http"


def check_settings(settings: Settings, mode: Mode) -> None:
    if settings.oauth_enabled:
        if settings.encryption_key is None:
            raise StartupError(_missing("BALANCE_ENCRYPTION_KEY"))
    elif settings.slack_client_id and settings.slack_client_secret is None:
        raise StartupError(_missing("SLACK_CLIENT_SECRET"))
    elif settings.slack_client_secret is not None:
        raise StartupError(_missing("SLACK_CLIENT_ID"))
    elif settings.slack_bot_token is None:
        raise StartupError(_missing("SLACK_BOT_TOKEN"))
    if mode == "http" and settings.slack_signing_secret is None:
        raise StartupError(_missing("SLACK_SIGNING_SECRET"))
    if mode == "socket" and settings.slack_app_token is None:
        raise StartupError(_missing("SLACK_APP_TOKEN"))


def _missing(name: str) -> str:
    from bot.config import SETTING_HINTS

    return f"{name} is not set: {SETTING_HINTS[name]}"


def open_store(settings: Settings) -> Store:
    try:
        store = create_store(settings.database_url)
    except DatabaseError as exc:
        raise StartupError(str(exc)) from None
    if settings.auto_migrate:
        migrate(store.engine)
    elif pending_migrations(store.engine):
        store.close()
        raise StartupError(
            "DATABASE_URL: the database schema is out of date — run `balance-bot db upgrade` "
            "(or set BALANCE_AUTO_MIGRATE=true)"
        )
    return store


def check_pulse_secret(settings: Settings, store: Store) -> None:
    """A pulse set up with no secret (or rounds sealed with another one) stops the start."""
    from bot.features.pulse.sealing import startup_problem

    enabled, checks = store.pulse.key_checks_in_use()
    problem = startup_problem(settings.pulse_secret, enabled=enabled, open_checks=checks)
    if problem is not None:
        store.close()
        raise StartupError(problem)


def identify(client: WebClient) -> BotIdentity:
    try:
        auth = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "error")
        raise StartupError(
            f"SLACK_BOT_TOKEN was refused by Slack ({error}): copy the current Bot User OAuth "
            "Token from your app's 'OAuth & Permissions' page"
        ) from None
    except (SlackRequestError, OSError) as exc:
        raise StartupError(
            f"SLACK_API_URL: cannot reach Slack's Web API ({type(exc).__name__}) — check the "
            "network or the SLACK_API_URL setting"
        ) from None
    return BotIdentity(
        team_id=str(auth["team_id"]),
        bot_user_id=str(auth["user_id"]),
        bot_id=str(auth.get("bot_id") or ""),
        enterprise_id=auth.get("enterprise_id"),
    )


def open_oauth(settings: Settings, store: Store, clock: Clock) -> OAuthSetup:
    oauth = build_oauth(settings, store.engine, now=clock.now)
    try:
        resealed = oauth.installations.reencrypt()
    except InvalidToken:
        raise StartupError(
            "BALANCE_ENCRYPTION_KEY: stored tokens cannot be decrypted with any configured key — "
            "keep the key they were encrypted with in the list (after the new one)"
        ) from None
    if resealed:
        log.info("re-encrypted %d installations with the current key", resealed)
    return oauth


def delivery_clients(
    settings: Settings, token: str | None, oauth: OAuthSetup | None
) -> Callable[[str], WebClient | None]:
    """The dispatcher's Web API client for a workspace: the one token, or its installation's."""
    if oauth is not None:
        return oauth.tokens.client_for_team
    single = create_web_client(base_url=settings.slack_api_url, token=token, for_delivery=True)
    return lambda team_id: single


def build_runtime(
    settings: Settings, *, mode: Mode, clock: Clock | None = None, store: Store | None = None
) -> Runtime:
    check_settings(settings, mode)
    try:
        catalog = load_catalog(settings.content_dir)
    except ContentError as exc:
        raise StartupError(f"BALANCE_CONTENT_DIR: the content is not valid:\n{exc}") from None
    token = None
    identity = None
    if not settings.oauth_enabled:
        assert settings.slack_bot_token is not None
        token = settings.slack_bot_token.get_secret_value()
    # OAuth mode: tokens come from each workspace's installation, so nothing to ask Slack yet.
    client = create_web_client(base_url=settings.slack_api_url, token=token)
    if token is not None:
        identity = identify(client)
    store = store or open_store(settings)
    check_pulse_secret(settings, store)
    clock = clock or SystemClock()
    metrics = Metrics()
    metrics.track_outbox_depth(store.outbox.depth)
    metrics.track_members_failing(store.members.failing)
    deps = Deps(
        settings=settings,
        store=store,
        clock=clock,
        catalog=catalog,
        metrics=metrics,
        jobs=JobRegistry(),
    )
    oauth = open_oauth(settings, store, clock) if settings.oauth_enabled else None
    app = create_app(deps=deps, client=client, identity=identity, oauth=oauth)
    dispatcher = Dispatcher(
        outbox=store.outbox,
        clients=delivery_clients(settings, token, oauth),
        clock=clock,
        metrics=metrics,
        worker_id=f"{socket.gethostname()}:{os.getpid()}",
        concurrency=settings.dispatch_concurrency,
        batch=settings.dispatch_batch,
        workspace_rate=settings.workspace_rate_per_second,
        lease=timedelta(seconds=settings.lease_seconds),
        max_attempts=settings.max_attempts,
    )
    for kind, gate in deps.jobs.gates.items():
        dispatcher.add_gate(kind, gate)
    ticker = Ticker(
        dispatcher=dispatcher,
        clock=clock,
        metrics=metrics,
        interval_seconds=settings.dispatch_interval_seconds,
        planners=[planner for _, planner in deps.jobs.planners],
        busy=deps.busy,
    )
    handler = None
    if mode == "socket":
        assert settings.slack_app_token is not None
        handler = CheckedSocketModeHandler(
            app, settings.slack_app_token.get_secret_value(), api_url=settings.slack_api_url
        )
    return Runtime(
        settings=settings,
        deps=deps,
        app=app,
        client=client,
        dispatcher=dispatcher,
        ticker=ticker,
        mode=mode,
        socket_handler=handler,
        oauth=oauth,
    )
