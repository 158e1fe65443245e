"""Play a short clinic exchange: the real app (same handlers, store, outbox, dispatcher) on a
temporary SQLite database, against the built-in Slack sandbox, over real loopback HTTP."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.config import Settings
from bot.demo.render import Transcript
from bot.runtime import Runtime, build_runtime
from bot.sandbox import SlackSandbox, SlackSender
from bot.web import ServerThread, create_web

CHICAGO = ZoneInfo("America/Chicago")
# Monday 30 November 2026, 08:55 at the front desk in Chicago.
START = datetime(2026, 11, 30, 8, 55, tzinfo=CHICAGO)


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    role: str
    tz: str


CLINIC = (
    Person("U0ANA", "Ana", "entry-level MOA", "America/Chicago"),
    Person("U0BEN", "Ben", "mid-level MOA", "America/Chicago"),
    Person("U0CARLA", "Carla", "senior MOA", "America/Denver"),
    Person("U0MARIA", "Maria", "practice manager", "America/Chicago"),
)


class Clinic:
    """The people of a small clinic, talking to Balance Bot through the sandbox."""

    def __init__(self, slack: SlackSandbox, runtime: Runtime, sender: SlackSender,
                 clock: ManualClock, out: Transcript) -> None:
        self.slack, self.runtime, self.sender, self.clock, self.out = (
            slack, runtime, sender, clock, out)
        self.people = {p.name: p for p in CLINIC}

    def local(self, who: Person) -> str:
        return self.clock.now().astimezone(ZoneInfo(who.tz)).strftime("%a %H:%M")

    def say(self, name: str, text: str) -> dict[str, Any]:
        who = self.people[name]
        self.out.person(self.local(who), who.name, f"types  /balance {text}".rstrip())
        payload = self.sender.command(who.user_id, text).payload()
        self.out.bot(self.local(who), "only visible to you", payload)
        return payload

    def click(self, name: str, label: str, action_id: str, value: str) -> dict[str, Any]:
        who = self.people[name]
        self.out.person(self.local(who), who.name, f"clicks [ {label} ]")
        before = len(self.slack.responses())
        self.sender.block_action(who.user_id, action_id, value, channel_id="C0FRONTDESK")
        self.slack.wait_for(lambda: len(self.slack.responses()) > before, timeout=10)
        payload: dict[str, Any] = self.slack.responses()[-1]["body"]
        self.out.bot(self.local(who), "only visible to you", payload)
        return payload

    def open_home(self, name: str) -> None:
        who = self.people[name]
        self.out.person(self.local(who), who.name, "opens Balance Bot's Home tab")
        before = len(self.slack.views_published(who.user_id))
        self.sender.event({"type": "app_home_opened", "user": who.user_id,
                           "channel": f"D{who.user_id[1:]}", "tab": "home"})
        self.slack.wait_for(lambda: len(self.slack.views_published(who.user_id)) > before)
        self.out.bot(self.local(who), "Home tab", self.slack.views_published(who.user_id)[-1])

    def later(self, minutes: int) -> None:
        self.clock.advance(timedelta(minutes=minutes))

    def at(self, hour: int, minute: int = 0) -> None:
        """Move the clinic's clock to a time today (Chicago) and let the scheduler tick."""
        day = self.clock.now().astimezone(CHICAGO)
        self.clock.set(day.replace(hour=hour, minute=minute))
        self.runtime.ticker.run_once()

    def dms(self, name: str, since: int) -> list[dict[str, Any]]:
        """New direct messages Balance Bot sent to someone, shown as they arrive."""
        who = self.people[name]
        new = self.slack.messages(who.user_id)[since:]
        for dm in new:
            self.out.bot(self.local(who), f"DM to {who.name}", dm)
        return new

    def click_dm(self, name: str, dm: dict[str, Any], label: str, action_id: str) -> None:
        who = self.people[name]
        self.out.person(self.local(who), who.name, f"clicks [ {label} ]")
        value = button_value(dm, action_id)
        self.sender.block_action(who.user_id, action_id, value, message=dm,
                                 channel_id=dm["channel"])
        self.slack.wait_for(lambda: any(
            m["ts"] == dm["ts"] and m.get("blocks") != dm.get("blocks")
            for m in self.slack.messages(who.user_id)), timeout=10)
        updated = next(m for m in self.slack.messages(who.user_id) if m["ts"] == dm["ts"])
        self.out.bot(self.local(who), "the nudge updates", updated)

    def post_in_channel(self, name: str, text: str) -> None:
        who = self.people[name]
        self.out.person(self.local(who), who.name, f"posts in #front-desk: {text}")
        ts = f"{self.clock.now().timestamp():.6f}"
        before = len(self.slack.ephemerals("C0FRONTDESK", who.user_id))
        self.sender.event({"type": "message", "channel": "C0FRONTDESK", "user": who.user_id,
                           "text": text, "ts": ts, "channel_type": "channel"})
        self.slack.wait_for(
            lambda: len(self.slack.ephemerals("C0FRONTDESK", who.user_id)) > before, timeout=10)
        notice = self.slack.ephemerals("C0FRONTDESK", who.user_id)[-1]
        self.out.bot(self.local(who), "only visible to you", notice)


