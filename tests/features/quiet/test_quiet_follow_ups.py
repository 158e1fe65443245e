"""Follow-ups when a colleague is back (reminders and scheduled notes): keys, Slack's scheduling
window, the note's text, the Home tab list; and the daily housekeeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.features.quiet import housekeeping, service, views
from bot.store import Store
from bot.store.outbox import NewMessage
from content import builtin_catalog

NOW = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
BACK = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
LINK = "https://sandbox.slack.com/archives/C0FRONTDESK/p1764545400000100"


def test_follow_up_keys_round_trip_and_name_their_owner() -> None:
    for kind in service.FOLLOW_UP_KINDS:
        key = service.follow_up_key(
            kind, team_id="T0", sender="U0BEN", channel="C0X", ts="1.2", colleague="U0ANA"
        )
        assert service.parse_follow_up(key) == service.FollowUp(
            kind, "T0", "U0BEN", "C0X", "1.2", "U0ANA"
        )
    scheduled = service.follow_up_key(
        service.SCHEDULED_KIND,
        team_id="T0",
        sender="U0BEN",
        channel="C0X",
        ts="1.2",
        colleague="U0ANA",
    )
    assert scheduled.startswith("scheduled:") and service.reminder_owner(scheduled) is None
    for bad in (
        "",
        "eos:T0:U0BEN:2026-11-30:end-0800",
        "reminder:T0::C0X:1.2:U0ANA",
        "nudge:T0:U0BEN:C0X:1.2:U0ANA",
        "reminder:T0:U0BEN:C0X:1.2",
    ):
        assert service.parse_follow_up(bad) is None


def test_slack_schedules_up_to_120_days_ahead_and_not_for_now() -> None:
    assert service.schedule_window(BACK, NOW) == "ok"
    assert service.schedule_window(NOW + timedelta(days=120), NOW) == "ok"
    assert service.schedule_window(NOW + timedelta(days=120, seconds=1), NOW) == "too_far"
    assert service.schedule_window(NOW + timedelta(seconds=30), NOW) == "too_soon"
    assert service.schedule_window(NOW - timedelta(hours=1), NOW) == "too_soon"


def test_the_note_names_the_sender_and_links_the_message_but_never_quotes_it() -> None:
    catalog = builtin_catalog()
    note = views.scheduled_dm(catalog, "en", sender="U0BEN", channel="C0X", permalink=LINK)
    assert "<@U0BEN>" in note["text"] and LINK in note["text"]
    assert set(note) == {"text", "blocks"} and "metadata" not in note
    nolink = views.scheduled_dm(catalog, "es", sender="U0BEN", channel="C0X", permalink=None)
    assert "<#C0X>" in nolink["text"] and "Mientras no estabas" in nolink["text"]
    assert views.link_in(note) == LINK
    reminder = views.reminder_dm(catalog, "en", colleague="U0ANA", channel="C0X", permalink=LINK)
    assert views.link_in(reminder) == LINK
    assert (
        views.link_in(
            views.reminder_dm(catalog, "en", colleague="U0ANA", channel="C0X", permalink=None)
        )
        is None
    )


def item(n: int, kind: str = service.REMINDER_KIND, link: str | None = LINK) -> views.FollowUpItem:
    key = service.follow_up_key(
        kind, team_id="T0", sender="U0BEN", channel="C0X", ts=f"{n}.0", colleague="U0ANA"
    )
    return views.FollowUpItem(key, kind, "U0ANA", BACK + timedelta(days=n), "C0X", link)


def test_home_lists_follow_ups_with_a_cancel_button_each_and_stays_small() -> None:
    catalog = builtin_catalog()
    assert views.home_follow_ups(catalog, "en", [], tz="America/New_York", now=NOW) == []
    two = [item(0), item(1, service.SCHEDULED_KIND, link=None)]
    blocks = views.home_follow_ups(catalog, "en", two, tz="America/New_York", now=NOW)
    sections = [b for b in blocks if "accessory" in b]
    assert [s["accessory"]["value"] for s in sections] == [i.key for i in two]
    assert {s["accessory"]["action_id"] for s in sections} == {views.HOME_CANCEL_ACTION}
    assert "tomorrow at 9:00 AM" in sections[0]["text"]["text"]  # his zone
    assert f"<{LINK}|your message>" in sections[0]["text"]["text"]
    assert "Note to <@U0ANA>" in sections[1]["text"]["text"]
    assert "<#C0X>" in sections[1]["text"]["text"]
    many = [item(n) for n in range(25)]
    blocks = views.home_follow_ups(catalog, "es", many, tz="America/Chicago", now=NOW)
    assert len(blocks) == views.HOME_MAX_FOLLOW_UPS + 3
    assert "10 más próximos" in blocks[-1]["elements"][0]["text"]


def test_scheduled_records_are_closed_not_sent() -> None:
    decision = housekeeping.scheduled_record_gate(None, None, NOW)  # type: ignore[arg-type]
    assert (decision.action, decision.reason) == ("skip", "scheduled_in_slack")


def test_housekeeping_prunes_old_notices_and_event_ids_once_a_day(store: Store) -> None:
    def notice(colleague: str, at: datetime) -> None:
        assert store.notices.claim(
            team_id="T0", sender_id="U0BEN", colleague_id=colleague, period_key="p", now=at
        )

    notice("U0OLD", NOW - timedelta(days=15))
    notice("U0NEW", NOW - timedelta(days=13))
    assert store.events.first_seen(event_id="Ev0OLD", team_id="T0", now=NOW - timedelta(days=3))
    assert store.events.first_seen(event_id="Ev0NEW", team_id="T0", now=NOW - timedelta(days=1))
    job = housekeeping.Housekeeping(store)
    job(NOW)

    def seen(colleague: str) -> bool:
        return store.notices.seen(
            team_id="T0", sender_id="U0BEN", colleague_id=colleague, period_key="p"
        )

    assert not seen("U0OLD") and seen("U0NEW")
    assert store.events.first_seen(event_id="Ev0OLD", team_id="T0", now=NOW)  # gone: new again
    assert not store.events.first_seen(event_id="Ev0NEW", team_id="T0", now=NOW)
    job(NOW + timedelta(days=2))  # the next day: 13 + 2 days old now
    assert not seen("U0NEW")
    notice("U0LATER", NOW - timedelta(days=20))
    job(NOW + timedelta(days=2, hours=12))  # not a day since the last run: nothing
    assert seen("U0LATER")
    # Another replica pruning the same rows at the same time: idempotent.
    assert housekeeping.prune(store, NOW + timedelta(days=3)) == (1, 1)
    assert housekeeping.prune(store, NOW + timedelta(days=3)) == (0, 0)


def test_pending_follow_ups_for_home_come_soonest_first(store: Store) -> None:
    from bot.features.quiet.home import _item

    rows = [
        NewMessage(
            key=i.key,
            team_id="T0",
            kind=i.kind,
            channel="U0BEN",
            payload={"text": f"back: {LINK}"}
            if i.kind == service.REMINDER_KIND
            else {"scheduled_message_id": "Q1", "post_at": 1, "permalink": None},
            due_at=i.due,
            user_id="U0BEN",
        )
        for i in (item(2), item(1, service.SCHEDULED_KIND, None), item(3))
    ]
    store.outbox.enqueue(rows, now=NOW)
    found = store.outbox.pending_for(team_id="T0", user_id="U0BEN", kind=service.REMINDER_KIND)
    assert [r.key for r in found] == [item(2).key, item(3).key]
    items = [_item(r) for r in found]
    assert [i.link for i in items if i] == [LINK, LINK]
