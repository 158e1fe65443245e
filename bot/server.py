"""`balance-bot run`'s HTTP server: uvicorn in the foreground until a signal.

Slack's requests (HTTP mode) are served on HOST:PORT with a bound on concurrent connections
(`BALANCE_MAX_CONNECTIONS`; beyond it uvicorn answers 503). With `BALANCE_HEALTH_PORT` set,
`/healthz` and `/metrics` move to a listener of their own (`BALANCE_HEALTH_HOST`, loopback by
default): the Slack-facing port then serves Slack's routes only, and a flood on it cannot make
the health probe fail.
"""

from __future__ import annotations

import logging
import signal
import socket
from contextlib import nullcontext
from typing import Literal

import uvicorn

from bot.runtime import Runtime, StartupError
from bot.web import Edge, ServerThread, create_web, listening_socket

log = logging.getLogger(__name__)


def serve(runtime: Runtime, *, port: int) -> None:
    settings = runtime.settings
    http = runtime.mode == "http"
    separate = settings.health_port is not None
    if separate and settings.health_port == port:
        raise StartupError(
            f"BALANCE_HEALTH_PORT: {port} is also the Slack port — choose another port, or "
            "unset it to serve /healthz and /metrics on PORT"
        )
    main_part: Literal["all", "slack", "health"] = "all"
    if separate:
        main_part = "slack" if http else "health"
    web = create_web(
        bolt_app=runtime.app if http else None,
        metrics=runtime.deps.metrics,
        health=runtime.health,
        lifespan=runtime.running,
        edge=Edge.from_settings(settings),
        serve=main_part,
    )
    host, main_port, setting = settings.host, port, "PORT"
    if separate and not http:
        # Socket Mode has no Slack routes: the health listener is the only one.
        assert settings.health_port is not None
        host, main_port, setting = settings.health_host, settings.health_port, "BALANCE_HEALTH_PORT"
    config = uvicorn.Config(
        web,
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=10,
        limit_concurrency=settings.max_connections,
        timeout_keep_alive=5,
    )
    # uvicorn handles SIGTERM/SIGINT itself (graceful shutdown), then re-raises the signal
    # against the handler that was in place before; a quiet one lets us exit 0 after a clean stop.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _stopped_cleanly)
    sock = _listen(host, main_port, setting)
    health = _health_server(runtime) if separate and http else None
    with health or nullcontext():
        uvicorn.Server(config).run(sockets=[sock])


def _health_server(runtime: Runtime) -> ServerThread:
    settings = runtime.settings
    assert settings.health_port is not None
    web = create_web(
        bolt_app=None, metrics=runtime.deps.metrics, health=runtime.health, serve="health"
    )
    try:
        return ServerThread(
            web,
            host=settings.health_host,
            port=settings.health_port,
            lifespan="off",
            limit_concurrency=32,
        )
    except OSError as exc:
        raise StartupError(
            _cannot_listen(settings.health_host, settings.health_port, exc, "BALANCE_HEALTH_PORT")
        ) from None


def _listen(host: str, port: int, setting: str) -> socket.socket:
    try:
        return listening_socket(host, port)
    except OSError as exc:
        raise StartupError(_cannot_listen(host, port, exc, setting)) from None


def _cannot_listen(host: str, port: int, exc: OSError, setting: str) -> str:
    fix = "PORT or --port" if setting == "PORT" else setting
    return (
        f"{setting}: cannot listen on {host}:{port} ({exc.strerror}) — choose another port "
        f"with {fix}"
    )


def _stopped_cleanly(signum: int, frame: object) -> None:
    log.info("stopped by %s", signal.Signals(signum).name)
