"""Web API clients with the retry behaviour each use needs."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)


def create_web_client(*, base_url: str, token: str | None, for_delivery: bool = False) -> WebClient:
    """A client on `SLACK_API_URL`.

    Listener calls (views.publish, users.info…) are safe to repeat, so they retry on 429,
    connection errors and 5xx. The delivery client does not retry a post on its own: a
    connection dropped after Slack accepted a message would post it twice; the dispatcher
    decides instead, after checking the conversation.
    """
    handlers: list[RetryHandler]
    if for_delivery:
        handlers = [RateLimitErrorRetryHandler(max_retry_count=1)]
    else:
        handlers = [
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ]
    return WebClient(token=token, base_url=base_url, timeout=10, retry_handlers=handlers)
