"""Logging set-up, and the filters that keep member text and secrets out of every log line.

The code never logs tokens, secrets or member text on purpose. These filters are the second
line of defence, for what other code writes:

- `ScrubExceptions`: an exception's message can quote a member (a database error lists the
  values it failed to store; a parser echoes its input). A record that carries an exception,
  or is logged while one is being handled, keeps the exception's type and where it happened
  (the operation: file, line and function of our own code) and loses its message and
  traceback text. One line per error, so a flood of bad requests cannot flood the log either.
- `RedactTokens`: anything shaped like a Slack token is masked; Bolt's and slack_sdk's records
  below WARNING (request and response bodies) are dropped.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType

_TOKEN = re.compile(r"\b(xox[abeprs]|xapp)-[A-Za-z0-9-]+")
_OURS = ("bot", "content")
_ROOT = Path(__file__).resolve().parent.parent


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Bolt and slack_sdk log request/response bodies below WARNING: members' own words.
        if record.name.startswith(("slack_bolt", "slack_sdk", "bot.slack_bolt")) and (
            record.levelno < logging.WARNING
        ):
            return False
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = _TOKEN.sub(r"\1-***", message)
            record.args = None
        return True


class ScrubExceptions(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is None and record.levelno >= logging.WARNING:
            # Logged inside an `except` block without exc_info (Bolt does: "Failed to run an
            # internal function ({e})"): the exception being handled is the one it quotes.
            error = sys.exc_info()[1]
        if error is None:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template, never the arguments
            message = str(record.msg)
        for link in chain(error):
            quoted = str(link)
            if len(quoted) >= 2:
                message = message.replace(quoted, type(link).__name__)
        record.msg = f"{first_line(message)} [{describe(error)}]"
        record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


def chain(error: BaseException) -> list[BaseException]:
    """The exception and its causes / contexts, outermost first (no cycles)."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not s for s in seen) and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def describe(error: BaseException) -> str:
    """ "OperationalError ← LockNotAvailable at bot/store/pulse.py:271 in submit ← …": the
    types, and where in our code it went wrong. No message: it may quote a member."""
    types = " ← ".join(type(e).__name__ for e in chain(error))
    where = _our_frames(error.__traceback__)
    return f"{types} at {where}" if where else types


def _our_frames(tb: TracebackType | None, keep: int = 3) -> str:
    frames = []
    for frame in traceback.extract_tb(tb):
        path = Path(frame.filename)
        try:
            relative = path.resolve().relative_to(_ROOT)
        except ValueError:
            continue
        if relative.parts and relative.parts[0] in _OURS:
            frames.append(f"{relative.as_posix()}:{frame.lineno} in {frame.name}")
    # Innermost first: that is the operation that failed; callers follow.
    return " ← ".join(reversed(frames[-keep:]))


def first_line(text: str) -> str:
    return text.splitlines()[0] if text else text


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubExceptions())
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # slack_sdk logs request bodies at DEBUG; those can hold member text.
    logging.getLogger("slack_sdk").setLevel(max(logging.INFO, root.level))
    logging.getLogger("slack_bolt").setLevel(max(logging.INFO, root.level))
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))
    # SQLAlchemy's engine logger echoes statements and their values at INFO.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
