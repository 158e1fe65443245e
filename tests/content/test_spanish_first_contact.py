"""First contact, end to end: a member whose Slack is in Spanish and who never typed a command
gets the pulse reminder, the form, errors and forget-me's answers in Spanish; the channel gets
the pulse in the language the pulse is set up in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.sandbox import SlackSandbox
from content import builtin_catalog
from content.untranslated import english_words
from tests.content.test_spanish_everywhere import texts_in
from tests.integration import test_pulse as pulse
from tests.integration.conftest import MEMBERS, Bot, buttons, start_bot, texts

CAT = builtin_catalog()


@pytest.fixture
def bot(slack: SlackSandbox, tmp_path: Path, clock: ManualClock) -> Iterator[Bot]:
    yield from start_bot(slack, tmp_path, clock, mode="http")


@pytest.fixture
def slack() -> Iterator[SlackSandbox]:
    with SlackSandbox() as sandbox:
        for user_id, profile in MEMBERS.items():
            sandbox.add_user(user_id, **profile)
        sandbox.add_channel(pulse.CHANNEL, "front-desk", members=list(MEMBERS))
        yield sandbox


def _reminded(bot: Bot, user_id: str) -> None:
    """Tick from the reminder time on, half an hour at a time, until `user_id`'s reminder has
    come: it waits for their own hours (the working hours when they have no shifts)."""
    at = pulse.REMIND + timedelta(minutes=1)
    while not bot.slack.messages(user_id) and at < pulse.CLOSES:
        bot.clock.set(at)
        bot.tick()
        at += timedelta(minutes=30)


def test_a_spanish_speaker_who_never_typed_a_command_is_written_to_in_spanish(bot: Bot) -> None:
    pulse._add_staff(bot)
    bot.slack.add_user("U0NEW", name="nadia", tz="America/Mexico_City", locale="es-MX")
    bot.slack.workspace.channels[pulse.CHANNEL].members.append("U0NEW")
    pulse._set_up(bot)
    post = pulse._open_round(bot)
    assert bot.store.members.get(team_id=pulse.TEAM, user_id="U0NEW") is None

    # The pulse reminder is her first message from Balance Bot: Spanish, from her Slack locale.
    _reminded(bot, "U0NEW")
    [reminder] = bot.slack.messages("U0NEW")
    assert "la encuesta semanal de" in texts(reminder), texts(reminder)
    assert english_words(texts(reminder)) == [], texts(reminder)
    assert [b["text"]["text"] for b in buttons(reminder)] == [CAT.ui("button.answer_pulse", "es")]
    # ...and writing to her left no trace of her.
    assert bot.store.members.get(team_id=pulse.TEAM, user_id="U0NEW") is None

    # The "Answer" button opens the form in Spanish.
    [button] = buttons(post)
    before = len(bot.slack.views_opened())
    assert (
        bot.sender.block_action(
            "U0NEW", button["action_id"], button["value"], message=post, channel_id=pulse.CHANNEL
        ).status
        == 200
    )
    bot.slack.wait_for(lambda: len(bot.slack.views_opened()) > before, timeout=5)
    modal = bot.slack.views_opened()[-1]
    assert modal["callback_id"] == "pulse.answer"
    shown = "\n".join(texts_in(modal))
    assert CAT.ui("pulse.modal_title", "es") in shown and english_words(shown) == [], shown

    # A command she mistypes is answered in Spanish too.
    reply = texts(bot.sender.command("U0NEW", "bailar").payload())
    assert "No entendí" in reply and english_words(reply) == [], reply


def test_the_channel_posts_in_the_language_the_pulse_is_set_to(bot: Bot) -> None:
    pulse._add_staff(bot)
    assert bot.sender.command("U0MGR", "pulse setup").status == 200
    modal = bot.slack.views_opened()[-1]
    lang_block = next(b for b in modal["blocks"] if b.get("block_id") == "lang")
    assert lang_block["element"]["initial_option"]["value"] == "en"  # Maria's own language
    spanish = {"value": {"type": "static_select", "selected_option": {"value": "es"}}}
    done = bot.sender.view_submission(
        "U0MGR", modal, pulse._setup_values(lang=spanish), callback_id="pulse.setup"
    )
    assert done.payload()["response_action"] == "update"
    config = bot.store.pulse.config(pulse.TEAM, pulse.CHANNEL)
    assert config is not None and config.lang == "es"

    post = pulse._open_round(bot)
    shown = texts(post)
    assert CAT.ui("pulse.post_title", "es") in shown and english_words(shown) == [], shown
    # Ben, whose Slack is in English, still gets his reminder in English.
    _reminded(bot, "U0BEN")
    [reminder] = bot.slack.messages("U0BEN")
    assert "weekly pulse" in texts(reminder), texts(reminder)
    # The close note in the channel follows the setting too.
    pulse._close(bot)
    closed = [texts(m) for m in bot.slack.messages(pulse.CHANNEL)]
    assert any(CAT.ui("pulse.closed_post", "es") in t for t in closed), closed


def test_a_double_click_on_forget_me_answers_in_spanish_both_times(bot: Bot) -> None:
    assert bot.sender.command("U0ANA", "level mid").status == 200
    confirm = bot.sender.command("U0ANA", "forget-me").payload()
    message = {**confirm, "channel": pulse.CHANNEL, "ts": "1764545400.000100"}
    for clicks in (1, 2):
        assert (
            bot.sender.block_action(
                "U0ANA", "forget.confirm", "confirm", message=message, channel_id=pulse.CHANNEL
            ).status
            == 200
        )
        answers = bot.slack.wait_for(lambda n=clicks: len(bot.slack.responses()) >= n, timeout=10)
        assert answers
        said = texts(bot.slack.responses()[clicks - 1]["body"])
        assert "Se borró todo" in said and english_words(said) == [], said
    # Answering in her language stored nothing about her again.
    assert bot.store.members.get(team_id=pulse.TEAM, user_id="U0ANA") is None


def test_a_results_reader_we_know_nothing_about_reads_the_team_language() -> None:
    from bot.features.pulse.closing import reader_lang
    from bot.store.members import Member
    from bot.store.pulse_models import PulseConfig

    config = PulseConfig("T1", "C1", 4, "14:00", "UTC", ("stress-coping",), 72, 5, lang="es")
    assert reader_lang(Member("T1", "U9"), config) == "es"
    assert reader_lang(Member("T1", "U9", lang="en"), config) == "en"
    assert reader_lang(Member("T1", "U9"), None) == "en"
