"""Play a clinic day on a fast virtual clock: the real app (same handlers, rules, store, outbox
and dispatcher) on a temporary SQLite database, against the built-in Slack sandbox, over real
loopback HTTP. What people would see is printed as it happens."""

from __future__ import annotations

import logging
import random
import secrets
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from bot.clock import ManualClock
from bot.config import Settings
from bot.demo.clinic import CHANNEL, CHICAGO, CLINIC, Clinic, Person, button_value, elements
from bot.demo.html import write_page
from bot.demo.pulse_weeks import play_pulse
from bot.demo.render import Transcript
from bot.demo.shots import take_screenshots
from bot.runtime import build_runtime
from bot.sandbox import SlackSandbox, SlackSender
from bot.web import Edge, ServerThread, create_web

NAMES = {**{p.user_id: p.name for p in CLINIC}, CHANNEL: "front-desk"}
# Monday 30 November 2026 at the front desk in Chicago.
DAY = datetime(2026, 11, 30, tzinfo=CHICAGO)


ANA_ASKS_CARLA = {
    "en": "<@U0CARLA> can you call back Mrs. Lee's insurance about tomorrow's claim?",
    "es": "<@U0CARLA> ¿puedes llamar al seguro de la Sra. Lee por el reclamo de mañana?",
}


def at(hour: int, minute: int = 0) -> datetime:
    return DAY.replace(hour=hour, minute=minute)


def morning(clinic: Clinic) -> None:
    clinic.out.scene("Monday 07:50 — the team sets up Balance Bot")
    clinic.say("Ana", "help")
    for person in CLINIC:
        if person.level:
            clinic.say(person.name, f"level {person.level}", show=person.name == "Ben")
        if person.shift:
            clinic.say(person.name, f"shift {person.shift}", show=person.name in ("Ana", "Carla"))
    clinic.say("Ben", "breaks lunch 12:30 30m")
    clinic.say("Ben", "status")
    clinic.out.scene("Tips for different levels, and a common question")
    tip = clinic.say("Carla", "tip senior")
    clinic.click("Carla", "Another tip", "tips.another", button_value(tip, "tips.another"))
    clinic.say("Ana", "tip boundaries")
    clinic.say("Ben", "faq weekends")


