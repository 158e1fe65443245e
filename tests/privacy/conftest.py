"""The privacy suite drives the real app against the sandbox, as tests/integration does."""

from tests.integration.conftest import bot, http_bot, slack  # noqa: F401 - fixtures used here
