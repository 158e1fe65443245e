"""The notices table: an atomic claim, so a notice is shown once however many events race."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from bot.store import Store

NOW = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)


def claim(store: Store, colleague: str = "U0ANA", period: str = "back:2026-12-01T14:00Z") -> bool:
    return store.notices.claim(
        team_id="T0", sender_id="U0BEN", colleague_id=colleague, period_key=period, now=NOW
    )


def test_claim_once_per_sender_colleague_and_period(store: Store) -> None:
    assert claim(store) is True
    assert claim(store) is False
    assert claim(store, colleague="U0MGR") is True
    assert claim(store, period="back:2026-12-02T14:00Z") is True


def test_release_lets_a_failed_notice_be_shown_later(store: Store) -> None:
    assert claim(store)
    store.notices.release(
        team_id="T0", sender_id="U0BEN", claims=[("U0ANA", "back:2026-12-01T14:00Z")]
    )
    assert claim(store) is True


def test_concurrent_claims_have_one_winner(store: Store) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: claim(store), range(16)))
    assert results.count(True) == 1


def test_forget_drops_notices_by_and_about_a_member(store: Store) -> None:
    assert claim(store)
    store.notices.forget(team_id="T0", user_id="U0ANA")
    assert not store.notices.seen(
        team_id="T0", sender_id="U0BEN", colleague_id="U0ANA", period_key="back:2026-12-01T14:00Z"
    )


def test_prune_drops_notices_shown_before_the_cutoff(store: Store) -> None:
    from datetime import timedelta

    assert claim(store)
    assert store.notices.claim(
        team_id="T0",
        sender_id="U0BEN",
        colleague_id="U0MGR",
        period_key="p",
        now=NOW + timedelta(days=1),
    )
    assert store.notices.prune(before=NOW + timedelta(hours=1)) == 1
    assert store.notices.prune(before=NOW + timedelta(hours=1)) == 0  # idempotent
    assert claim(store) is True  # forgotten: may be shown again
    assert store.notices.seen(team_id="T0", sender_id="U0BEN", colleague_id="U0MGR", period_key="p")
