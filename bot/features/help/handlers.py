"""`/balance help` (and an empty `/balance`)."""

from __future__ import annotations

from slack_bolt import App

from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.features.help import views


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    def show_help(cmd: Command) -> Reply:
        return views.help_message(deps.catalog, cmd.lang)

    router.add("help", show_help, aliases=("?", "ayuda"))
