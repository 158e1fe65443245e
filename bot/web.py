"""HTTP mode on Starlette + uvicorn: Slack's request URL, health and metrics.

The edge refuses what is not Slack's before anything is parsed: a body over the size limit
(413, from Content-Length or while it streams in, never buffered whole), one that takes too
long to arrive (408), malformed signing headers or a signature that does not match the raw
bytes (401). Only then does Bolt parse the body. Bolt's Starlette adapter calls the sync
`App.dispatch` on the event loop, which would serialise every request; here dispatch runs in
the thread pool so slow listeners never block others.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot import edge as edge_check
from bot.metrics import Metrics

if TYPE_CHECKING:  # settings pull in pydantic and SQLAlchemy: the sandbox imports this module
    from bot.config import Settings

log = logging.getLogger(__name__)

HealthCheck = Callable[[], dict[str, Any]]


def request_kind(body: bytes, content_type: str) -> str:
    if content_type.startswith("application/json"):
        return "event"
    return "interactive" if body.startswith(b"payload=") else "command"


def _refused(status: int, error: str) -> JSONResponse:
    # The rest of a refused body is never read: close the connection rather than drain it.
    return JSONResponse({"error": error}, status_code=status, headers={"connection": "close"})


UNAUTHORIZED = 401
ERRORS = {
    400: "malformed request",
    401: "invalid request",
    408: "request timeout",
    413: "request too large",
}


@dataclass(frozen=True)
class Edge:
    """What the HTTP edge enforces before Bolt sees a request: a size limit (413 by
    Content-Length, or while the body streams in), a time limit for the body to arrive, and
    — with a signing secret — exact signing headers and the signature over the raw bytes."""

    signing_secret: str | None = None
    max_body_bytes: int = 1_048_576
    body_timeout: float = 10.0
    api_url: str | None = None  # with it, every field Bolt will read is checked first
    clock: Callable[[], float] = time.time

    @classmethod
    def from_settings(cls, settings: Settings) -> Edge:
        secret = settings.slack_signing_secret
        return cls(
            signing_secret=secret.get_secret_value() if secret else None,
            max_body_bytes=settings.max_body_bytes,
            body_timeout=settings.request_timeout_seconds,
            api_url=settings.slack_api_url,
        )

    def __repr__(self) -> str:
        return f"Edge(max_body_bytes={self.max_body_bytes}, body_timeout={self.body_timeout})"


async def read_body(request: Request, edge: Edge) -> bytes | int:
    """The raw body, or the status that refuses it (413 past the limit, 408 too slow)."""
    body = bytearray()
    try:
        async with asyncio.timeout(edge.body_timeout):
            async for chunk in request.stream():
                body += chunk
                if len(body) > edge.max_body_bytes:
                    return 413
    except TimeoutError:
        return 408
    except ClientDisconnect:
        return 400
    return bytes(body)


def dispatch_safely(
    bolt_app: App, request: Request, body: bytes, checks: Mapping[str, Any] | None = None
) -> Response:
    """Bolt's dispatch for a request the edge let through: parsed, its fields checked (400
    when one is malformed), then handed to Bolt. A signed request whose odd shape still breaks
    Bolt is acknowledged (Slack must not retry it) and logged by exception type only: the body
    may hold a member's words."""
    try:
        bolt_request = to_bolt_request(request, body)
        problem = None if checks is None else edge_check.problem_in(bolt_request.body, checks)
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):
        # RecursionError: JSON nested deeper than the parser goes is malformed, not a crash.
        return _refused(400, ERRORS[400])
    if problem is not None:
        log.info("refused a request with a malformed %s", problem)
        return _refused(400, ERRORS[400])
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
    edge: Edge | None = None,
    serve: Literal["all", "slack", "health"] = "all",
) -> Starlette:
    """The ASGI app: Slack's routes, health and metrics (`serve` picks which, when health is
    served on a listener of its own)."""
    edge = edge or Edge()
    secret = edge.signing_secret.encode() if edge.signing_secret else None
    checks = None
    if edge.api_url is not None:
        checks = edge_check.field_checks(edge_check.response_url_origins(edge.api_url))

    async def slack_events(request: Request) -> Response:
        started = time.perf_counter()
        assert bolt_app is not None
        refusal = edge_check.check_headers(
            request.headers,
            request.headers.getlist,
            max_body=edge.max_body_bytes,
            verify=secret is not None,
        )
        if refusal is not None:
            metrics.refused.labels(str(refusal.status)).inc()
            return _refused(refusal.status, ERRORS[refusal.status])
        body = await read_body(request, edge)
        if isinstance(body, int):
            metrics.refused.labels(str(body)).inc()
            return _refused(body, ERRORS[body])
        if secret is not None and not edge_check.signature_ok(
            secret,
            timestamp=request.headers["x-slack-request-timestamp"],
            signature=request.headers["x-slack-signature"],
            body=body,
            now=edge.clock(),
        ):
            metrics.refused.labels("401").inc()
            return _refused(UNAUTHORIZED, ERRORS[UNAUTHORIZED])
        kind = request_kind(body, request.headers.get("content-type", ""))
        metrics.requests.labels(kind).inc()
        response = await run_in_threadpool(dispatch_safely, bolt_app, request, body, checks)
        metrics.ack_seconds.labels(kind).observe(time.perf_counter() - started)
        return response

    async def oauth(request: Request) -> Response:
        assert bolt_app is not None and bolt_app.oauth_flow is not None
        if not edge_check.oauth_query_ok(request.query_params.multi_items()):
            return _refused(400, ERRORS[400])
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

    routes = []
    if serve in ("all", "health"):
        routes.append(Route("/healthz", healthz, methods=["GET"]))
        routes.append(Route("/metrics", metrics_endpoint, methods=["GET"]))
    if bolt_app is not None and serve in ("all", "slack"):
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
    """Serve an ASGI app with uvicorn in a background thread (demo, tests, benchmarks, and the
    health listener of `balance-bot run`); the main server runs in the foreground instead."""

    def __init__(
        self,
        asgi: Any,
        *,
        port: int = 0,
        host: str = "127.0.0.1",
        lifespan: Literal["auto", "on", "off"] = "on",
        limit_concurrency: int | None = None,
    ) -> None:
        import threading

        import uvicorn

        self._server = uvicorn.Server(
            uvicorn.Config(
                asgi,
                log_config=None,
                access_log=False,
                lifespan=lifespan,
                limit_concurrency=limit_concurrency,
            )
        )
        self._sock = listening_socket(host, port)
        self.host = host
        self.port: int = self._sock.getsockname()[1]
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            daemon=True,
            name="balance-http",
        )

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"

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
