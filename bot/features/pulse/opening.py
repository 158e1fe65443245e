"""Opening a round, just before its post goes to the channel: freeze who may answer, seal an
empty envelope, or say why it can't open.

- Slack can't list the channel's members (or their profiles): the round stays closed to answers
  and the post waits; it tries again every few minutes until the round's end, and the people
  who get the results are told once.
- Fewer people could answer than the threshold needs: the round does not run (results could
  never show), and the people who get the results are told why.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.calendars import dm_deliver_at
from bot.delivery import Decision
from bot.deps import Deps
from bot.features.pulse import eligibility, reports, service, views
from bot.features.pulse.closing import reader_lang
from bot.features.pulse.sealing import Envelope
from bot.store.outbox import NewMessage
from bot.store.pulse import PulseConfig, Round

log = logging.getLogger(__name__)

RETRY = timedelta(minutes=5)
NOTICE_KIND = "pulse_notice"


def open_round(
    deps: Deps, client: WebClient, round_: Round, config: PulseConfig, now: datetime
) -> Decision:
    """The post gate's decision: send (the round is open), defer (try again), or skip."""
    if round_.opened:
        return Decision("send")
    keys = reports.keyring(deps)
    if keys is None:
        log.warning("a pulse round waits: BALANCE_PULSE_SECRET is not set in this process")
        return Decision("defer", until=now + RETRY, reason="no_pulse_secret")
    readers = reports.readers(deps, round_.team_id, config)
    try:
        found = eligibility.decide(
            client, team_id=round_.team_id, channel_id=round_.channel_id, readers=readers
        )
    except eligibility.MembersUnknown as exc:
        log.warning(
            "a pulse round could not open: Slack did not list the channel's members "
            "(%s); trying again in %d minutes",
            exc.error,
            RETRY.seconds // 60,
        )
        deps.store.pulse.set_note(round_.id, "members_unknown")
        tell(deps, round_, config, "members_unknown", now, error=exc.error)
        return Decision("defer", until=now + RETRY, reason="members_unknown")
    threshold = service.effective_threshold(round_, reports.floor_for(config))
    if len(found.eligible) < threshold:
        if deps.store.pulse.void(round_.id, now=now, note="too_few"):
            tell(
                deps,
                round_,
                config,
                "too_few",
                now,
                count=str(len(found.eligible)),
                threshold=str(threshold),
            )
        return Decision("skip", reason="too_few_can_answer")
    key = keys.new_round(round_.team_id, round_.id)
    if deps.store.pulse.freeze(
        round_.id,
        eligible=[key.member(u) for u in found.eligible],
        key_check=key.check,
        sealed=key.seal(Envelope()),
    ):
        log.info(
            "pulse round opened: %d can answer, %d read results, %d others left out",
            len(found.eligible),
            found.readers,
            found.others,
        )
    return Decision("send")


def tell(
    deps: Deps, round_: Round, config: PulseConfig, reason: str, now: datetime, **fmt: str
) -> int:
    """DM the people who get the results why the round can't open (once per round and reason:
    the outbox keys make repeats no-ops)."""
    people = sorted(reports.readers(deps, round_.team_id, config))
    rows = []
    workspace = deps.store.workspaces.get(round_.team_id)
    for person in people:
        member = deps.store.members.get_or_default(team_id=round_.team_id, user_id=person)
        # Inside the reader's hours, and only while the round could still open.
        due = (  # an unknown zone is not guessed: it goes now
            dm_deliver_at(member, workspace, deps.settings, now, not_after=round_.closes_at)
            if member.tz
            else now
        )
        if due is None:
            continue
        lang = reader_lang(member, config)
        payload = views.opening_notice(
            deps.catalog, lang, round_, reason, tz=member.tz or config.tz, now=now, **fmt
        )
        rows.append(
            NewMessage(
                f"pulse-notice:{round_.id}:{reason}:{person}",
                round_.team_id,
                NOTICE_KIND,
                person,
                payload,
                due_at=due,
                expires_at=round_.closes_at,
                user_id=person,
            )
        )
    return deps.store.outbox.enqueue(rows, now=now)
