"""What the latency benchmarks compare against: a bare Bolt app that only acks, in the fastest
bare configuration (`process_before_response=True`, no `auth.test` on the request path)."""

from __future__ import annotations

from slack_bolt import Ack, App
from slack_bolt.authorization import AuthorizeResult

from bot.sandbox import SlackSandbox
from bot.slack_client import create_web_client


def bare_app(slack: SlackSandbox, *, command: str | None = None, event: str | None = None) -> App:
    """Acks `command` and/or `event`, and does nothing else."""
    result = AuthorizeResult(
        enterprise_id=None,
        team_id=slack.team_id,
        bot_user_id=slack.bot_user_id,
        bot_token=slack.bot_token,
    )
    app = App(
        client=create_web_client(base_url=slack.api_url, token=None),
        signing_secret=slack.signing_secret,
        authorize=lambda: result,
        process_before_response=True,
    )

    def only_ack(ack: Ack) -> None:
        ack()

    if command is not None:
        app.command(command)(only_ack)
    if event is not None:
        app.event(event)(only_ack)
    return app


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
