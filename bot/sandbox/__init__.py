"""A local stand-in for Slack, for tests, benchmarks and `balance-bot demo`.

`SlackSandbox` serves the Web API and Socket Mode on 127.0.0.1 and records everything;
`SlackSender` / `SocketSender` send requests to the app exactly as Slack does.
"""

from bot.sandbox.appserver import BoltAppServer
from bot.sandbox.sandbox import SlackSandbox
from bot.sandbox.sender import Reply, SlackSender, SocketSender
from bot.sandbox.state import Call

__all__ = ["BoltAppServer", "Call", "Reply", "SlackSandbox", "SlackSender", "SocketSender"]
