"""`/balance help` (and an empty `/balance`)."""

from __future__ import annotations

from slack_bolt import App

from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.features.help import views


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    # Help depends only on the (immutable) content and the language: build it once per language.
    rendered = {lang: views.help_message(deps.catalog, lang) for lang in ("en", "es")}

    def show_help(cmd: Command) -> Reply:
        return rendered[cmd.lang]

    router.add("help", show_help, aliases=("?", "ayuda"))
