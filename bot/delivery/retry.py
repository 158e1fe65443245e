"""What to do with a row after a failed attempt: the retry rules, pure (no I/O, `now` passed in).

While Slack is unreachable or rate limiting, a message keeps being retried for as long as it is
still valid: an outage never makes a valid message fail, and an expired one is never sent late.
Only failures that say something about the message itself use up `max_attempts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.delivery.errors import Failure


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    max_backoff: float = 60.0
    # How long a message without an expiry is retried before it is given up.
    give_up_after: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class RetryPlan:
    """`retry` at `when` (still in doubt or not); `fail` or `expire` now, with `reason`."""

    action: Literal["retry", "fail", "expire"]
    code: str
    when: datetime | None = None
    in_doubt: bool = False
    reason: str = ""


def backoff(attempts: int, max_backoff: float) -> float:
    """Seconds to wait after the `attempts`-th try: doubling, capped at `max_backoff`."""
    return min(max_backoff, 2.0 ** min(max(attempts, 0), 16))


def plan_retry(
    failure: Failure,
    *,
    attempts: int,
    now: datetime,
    due_at: datetime,
    expires_at: datetime | None,
    policy: RetryPolicy,
    checking: bool = False,
) -> RetryPlan:
    """The plan after `failure` on a row claimed `attempts` times (this claim included).

    `checking`: the failure came from looking an in-doubt row up in Slack, not from posting it;
    the row stays in doubt whatever the answer was.

    A backoff of our own choosing is shortened to leave one last try before the deadline (the
    expiry, or `due_at + give_up_after` without one); a `Retry-After` from Slack when posting is
    not, so such a message expires (or is given up) now instead of being sent late.
    """
    code = failure.code
    told = False
    count_attempt = False
    delay = backoff(attempts, policy.max_backoff)
    if checking:
        in_doubt = True
        if failure.kind == "rate_limited":
            delay = failure.retry_after
    elif failure.kind == "permanent":
        return RetryPlan("fail", code, reason="refused by Slack")
    elif failure.kind == "rate_limited":
        delay, told, in_doubt = failure.retry_after, True, False
    elif failure.kind == "no_response":
        # No answer: Slack may or may not have posted it; look it up before sending again.
        code, in_doubt = failure.label, True
    elif failure.kind == "outage":
        # Not the message's fault, so no attempt is used up.
        in_doubt = failure.maybe_posted
    else:  # refused, bug
        count_attempt, in_doubt = True, failure.maybe_posted
    if count_attempt and attempts >= policy.max_attempts:
        return RetryPlan("fail", code, reason="out of attempts")
    when = now + timedelta(seconds=delay)
    deadline = expires_at or (due_at + policy.give_up_after)
    if when >= deadline:
        last_try = deadline - timedelta(seconds=1)
        if told or last_try <= now:
            if expires_at is None:
                return RetryPlan("fail", code, reason=f"gave up after {policy.give_up_after}")
            return RetryPlan("expire", code, reason="Slack could not take it in time")
        when = last_try
    return RetryPlan("retry", code, when=when, in_doubt=in_doubt)


__all__ = ["RetryPlan", "RetryPolicy", "backoff", "plan_retry"]
