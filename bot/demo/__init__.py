"""`balance-bot demo`: the real app against the built-in Slack sandbox, shown as people see it."""

from bot.demo.play import run_demo

__all__ = ["run_demo"]
