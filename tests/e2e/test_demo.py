"""`balance-bot demo` plays the exchange a person would see, from the real process."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import BALANCE_BOT, clean_env

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                "/balance help",
                "Balance Bot commands",
                "Your Balance Bot settings",
                "/balance tip senior",
                "Another tip",
                "/balance faq weekends",
                "Home tab",
                "Tip of the day",
                "Got it: Mon–Fri 8:00 AM–12:00 PM, 1:00 PM–5:00 PM.",
                "DM to Ben",
                "clicks [ Snooze 10 min ]",
                "clicks [ Took it ]",
                "Your choice",
                "Do Not Disturb",
                # The lunch DM (its wording is picked from the catalog by the nudge's key).
                ("Lunch time:", "lunch starts now", "Lunch break,"),
                "Carla is off shift",
                "Remind me when they're back",
                "Carla is back on shift",
                "Your shift is over",
                "Your week",
                "sets up the weekly team pulse",
                "Weekly team pulse",
                "answers anonymously",
                "A friendly reminder",
                "Not enough answers to keep them anonymous",
                "Participation: 5 of 5 members answered",
                "trend chart was uploaded",
                "sent twice: 0",
            ],
        ),
        (
            "es",
            [
                "Comandos de Balance Bot",
                "Tus ajustes de Balance Bot",
                "Consejo del día",
                "sent twice: 0",
            ],
        ),
    ],
)
def test_demo_transcript(tmp_path: Path, lang: str, expected: list[str | tuple[str, ...]]) -> None:
    result = subprocess.run(
        [BALANCE_BOT, "demo", "--lang", lang, "--out", str(tmp_path / "out")],
        env=clean_env(COLUMNS="100"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    transcript = (tmp_path / "out" / "transcript.txt").read_text()
    for moment in expected:
        assert any(m in transcript for m in ((moment,) if isinstance(moment, str) else moment))
    chart = tmp_path / "out" / "pulse-trend.png"
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "Traceback" not in result.stdout + result.stderr
