"""Sample arguments for every view builder, by parameter name, so the Spanish test can call each
builder it discovers. A builder with a parameter not listed here fails the test by name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.features.breaks.service import NudgeRef, TodayPlan
from bot.features.pulse import board as pulse_board
from bot.features.pulse import forms, service
from bot.features.pulse import views as pulse_views
from bot.features.quiet.views import FollowUpItem, OffColleague
from bot.features.settings.service import SettingsForm
from bot.features.workflows.service import Standing, StepError
from bot.schedule import OffShift
from bot.schedule.grammar_times import GrammarError
from bot.schedule.grammar_zones import ZoneChoice
from bot.schedule.models import BreakPrefs, ShiftRule, TimeOff, WeeklySchedule
from bot.schedule.nudges import PlannedNudge
from bot.store.members import Member
from bot.store.pulse import Round, RoundTallies, Signals, Tally
from bot.store.pulse_models import PulseConfig
from content import Catalog

NOW = datetime(2026, 12, 4, 15, tzinfo=UTC)  # a Friday
TZ = "America/Mexico_City"
QUESTIONS = ("workload-manageable", "stress-coping", "lunch-away", "next-week-better")


def pulse_round(week: int = 0) -> Round:
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


def results(catalog: Catalog) -> service.Results:
    series = [
        (
            pulse_round(w),
            RoundTallies(
                responses=6,
                questions={
                    "workload-manageable": Tally(6, 24 - 3 * w),
                    "stress-coping": Tally(6, 18 - 2 * w),
                    "lunch-away": Tally(6, 3, 3),
                },
                comments=("Semana tranquila", "Lunes pesado"),
            ),
        )
        for w in range(3)
    ]
    kinds = {q.id: q.kind for q in catalog.pulse_questions()}
    factors = {q.id: q.factor for q in catalog.pulse_questions()}
    return service.build_results(
        series[-1],
        series[:-1][::-1],
        kinds=kinds,
        factors=factors,
        threshold=5,
        members=8,
        signals=Signals(scheduled=8, breaks_taken_percent=70, notices=2),
    )


def board(catalog: Catalog) -> pulse_board.Board:
    """Three weeks of one channel: two with figures and one below the threshold."""
    latest = results(catalog)
    weeks = tuple(
        pulse_board.Week(week=p.week, eligible=p.eligible, responses=6, members=8, values=p.values)
        for p in latest.trend
    )
    low = pulse_board.Week(week="2026-W48", eligible=False, responses=2, members=8, values={})
    return pulse_board.Board(
        channel_id="C1",
        weeks=(low, *weeks),
        questions=tuple(q.id for q in latest.questions),
        kinds=latest.kinds,
        latest=latest,
    )


def _off(reason: str, *, back: bool = True) -> OffShift:
    return OffShift(
        reason=reason,
        back_at=NOW + timedelta(hours=17) if back else None,  # type: ignore[arg-type]
        period_key="p",
        holiday="Navidad" if reason == "holiday" else None,
        leave_until=date(2026, 12, 11) if reason == "time_off" else None,
    )


def _colleagues() -> list[OffColleague]:
    return [
        OffColleague("U2", "America/Bogota", _off(reason), NOW.date(), share_leave=True)
        for reason in ("off_shift", "time_off", "holiday", "closed")
    ] + [OffColleague("U3", TZ, _off("time_off", back=False), NOW.date(), share_leave=True)]


def _plan() -> TodayPlan:
    end = NOW + timedelta(hours=3)
    return TodayPlan(
        next_nudge=PlannedNudge(
            kind="break",
            at=NOW + timedelta(minutes=40),  # type: ignore[arg-type]
            local_date=NOW.date(),
            shift_end=end,
        ),
        lunch=PlannedNudge(
            kind="lunch",
            at=NOW + timedelta(hours=1),  # type: ignore[arg-type]
            local_date=NOW.date(),
            shift_end=end,
        ),
        shift_end=end,
    )


def by_name(catalog: Catalog) -> dict[str, Callable[[], Any]]:
    """One representative value per parameter name (callables, so each call gets a fresh one)."""
    week = WeeklySchedule(
        rules=tuple(ShiftRule(weekday=d, start=time(8), end=time(17)) for d in range(5))
    )
    member = Member(
        "T1",
        "U1",
        level="mid",
        tz=TZ,
        lang="es",
        quiet_notices=True,
        schedule=week.model_dump_json(),
        away_until=date(2026, 12, 11),
    )
    config = PulseConfig(
        team_id="T1",
        channel_id="C1",
        weekday=4,
        local_time="14:00",
        tz=TZ,
        questions=QUESTIONS,
        open_hours=72,
        threshold=5,
    )
    return {
        "catalog": lambda: catalog,
        "lang": lambda: "es",
        "days": lambda: [date(2026, 12, 24), date(2026, 12, 25)],
        "user_ids": lambda: ["U2", "U3"],
        "week": lambda: week,
        "changed": lambda: frozenset({0, 1}),
        "tz": lambda: TZ,
        "sender_tz": lambda: "America/Bogota",
        "now": lambda: NOW,
        "restore": lambda: "shift clear",
        "problem": lambda: GrammarError("date.bad", text="el lunes 35"),
        "usage_key": lambda: "shift.usage",
        "choice": lambda: ZoneChoice(TZ, "city"),
        "before": lambda: BreakPrefs(),
        "after": lambda: BreakPrefs(cadence_minutes=60, lunch=time(13), lunch_minutes=45),
        "prefs": lambda: BreakPrefs(lunch=time(13)),
        "time_off": lambda: TimeOff(start=date(2026, 12, 7), end=date(2026, 12, 11)),
        "was_away": lambda: True,
        "ref": lambda: NudgeRef("T1", "U1", NOW.date(), "10:30"),
        "lunch_minutes": lambda: 30,
        "original": lambda: None,
        "minutes": lambda: 10,
        "counts": lambda: {"took_it": 4, "snoozed": 2, "skipped": 1, "natural": 3},
        "plan": lambda: _plan(),
        "zone": lambda: ZoneInfo(TZ),
        "word": lambda: "bailar",
        "member": lambda: member,
        "extra": lambda: None,
        "level": lambda: "mid",
        "question_id": lambda: "workload-manageable",
        "round_id": lambda: 7,
        "round_": lambda: pulse_round(),
        "channel_id": lambda: "C1",
        "questions": lambda: [catalog.pulse_question(q) for q in QUESTIONS],
        "text": lambda: catalog.ui("pulse.thanks", "es"),
        "q": lambda: service.QuestionResult("stress-coping", "scale", 3.5, -0.4),
        "results": lambda: results(catalog),
        "board": lambda: board(catalog),
        "boards": lambda: [board(catalog)],
        "shared": lambda: True,
        "can_setup": lambda: True,
        "config": lambda: config,
        "bank": lambda: catalog.pulse_questions(),
        "user_id": lambda: "U1",
        "next_open": lambda: "el viernes a las 14:00",
        "warning": lambda: catalog.ui("pulse.thanks", "es"),
        "moment": lambda: NOW + timedelta(days=1, hours=2),
        "who": lambda: _colleagues()[0],
        "colleagues": lambda: _colleagues(),
        "channel": lambda: "C1",
        "ts": lambda: "1700000000.000100",
        "urgent_route": lambda: "llama a la ext. 200",
        "next_start": lambda: NOW + timedelta(hours=17),
        "colleague": lambda: "U2",
        "back_yours": lambda: "el lunes a las 8:00",
        "sender": lambda: "U2",
        "permalink": lambda: "https://example.slack.com/archives/C1/p1700000000000100",
        "items": lambda: [
            FollowUpItem("k1", "reminder", "U2", NOW + timedelta(hours=17), "C1", None),
            FollowUpItem(
                "k2",
                "scheduled",
                "U3",
                NOW + timedelta(hours=20),
                "C1",
                "https://example.slack.com/archives/C1/p1",
            ),
        ],
        "more": lambda: True,
        "next_shift": lambda: "el lunes a las 8:00",
        "tip": lambda: catalog.tips()[0],
        "seed": lambda: "U1:2026-12-04",
        "form": lambda: SettingsForm(
            level="mid",
            shifts="lun a vie 8-17",
            cadence="90m",
            lunch="13:00",
            lunch_length="30m",
            breaks=True,
            quiet_notices=True,
            end_of_shift=True,
        ),
        "origin": lambda: "home",
        "topic": lambda: "stress",
        "note": lambda: None,
        "typed": lambda: "unicornios",
        "faq": lambda: catalog.faqs()[0],
        "faqs": lambda: catalog.faqs(),
        "not_found": lambda: True,
        "suggestions": lambda: tuple(catalog.faqs()[:2]),
        "standings": lambda: [
            Standing("U2", _off("off_shift")),
            Standing("U3", None),
            Standing("U4", _off("holiday")),
        ],
        "names": lambda: {"U2": "Ana", "U3": "Luis", "U4": "Marta"},
        "zones": lambda: {"U2": TZ, "U3": TZ, "U4": TZ},
        "unknown": lambda: 1,
        "reply": lambda: {"text": "x", "blocks": []},
    }


def _notice_fmt(catalog: Catalog, key: str) -> dict[str, str]:
    from content.models import placeholders

    names = placeholders(catalog.ui_text(key).es) - {"channel", "closes"}
    return {name: "3" for name in names}


def variants(catalog: Catalog, qualname: str) -> Iterator[dict[str, Any]] | None:
    """Builders whose text depends on a catalog key or a kind: one call per possible value."""
    if qualname == "pulse.views.outcome_modal":
        return ({"outcome": o} for o in pulse_views.OUTCOMES)
    if qualname == "pulse.views.not_eligible_modal":
        return ({"why": w} for w in pulse_views.NOT_ELIGIBLE)
    if qualname == "pulse.views.opening_notice":
        keys = [k for k in catalog.ui_keys() if k.startswith("pulse.notice.")]
        return (
            {"reason": k.removeprefix("pulse.notice."), **_notice_fmt(catalog, k)} for k in keys
        )
    if qualname == "quiet.views.self_reminder":
        return ({"situation": s} for s in ("ended", "before", "day_off", "leave"))
    if qualname == "breaks.views.nudge_answered":
        return ({"outcome": o} for o in ("took_it", "snoozed", "skipped", "natural"))
    if qualname == "quiet.views.colleague_line":
        return ({"who": who} for who in _colleagues())
    if qualname in {"quiet.views.reminder_set", "quiet.views.scheduled_set"}:
        return iter([{"key": "k1"}])
    if qualname == "workflows.views.pulse_summary":
        keys = [k for k in catalog.ui_keys() if k.startswith("workflow.pulse.")]
        return ({"key": k} for k in keys)
    if qualname == "workflows.views.error_text":
        keys = [k for k in catalog.ui_keys() if k.startswith("workflow.error.")]
        return ({"error": StepError(k, **{n: "xyz" for n in _fmt_names(catalog, k)})} for k in keys)
    if qualname == "pulse.views.errors":
        return iter([{"problems": [forms.Problem("q:lunch-away", "pulse.answer_required")]}])
    if qualname == "settings.views.field_errors":
        return iter([{"problems": {"level": GrammarError("level.bad", text="jefa")}}])
    if qualname == "pulse.views_results.value_text":
        return iter([{"kind": "scale", "value": 3.5}, {"kind": "yesno", "value": 60.0}])
    if qualname == "breaks.views.away_saved":
        return iter([{"today": NOW.date()}])
    if qualname == "home.views.home_view":
        plan = {"today": ["Próximo recordatorio: 10:30"], "tip": [], "week": []}
        new = Member("T1", "U2", lang="es")  # nothing set up yet: the three steps
        return iter([plan, {**plan, "member": new}])
    if qualname == "profile.views.status_message":
        return iter([{"today": ["Próximo recordatorio: 10:30"]}])
    return None


def _fmt_names(catalog: Catalog, key: str) -> set[str]:
    from content.models import placeholders

    return set(placeholders(catalog.ui_text(key).es)) - {"topics"}