def button_value(payload: dict[str, Any], action_id: str) -> str:
    for block in payload.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return str(element.get("value", ""))
    raise LookupError(action_id)


def play(clinic: Clinic) -> None:
    out = clinic.out
    out.scene("Monday morning at the front desk")
    clinic.say("Ana", "help")
    clinic.later(2)
    clinic.say("Ben", "level mid")
    clinic.say("Ben", "status")
    out.scene("Tips for different levels")
    tip = clinic.say("Carla", "tip senior")
    clinic.click("Carla", "Another tip", "tips.another", button_value(tip, "tips.another"))
    clinic.say("Ana", "level entry")
    clinic.say("Ana", "tip boundaries")
    out.scene("A common question")
    clinic.say("Ben", "faq weekends")
    out.scene("Shifts and break nudges")
    clinic.say("Ben", "shift mon-fri 09:00-17:00")
    clinic.say("Carla", "shift mon-fri 07:00-15:00")
    clinic.at(10, 36)
    [nudge] = clinic.dms("Ben", 0)
    clinic.click_dm("Ben", nudge, "Snooze 10 min", "breaks.snooze.10")
    clinic.at(10, 47)
    [again] = clinic.dms("Ben", 1)
    clinic.click_dm("Ben", again, "Took it", "breaks.took_it")
    out.scene("After hours")
    clinic.at(16, 30)
    clinic.post_in_channel("Ana", "<@U0CARLA> can you check tomorrow's insurance callbacks?")
    clinic.at(17, 6)
    clinic.dms("Ben", 2)
    clinic.open_home("Ben")


@contextmanager
def running_clinic(lang: str, workdir: Path) -> Iterator[Clinic]:
    clock = ManualClock(START.astimezone(ZoneInfo("UTC")))
    locale = "es-MX" if lang == "es" else "en-US"
    with SlackSandbox() as slack:
        for person in CLINIC:
            slack.add_user(person.user_id, name=person.name.lower(),
                           real_name=f"{person.name} ({person.role})", tz=person.tz,
                           locale=locale, is_admin=person.name == "Maria")
        slack.add_channel("C0FRONTDESK", "front-desk", members=[p.user_id for p in CLINIC])
        settings = Settings(
            _env_file=None, slack_bot_token=slack.bot_token,
            slack_signing_secret=slack.signing_secret, slack_api_url=slack.api_url,
            database_url=f"sqlite:///{workdir / 'demo.db'}", log_level="WARNING",
        )
        runtime = build_runtime(settings, mode="http", clock=clock)
        web = create_web(bolt_app=runtime.app, metrics=runtime.deps.metrics,
                         health=runtime.health)
        with ServerThread(web) as server, SlackSender(
            f"{server.url}/slack/events", slack.signing_secret, sandbox=slack
        ) as sender:
            try:
                yield Clinic(slack, runtime, sender, clock, Transcript())
            finally:
                runtime.dispatcher.stop()
                runtime.deps.store.close()


def run_demo(*, lang: str = "en", out: Path | None = None) -> Transcript:
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="balance-demo-") as tmp, running_clinic(
        lang, Path(tmp)
    ) as clinic:
        play(clinic)
        transcript = clinic.out
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "transcript.txt").write_text(transcript.text(), encoding="utf-8")
        transcript.console.print(f"Transcript saved to {out / 'transcript.txt'}")
    return transcript
