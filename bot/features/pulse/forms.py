"""Read the pulse modals' submitted state into checked values, or into problems to show inside
the modal (`response_action: errors`, keyed by block id). Pure: no Slack, no store."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.features.pulse import service
from bot.privacy import screen
from bot.store.pulse import Answer, PulseConfig
from content.models import PulseQuestion

ACTION = "value"  # every input element in the pulse modals uses this action id
COMMENT_MAX = 500
SCALE_VALUES = ("1", "2", "3", "4", "5")
YESNO_VALUES = ("1", "0")


@dataclass(frozen=True)
class Problem:
    """What to tell the member under one input block: a UI key and its placeholders."""

    block_id: str
    key: str
    fmt: Mapping[str, str] = field(default_factory=dict)
    reason_key: str | None = None  # a PHI reason to localise into `{reason}`


def question_block(question_id: str) -> str:
    return f"q:{question_id}"


def _state(values: Mapping[str, Any], block_id: str) -> dict[str, Any]:
    block = values.get(block_id) or {}
    state = block.get(ACTION) if isinstance(block, dict) else None
    return state if isinstance(state, dict) else {}


def _selected(values: Mapping[str, Any], block_id: str) -> str | None:
    option = _state(values, block_id).get("selected_option") or {}
    value = option.get("value") if isinstance(option, dict) else None
    return str(value) if value is not None else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _selected_many(values: Mapping[str, Any], block_id: str) -> list[str]:
    options = _list(_state(values, block_id).get("selected_options"))
    return [str(o.get("value")) for o in options if isinstance(o, dict) and o.get("value")]


def _text(values: Mapping[str, Any], block_id: str) -> str:
    return str(_state(values, block_id).get("value") or "").strip()


def parse_answers(
    questions: Sequence[PulseQuestion], values: Mapping[str, Any]
) -> tuple[list[Answer], list[Problem]]:
    """The member's answers; a comment that looks like patient data is refused, not stored."""
    answers: list[Answer] = []
    problems: list[Problem] = []
    for q in questions:
        block = question_block(q.id)
        if q.kind == "comment":
            comment = _text(values, block)
            if not comment:
                continue
            found = screen(comment)
            if found is not None:  # quoted back to the author only: never stored or logged
                words = " · ".join(f"“{w}”" for w in found.quotes(comment))
                problems.append(
                    Problem(block, "phi.refused_words", {"words": words}, found.reason_key)
                )
            elif len(comment) > COMMENT_MAX:
                problems.append(Problem(block, "pulse.comment_too_long", {"max": str(COMMENT_MAX)}))
            else:
                answers.append(Answer(q.id, comment=comment))
            continue
        choice = _selected(values, block)
        allowed = SCALE_VALUES if q.kind == "scale" else YESNO_VALUES
        if choice is None or choice not in allowed:
            problems.append(Problem(block, "pulse.answer_required"))
        else:
            answers.append(Answer(q.id, value=int(choice)))
    return answers, problems


@dataclass(frozen=True)
class SetupForm:
    channel_id: str
    weekday: int
    local_time: str
    tz: str
    questions: tuple[str, ...]
    open_hours: int
    threshold: int
    results_users: tuple[str, ...]
    results_channel: bool
    enabled: bool
    lang: str = "en"

    def config(self, team_id: str) -> PulseConfig:
        return PulseConfig(
            team_id=team_id,
            channel_id=self.channel_id,
            weekday=self.weekday,
            local_time=self.local_time,
            tz=self.tz,
            questions=self.questions,
            open_hours=self.open_hours,
            threshold=self.threshold,
            results_users=self.results_users,
            results_channel=self.results_channel,
            enabled=self.enabled,
            lang=self.lang,
        )


def _int_choice(raw: str | None, allowed: Sequence[int]) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value in allowed else None


def parse_setup(
    values: Mapping[str, Any], bank: Mapping[str, PulseQuestion]
) -> tuple[SetupForm | None, list[Problem]]:
    problems: list[Problem] = []
    channel = str(_state(values, "channel").get("selected_conversation") or "")
    if not channel:
        problems.append(Problem("channel", "pulse.setup.channel_required"))
    weekday = _int_choice(_selected(values, "day"), range(7))
    if weekday is None:
        problems.append(Problem("day", "pulse.setup.day_required"))
    at = str(_state(values, "time").get("selected_time") or "")
    if service.parse_hhmm(at) is None:
        problems.append(Problem("time", "pulse.setup.time_invalid"))
    tz = _text(values, "tz")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        problems.append(Problem("tz", "pulse.setup.tz_invalid", {"tz": tz[:64] or "—"}))
    chosen = [q for q in _selected_many(values, "questions") if q in bank]
    rated = [q for q in chosen if bank[q].kind in ("scale", "yesno")]
    if not service.MIN_QUESTIONS <= len(rated) <= service.MAX_QUESTIONS:
        problems.append(
            Problem(
                "questions",
                "pulse.setup.questions_count",
                {"min": str(service.MIN_QUESTIONS), "max": str(service.MAX_QUESTIONS)},
            )
        )
    comment = [q.id for q in bank.values() if q.kind == "comment"][:1]
    with_comment = bool(_selected_many(values, "comment")) and bool(comment)
    open_hours = _int_choice(_selected(values, "open_hours"), service.OPEN_HOURS_CHOICES)
    if open_hours is None:
        problems.append(Problem("open_hours", "pulse.setup.open_hours_required"))
    threshold = _int_choice(
        _selected(values, "threshold"), range(service.MIN_THRESHOLD, service.MAX_THRESHOLD + 1)
    )
    if threshold is None:
        problems.append(
            Problem(
                "threshold", "pulse.setup.threshold_invalid", {"min": str(service.MIN_THRESHOLD)}
            )
        )
    users = tuple(
        dict.fromkeys(
            str(u)
            for u in _list(_state(values, "results_to").get("selected_users"))
            if isinstance(u, str) and u
        )
    )
    share = bool(_selected_many(values, "share"))
    if not users and not share:
        problems.append(Problem("results_to", "pulse.setup.results_to_required"))
    if problems:
        return None, problems
    assert weekday is not None and open_hours is not None and threshold is not None
    return SetupForm(
        channel_id=channel,
        weekday=weekday,
        local_time=at,
        tz=tz,
        questions=tuple(rated) + (tuple(comment) if with_comment else ()),
        open_hours=open_hours,
        threshold=threshold,
        results_users=users,
        results_channel=share,
        enabled=bool(_selected_many(values, "enabled")),
        lang="es" if _selected(values, "lang") == "es" else "en",
    ), []
