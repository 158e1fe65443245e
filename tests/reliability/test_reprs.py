"""No secret in any repr: settings (tokens, signing and client secrets, the encryption key, a
database password wherever the URL puts it), and every object a running bot holds, walked from
the runtime (one workspace and OAuth mode, with an installed workspace)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from bot.clock import ManualClock
from bot.config import Settings
from bot.oauth.authorize import SealedAuthorizeResult
from bot.runtime import build_runtime
from bot.sandbox import SlackSandbox
from bot.web import Edge
from tests.integration.conftest import start_bot
from tests.integration.test_oauth import CLIENT, install

KEY = Fernet.generate_key().decode()
SECRETS = (
    "xoxb-sandbox-token",
    "xapp-sandbox-token",
    "sandbox-signing-secret",
    "sandbox-client-secret",
    "hunter2",
    "pg-secret",
    KEY[:16],
)


def leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def walk(root: object, limit: int = 8) -> list[str]:
    """Every object reachable from `root` (attributes, dict values, sequence items, closure
    cells) whose repr shows a secret, by path."""
    found: list[str] = []
    seen: set[int] = set()

    def visit(obj: Any, path: str, depth: int) -> None:
        if id(obj) in seen or depth > limit or isinstance(obj, str | bytes | int | float):
            return
        seen.add(id(obj))
        try:
            shown = repr(obj)
        except Exception:
            return
        if leaks(shown):
            found.append(f"{path} ({type(obj).__name__})")
        children: list[tuple[str, Any]] = list(getattr(obj, "__dict__", {}).items())
        if isinstance(obj, dict):
            children += [(str(k), v) for k, v in obj.items()]
        if isinstance(obj, list | tuple | set | frozenset):
            children += [(str(i), v) for i, v in enumerate(obj)]
        for i, cell in enumerate(getattr(obj, "__closure__", None) or ()):
            try:
                children.append((f"<cell {i}>", cell.cell_contents))
            except ValueError:
                continue
        for name, child in children:
            visit(child, f"{path}.{name}", depth + 1)

    visit(root, "runtime", 0)
    # Only the shallowest path of each leak: the object whose repr shows it first.
    return [p for p in found if not any(p != q and p.startswith(q + ".") for q in found)]


def test_settings_never_show_a_secret() -> None:
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-sandbox-token",
        slack_app_token="xapp-sandbox-token",
        slack_signing_secret="sandbox-signing-secret",
        slack_client_id="sandbox-client-id",
        slack_client_secret="sandbox-client-secret",
        encryption_key=KEY,
        database_url="postgresql://bot:hunter2@db/balance?sslpassword=pg-secret",
    )
    for shown in (repr(settings), str(settings), f"{settings}", repr(settings.model_fields_set)):
        assert leaks(shown) == [], shown
    assert "db/balance" in repr(settings)  # still useful to an operator
    assert "bot:hunter2@db" in settings.database_url  # the value itself still works


def test_nothing_a_running_bot_holds_shows_a_secret(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    settings = Settings(
        _env_file=None,
        slack_bot_token=slack.bot_token,
        slack_app_token=slack.app_token,
        slack_signing_secret=slack.signing_secret,
        slack_api_url=slack.api_url,
        database_url=f"sqlite:///{tmp_path}/single.db",
    )
    runtime = build_runtime(settings, mode="socket", clock=clock)
    try:
        assert walk(runtime) == []
        assert leaks(repr(Edge.from_settings(settings))) == []
    finally:
        runtime.deps.store.close()


def test_nothing_an_oauth_bot_holds_shows_a_secret(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    for bot in start_bot(
        slack, tmp_path, clock, mode="http", slack_bot_token=None, encryption_key=KEY, **CLIENT
    ):
        token = install(bot)
        assert bot.sender.command("U0ANA", "help").status == 200
        result = bot.runtime.app._authorize(
            context=_context(bot), enterprise_id=None, team_id="T0CLINIC2", user_id="U0ANA"
        )
        assert isinstance(result, SealedAuthorizeResult) and result.bot_token == token
        assert token not in repr(result) and token not in str({"result": result})
        assert walk(bot.runtime) == []


def _context(bot: Any) -> Any:
    from slack_bolt.context import BoltContext

    return BoltContext({"is_enterprise_install": False})
