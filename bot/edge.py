"""What a request must look like before Balance Bot acts on it.

Two layers, both pure:

- the HTTP edge (`bot.web`) checks the headers with exact patterns and the signature on the raw
  bytes, before anything is parsed (`check_headers`, `signature_ok`);
- once a request is authentic, every field the listeners read is checked with an exact pattern
  before Bolt authorizes it or builds anything from it (`problem_in`: by `bot.web` in HTTP
  mode, by `bot.runtime.CheckedSocketModeHandler` in Socket Mode).

Patterns use explicit ASCII classes: `str.isdigit()` and `\\d` accept digits such as "²" or
"٣" that `int()` then rejects.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

TIMESTAMP = re.compile(r"[0-9]{1,12}")
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
CONTENT_LENGTH = re.compile(r"[0-9]{1,15}")
RETRY_NUM = re.compile(r"[0-9]{1,2}")
RETRY_REASON = re.compile(r"[a-z_]{1,40}")
MEDIA_TYPES = frozenset({"application/x-www-form-urlencoded", "application/json"})
CHARSET = re.compile(r"charset=(utf-8|UTF-8|\"utf-8\")")
REPLAY_WINDOW = 300  # seconds, as Slack's own check

TEAM = re.compile(r"[TE][A-Z0-9]{1,31}")
ENTERPRISE = re.compile(r"E[A-Z0-9]{1,31}")
USER = re.compile(r"[UWB][A-Z0-9]{1,31}")
CHANNEL = re.compile(r"[CGD][A-Z0-9]{1,31}")
APP = re.compile(r"A[A-Z0-9]{1,31}")
VIEW = re.compile(r"V[A-Z0-9]{1,31}")
EVENT_ID = re.compile(r"Ev[A-Za-z0-9]{1,40}")
TS = re.compile(r"[0-9]{1,12}(\.[0-9]{1,6})?")
TRIGGER = re.compile(r"[0-9]{1,20}\.[0-9]{1,20}\.[0-9A-Za-z]{1,64}")
KIND = re.compile(r"[a-z_]{1,40}")
# `message` events say "channel", "group", "im"…; `member_joined_channel` says "C" or "G".
CHANNEL_TYPE = re.compile(r"[A-Za-z_]{1,20}")
COMMAND = re.compile(r"/[a-z0-9_-]{1,32}")
FLAG = re.compile(r"true|false")
# Our own identifiers: action ids, callback ids, block ids (printable, no control characters).
NAME = re.compile(r"[^\x00-\x1f\x7f]{0,255}")
TEXT_MAX = 12_000  # a command's text: Slack sends at most a few thousand characters
VALUE_MAX = 2_000  # a button's value (Slack's limit)
METADATA_MAX = 3_000  # a view's private_metadata (Slack's limit)


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


def check_headers(
    headers: Mapping[str, str], getlist: Callable[[str], list[str]], *, max_body: int, verify: bool
) -> Refusal | None:
    """Refuse by headers alone (nothing read yet): too large (413), unsigned or malformed
    signing headers (401), a body that is neither a form nor JSON (400)."""
    declared = headers.get("content-length")
    if declared is not None and "transfer-encoding" in headers:
        # Two framings in one request is how requests are smuggled past a proxy (RFC 9112
        # §6.1): refuse it and close the connection rather than pick one.
        return Refusal(400, "framing")
    if declared is not None:
        if not CONTENT_LENGTH.fullmatch(declared):
            return Refusal(400, "content-length")
        if int(declared) > max_body:
            return Refusal(413, "too large")
    if verify:
        for name, pattern in (
            ("x-slack-request-timestamp", TIMESTAMP),
            ("x-slack-signature", SIGNATURE),
        ):
            values = getlist(name)
            if len(values) != 1 or not pattern.fullmatch(values[0]):
                return Refusal(401, name)
    media, _, params = headers.get("content-type", "").partition(";")
    if media.strip().lower() not in MEDIA_TYPES:
        return Refusal(400, "content-type")
    if params.strip() and not CHARSET.fullmatch(params.strip()):
        return Refusal(400, "charset")
    for name, pattern in (("x-slack-retry-num", RETRY_NUM), ("x-slack-retry-reason", RETRY_REASON)):
        values = getlist(name)
        if len(values) > 1 or (values and not pattern.fullmatch(values[0])):
            return Refusal(400, name)
    return None


def signature_ok(secret: bytes, *, timestamp: str, signature: str, body: bytes, now: float) -> bool:
    """Slack's v0 signature over the raw bytes as received, within the replay window. The
    headers were checked by `check_headers`."""
    if abs(now - int(timestamp)) > REPLAY_WINDOW:
        return False
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    expected = "v0=" + hmac.new(secret, base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


# -- fields ------------------------------------------------------------------------------------

Check = Callable[[Any], bool]


def _id(pattern: re.Pattern[str]) -> Check:
    return lambda v: isinstance(v, str) and (v == "" or pattern.fullmatch(v) is not None)


def _text(limit: int) -> Check:
    return lambda v: isinstance(v, str) and len(v) <= limit


def _url(hosts: frozenset[str]) -> Check:
    def ok(value: Any) -> bool:
        if not isinstance(value, str):
            return False
        if value == "":
            return True
        try:
            parts = urlsplit(value)
        except ValueError:
            return False
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        return origin in hosts and not parts.username and not parts.password

    return ok


def _name(v: Any) -> bool:
    return isinstance(v, str) and NAME.fullmatch(v) is not None


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 10**12


def response_url_origins(api_url: str) -> frozenset[str]:
    """Where a response_url may point: Slack's hooks hosts, or the host of SLACK_API_URL (a
    proxy, GovSlack, the sandbox). Anything else would make the bot post somewhere else."""
    parts = urlsplit(api_url)
    own = f"{parts.scheme}://{parts.netloc}".lower()
    return frozenset({"https://hooks.slack.com", "https://hooks.slack-gov.com", own})


def field_checks(origins: frozenset[str]) -> dict[str, Check]:
    """Dotted paths (`[]` walks a list) → the check for the value found there."""
    url = _url(origins)
    return {
        # slash commands
        "team_id": _id(TEAM),
        "user_id": _id(USER),
        "channel_id": _id(CHANNEL),
        "enterprise_id": _id(ENTERPRISE),
        "api_app_id": _id(APP),
        "command": _id(COMMAND),
        "trigger_id": _id(TRIGGER),
        "response_url": url,
        "text": _text(TEXT_MAX),
        "is_enterprise_install": lambda v: isinstance(v, bool) or _id(FLAG)(v),
        # interactivity
        "type": _id(KIND),
        "user.id": _id(USER),
        "user.team_id": _id(TEAM),
        "team.id": _id(TEAM),
        "enterprise.id": _id(ENTERPRISE),
        "channel.id": _id(CHANNEL),
        "container.type": _id(KIND),
        "container.channel_id": _id(CHANNEL),
        "container.message_ts": _id(TS),
        "container.view_id": _id(VIEW),
        "message.ts": _id(TS),
        "view.id": _id(VIEW),
        "view.callback_id": _name,
        "view.private_metadata": _text(METADATA_MAX),
        "actions[].action_id": _name,
        "actions[].block_id": _name,
        "actions[].value": _text(VALUE_MAX),
        "actions[].action_ts": _id(TS),
        "response_urls[].response_url": url,
        "response_urls[].channel_id": _id(CHANNEL),
        # events
        "event_id": _id(EVENT_ID),
        "event_time": _int,
        "authorizations[].team_id": _id(TEAM),
        "authorizations[].user_id": _id(USER),
        "authorizations[].enterprise_id": _id(ENTERPRISE),
        "event.type": _id(KIND),
        "event.subtype": _id(KIND),
        "event.channel_type": _id(CHANNEL_TYPE),
        "event.ts": _id(TS),
        "event.thread_ts": _id(TS),
        "event.event_ts": _id(TS),
        "event.team": _id(TEAM),
        "event.user_team": _id(TEAM),
        "event.source_team": _id(TEAM),
    }


# Checked only when they hold a string: elsewhere Slack sends an object under the same name
# (`user_change` carries the whole user, `channel_rename` the channel).
WHEN_TEXT = {"event.user": _id(USER), "event.channel": _id(CHANNEL)}


def _values(body: Any, path: list[str]) -> Iterable[Any]:
    """Every value at `path` (absent and null values are skipped)."""
    if not path:
        if body is not None:
            yield body
        return
    head, rest = path[0], path[1:]
    if head.endswith("[]"):
        items = body.get(head[:-2]) if isinstance(body, dict) else None
        if isinstance(items, list):
            for item in items[:50]:
                yield from _values(item, rest)
        elif items is not None:
            yield _Wrong
        return
    if not isinstance(body, dict):
        if body is not None:
            yield _Wrong
        return
    yield from _values(body.get(head), rest)


class _Wrong:
    """A container of the wrong type where a field was expected."""


def problem_in(body: Mapping[str, Any], checks: Mapping[str, Check]) -> str | None:
    """The first field (its path) whose value does not match its pattern; None when all do."""
    for path, check in checks.items():
        for value in _values(body, path.split(".")):
            if value is _Wrong or not check(value):
                return path
    for path, check in WHEN_TEXT.items():
        for value in _values(body, path.split(".")):
            if isinstance(value, str) and not check(value):
                return path
    return None


# -- OAuth pages -------------------------------------------------------------------------------

OAUTH_QUERY = {
    "code": re.compile(r"[0-9A-Za-z._-]{1,256}"),
    "state": re.compile(r"[0-9A-Za-z._~-]{1,512}"),
    "error": re.compile(r"[a-z_]{1,64}"),
    "error_description": re.compile(r"[ -~]{0,512}"),
}


def oauth_query_ok(items: Iterable[tuple[str, str]]) -> bool:
    """The install and redirect pages read `code`, `state` and `error`: each at most once and
    matching its pattern (other parameters are not read)."""
    seen: set[str] = set()
    for name, value in items:
        pattern = OAUTH_QUERY.get(name)
        if pattern is None:
            continue
        if name in seen or not pattern.fullmatch(value):
            return False
        seen.add(name)
    return True
