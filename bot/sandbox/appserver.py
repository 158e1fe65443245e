"""Serve any Bolt `App` over real HTTP on 127.0.0.1 the way Balance Bot is served (our Starlette
+ uvicorn web layer), so tests and benchmarks can hit it with `SlackSender` as Slack would."""

from __future__ import annotations

from slack_bolt import App

from bot.metrics import Metrics
from bot.web import ServerThread, create_web


class BoltAppServer(ServerThread):
    """`with BoltAppServer(app) as srv: SlackSender(srv.events_url, secret, ...)`."""

    def __init__(self, app: App) -> None:
        self.app = app
        super().__init__(
            create_web(bolt_app=app, metrics=Metrics(), health=lambda: {"status": "ok"}),
            lifespan="off",
        )

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"

    def __enter__(self) -> BoltAppServer:
        self.start()
        return self
