"""What a failed call to Slack means for a delivery: the Slack error taxonomy.

Owns the tuple of exceptions a Slack call can raise, the short error code used in logs, metrics
and `/healthz` (never message text), and `classify()`, which sorts a failure into rate limited,
outage, no response, permanent refusal or a refusal worth retrying. Nothing here does I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from slack_sdk.errors import SlackApiError, SlackRequestError

# Everything a Slack Web API call raises when Slack refuses, fails or never answers.
SLACK_ERRORS: tuple[type[Exception], ...] = (SlackApiError, SlackRequestError, OSError)

# Errors that will not go away by trying again.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "invalid_blocks",
        "invalid_blocks_format",
        "msg_too_long",
        "msg_blocks_too_long",
        "no_text",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "account_inactive",
        "missing_scope",
        "messages_tab_disabled",
        "cannot_dm_bot",
        "invalid_arguments",
        "restricted_action",
        "team_access_not_granted",
    }
)

_CODE = re.compile(r"[a-z0-9_]{1,64}")
_RATE_LIMIT_CODES = frozenset({"ratelimited", "rate_limited"})
_OUTAGE_CODES = frozenset({"service_unavailable", "request_timeout", "fatal_error"})

# rate_limited: Slack said slow down (429, Retry-After). outage: Slack is down or overloaded
# (5xx). no_response: no answer at all (timeout, refused or dropped connection). permanent: the
# message can never be sent. refused: Slack refused this message, maybe not next time. bug: our
# own code failed, maybe after the post.
FailureKind = Literal["rate_limited", "outage", "no_response", "permanent", "refused", "bug"]


@dataclass(frozen=True)
class Failure:
    """One failed attempt, as much as the rules after it need to know."""

    kind: FailureKind
    code: str
    # Seconds Slack asked us to wait (rate limits only).
    retry_after: float = 0.0
    # Could Slack have posted the message anyway? (no answer, most server errors, our bugs)
    maybe_posted: bool = False

    @property
    def label(self) -> str:
        """For metrics: Slack's code, or `no_response` (one label whatever the exception)."""
        return "no_response" if self.kind == "no_response" else self.code

    @property
    def slack_down(self) -> bool:
        """Slack could not be reached or could not work: counts against its health."""
        return self.kind in ("outage", "no_response")


def api_error(exc: SlackApiError) -> str | None:
    """Slack's error code, when the answer had one (a proxy's HTML error page has none)."""
    data = exc.response.data
    code = data.get("error") if isinstance(data, dict) else None
    return code if isinstance(code, str) and _CODE.fullmatch(code) else None


def error_code(exc: Exception) -> str:
    """A short code for logs, metrics and /healthz: Slack's error code, or "no response" and
    the exception type when no answer came (timeout, refused or dropped connection)."""
    if isinstance(exc, SlackApiError):
        return api_error(exc) or f"http_{exc.response.status_code}"
    return f"no response: {type(exc).__name__}"


def retry_after(exc: SlackApiError) -> float:
    """Slack's Retry-After in seconds, at least 1 (missing or unreadable counts as 1)."""
    try:
        return max(1.0, float(exc.response.headers.get("Retry-After", 1) or 1))
    except (TypeError, ValueError):
        return 1.0


def classify(exc: Exception) -> Failure:
    """Sort a failed Slack call. A 429 is a rate limit whatever else the answer says."""
    code = error_code(exc)
    if not isinstance(exc, SlackApiError):
        return Failure("no_response", code, maybe_posted=True)
    status = exc.response.status_code
    slack_code = api_error(exc)
    if status == 429 or slack_code in _RATE_LIMIT_CODES:
        return Failure("rate_limited", code, retry_after=retry_after(exc))
    if status >= 500 or slack_code in _OUTAGE_CODES:
        # Slack says that after internal_error / fatal_error "it's possible some aspect of the
        # operation succeeded"; only a plain "service unavailable" means it surely did not.
        maybe = status != 503 and slack_code != "service_unavailable"
        return Failure("outage", code, maybe_posted=maybe)
    if code in PERMANENT_ERRORS:
        return Failure("permanent", code)
    return Failure("refused", code)


def bug(exc: Exception) -> Failure:
    """An error nobody planned for, maybe after the post."""
    return Failure("bug", f"bug_{type(exc).__name__}"[:64], maybe_posted=True)


__all__ = [
    "PERMANENT_ERRORS",
    "SLACK_ERRORS",
    "Failure",
    "FailureKind",
    "api_error",
    "bug",
    "classify",
    "error_code",
    "retry_after",
]
