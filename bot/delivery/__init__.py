"""The outbox and the dispatcher that delivers due messages to Slack at Slack's pace."""

from bot.delivery.dispatcher import Decision, DeliveryHealth, Dispatcher, Gate, TickReport

__all__ = ["Decision", "DeliveryHealth", "Dispatcher", "Gate", "TickReport"]
