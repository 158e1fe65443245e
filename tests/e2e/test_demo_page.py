"""`balance-bot demo --out DIR --screenshots`, from the real process: the HTML transcript
opens in headless Chromium (Debian's package) with every moment of the demo drawn, nothing
loaded from outside, and the screenshots for the guides are real pictures."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageStat

from bot.demo.browser import Browser, find_chromium
from bot.demo.shots import SHOTS
from tests.e2e.conftest import BALANCE_BOT, clean_env

pytestmark = pytest.mark.e2e

# .ci/run installs Chromium and CI sets CI=true: there a missing browser is a failure.
NO_CHROMIUM = "Chromium is not installed (Debian: apt-get install chromium); CI installs it"


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {NO_CHROMIUM}")
        pytest.skip(NO_CHROMIUM)
    return found


@pytest.fixture(scope="module")
def demo(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "out"
    result = subprocess.run(
        [BALANCE_BOT, "demo", "--out", str(out), "--screenshots", "--chromium", chromium],
        env=clean_env(COLUMNS="100"),
        cwd=out.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return out


def scenes(transcript: str) -> list[tuple[str, int, int]]:
    """Each scene of the text transcript: its title, how many things Balance Bot showed, and
    how many buttons those carried (`[ label ]` in the bot's lines)."""
    found: list[tuple[str, int, int]] = []
    for chunk in transcript.split("\n=== ")[1:]:
        title, _, body = chunk.partition(" ===\n")
        shown = re.findall(r"^\S.*?  Balance Bot \(", body, re.M)
        buttons = sum(line.count("[ ") for line in body.splitlines() if line.startswith("      [ "))
        found.append((title, len(shown), buttons))
    return found


# For each moment: its title, what the app showed (messages, modals, Home tabs), the buttons
# on them, and how much of them the browser actually laid out.
MOMENTS_JS = """
[...document.querySelectorAll('section.moment')].map(s => ({
  id: s.id,
  title: s.querySelector('h2').textContent,
  shown: s.querySelectorAll('.msg[data-from="app"], .modal, .home').length,
  buttons: s.querySelectorAll(
    '.msg[data-from="app"] button, .home button, .modal-body button').length,
  drawn: [...s.querySelectorAll('.msg[data-from="app"], .modal, .home')]
    .filter(e => e.getBoundingClientRect().height > 20 && e.getBoundingClientRect().width > 200)
    .length,
  laidOutButtons: [...s.querySelectorAll('button')]
    .filter(b => b.getBoundingClientRect().width > 10 && b.getBoundingClientRect().height > 10)
    .length,
  allButtons: s.querySelectorAll('button').length,
  linked: !!document.querySelector(`nav a[href="#${s.id}"]`),
}))
"""


def test_page_renders_every_moment(demo: Path, chromium: str) -> None:
    expected = scenes((demo / "transcript.txt").read_text(encoding="utf-8"))
    assert len(expected) >= 10 and sum(n for _, n, _ in expected) > 50
    with Browser(chromium) as browser:
        tab = browser.open((demo / "transcript.html").as_uri(), width=1280)
        moments: list[dict[str, Any]] = tab.evaluate(MOMENTS_JS)
        images = tab.evaluate(
            "[...document.images].map(i => [i.complete, i.naturalWidth, i.src.slice(0, 22)])"
        )
        urls = tab.requested_urls()
        full = tab.evaluate("document.documentElement.scrollHeight")
    assert [m["title"] for m in moments] == [t for t, _, _ in expected]
    for moment, (title, shown, buttons) in zip(moments, expected, strict=True):
        assert moment["shown"] == shown, title
        assert moment["drawn"] == shown, title
        assert moment["buttons"] == buttons, title
        assert moment["laidOutButtons"] == moment["allButtons"], title
        assert moment["linked"], title
    assert sum(m["buttons"] for m in moments) > 50
    # The pulse chart, embedded and decoded by the browser.
    assert images and all(done and width > 100 for done, width, _ in images)
    assert {src for _, _, src in images} == {"data:image/png;base64,"}
    assert all(u.startswith(("file://", "data:")) for u in urls), urls
    assert full > 5000


def test_screenshots_of_chosen_moments(demo: Path) -> None:
    folder = demo / "screenshots"
    assert sorted(p.stem for p in folder.glob("*.png")) == sorted(SHOTS)
    for name in SHOTS:
        with Image.open(folder / f"{name}.png") as image:
            width, height = image.size
            assert 300 < width < 900 and 80 < height < 2400, (name, image.size)
            pixels = image.convert("RGB")
            colours = pixels.getcolors(maxcolors=1 << 16)
            assert colours is None or len(colours) > 50, name  # text and buttons, not blank
            assert max(ImageStat.Stat(pixels).stddev) > 20, name


def test_screenshots_need_out_and_a_browser(tmp_path: Path) -> None:
    no_out = subprocess.run(
        [BALANCE_BOT, "demo", "--screenshots"],
        env=clean_env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert no_out.returncode == 2 and "--screenshots needs --out DIR" in no_out.stderr
    no_browser = subprocess.run(
        [BALANCE_BOT, "demo", "--out", "x", "--screenshots", "--chromium", "no-such-browser"],
        env=clean_env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert no_browser.returncode == 2
    assert "apt-get install chromium" in no_browser.stderr
    assert "Traceback" not in no_out.stderr + no_browser.stderr
    assert not (tmp_path / "x").exists()  # refused before playing anything
