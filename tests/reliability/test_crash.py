"""SIGKILL the real `balance-bot` process at each stage of a delivery, start it again, and check
in the sandbox's record of posted messages that every message arrived exactly once.

Stages are reached with sandbox fault injection, not hooks in the product:
- before claim: the rows are due later (or the process dies while starting up);
- after claim, Slack silent: `hang_next` holds the post open, the process dies meanwhile, and the
  post lands afterwards (the restart must find it in the conversation, not post it again);
- after claim, never arrived: the held post is then refused (503), so the restart must post it;
- after Slack accepted, before marked sent: `accept_then_drop` posts it and drops the answer;
- during a tick: dozens of rows in flight at a paced rate, killed part-way through.
"""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.sandbox import SlackSandbox
from bot.store.outbox import SENDING, SENT
from tests.reliability.conftest import Deployment, assert_exactly_once, deliveries, wait_until

pytestmark = pytest.mark.e2e


def kill(deployment: Deployment) -> None:
    process = deployment.processes[-1]
    process.stop(signal.SIGKILL)
    assert process.proc.returncode == -signal.SIGKILL


def restart_and_finish(deployment: Deployment, keys: list[str]) -> None:
    process = deployment.start()
    wait_until(
        lambda: all(s == SENT for s in deployment.statuses(keys).values()),
        timeout=30,
        what="every row marked sent after the restart",
    )
    assert_exactly_once(deployment.slack, keys)
    output = process.output()
    assert "Traceback" not in output
    assert process.proc.poll() is None


def post_calls(slack: SlackSandbox) -> list[int]:
    return [c.status for c in slack.calls("chat.postMessage")]


def post_on_its_way(slack: SlackSandbox) -> bool:
    """The held post has reached Slack: the sandbox took the queued `hang_next` fault. (Claimed
    in the database is not enough: the request may not have left the process yet.)"""
    return not any(f.kind == "hang" for f in slack.faults._faults)  # no public count


def test_killed_before_claim(slack: SlackSandbox, tmp_path: Path) -> None:
    deployment = Deployment(slack, tmp_path)
    try:
        keys = [f"before-claim-{i}" for i in range(5)]
        # Due long after start-up however slow the machine is; made due once it is dead.
        deployment.enqueue(keys, due_in=600.0, valid_for=1200.0)
        deployment.start()
        assert set(deployment.statuses(keys).values()) == {"pending"}
        kill(deployment)
        assert deliveries(slack) == {}
        now = datetime.now(UTC)
        for key in keys:
            row = deployment.store.outbox.by_key(key)
            assert row is not None
            deployment.store.outbox.retry_at(row.id, when=now, error="")
        restart_and_finish(deployment, keys)
    finally:
        deployment.close()


@pytest.mark.parametrize("after", [0.4, 0.9])
def test_killed_while_starting_up(slack: SlackSandbox, tmp_path: Path, after: float) -> None:
    """Killed somewhere between start-up and the first ticks, wherever that falls."""
    deployment = Deployment(slack, tmp_path)
    try:
        keys = [f"startup-{after}-{i}" for i in range(8)]
        deployment.enqueue(keys)
        deployment.start(healthy=False)
        time.sleep(after)
        kill(deployment)
        restart_and_finish(deployment, keys)
    finally:
        deployment.close()


@pytest.mark.parametrize("run", [1, 2])
def test_killed_after_claim_while_slack_has_not_answered(
    slack: SlackSandbox, tmp_path: Path, run: int
) -> None:
    """The post is on its way and lands after the process died: the restart finds it in the
    conversation (by its delivery id) and does not post it again."""
    deployment = Deployment(slack, tmp_path)
    try:
        key = f"claimed-silent-{run}"
        slack.hang_next("chat.postMessage", seconds=1.0)
        deployment.enqueue([key])
        deployment.start()
        wait_until(lambda: deployment.status(key) == SENDING, what="the row to be claimed")
        wait_until(lambda: post_on_its_way(slack), what="the post to reach Slack")
        kill(deployment)
        slack.wait_for("chat.postMessage", timeout=10)  # Slack finishes the post on its own
        restart_and_finish(deployment, [key])
        assert post_calls(slack) == [200], "posted again instead of found"
        assert slack.calls("conversations.history"), "the restart did not look first"
    finally:
        deployment.close()


@pytest.mark.parametrize("run", [1, 2])
def test_killed_after_claim_when_the_post_never_arrived(
    slack: SlackSandbox, tmp_path: Path, run: int
) -> None:
    deployment = Deployment(slack, tmp_path)
    try:
        key = f"claimed-lost-{run}"
        slack.hang_next("chat.postMessage", seconds=1.0)
        slack.fail_next("chat.postMessage", status=503)
        deployment.enqueue([key])
        deployment.start()
        wait_until(lambda: deployment.status(key) == SENDING, what="the row to be claimed")
        wait_until(lambda: post_on_its_way(slack), what="the post to reach Slack")
        kill(deployment)
        slack.wait_for("chat.postMessage", timeout=10)
        assert deliveries(slack) == {}
        restart_and_finish(deployment, [key])
        assert post_calls(slack) == [503, 200]
    finally:
        deployment.close()


@pytest.mark.parametrize("run", [1, 2])
def test_killed_after_slack_accepted_before_marked_sent(
    slack: SlackSandbox, tmp_path: Path, run: int
) -> None:
    deployment = Deployment(slack, tmp_path)
    try:
        key = f"accepted-{run}"
        slack.accept_then_drop("chat.postMessage")
        deployment.enqueue([key])
        deployment.start()
        slack.wait_for("chat.postMessage", timeout=10)
        kill(deployment)
        assert deployment.status(key) == SENDING  # in doubt: Slack has it, we don't know
        assert deliveries(slack) == {key: 1}
        restart_and_finish(deployment, [key])
        assert post_calls(slack) == [0], "posted again instead of found"
    finally:
        deployment.close()


@pytest.mark.parametrize("after_messages", [6, 22])
def test_killed_during_a_tick(slack: SlackSandbox, tmp_path: Path, after_messages: int) -> None:
    """40 messages paced at 10/s, the process killed part-way through the tick."""
    deployment = Deployment(slack, tmp_path, BALANCE_WORKSPACE_RATE_PER_SECOND="10")
    try:
        keys = [f"tick-{after_messages}-{i}" for i in range(40)]
        deployment.enqueue(keys)
        deployment.start()
        wait_until(
            lambda: len(slack.messages()) >= after_messages,
            timeout=20,
            what=f"{after_messages} messages",
        )
        kill(deployment)
        killed_at = len(slack.messages())
        assert killed_at < len(keys), "the tick finished before the kill"
        restart_and_finish(deployment, keys)
    finally:
        deployment.close()
