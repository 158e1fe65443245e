"""What the demo records for its pages: moments (the scenes), and in each, what people did,
what Balance Bot showed to whom and where, and the narrator's notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# Where something is seen: a channel (a post, or an ephemeral message in it), the member's
# DM with Balance Bot (its Messages tab), a modal, or the App Home tab.
Place = Literal["channel", "dm", "modal", "home"]
ActKind = Literal["typed", "clicked", "posted", "opened_home", "did"]


@dataclass(frozen=True)
class Act:
    """Something a person did. `text` is the command, the button label, the message posted,
    or (kind "did") a free description."""

    when: str
    who: str
    kind: ActKind
    text: str
    place: Place
    channel: str = ""


@dataclass(frozen=True)
class Shown:
    """A message or view from Balance Bot. `viewer` None: everyone in the channel sees it."""

    when: str
    viewer: str | None
    place: Place
    payload: dict[str, Any]
    ephemeral: bool = False
    channel: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)  # a modal's entered values


@dataclass(frozen=True)
class Note:
    text: str


Event = Act | Shown | Note


@dataclass
class Moment:
    title: str
    events: list[Event] = field(default_factory=list)
