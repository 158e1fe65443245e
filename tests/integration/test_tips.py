"""`/balance tip`, `/balance faq` and their buttons, against the sandbox in both modes."""

from __future__ import annotations

from pathlib import Path

from bot.clock import ManualClock
from bot.sandbox import SlackSandbox
from content import builtin_catalog
from tests.integration.conftest import Bot, buttons, start_bot, texts

CATALOG = builtin_catalog()


def tip_ids_in(payload: dict) -> set[str]:
    body = texts(payload)
    return {t.id for t in CATALOG.tips() if CATALOG.text(t, "en") in body}


def test_tip_asks_for_a_level_first_then_remembers_it(bot: Bot) -> None:
    payload = bot.sender.command("U0BEN", "tip").payload()
    assert [b["value"] for b in buttons(payload)] == ["entry", "mid", "senior"]
    reply = bot.sender.block_action("U0BEN", "tips.level:mid", "mid", channel_id="C0FRONTDESK")
    assert reply.status == 200
    [answer] = bot.slack.responses()
    assert answer["body"]["replace_original"] is True
    [tip_id] = tip_ids_in(answer["body"])
    assert "mid" in CATALOG.tip(tip_id).levels
    assert bot.store.members.get(team_id="T0SANDBOX", user_id="U0BEN").level == "mid"


def test_tip_for_a_named_level_and_topic(bot: Bot) -> None:
    bot.sender.command("U0BEN", "level entry")
    [tip_id] = tip_ids_in(bot.sender.command("U0BEN", "tip senior").payload())
    assert "senior" in CATALOG.tip(tip_id).levels
    [tip_id] = tip_ids_in(bot.sender.command("U0BEN", "tip boundaries").payload())
    assert CATALOG.tip(tip_id).topic == "boundaries"


def test_another_tip_never_repeats_until_the_pool_is_used_up(http_bot: Bot) -> None:
    bot = http_bot
    bot.sender.command("U0BEN", "level senior")
    first = bot.sender.command("U0BEN", "tip stress").payload()
    shown = list(tip_ids_in(first))
    value = next(b["value"] for b in buttons(first) if b["action_id"] == "tips.another")
    pool = {t.id for t in CATALOG.tips_for(level="senior", topic="stress")} or {
        t.id for t in CATALOG.tips_for(topic="stress")
    }
    for _ in range(len(pool) - 1):
        bot.sender.block_action("U0BEN", "tips.another", value, channel_id="C0FRONTDESK")
        shown.extend(tip_ids_in(bot.slack.responses()[-1]["body"]))
    assert len(shown) == len(set(shown)) == len(pool)


def test_faq_answers_words_and_lists_questions(bot: Bot) -> None:
    answer = texts(bot.sender.command("U0BEN", "faq weekends").payload())
    assert CATALOG.faq("weekends").answer.get("en") in answer
    listing = bot.sender.command("U0BEN", "faq").payload()
    ids = [b["value"] for b in buttons(listing)]
    assert set(ids) == {f.id for f in CATALOG.faqs()}
    bot.sender.block_action("U0BEN", f"faq.show:{ids[0]}", ids[0], channel_id="C0FRONTDESK")
    assert CATALOG.faq(ids[0]).answer.get("en") in texts(bot.slack.responses()[-1]["body"])


def test_spanish_members_get_spanish_tips(bot: Bot) -> None:
    payload = bot.sender.command("U0ANA", "tip entry").payload()
    assert any(CATALOG.text(t, "es") in texts(payload) for t in CATALOG.tips())


def test_home_shows_the_tip_of_the_day(bot: Bot) -> None:
    bot.sender.command("U0BEN", "level mid")
    event = {"type": "app_home_opened", "user": "U0BEN", "channel": "D0BEN", "tab": "home"}
    bot.sender.event(event)
    bot.slack.wait_for("views.publish", count=1)
    bot.sender.event(event)
    bot.slack.wait_for("views.publish", count=2)
    first, second = bot.slack.views_published("U0BEN")[-2:]
    assert "Tip of the day" in texts(first) and texts(first) == texts(second)


def test_tip_manager_gives_tips_for_practice_managers(http_bot: Bot) -> None:
    payload = http_bot.sender.command("U0BEN", "tip manager").payload()
    [tip_id] = tip_ids_in(payload)
    assert CATALOG.tip(tip_id).levels == ("manager",)
    assert "Practice managers" in texts(payload)
    # "Another tip" stays with manager tips.
    value = next(b["value"] for b in buttons(payload) if b["action_id"] == "tips.another")
    http_bot.sender.block_action("U0BEN", "tips.another", value, channel_id="C0FRONTDESK")
    [again] = tip_ids_in(http_bot.slack.responses()[-1]["body"])
    assert CATALOG.tip(again).levels == ("manager",) and again != tip_id


def test_an_unknown_tip_topic_says_so_and_lists_the_topics(http_bot: Bot) -> None:
    bot = http_bot
    bot.sender.command("U0BEN", "level mid")
    payload = bot.sender.command("U0BEN", "tip unicorns").payload()
    assert tip_ids_in(payload) == set()
    assert "I don't have tips about “unicorns” yet" in texts(payload)
    offered = {b["value"]: b["action_id"] for b in buttons(payload)}
    assert set(offered) == {f"mid|{topic}" for topic in CATALOG.topics()}
    bot.sender.block_action("U0BEN", offered["mid|breaks"], "mid|breaks", channel_id="C0FRONTDESK")
    [tip_id] = tip_ids_in(bot.slack.responses()[-1]["body"])
    assert CATALOG.tip(tip_id).topic == "breaks" and "mid" in CATALOG.tip(tip_id).levels


def test_faq_answers_by_meaning_or_says_it_has_no_answer(http_bot: Bot) -> None:
    bot = http_bot
    overtime = texts(bot.sender.command("U0BEN", "faq can I refuse overtime?").payload())
    assert CATALOG.faq("overtime").answer.en in overtime
    assert CATALOG.faq("hours").answer.en not in overtime
    spanish = texts(
        bot.sender.command("U0ANA", "faq ¿puedo negarme a hacer horas extra?").payload()
    )
    assert CATALOG.faq("overtime").answer.es in spanish
    unknown = texts(bot.sender.command("U0BEN", "faq how do I bill medicare").payload())
    assert "I don't have an answer for that yet" in unknown
    assert not any(faq.answer.en in unknown for faq in CATALOG.faqs())


def test_words_of_crisis_lead_to_where_to_get_help(http_bot: Bot) -> None:
    for text in ("faq I want to kill myself", "tip I want to kill myself"):
        reply = texts(http_bot.sender.command("U0BEN", text).payload())
        assert CATALOG.faq("get-help").answer.en in reply
        assert CATALOG.ui("support.eap", "en") in reply


def test_the_practice_sets_its_own_eap_contact(
    slack: SlackSandbox, tmp_path: Path, clock: ManualClock
) -> None:
    own = tmp_path / "practice"
    own.mkdir()
    (own / "support.yaml").write_text(
        'version: 1\nui:\n  support.eap: {en: "Our EAP: ask the front office for the'
        ' card.", es: "Nuestro PAE: pide la tarjeta en la oficina."}\n',
        encoding="utf-8",
    )
    for bot in start_bot(slack, tmp_path, clock, mode="http", content_dir=own):
        reply = texts(bot.sender.command("U0ANA", "faq ¿dónde puedo pedir ayuda?").payload())
        assert "Nuestro PAE: pide la tarjeta en la oficina." in reply
