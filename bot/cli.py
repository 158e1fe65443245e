"""`balance-bot`: run | demo | content check | db upgrade."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal, NoReturn

import typer
from pydantic import ValidationError

from bot.config import SETTING_HINTS, Settings, env_name

cli = typer.Typer(
    help="Balance Bot: work-life balance for the front desk, in Slack.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
content_cli = typer.Typer(help="Check a practice's own content files.", no_args_is_help=True)
db_cli = typer.Typer(help="Database schema.", no_args_is_help=True)
cli.add_typer(content_cli, name="content")
cli.add_typer(db_cli, name="db")


def fail(message: str) -> NoReturn:
    typer.echo(f"balance-bot: {message}", err=True)
    raise typer.Exit(code=2)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "settings"
        name = env_name(field) if field in Settings.model_fields else field
        hint = SETTING_HINTS.get(name, "see the settings table in README.md")
        reason = str(first["msg"]).removeprefix("Value error, ")
        fail(f"{name}: {reason[:1].lower()}{reason[1:]} — {hint}")


@cli.command()
def run(
    mode: Annotated[
        str | None, typer.Option(help="socket or http (default: socket if SLACK_APP_TOKEN is set)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="HTTP port (default: PORT or 3000)")] = None,
) -> None:
    """Run Balance Bot against Slack."""
    from bot.logs import setup_logging
    from bot.runtime import StartupError, build_runtime, choose_mode
    from bot.server import serve

    if mode not in (None, "socket", "http"):
        fail(f"--mode must be socket or http, not {mode!r}")
    settings = load_settings()
    setup_logging(settings.log_level)
    chosen: Literal["socket", "http"] = choose_mode(settings, mode)  # type: ignore[arg-type]
    try:
        runtime = build_runtime(settings, mode=chosen)
        serve(runtime, port=port or settings.port)
    except StartupError as exc:
        fail(str(exc))


@cli.command()
def demo(
    lang: Annotated[str, typer.Option(help="en or es")] = "en",
    out: Annotated[
        Path | None,
        typer.Option(help="folder to keep the transcript in (transcript.txt and .html)"),
    ] = None,
    seed: Annotated[int, typer.Option(help="a different day: who takes or skips breaks")] = 1,
    speed: Annotated[
        float, typer.Option(help="real seconds per virtual hour (0: as fast as it goes)")
    ] = 0.0,
    screenshots: Annotated[
        bool, typer.Option(help="also PNGs of chosen moments in OUT/screenshots (needs Chromium)")
    ] = False,
    chromium: Annotated[
        str | None, typer.Option(help="the Chromium to take screenshots with")
    ] = None,
) -> None:
    """Play a clinic day with Balance Bot against the built-in Slack sandbox."""
    from bot.demo import run_demo
    from bot.demo.browser import BrowserError, find_chromium

    if lang not in ("en", "es"):
        fail(f"--lang must be en or es, not {lang!r}")
    if speed < 0:
        fail("--speed must be 0 or more")
    browser = None
    if screenshots:
        if out is None:
            fail("--screenshots needs --out DIR: the pictures go to DIR/screenshots")
        browser = find_chromium(chromium)
        if browser is None:
            fail(
                f"--screenshots needs Chromium and {chromium or 'chromium'} was not found — "
                "install it (Debian: apt-get install chromium) or give its path with --chromium"
            )
    try:
        run_demo(lang=lang, out=out, seed=seed, speed=speed, chromium=browser)
    except BrowserError as exc:
        fail(f"the transcript is saved, but the screenshots failed: {exc}")
    except KeyboardInterrupt:
        typer.echo("\ndemo stopped", err=True)
        raise typer.Exit(code=130) from None


@content_cli.command("check")
def content_check(
    path: Annotated[Path | None, typer.Argument(help="a content file or folder")] = None,
) -> None:
    """Validate content files (default: BALANCE_CONTENT_DIR, else the built-in content)."""
    from content import check_content, load_catalog

    target = path or load_settings().content_dir
    if target is None:
        load_catalog(None)
        typer.echo("built-in content: OK")
        return
    if not target.exists():
        fail(f"{target} does not exist: give a content file or folder")
    problems = check_content(target)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        raise typer.Exit(code=1)
    typer.echo(f"{target}: OK")


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply pending database migrations."""
    from bot.store import DatabaseError, create_store
    from bot.store.db import current_revision, migrate

    settings = load_settings()
    try:
        store = create_store(settings.database_url)
    except DatabaseError as exc:
        fail(str(exc))
    migrate(store.engine)
    typer.echo(f"database at revision {current_revision(store.engine)}")
    store.close()


def main() -> None:
    sys.exit(cli())


__all__ = ["SETTING_HINTS", "cli", "main"]
