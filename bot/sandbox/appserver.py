"""Serve a Bolt `App` over real HTTP on 127.0.0.1 (Starlette + uvicorn in a thread), so tests
can hit it with `SlackSender` exactly as Slack would."""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


class BoltAppServer:
    """`with BoltAppServer(app) as srv: SlackSender(srv.events_url, secret, ...)`."""

    def __init__(self, app: App, *, path: str = "/slack/events") -> None:
        self.app = app
        self.path = path

        async def events(request: Request) -> Response:
            body = await request.body()
            # dispatch() is blocking; keep the event loop free for concurrent requests.
            resp = await run_in_threadpool(self.app.dispatch, to_bolt_request(request, body))
            return to_starlette_response(resp)

        asgi = Starlette(routes=[Route(path, events, methods=["POST"])])
        self._server = uvicorn.Server(uvicorn.Config(asgi, log_level="warning", lifespan="off"))
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port: int = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]},
                                        name="sandbox-bolt-app", daemon=True)

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def start(self, timeout: float = 10.0) -> BoltAppServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the Bolt app server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> BoltAppServer:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
