"""A Socket Mode server on 127.0.0.1 that slack_sdk's clients can connect to.

Protocol (reference §5): the app gets a `ws://…/link/?ticket=…` URL from apps.connections.open,
connects, receives `hello`, then envelopes it must ack with `{"envelope_id", "payload"?}`.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import secrets
import threading
import time
import uuid
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

log = logging.getLogger(__name__)


class _Link:
    def __init__(self, conn: ServerConnection) -> None:
        self.conn = conn
        self.retiring = False  # told to disconnect; gets no new envelopes
        self.send_lock = threading.Lock()

    def send(self, data: dict[str, Any]) -> None:
        with self.send_lock:
            self.conn.send(json.dumps(data))


class SocketModeServer:
    def __init__(self, app_id: str) -> None:
        self.app_id = app_id
        self._lock = threading.Condition()
        self._links: list[_Link] = []
        self._tickets: set[str] = set()
        self._pending: dict[str, tuple[threading.Event, list[Any]]] = {}
        self._rr = itertools.count()
        self.acks: list[dict[str, Any]] = []
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> None:
        self._server = serve(
            self._handle,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            compression=None,
            ping_interval=None,
            logger=log,
        )
        self.port = self._server.socket.getsockname()[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sandbox-socket-mode", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        with self._lock:
            links = list(self._links)
        for link in links:
            link.conn.close()
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def new_url(self) -> str:
        ticket = secrets.token_hex(8)
        with self._lock:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    def _check_ticket(self, conn: ServerConnection, request: Request) -> Response | None:
        ticket = parse_qs(urlsplit(request.path).query).get("ticket", [""])[0]
        with self._lock:
            known = ticket in self._tickets
        if known:
            return None
        return Response(401, "Unauthorized", Headers([("Content-Length", "0")]), b"")

    def _handle(self, conn: ServerConnection) -> None:
        link = _Link(conn)
        with self._lock:
            self._links.append(link)
            live = sum(1 for lk in self._links if not lk.retiring)
            retired = [lk for lk in self._links if lk.retiring]
        try:
            link.send(
                {
                    "type": "hello",
                    "num_connections": live,
                    "debug_info": {
                        "host": "applink-sandbox",
                        "build_number": 1,
                        "approximate_connection_time": 18060,
                    },
                    "connection_info": {"app_id": self.app_id},
                }
            )
            # A replacement arrived: close the connections told to go away. slack_sdk's builtin
            # client only starts reading the new connection once the old one has closed.
            for old in retired:
                threading.Thread(target=old.conn.close, daemon=True).start()
            with self._lock:
                self._lock.notify_all()
            for raw in conn:
                self._on_message(raw)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._links.remove(link)
                self._lock.notify_all()

    def _on_message(self, raw: str | bytes) -> None:
        try:
            data = json.loads(raw)
        except ValueError:
            return
        if not isinstance(data, dict) or "envelope_id" not in data:
            return
        with self._lock:
            self.acks.append(data)
            waiter = self._pending.get(str(data["envelope_id"]))
        if waiter is not None:
            waiter[1].append(data)
            waiter[0].set()

    # -- used by SlackSandbox -------------------------------------------------------------------
    def connection_count(self) -> int:
        with self._lock:
            return sum(1 for link in self._links if not link.retiring)

    def wait_for_connections(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._lock:
            while sum(1 for lk in self._links if not lk.retiring) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
            return True

    def send(
        self,
        type_: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int,
        retry_reason: str,
        timeout: float,
        accepts_response_payload: bool | None,
    ) -> dict[str, Any] | None:
        envelope_id = str(uuid.uuid4())
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": type_,
            "payload": payload,
            "accepts_response_payload": (
                type_ != "events_api"
                if accepts_response_payload is None
                else accepts_response_payload
            ),
        }
        if type_ == "events_api":
            envelope.update(retry_attempt=retry_attempt, retry_reason=retry_reason)
        with self._lock:
            live = [lk for lk in self._links if not lk.retiring]
            if not live:
                raise RuntimeError("no Socket Mode connection; call wait_for_socket() first")
            link = live[next(self._rr) % len(live)]
            event = threading.Event()
            box: list[Any] = []
            self._pending[envelope_id] = (event, box)
        try:
            link.send(envelope)
            if not event.wait(timeout):
                return None
            ack = box[0]
            payload_back = ack.get("payload")
            return payload_back if isinstance(payload_back, dict) else {}
        finally:
            with self._lock:
                self._pending.pop(envelope_id, None)

    def disconnect(self, reason: str) -> int:
        """Ask every live connection to go away (the client reconnects); returns how many."""
        with self._lock:
            live = [lk for lk in self._links if not lk.retiring]
            for link in live:
                link.retiring = True
        for link in live:
            with contextlib.suppress(ConnectionClosed):
                link.send(
                    {
                        "type": "disconnect",
                        "reason": reason,
                        "debug_info": {"host": "applink-sandbox"},
                    }
                )
        return len(live)

    def drop(self) -> None:
        """Close every connection abruptly, as a network failure would."""
        with self._lock:
            links = list(self._links)
        for link in links:
            link.conn.close()
