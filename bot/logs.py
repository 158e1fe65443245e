"""Logging set-up. A filter masks anything shaped like a Slack token, as a second line of
defence: the code never logs tokens, secrets or message text on purpose."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"\b(xox[abeprs]|xapp)-[A-Za-z0-9-]+")


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Bolt and slack_sdk log request/response bodies below WARNING: members' own words.
        if record.name.startswith(("slack_bolt", "slack_sdk")) and record.levelno < logging.WARNING:
            return False
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = _TOKEN.sub(r"\1-***", message)
            record.args = None
        return True


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # slack_sdk logs request bodies at DEBUG; those can hold member text.
    logging.getLogger("slack_sdk").setLevel(max(logging.INFO, root.level))
    logging.getLogger("slack_bolt").setLevel(max(logging.INFO, root.level))
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))
