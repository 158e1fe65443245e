"""`plan_retry` on its own: what each kind of failure leads to, backoff, Retry-After, expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web import SlackResponse

from bot.delivery.errors import PERMANENT_ERRORS, Failure, bug, classify, error_code
from bot.delivery.retry import RetryPlan, RetryPolicy, backoff, plan_retry

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = RetryPolicy(max_attempts=6, max_backoff=60.0, give_up_after=timedelta(hours=24))


def plan(
    failure: Failure,
    *,
    attempts: int = 1,
    expires_in: timedelta | None = timedelta(minutes=15),
    due_ago: timedelta = timedelta(0),
    checking: bool = False,
    policy: RetryPolicy = POLICY,
) -> RetryPlan:
    return plan_retry(
        failure,
        attempts=attempts,
        now=NOW,
        due_at=NOW - due_ago,
        expires_at=None if expires_in is None else NOW + expires_in,
        policy=policy,
        checking=checking,
    )


def api_error(status: int, error: str | None, headers: dict[str, str] | None = None) -> Exception:
    data: dict[str, object] = {"ok": False}
    if error is not None:
        data["error"] = error
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.com/api/chat.postMessage",
        req_args={},
        data=data,
        headers=headers or {},
        status_code=status,
    )
    return SlackApiError("refused", response)


def seconds_until(p: RetryPlan) -> float:
    assert p.action == "retry" and p.when is not None
    return (p.when - NOW).total_seconds()


# The taxonomy: real slack_sdk exceptions sorted into kinds.


@pytest.mark.parametrize(
    ("exc", "kind", "maybe_posted"),
    [
        (api_error(429, "ratelimited", {"Retry-After": "7"}), "rate_limited", False),
        (api_error(200, "rate_limited"), "rate_limited", False),
        (api_error(503, "service_unavailable"), "outage", False),
        (api_error(500, "internal_error"), "outage", True),
        (api_error(200, "fatal_error"), "outage", True),
        (api_error(502, None), "outage", True),
        (api_error(200, "channel_not_found"), "permanent", False),
        (api_error(200, "token_revoked"), "permanent", False),
        (api_error(200, "some_new_error"), "refused", False),
        (SlackRequestError("connection reset"), "no_response", True),
        (TimeoutError("read timed out"), "no_response", True),
    ],
)
def test_slack_errors_are_sorted_into_kinds(exc: Exception, kind: str, maybe_posted: bool) -> None:
    failure = classify(exc)
    assert (failure.kind, failure.maybe_posted) == (kind, maybe_posted)


def test_error_codes_never_carry_more_than_a_code() -> None:
    assert error_code(api_error(200, "not_in_channel")) == "not_in_channel"
    assert error_code(api_error(502, "<html>Bad gateway</html>")) == "http_502"
    assert error_code(TimeoutError("secret text")) == "no response: TimeoutError"


@pytest.mark.parametrize(("header", "seconds"), [("7", 7.0), ("0", 1.0), ("soon", 1.0)])
def test_retry_after_is_read_from_the_header_and_at_least_a_second(
    header: str, seconds: float
) -> None:
    assert classify(api_error(429, "ratelimited", {"Retry-After": header})).retry_after == seconds


# Each kind of failure → its plan.


@pytest.mark.parametrize("code", sorted(PERMANENT_ERRORS))
def test_a_permanent_error_fails_at_once(code: str) -> None:
    assert plan(Failure("permanent", code)) == RetryPlan("fail", code, reason="refused by Slack")


def test_a_rate_limit_waits_exactly_as_long_as_slack_said() -> None:
    p = plan(Failure("rate_limited", "ratelimited", retry_after=30), attempts=5)
    assert seconds_until(p) == 30 and not p.in_doubt


def test_an_outage_backs_off_in_doubt_only_when_slack_may_have_posted() -> None:
    maybe = plan(Failure("outage", "internal_error", maybe_posted=True), attempts=2)
    surely_not = plan(Failure("outage", "service_unavailable"), attempts=2)
    assert seconds_until(maybe) == seconds_until(surely_not) == 4
    assert maybe.in_doubt and not surely_not.in_doubt


def test_no_answer_keeps_the_row_in_doubt() -> None:
    p = plan(Failure("no_response", "no response: ReadTimeout", maybe_posted=True), attempts=3)
    assert (p.action, p.code, p.in_doubt, seconds_until(p)) == ("retry", "no_response", True, 8)


@pytest.mark.parametrize(
    "failure",
    [
        Failure("rate_limited", "ratelimited", retry_after=5),
        Failure("outage", "http_503"),
        Failure("no_response", "no response: ConnectionError", maybe_posted=True),
    ],
)
def test_slack_being_down_never_uses_up_attempts(failure: Failure) -> None:
    assert plan(failure, attempts=50).action == "retry"


def test_a_refusal_uses_up_attempts_then_fails() -> None:
    failure = Failure("refused", "some_new_error")
    assert plan(failure, attempts=5).action == "retry"
    assert not plan(failure, attempts=5).in_doubt
    assert plan(failure, attempts=6) == RetryPlan(
        "fail", "some_new_error", reason="out of attempts"
    )


def test_our_own_bug_uses_up_attempts_and_stays_in_doubt() -> None:
    failure = bug(KeyError("x"))
    assert failure.code == "bug_KeyError"
    assert plan(failure, attempts=1).in_doubt
    assert plan(failure, attempts=6).action == "fail"


@pytest.mark.parametrize(
    ("failure", "seconds"),
    [
        (Failure("rate_limited", "ratelimited", retry_after=20), 20),
        (Failure("permanent", "channel_not_found"), 60),
        (Failure("refused", "some_new_error"), 60),
        (Failure("outage", "http_503"), 60),
    ],
)
def test_a_failed_look_up_keeps_an_in_doubt_row_in_doubt(failure: Failure, seconds: float) -> None:
    p = plan(failure, attempts=50, checking=True)
    assert p.action == "retry" and p.in_doubt and seconds_until(p) == seconds


def test_a_retry_after_met_while_looking_up_is_shortened_to_a_last_try() -> None:
    failure = Failure("rate_limited", "ratelimited", retry_after=30)
    p = plan(failure, expires_in=timedelta(seconds=20), checking=True)
    assert p.in_doubt and seconds_until(p) == 19


# Backoff and expiry.


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n, 60.0) for n in range(1, 8)] == [2, 4, 8, 16, 32, 60, 60]
    assert backoff(10_000, 60.0) == 60


@given(
    attempts=st.integers(min_value=0, max_value=10_000),
    more=st.integers(min_value=0, max_value=10_000),
    cap=st.floats(min_value=1.0, max_value=86_400.0),
)
def test_backoff_never_shrinks_and_never_passes_the_cap(
    attempts: int, more: int, cap: float
) -> None:
    assert backoff(attempts, cap) <= backoff(attempts + more, cap) <= cap


@given(attempts=st.integers(min_value=1, max_value=5))
def test_the_planned_retry_moves_later_with_each_attempt(attempts: int) -> None:
    failure = Failure("refused", "some_new_error")
    policy = RetryPolicy(max_attempts=100, max_backoff=3600.0)
    earlier = plan(failure, attempts=attempts, expires_in=None, policy=policy)
    later = plan(failure, attempts=attempts + 1, expires_in=None, policy=policy)
    assert seconds_until(earlier) < seconds_until(later)


def test_our_backoff_is_shortened_to_leave_a_last_try_before_the_expiry() -> None:
    p = plan(Failure("outage", "http_503"), attempts=6, expires_in=timedelta(seconds=10))
    assert seconds_until(p) == 9


def test_a_retry_after_past_the_expiry_drops_the_row() -> None:
    failure = Failure("rate_limited", "ratelimited", retry_after=30)
    p = plan(failure, expires_in=timedelta(seconds=20))
    assert p == RetryPlan("expire", "ratelimited", reason="Slack could not take it in time")


def test_no_time_left_for_a_last_try_drops_the_row() -> None:
    p = plan(Failure("outage", "http_503"), expires_in=timedelta(seconds=1))
    assert p.action == "expire"


def test_a_row_without_expiry_is_given_up_after_give_up_after() -> None:
    failure = Failure("outage", "http_503")
    assert plan(failure, expires_in=None, due_ago=timedelta(hours=23)).action == "retry"
    p = plan(failure, expires_in=None, due_ago=timedelta(hours=24))
    assert (p.action, p.reason) == ("fail", "gave up after 1 day, 0:00:00")


@given(
    failure=st.sampled_from(
        [
            Failure("rate_limited", "ratelimited", retry_after=45),
            Failure("outage", "http_503"),
            Failure("no_response", "no response: ReadTimeout", maybe_posted=True),
            Failure("refused", "some_new_error"),
        ]
    ),
    attempts=st.integers(min_value=1, max_value=5),
    expires_in=st.integers(min_value=-60, max_value=600),
)
def test_a_retry_is_never_planned_at_or_after_the_expiry(
    failure: Failure, attempts: int, expires_in: int
) -> None:
    p = plan(failure, attempts=attempts, expires_in=timedelta(seconds=expires_in))
    if p.action == "retry":
        assert p.when is not None and NOW < p.when < NOW + timedelta(seconds=expires_in)
    else:
        assert p.action == "expire"
