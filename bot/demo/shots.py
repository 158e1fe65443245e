"""PNG screenshots of chosen moments of the demo page, for the user and admin guides.

Each shot is a CSS selector for one frame (what one person sees in one place), chosen by what
the frame holds rather than by its words, so the same selectors work for English and Spanish.
Add a shot here and re-run `docs/images/update.sh` to refresh every guide image.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image  # Pillow comes with matplotlib

from bot.demo.browser import Browser

SHOTS: dict[str, str] = {
    # A member's Home tab.
    "app-home": ".frame-home",
    # A break nudge, the click, and the nudge confirming the choice.
    "nudge": '.frame-dm:has([data-delivery="nudge"] [data-action-id="breaks.took_it"])',
    # The private notice to someone who mentioned a colleague who is off shift.
    "off-shift-notice": '.frame-channel:has([data-action-id^="quiet.remind"])',
    # The note a member gets when their shift ends.
    "end-of-shift": '.frame-dm:has([data-delivery="eos"])',
    # The pulse as posted in the team's channel.
    "pulse-post": '.frame-channel:has([data-action-id="pulse.answer"])',
    # The anonymous answer form.
    "pulse-form": ".modal:has([data-block-id^='q:'])",
    # The form refusing a comment that names a patient.
    "pulse-refused": ".modal:has(.input-error)",
    # The pulse set-up form (admins and managers).
    "pulse-setup": ".modal:has([data-block-id='threshold'])",
    # Results with the trend chart, as the manager gets them.
    "pulse-results": ".frame-dm:has(.file-image)",
}


def compact(path: Path, colours: int = 128) -> Path:
    """Keep a screenshot small: a palette PNG (flat UI colours survive; about a third of the
    bytes)."""
    with Image.open(path) as shot:
        small = shot.convert("RGB").quantize(
            colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)
    return path


def take_screenshots(
    page: Path, folder: Path, *, chromium: str, shots: dict[str, str] | None = None
) -> list[Path]:
    """One PNG per shot in `folder`, cropped to the frame (and a few pixels around it)."""
    folder.mkdir(parents=True, exist_ok=True)
    taken: list[Path] = []
    with Browser(chromium) as browser:
        tab = browser.open(page.resolve().as_uri(), width=760)
        for name, selector in (shots or SHOTS).items():
            taken.append(compact(tab.screenshot(folder / f"{name}.png", selector, margin=6)))
    return taken
