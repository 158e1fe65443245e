"""Pulse Block Kit passes Slack's checks (the sandbox's validators) in both languages, and the
trend chart is a PNG with a text fallback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.features.pulse import chart, service, views, views_home, views_results, views_setup
from bot.sandbox.blockkit import check_message_blocks, check_view
from bot.store.pulse import Round, RoundTallies, Signals, Tally
from content import builtin_catalog
from content.models import Lang
from tests.content import spanish_samples as samples

CAT = builtin_catalog()
NOW = datetime(2026, 12, 4, 20, tzinfo=UTC)
QUESTIONS = ("workload-manageable", "stress-coping", "lunch-away", "next-week-better")


def rnd(week: int = 0) -> Round:
    opens = NOW + timedelta(weeks=week)
    return Round(
        id=7 + week,
        team_id="T1",
        channel_id="C1",
        week=f"2026-W{49 + week}",
        status="closed",
        opens_at=opens,
        closes_at=opens + timedelta(hours=72),
        closed_at=None,
        questions=QUESTIONS,
        threshold=5,
        responses=6,
        message_ts=None,
        reminded=False,
    )


def results(weeks: int = 3) -> service.Results:
    series = [
        (
            rnd(w),
            RoundTallies(
                responses=6,
                questions={
                    "workload-manageable": Tally(6, 24 - 3 * w),
                    "stress-coping": Tally(6, 18 - 2 * w),
                    "lunch-away": Tally(6, 3, 3),
                },
                comments=("Good week", "Busy Monday"),
            ),
        )
        for w in range(weeks)
    ]
    kinds = {q.id: q.kind for q in CAT.pulse_questions()}
    factors = {q.id: q.factor for q in CAT.pulse_questions()}
    return service.build_results(
        series[-1],
        series[:-1][::-1],
        kinds=kinds,
        factors=factors,
        threshold=5,
        members=8,
        signals=Signals(scheduled=8, breaks_taken_percent=70, notices=2),
    )


@pytest.mark.parametrize("lang", ["en", "es"])
def test_modals_and_messages_pass_block_kit_checks(lang: Lang) -> None:
    round_ = rnd()
    qs = [CAT.pulse_question(q) for q in QUESTIONS]
    assert check_view(views.answer_modal(CAT, lang, round_, qs)) == []
    setup = views_setup.setup_modal(
        CAT,
        lang,
        config=None,
        channel_id="C1",
        tz="America/Chicago",
        user_id="U1",
        bank=CAT.pulse_questions(),
    )
    assert check_view(setup) == []
    for payload in (
        views.poll_message(CAT, lang, round_, tz="America/Chicago", now=NOW),
        views.reminder_dm(CAT, lang, round_, channel_id="C1", tz="UTC", now=NOW),
        views_results.results_message(CAT, lang, results(), channel_id="C1"),
    ):
        assert check_message_blocks(payload["blocks"]) == []
    home = views_home.manager_blocks(CAT, lang, [samples.board(CAT)], can_setup=True)
    assert check_view({"type": "home", "blocks": home}) == []


def test_results_text_has_changes_trend_signals_and_the_alert() -> None:
    text = "\n".join(
        b["text"]["text"]
        for b in views_results.results_message(CAT, "en", results(), channel_id="C1")["blocks"]
        if b.get("type") == "section"
    )
    assert "*Participation:* 6 of 8 members answered (75%)." in text
    assert "*Workload*: 3.0 / 5 (▼ 0.5 vs last week)" in text
    assert "• Workload: 4.0 → 3.5 → 3.0" in text
    assert "Workload, Stress got worse two weeks in a row" in text
    assert "70% of break nudges taken · off-shift notices sent: 2" in text
    assert "> Good week" in text


def test_trend_chart_png() -> None:
    labels = {q: views.question_label(CAT, "en", q) for q in QUESTIONS}
    png = chart.render_trend(results(), labels, title="Team pulse trend")
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    assert chart.render_trend(results(weeks=1), labels, title="t") is None


def _all_text(payload: dict[str, object]) -> list[dict[str, object]]:
    return [b for b in payload["blocks"] if b.get("type") == "section"]  # type: ignore[union-attr]


def test_comments_are_inert_and_never_shared_with_the_channel() -> None:
    nasty = (
        "<!channel> urgent <https://evil.example|https://app.slack.com/pulse>\n"
        "• *Workload*: 5.0 / 5 <@U0BOSS> `code` ~x~ _y_"
    )
    found = results()
    found = service.Results(**{**found.__dict__, "comments": (nasty,)})
    dm = views_results.results_message(CAT, "en", found, channel_id="C1")
    [quoted] = [b for b in _all_text(dm) if b["text"]["text"].startswith("> ")]
    text = quoted["text"]["text"]
    assert quoted["text"]["verbatim"] is True
    assert "\n" not in text and "<" not in text[1:] and "*" not in text and "`" not in text
    assert "&lt;!channel&gt;" in text and "&lt;@U0BOSS&gt;" in text
    assert "https://" not in text  # shown, but no client turns it into a link
    shared = views_results.results_message(CAT, "en", found, channel_id="C1", shared=True)
    blob = str(shared)
    assert "evil" not in blob and "urgent" not in blob
    assert "Comments go only to the people who receive" in blob
