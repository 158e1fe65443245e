"""What the latency benchmarks compare against: a bare Bolt app that only acks, in the fastest
bare configuration (`process_before_response=True`, no `auth.test` on the request path)."""

from __future__ import annotations

import statistics

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


def print_ratios(timings: dict[str, list[float]], *, ours: str, bare: str, goal: float) -> None:
    """The table every latency benchmark prints: p50/p99/mean per app, then the ratios."""
    print(f"{'app':<12} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name, values in timings.items():
        print(
            f"{name:<12} {percentile(values, 0.5):8.3f} {percentile(values, 0.99):8.3f} "
            f"{statistics.fmean(values):8.3f}"
        )
    ours_t, bare_t = timings[ours], timings[bare]
    print(
        f"ratio p50: {percentile(ours_t, 0.5) / percentile(bare_t, 0.5):.2f}  "
        f"ratio p99: {percentile(ours_t, 0.99) / percentile(bare_t, 0.99):.2f}  "
        f"(goal p99 <= {goal})"
    )
