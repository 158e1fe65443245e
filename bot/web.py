"""HTTP mode on Starlette + uvicorn: Slack's request URL, health and metrics.

Bolt's Starlette adapter calls the sync `App.dispatch` on the event loop, which would serialise
every request; here dispatch runs in the thread pool so slow listeners never block others.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager
from typing import Any, Literal

from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.metrics import Metrics

log = logging.getLogger(__name__)

HealthCheck = Callable[[], dict[str, Any]]


def request_kind(body: bytes, content_type: str) -> str:
    if content_type.startswith("application/json"):
        return "event"
    return "interactive" if body.startswith(b"payload=") else "command"


UNAUTHORIZED = JSONResponse({"error": "invalid request"}, status_code=401)


def dispatch_safely(bolt_app: App, request: Request, body: bytes) -> Response:
    """Bolt's dispatch, minus its crashes on input Slack never sends.

    Bolt parses a body before it checks the signature, and the signature check does
    `int(timestamp)`: garbage from an unsigned sender would raise and answer 500. Anything that
    cannot be parsed, or carries a timestamp that is not a number, is refused like a bad
    signature. A signed request whose odd shape still breaks Bolt is acknowledged (Slack must
    not retry it) and logged by exception type only: the body may hold a member's words.
    """
    if not request.headers.get("x-slack-request-timestamp", "0").isdigit():
        return UNAUTHORIZED
    try:
        bolt_request = to_bolt_request(request, body)
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError):
        return UNAUTHORIZED
    try:
        bolt_response = bolt_app.dispatch(bolt_request)
    except Exception as exc:
        log.error("a Slack request could not be handled: %s", type(exc).__name__)
        return Response(status_code=200)
    if bolt_response.status >= 500:
        # Bolt already logged it (app.error); the member must never see a server error.
        return Response(status_code=200)
    return to_starlette_response(bolt_response)


def create_web(
    *,
    bolt_app: App | None,
    metrics: Metrics,
    health: HealthCheck,
    lifespan: Callable[[], AbstractContextManager[None]] | None = None,
) -> Starlette:
    async def slack_events(request: Request) -> Response:
        started = time.perf_counter()
        body = await request.body()
        assert bolt_app is not None
        kind = request_kind(body, request.headers.get("content-type", ""))
        metrics.requests.labels(kind).inc()
        response = await run_in_threadpool(dispatch_safely, bolt_app, request, body)
        metrics.ack_seconds.labels(kind).observe(time.perf_counter() - started)
        return response

    async def oauth(request: Request) -> Response:
        assert bolt_app is not None and bolt_app.oauth_flow is not None
        flow = bolt_app.oauth_flow
        bolt_request = to_bolt_request(request, b"")
        if request.url.path == flow.install_path:
            return to_starlette_response(
                await run_in_threadpool(flow.handle_installation, bolt_request)
            )
        return to_starlette_response(await run_in_threadpool(flow.handle_callback, bolt_request))

    async def healthz(request: Request) -> Response:
        report = await run_in_threadpool(health)
        return JSONResponse(report, status_code=200 if report.get("status") == "ok" else 503)

    async def metrics_endpoint(request: Request) -> Response:
        data = await run_in_threadpool(metrics.render)
        return Response(data, media_type=CONTENT_TYPE_LATEST)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
    ]
    if bolt_app is not None:
        routes.append(Route("/slack/events", slack_events, methods=["POST"]))
        if bolt_app.oauth_flow is not None:
            routes.append(Route("/slack/install", oauth, methods=["GET"]))
            routes.append(Route("/slack/oauth_redirect", oauth, methods=["GET"]))

    @asynccontextmanager
    async def span(_: Starlette) -> AsyncIterator[None]:
        if lifespan is None:
            yield
            return
        with lifespan():
            yield

    return Starlette(routes=routes, lifespan=span)


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket for uvicorn to serve on. TCP_NODELAY (inherited by accepted connections)
    matters: without it a response written as headers + body waits ~40 ms for a delayed ACK."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


class ServerThread:
    """Serve an ASGI app with uvicorn on 127.0.0.1 in a background thread (demo, tests,
    benchmarks); `balance-bot run` uses uvicorn in the foreground instead."""

    def __init__(
        self, asgi: Any, *, port: int = 0, lifespan: Literal["auto", "on", "off"] = "on"
    ) -> None:
        import threading

        import uvicorn

        self._server = uvicorn.Server(
            uvicorn.Config(asgi, log_config=None, access_log=False, lifespan=lifespan)
        )
        self._sock = listening_socket("127.0.0.1", port)
        self.port: int = self._sock.getsockname()[1]
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            daemon=True,
            name="balance-http",
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the HTTP server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self._sock.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
