"""What is stored, for how long: finished outbox rows (which hold message text) are deleted 30
days after they finished, once a day; pending ones are never touched. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import ManualClock
from bot.delivery import Dispatcher
from bot.metrics import Metrics
from bot.sandbox import SlackSandbox
from bot.slack_client import create_web_client
from bot.store import Store
from bot.store.outbox import PENDING, NewMessage


def test_finished_messages_are_deleted_after_thirty_days(store: Store, clock: ManualClock) -> None:
    with SlackSandbox(post_message_per_channel_per_sec=None) as slack:
        slack.add_user("U0OLD", name="old")
        client = create_web_client(base_url=slack.api_url, token=slack.bot_token, for_delivery=True)
        dispatcher = Dispatcher(
            outbox=store.outbox,
            clients=lambda team: client,
            clock=clock,
            metrics=Metrics(),
            worker_id="retention",
            channel_spacing=0.0,
        )
        now = clock.now()
        store.outbox.enqueue(
            [
                NewMessage(
                    key="old",
                    team_id="T0SANDBOX",
                    kind="test",
                    channel="U0OLD",
                    payload={"text": "old"},
                    due_at=now,
                    user_id="U0OLD",
                ),
                NewMessage(
                    key="later",
                    team_id="T0SANDBOX",
                    kind="test",
                    channel="U0OLD",
                    payload={"text": "later"},
                    due_at=now + timedelta(days=40),
                    user_id="U0OLD",
                ),
            ],
            now=now,
        )
        assert dispatcher.tick().sent == 1
        clock.advance(timedelta(days=29))
        dispatcher.tick()
        assert store.outbox.by_key("old") is not None  # 29 days: kept
        clock.advance(timedelta(days=2))
        dispatcher.tick()
        assert store.outbox.by_key("old") is None  # 31 days: gone
        later = store.outbox.by_key("later")
        assert later is not None and later.status == PENDING
