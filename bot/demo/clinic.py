"""The people of a small clinic talking to the real Balance Bot through the sandbox."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.demo.moments import Place
from bot.demo.render import Transcript
from bot.runtime import Runtime
from bot.sandbox import SlackSandbox, SlackSender

CHICAGO = ZoneInfo("America/Chicago")
CHANNEL = "C0FRONTDESK"


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    role: str
    tz: str
    level: str | None
    shift: str


CLINIC = (
    Person(
        "U0ANA",
        "Ana",
        "entry-level MOA",
        "America/Chicago",
        "entry",
        "mon-fri 08:00-12:00 13:00-17:00",
    ),
    Person("U0BEN", "Ben", "mid-level MOA", "America/Chicago", "mid", "mon-fri 09:00-17:00"),
    Person(
        "U0CARLA",
        "Carla",
        "senior MOA, evening shift",
        "America/Denver",
        "senior",
        "mon-fri 14:00-22:00",
    ),
    Person("U0MARIA", "Maria", "practice manager", "America/Chicago", None, "mon-fri 08:00-16:00"),
    # Two more of the front desk, who join in for the Friday pulse.
    Person("U0DEE", "Dee", "entry-level MOA", "America/Chicago", "entry", ""),
    Person("U0ELI", "Eli", "mid-level MOA", "America/Chicago", "mid", ""),
)


@dataclass
class Clinic:
    slack: SlackSandbox
    runtime: Runtime
    sender: SlackSender
    clock: ManualClock
    out: Transcript
    rng: random.Random
    speed: float = 0.0
    lang: str = "en"
    people: dict[str, Person] = field(default_factory=dict)
    seen_dms: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.people = {p.name: p for p in CLINIC}

    # -- time ------------------------------------------------------------------------------
    def local(self, who: Person) -> str:
        """The time on `who`'s clock, with the weekday in the demo's language."""
        now = self.clock.now().astimezone(ZoneInfo(who.tz))
        days = self.runtime.deps.catalog.ui(
            "transcript.weekdays", "es" if self.lang == "es" else "en"
        )
        return f"{days.split()[now.weekday()]} {now:%H:%M}"

    def said(self, texts: dict[str, str]) -> str:
        """What a person writes, in the demo's language."""
        return texts.get(self.lang, texts["en"])

    def set_time(self, when: datetime) -> None:
        """Jump the virtual clock (waiting `speed` real seconds per virtual hour)."""
        gap = (when - self.clock.now()).total_seconds() / 3600
        if self.speed > 0 and gap > 0:
            time.sleep(min(gap * self.speed, 5.0))
        self.clock.set(when)

    def run_until(
        self, when: datetime, *, step: timedelta = timedelta(minutes=5), on_dm: Any = None
    ) -> None:
        """Advance in steps, letting the scheduler tick and showing every DM as it arrives."""
        while self.clock.now() < when:
            self.set_time(min(self.clock.now() + step, when))
            self.runtime.ticker.run_once()
            for person in CLINIC:
                for dm in self.new_dms(person.name):
                    if on_dm is not None:
                        on_dm(person, dm)

    # -- what people see -------------------------------------------------------------------
    def new_dms(self, name: str) -> list[dict[str, Any]]:
        who = self.people[name]
        messages = self.slack.messages(who.user_id)
        start = self.seen_dms.get(name, 0)
        self.seen_dms[name] = len(messages)
        for dm in messages[start:]:
            self.out.bot(self.local(who), f"DM to {who.name}", dm, viewer=who.name, place="dm")
        return messages[start:]

    def quiet_dms(self) -> None:
        """Mark everyone's DMs so far as seen without showing them (skipped days)."""
        for person in CLINIC:
            self.seen_dms[person.name] = len(self.slack.messages(person.user_id))

    def show_dms(self, *, only: tuple[str, ...]) -> None:
        """Show new DMs whose text mentions any of `only`; mark the rest as seen."""
        for person in CLINIC:
            messages = self.slack.messages(person.user_id)
            for dm in messages[self.seen_dms.get(person.name, 0) :]:
                text = str(dm.get("text", "")).lower()
                if any(word in text for word in only):
                    where = f"DM to {person.name}"
                    self.out.bot(self.local(person), where, dm, viewer=person.name, place="dm")
            self.seen_dms[person.name] = len(messages)

    # -- what people do --------------------------------------------------------------------
    def say(self, name: str, text: str, *, show: bool = True) -> dict[str, Any]:
        who = self.people[name]
        payload = self.sender.command(who.user_id, text).payload()
        if show:
            command = f"/balance {text}".rstrip()
            self.out.person(
                self.local(who), who.name, f"types  {command}", kind="typed", text=command
            )
            self.ephemeral(who, payload)
        return payload

    def ephemeral(self, who: Person, payload: dict[str, Any]) -> None:
        """An answer only `who` sees, in #front-desk (where the demo's commands are typed)."""
        self.out.bot(
            self.local(who),
            "only visible to you",
            payload,
            viewer=who.name,
            place="channel",
            ephemeral=True,
            channel=CHANNEL,
        )

    def clicked(self, who: Person, label: str, place: Place = "channel") -> None:
        self.out.person(
            self.local(who),
            who.name,
            f"clicks [ {label} ]",
            kind="clicked",
            text=label,
            place=place,
        )

    def click(self, name: str, label: str, action_id: str, value: str) -> dict[str, Any]:
        """Click a button on an ephemeral reply; shows the answer that replaces it."""
        who = self.people[name]
        self.clicked(who, label)
        before = len(self.slack.responses())
        self.sender.block_action(who.user_id, action_id, value, channel_id=CHANNEL)
        self.slack.wait_for(lambda: len(self.slack.responses()) > before, timeout=10)
        payload: dict[str, Any] = self.slack.responses()[-1]["body"]
        self.ephemeral(who, payload)
        return payload

    def click_dm(self, name: str, dm: dict[str, Any], label: str, action_id: str) -> None:
        """Click a button on a DM (a nudge); shows the message once Balance Bot updates it."""
        who = self.people[name]
        self.clicked(who, button_label(dm, action_id) or label, place="dm")
        self.sender.block_action(
            who.user_id,
            action_id,
            button_value(dm, action_id),
            message=dm,
            channel_id=dm["channel"],
        )
        self.slack.wait_for(
            lambda: any(
                m["ts"] == dm["ts"] and m.get("blocks") != dm.get("blocks")
                for m in self.slack.messages(who.user_id)
            ),
            timeout=10,
        )
        updated = next(m for m in self.slack.messages(who.user_id) if m["ts"] == dm["ts"])
        self.out.bot(self.local(who), "the nudge updates", updated, viewer=who.name, place="dm")

    def post(self, name: str, text: str) -> dict[str, Any] | None:
        """Post in #front-desk; shows the private notice Balance Bot answers with, if any."""
        who = self.people[name]
        self.out.person(
            self.local(who),
            who.name,
            f"posts in #front-desk: {text}",
            kind="posted",
            text=text,
            channel=CHANNEL,
        )
        # Dated on the demo's clock: the notice is about when the message was written.
        ts = self.slack.add_message(
            CHANNEL, text, user=who.user_id, at=self.clock.now().timestamp()
        )
        before = len(self.slack.ephemerals(CHANNEL, who.user_id))
        self.sender.event(
            {
                "type": "message",
                "channel": CHANNEL,
                "user": who.user_id,
                "text": text,
                "ts": ts,
                "channel_type": "channel",
            }
        )
        try:
            self.slack.wait_for(
                lambda: len(self.slack.ephemerals(CHANNEL, who.user_id)) > before, timeout=5
            )
        except TimeoutError:
            return None
        notice: dict[str, Any] = self.slack.ephemerals(CHANNEL, who.user_id)[-1]
        self.ephemeral(who, notice)
        return notice

    def click_ephemeral(
        self, name: str, notice: dict[str, Any], label: str, action_prefix: str
    ) -> None:
        who = self.people[name]
        action_id, value = next(
            (e["action_id"], str(e.get("value", "")))
            for e in elements(notice)
            if str(e.get("action_id", "")).startswith(action_prefix)
        )
        self.clicked(who, button_label(notice, action_id) or label)
        before = len(self.slack.ephemerals(CHANNEL, who.user_id))
        responses = len(self.slack.responses())
        self.sender.block_action(who.user_id, action_id, value, channel_id=CHANNEL)
        self.slack.wait_for(
            lambda: (
                len(self.slack.ephemerals(CHANNEL, who.user_id)) > before
                or len(self.slack.responses()) > responses
            ),
            timeout=10,
        )
        if len(self.slack.responses()) > responses:
            self.ephemeral(who, self.slack.responses()[-1]["body"])
        else:
            self.ephemeral(who, self.slack.ephemerals(CHANNEL, who.user_id)[-1])

    def open_home(self, name: str) -> None:
        who = self.people[name]
        self.out.person(
            self.local(who),
            who.name,
            "opens Balance Bot's Home tab",
            kind="opened_home",
            place="home",
        )
        before = len(self.slack.views_published(who.user_id))
        self.sender.event(
            {
                "type": "app_home_opened",
                "user": who.user_id,
                "channel": f"D{who.user_id[1:]}",
                "tab": "home",
            }
        )
        self.slack.wait_for(lambda: len(self.slack.views_published(who.user_id)) > before)
        home = self.slack.views_published(who.user_id)[-1]
        self.out.bot(self.local(who), "Home tab", home, viewer=who.name, place="home")


def elements(payload: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for block in payload.get("blocks") or []:
        found.extend(block.get("elements") or [])
        if isinstance(block.get("accessory"), dict):
            found.append(block["accessory"])
    return found


def button_label(payload: dict[str, Any], action_id: str) -> str | None:
    """The label on a button as the member sees it (in their language)."""
    for element in elements(payload):
        if element.get("action_id") == action_id:
            return str((element.get("text") or {}).get("text") or "") or None
    return None


def button_value(payload: dict[str, Any], action_id: str) -> str:
    for element in elements(payload):
        if element.get("action_id") == action_id:
            return str(element.get("value", ""))
    raise LookupError(action_id)
