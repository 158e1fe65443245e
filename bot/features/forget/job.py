"""The forget-me job: withdraw from Slack first, then delete; retried until Slack answers.

"Yes, delete my data" writes one outbox row (`forget:{team}:{user}`, kind `forget`) before the
click is acknowledged, so the request survives a restart. Right after the ack the job runs
once; if Slack cannot be reached it runs again from the outbox (the dispatcher's gate for its
kind) until it is done. Each run:

1. lists the scheduled notes for or about the member (our records, plus those an earlier run
   could not withdraw) and writes them into the job row — before anything is deleted, so
   nothing that must be withdrawn is ever forgotten first;
2. withdraws them from Slack, and sweeps what Slack still holds (`withdraw`);
3. deletes every row about the member: all of them when Slack is done (the job row too), or
   all but the job row, which keeps only what is left to withdraw.

The job row has no text, so even without its gate the dispatcher could not post it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.delivery import Decision
from bot.deps import Deps
from bot.features.forget import erase, withdraw
from bot.store.outbox import NewMessage, OutboxRow

log = logging.getLogger(__name__)

KIND = "forget"
FIRST_RETRY = timedelta(seconds=60)  # the run right after the ack usually finishes first
MAX_RETRY = timedelta(minutes=10)


def job_key(team_id: str, user_id: str) -> str:
    return f"forget:{team_id}:{user_id}"


def start(deps: Deps, *, team_id: str, user_id: str, now: datetime) -> None:
    """Record the request (idempotent: a second click adds nothing)."""
    deps.store.outbox.enqueue(
        [
            NewMessage(
                key=job_key(team_id, user_id),
                team_id=team_id,
                kind=KIND,
                channel=user_id,
                payload={"scheduled": []},
                due_at=now + FIRST_RETRY,
                user_id=user_id,
            )
        ],
        now=now,
    )


def run(deps: Deps, client: WebClient, *, team_id: str, user_id: str, attempts: int = 0) -> bool:
    """One run of the job; True when everything is withdrawn and deleted."""
    store, now = deps.store, deps.clock.now()
    key = job_key(team_id, user_id)
    row = store.outbox.by_key(key)
    earlier = row.payload.get("scheduled") if row is not None else None
    notes = [(str(c), str(i)) for c, i in earlier or []]
    notes += erase.scheduled_notes(store.engine, team_id=team_id, user_id=user_id)
    notes = list(dict.fromkeys(notes))
    if row is None:
        start(deps, team_id=team_id, user_id=user_id, now=now)
    store.outbox.update_payload(key=key, payload={"scheduled": notes})
    result = withdraw.withdraw(client, user_id, notes)
    if result.done:
        report = erase.forget_member(store.engine, team_id=team_id, user_id=user_id)
        log.info(
            "forget-me: withdrew %d scheduled notes, deleted %d rows, cleaned %d",
            result.withdrawn,
            sum(report.deleted.values()),
            sum(report.scrubbed.values()),
        )
        return True
    retry = min(MAX_RETRY, FIRST_RETRY * 2 ** min(attempts, 4))
    store.outbox.update_payload(
        key=key, payload={"scheduled": result.left}, next_try_at=now + retry
    )
    report = erase.forget_member(store.engine, team_id=team_id, user_id=user_id, keep_outbox=(key,))
    log.info(
        "forget-me: deleted %d rows, cleaned %d; %d scheduled notes still to withdraw",
        sum(report.deleted.values()),
        sum(report.scrubbed.values()),
        len(result.left),
    )
    return False


def register(deps: Deps) -> None:
    def gate(row: OutboxRow, client: WebClient, now: datetime) -> Decision:
        user_id = row.user_id or ""
        if not user_id or row.key != job_key(row.team_id, user_id):
            return Decision("skip", reason="not a forget-me job")
        if run(deps, client, team_id=row.team_id, user_id=user_id, attempts=row.attempts):
            return Decision("skip", reason="done")
        retry = min(MAX_RETRY, FIRST_RETRY * 2 ** min(row.attempts, 4))
        return Decision("defer", until=now + retry, reason="slack_unreachable")

    deps.jobs.add_gate(KIND, gate)
