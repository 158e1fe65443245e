"""The HTTP side of the sandbox: Web API methods, file uploads and response_url endpoints."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# Importing the api_* modules registers their methods.
from bot.sandbox import (  # noqa: F401
    api_auth,
    api_chat,
    api_directory,
    api_functions,
    api_views,
)
from bot.sandbox.methods import REGISTRY, ApiError, Ctx, SandboxConfig
from bot.sandbox.ratelimit import Faults, RateLimiter
from bot.sandbox.state import Call, Workspace

log = logging.getLogger(__name__)

RESPONSE_URL_USES = 5
RESPONSE_URL_TTL = 30 * 60
_ERRORS_BY_STATUS = {
    429: "ratelimited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "request_timeout",
}


class Answer:
    """What to send back; `drop` closes the connection without an answer."""

    def __init__(
        self, status: int, body: Any, headers: dict[str, str] | None = None, *, drop: bool = False
    ) -> None:
        self.status = status
        self.body = body
        self.headers = headers or {}
        self.drop = drop


def parse_params(query: str, body: bytes, content_type: str) -> dict[str, Any]:
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    if not body:
        return params
    if "json" in content_type:
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, dict):
            params.update(data)
    else:
        params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return params


class WebApi:
    def __init__(
        self,
        ws: Workspace,
        cfg: SandboxConfig,
        limiter: RateLimiter,
        faults: Faults,
        ws_url: Callable[[], str],
        latency: float,
        stopping: threading.Event,
    ) -> None:
        self.ws, self.cfg, self.limiter, self.faults = ws, cfg, limiter, faults
        self.ws_url = ws_url
        self.latency = latency
        self.stopping = stopping
        self.base_url = ""  # set once the server is bound

    def call(self, name: str, params: dict[str, Any], headers: dict[str, str]) -> Answer:
        started = time.monotonic()
        auth = headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        token = token or (str(params["token"]) if params.get("token") else None)
        info = self.ws.tokens.get(token) if token else None
        answer = self._answer(name, params, headers, token)
        if self.latency and not self.stopping.is_set():
            self.stopping.wait(self.latency)
        body = answer.body if isinstance(answer.body, dict) else None
        safe = {k: v for k, v in params.items() if k != "token"}
        self.ws.add_call(
            Call(
                name,
                safe,
                token,
                0 if answer.drop else answer.status,
                started,
                body,
                info.team_id if info else None,
            )
        )
        return answer

    def _answer(
        self, name: str, params: dict[str, Any], headers: dict[str, str], token: str | None
    ) -> Answer:
        if self.faults.is_down():
            if self.faults.down_mode == "close":
                return Answer(0, None, drop=True)
            return Answer(503, {"ok": False, "error": "service_unavailable"})
        hang = self.faults.take(name, ("hang",))
        if hang is not None:
            self.stopping.wait(hang.seconds)
        delay = self.faults.delay_for(name)
        if delay:
            self.stopping.wait(delay)
        fail = self.faults.take(name, ("fail",))
        if fail is not None:
            hdrs = {"Retry-After": str(fail.retry_after)} if fail.status == 429 else {}
            error = _ERRORS_BY_STATUS.get(fail.status, "internal_error")
            return Answer(fail.status, {"ok": False, "error": error}, hdrs)
        spec = REGISTRY.get(name)
        if spec is None:
            return Answer(200, {"ok": False, "error": "unknown_method"})
        info = self.ws.tokens.get(token) if token else None
        if spec.token != "none":
            if not token:
                return Answer(200, {"ok": False, "error": "not_authed"})
            if info is None:
                return Answer(200, {"ok": False, "error": "invalid_auth"})
            if (spec.token == "app") != (info.kind == "app"):
                return Answer(200, {"ok": False, "error": "not_allowed_token_type"})
            if info.execution_id and not name.startswith("functions.complete"):
                run = self.ws.function_runs.get(info.execution_id)
                if run is None or run.done:  # a step's token lives as long as its execution
                    return Answer(200, {"ok": False, "error": "token_expired"})
        chan = self.ws.resolve_channel(str(params.get("channel") or ""))
        team = info.team_id if info else self.cfg.team_id
        retry_after = self.limiter.check(name, team, chan.id if chan else None)
        if retry_after:
            return Answer(
                429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)}
            )
        ctx = Ctx(self.ws, self.cfg, token, info, headers, self.base_url, self.ws_url)
        try:
            body = {"ok": True, **spec.fn(ctx, params)}
        except ApiError as exc:
            body = {"ok": False, "error": exc.error, **exc.extra}
        drop = self.faults.take(name, ("drop",)) is not None
        return Answer(200, body, ctx.response_headers, drop=drop)

    def respond(self, url_id: str, raw: bytes) -> Answer:
        with self.ws.lock:
            entry = self.ws.response_urls.get(url_id)
            if entry is None:
                return Answer(404, "no_service")
            if time.monotonic() - entry["issued"] > RESPONSE_URL_TTL:
                return Answer(404, "expired_url")
            if entry["uses"] >= RESPONSE_URL_USES:
                return Answer(404, "used_url")
            try:
                body = json.loads(raw)
            except ValueError:
                return Answer(400, "invalid_payload")
            entry["uses"] += 1
            self.ws.responses.append({"url": entry["url"], "body": body, "time": time.monotonic()})
            self._apply_to_original(entry, body)
        return Answer(200, "ok")

    def _apply_to_original(self, entry: dict[str, Any], body: Any) -> None:
        if not isinstance(body, dict) or not entry.get("message_ts"):
            return
        msg = self.ws.find_message(entry["channel"], entry["message_ts"])
        if msg is None:
            return
        if body.get("delete_original"):
            self.ws.messages.remove(msg)
        elif body.get("replace_original"):
            msg["text"] = body.get("text", "")
            msg.pop("blocks", None)
            if body.get("blocks"):
                msg["blocks"] = body["blocks"]

    def upload(self, file_id: str, raw: bytes) -> Answer:
        with self.ws.lock:
            up = self.ws.uploads.get(file_id)
            if up is None:
                return Answer(404, "not_found")
            up["data"] = raw
        return Answer(200, f"OK - {len(raw)}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("sandbox http: %s", format % args)

    def _serve(self) -> None:
        api = self.server.api
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        segments = [s for s in parts.path.split("/") if s]
        if segments[:1] == ["upload"] and len(segments) == 2:
            answer = api.upload(segments[1], raw)
        elif segments[:1] == ["respond"] and len(segments) == 2:
            answer = api.respond(segments[1], raw)
        elif segments and self.command in ("POST", "GET"):
            name = segments[-1]
            params = parse_params(parts.query, raw, headers.get("content-type", ""))
            answer = api.call(name, params, headers)
        else:
            answer = Answer(404, "not_found")
        self._write(answer)

    def _write(self, answer: Answer) -> None:
        if answer.drop:
            self.close_connection = True
            return
        if isinstance(answer.body, str):
            data, ctype = answer.body.encode(), "text/plain; charset=utf-8"
        else:
            data, ctype = json.dumps(answer.body).encode(), "application/json; charset=utf-8"
        self.send_response(answer.status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    do_POST = _serve
    do_GET = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512  # many concurrent clients in load tests

    def __init__(self, api: WebApi) -> None:
        self.api = api
        super().__init__(("127.0.0.1", 0), _Handler)


def start_http(api: WebApi) -> tuple[_Server, threading.Thread]:
    server = _Server(api)
    api.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="sandbox-http",
        daemon=True,
    )
    thread.start()
    return server, thread
