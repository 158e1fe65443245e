"""What every feature is handed when it registers: built once in the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.busy import Busy
from bot.clock import Clock
from bot.config import Settings
from bot.jobs import JobRegistry
from bot.metrics import Metrics
from bot.store import Store
from bot.store.members import Member
from content import Catalog

# (client, team_id, user_id, the member as they were before, or None when unknown)
ChangeListener = Callable[[WebClient, str, str, Member | None], None]


class MemberChanges:
    """Where listeners that may have changed a member's settings say so, and where the views
    that show those settings (App Home) hear about it. Listeners must return at once: the
    one on App Home hands its Slack call to a background worker."""

    def __init__(self) -> None:
        self._listeners: list[ChangeListener] = []

    def listen(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def notify(
        self, client: WebClient, *, team_id: str, user_id: str, before: Member | None = None
    ) -> None:
        if not team_id or not user_id:
            return
        for listener in self._listeners:
            listener(client, team_id, user_id, before)


@dataclass(frozen=True)
class Deps:
    settings: Settings
    store: Store
    clock: Clock
    catalog: Catalog
    metrics: Metrics
    jobs: JobRegistry
    # Lazy listeners and ticks in flight (`Runtime.wait_idle`).
    busy: Busy = field(default_factory=Busy)
    member_changes: MemberChanges = field(default_factory=MemberChanges)
