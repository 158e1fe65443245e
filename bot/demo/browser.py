"""Headless Chromium, driven over the DevTools protocol: open a local page, ask it questions,
and take PNGs of parts of it. Used by `balance-bot demo --screenshots` and by the tests that
check the transcript renders.

Only a browser already installed is used (Debian's `chromium` package); nothing is downloaded.
The flags keep it off the network: no updates, sync, field trials or QUIC.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import Any

from websockets.sync.client import ClientConnection, connect

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-field-trial-config",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-port=0",
)


class BrowserError(RuntimeError):
    """Chromium could not start, or a page or command failed."""


def find_chromium(explicit: str | None = None) -> str | None:
    if explicit:
        return shutil.which(explicit) or (explicit if Path(explicit).is_file() else None)
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


class Browser:
    """`with Browser(path) as browser: tab = browser.open(url)`; everything ends on exit."""

    def __init__(self, executable: str, *, timeout: float = 30.0) -> None:
        self.executable = executable
        self.timeout = timeout
        self._ids = itertools.count(1)
        self._events: list[dict[str, Any]] = []
        self._profile: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._ws: ClientConnection | None = None
        self._closing = ExitStack()

    def __enter__(self) -> Browser:
        # Chromium's helper processes can still be writing the profile as it exits: a
        # leftover temporary file must not fail the transcript.
        self._profile = tempfile.TemporaryDirectory(
            prefix="balance-chromium-", ignore_cleanup_errors=True
        )
        profile = Path(self._profile.name)
        log = (profile / "chromium.log").open("wb")
        try:
            self._proc = subprocess.Popen(
                [self.executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        except OSError as exc:
            self.close()
            raise BrowserError(f"cannot start {self.executable}: {exc}") from exc
        finally:
            log.close()
        try:
            url = self._endpoint(profile)
            self._ws = self._closing.enter_context(
                connect(url, max_size=None, open_timeout=self.timeout)
            )
        except BaseException:
            self.close()
            raise
        return self

    def _endpoint(self, profile: Path) -> str:
        """Chromium writes its DevTools port and path to this file once it listens."""
        marker = profile / "DevToolsActivePort"
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                log = (profile / "chromium.log").read_text(errors="replace")[-2000:]
                raise BrowserError(f"{self.executable} exited ({self._proc.returncode}):\n{log}")
            lines = marker.read_text().split("\n") if marker.exists() else []
            if len(lines) >= 2 and lines[1]:
                return f"ws://127.0.0.1:{lines[0].strip()}{lines[1].strip()}"
            time.sleep(0.05)
        raise BrowserError(f"{self.executable} did not open its DevTools port in {self.timeout}s")

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._closing.close()
        self._ws = None
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    # -- the protocol --------------------------------------------------------------------------
    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        if self._ws is None:
            raise BrowserError("the browser is not running")
        number = next(self._ids)
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._ws.send(json.dumps(message))
        while True:
            reply = self._receive()
            if reply.get("id") == number:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})

    def _receive(self) -> dict[str, Any]:
        assert self._ws is not None
        try:
            raw = self._ws.recv(timeout=self.timeout)
        except TimeoutError as exc:
            raise BrowserError(f"no answer from the browser in {self.timeout}s") from exc
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self._events.append(message)
        return message

    def wait_for_event(self, method: str, session: str) -> dict[str, Any]:
        while True:
            for event in self._events:
                if event["method"] == method and event.get("sessionId") == session:
                    self._events.remove(event)
                    return event
            self._receive()

    def events(self, method: str, session: str) -> list[dict[str, Any]]:
        return [e for e in self._events if e["method"] == method and e.get("sessionId") == session]

    def open(self, url: str, *, width: int = 1100, height: int = 900, scale: float = 1) -> Tab:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        tab = Tab(self, session)
        for domain in ("Page", "Network", "Runtime"):
            self.send(f"{domain}.enable", session=session)
        metrics = {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False}
        self.send("Emulation.setDeviceMetricsOverride", metrics, session)
        self.send("Page.navigate", {"url": url}, session)
        self.wait_for_event("Page.loadEventFired", session)
        tab.evaluate("document.fonts.ready.then(() => true)")
        return tab


class Tab:
    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def evaluate(self, expression: str) -> Any:
        """A JavaScript expression's value (promises are awaited)."""
        result = self.browser.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            self.session,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(str(details.get("exception", {}).get("description") or details))
        return result.get("result", {}).get("value")

    def requested_urls(self) -> list[str]:
        """Every URL the page asked for, itself included."""
        events = self.browser.events("Network.requestWillBeSent", self.session)
        return [str(e["params"]["request"]["url"]) for e in events]

    def screenshot(self, path: Path, selector: str | None = None, *, margin: int = 0) -> Path:
        """A PNG of the first element matching `selector` (the whole page without one)."""
        box = self.evaluate(
            "(() => { const el = "
            + (f"document.querySelector({json.dumps(selector)})" if selector else "document.body")
            + "; if (!el) return null; el.scrollIntoView(); const r = el.getBoundingClientRect();"
            " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height};"
            "})()"
        )
        if not box or box["width"] < 1 or box["height"] < 1:
            raise BrowserError(f"nothing on the page matches {selector!r}")
        clip = {
            "x": max(box["x"] - margin, 0),
            "y": max(box["y"] - margin, 0),
            "width": box["width"] + 2 * margin,
            "height": box["height"] + 2 * margin,
            "scale": 1,
        }
        shot = self.browser.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
            self.session,
        )
        path.write_bytes(base64.b64decode(shot["data"]))
        return path