class Reactions:
    """How each person answers their nudges: scripted moments, the rest by the day's seed."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic
        self.ben_snoozed = False

    def __call__(self, person: Person, dm: dict[str, Any]) -> None:
        actions = {e.get("action_id") for e in elements(dm)}
        if "breaks.took_it" not in actions:
            return
        if person.name == "Ben" and not self.ben_snoozed:
            self.ben_snoozed = True
            self.clinic.click_dm("Ben", dm, "Snooze 10 min", "breaks.snooze.10")
        elif self.clinic.rng.random() < 0.8:
            self.clinic.click_dm(person.name, dm, "Took it", "breaks.took_it")
        else:
            self.clinic.click_dm(person.name, dm, "Skip", "breaks.skip")


def clinic_day(clinic: Clinic) -> None:
    react = Reactions(clinic)
    clinic.out.scene("Monday — break nudges inside each person's own shift")
    clinic.run_until(at(10, 50), on_dm=react)
    maria = clinic.people["Maria"]
    dnd_end = at(11, 12)
    clinic.slack.set_dnd(
        maria.user_id,
        True,
        next_dnd_start_ts=int(at(10, 50).timestamp()),
        next_dnd_end_ts=int(dnd_end.timestamp()),
    )
    clinic.out.note(
        f"{clinic.local(maria)}  Maria turns on Do Not Disturb until 11:12 "
        "(a call with the billing office): her 11:00 nudge waits"
    )
    clinic.run_until(at(11, 15), on_dm=react)
    clinic.slack.set_dnd(maria.user_id, False)
    clinic.run_until(at(13, 30), on_dm=react)
    clinic.out.scene("Monday afternoon — a message to a colleague who is off shift")
    notice = clinic.post("Ana", clinic.said(ANA_ASKS_CARLA))
    if notice is not None:
        clinic.click_ephemeral("Ana", notice, "Remind me when they're back", "quiet.remind")
    clinic.run_until(at(17, 10), on_dm=react)
    clinic.out.scene("Evening — Carla's shift in Denver")
    clinic.run_until(at(23, 10), on_dm=react)
    clinic.open_home("Ben")


def summary(clinic: Clinic) -> None:
    clinic.out.scene("The day in numbers")
    delivered = [
        m
        for m in clinic.slack.messages()
        if (m.get("metadata") or {}).get("event_type") == "balance_delivery"
    ]
    ids = Counter(m["metadata"]["event_payload"]["delivery_id"] for m in delivered)
    kinds = Counter(key.split(":", 1)[0] for key in ids)
    counts = clinic.runtime.deps.store.outbox.status_counts()
    clinic.out.note(
        f"messages delivered: {len(delivered)} ({dict(kinds)}); "
        f"sent twice: {sum(1 for n in ids.values() if n > 1)}"
    )
    clinic.out.note(
        f"outbox: {dict(sorted(counts.items()))} — expired rows are nudges for the days the demo "
        "skipped over: they are dropped, never sent late"
    )
    ephemerals = len(clinic.slack.ephemerals(CHANNEL))
    clinic.out.note(
        f"private off-shift notices: {ephemerals}; Slack profile look-ups: "
        f"{len(clinic.slack.calls('users.info'))} (the bot remembers time zones and languages)"
    )


@contextmanager
def running_clinic(*, lang: str, seed: int, speed: float, workdir: Path) -> Iterator[Clinic]:
    start = at(7, 50).astimezone(ZoneInfo("UTC"))
    clock = ManualClock(start)
    locale = "es-MX" if lang == "es" else "en-US"
    with SlackSandbox() as slack:
        for person in CLINIC:
            slack.add_user(
                person.user_id,
                name=person.name.lower(),
                real_name=f"{person.name} ({person.role})",
                tz=person.tz,
                locale=locale,
                is_admin=person.name == "Maria",
            )
        slack.add_channel(CHANNEL, "front-desk", members=[p.user_id for p in CLINIC])
        settings = Settings(
            _env_file=None,
            slack_bot_token=slack.bot_token,
            slack_signing_secret=slack.signing_secret,
            slack_api_url=slack.api_url,
            database_url=f"sqlite:///{workdir / 'demo.db'}",
            log_level="WARNING",
            pulse_secret=SecretStr(secrets.token_urlsafe(32)),  # a new one each run
        )
        runtime = build_runtime(settings, mode="http", clock=clock)
        web = create_web(
            bolt_app=runtime.app,
            metrics=runtime.deps.metrics,
            health=runtime.health,
            edge=Edge.from_settings(runtime.settings),
        )
        with (
            ServerThread(web) as server,
            SlackSender(
                f"{server.url}/slack/events", slack.signing_secret, sandbox=slack
            ) as sender,
        ):
            try:
                yield Clinic(
                    slack=slack,
                    runtime=runtime,
                    sender=sender,
                    clock=clock,
                    out=Transcript(names=NAMES),
                    rng=random.Random(seed),
                    speed=speed,
                    lang=lang,
                )
            finally:
                runtime.dispatcher.stop()
                runtime.deps.store.close()


def run_demo(
    *,
    lang: str = "en",
    out: Path | None = None,
    seed: int = 1,
    speed: float = 0.0,
    chromium: str | None = None,
) -> Transcript:
    """Play the demo; with `out`, keep the transcript (text and HTML) there, and with
    `chromium`, PNGs of chosen moments in `out/screenshots`."""
    logging.basicConfig(level=logging.ERROR)
    with (
        tempfile.TemporaryDirectory(prefix="balance-demo-") as tmp,
        running_clinic(lang=lang, seed=seed, speed=speed, workdir=Path(tmp)) as clinic,
    ):
        morning(clinic)
        clinic_day(clinic)
        play_pulse(clinic, out)
        summary(clinic)
        transcript = clinic.out
        files = {str(u["file_id"]): bytes(u["data"]) for u in clinic.slack.uploads() if u["data"]}
        catalog = clinic.runtime.deps.catalog
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "transcript.txt").write_text(transcript.text(), encoding="utf-8")
        page = write_page(
            out / "transcript.html",
            transcript.moments,
            lang="es" if lang == "es" else "en",
            names=NAMES,
            files=files,
            default_channel=CHANNEL,
            catalog=catalog,
        )
        transcript.console.print(f"Transcript saved to {out / 'transcript.txt'} and {page}")
        if chromium is not None:
            taken = take_screenshots(page, out / "screenshots", chromium=chromium)
            transcript.console.print(f"{len(taken)} screenshots saved to {out / 'screenshots'}")
    return transcript
