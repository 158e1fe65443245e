"""`/balance tip`, `/balance faq`, their buttons, and the tip of the day for App Home."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks import Block, context, section
from bot.command_listener import reply_to_action
from bot.commands import Command, CommandRouter, Reply
from bot.deps import Deps
from bot.features.tips import service, views
from bot.features.tips.matching import match_faq
from bot.features.tips.topics import parse_tip_request
from bot.members import load_member, member_lang
from bot.store.members import Member
from content.models import LEVELS, Audience, Lang, Level, Topic


def register(app: App, deps: Deps, router: CommandRouter) -> None:
    rng = random.Random()

    def next_tip(
        member: Member, lang: Lang, level: Audience | None, topic: Topic | None, now: datetime
    ) -> dict[str, Any]:
        team, user = member.team_id, member.user_id
        seen = deps.store.tips.seen(team_id=team, user_id=user)
        tip, reset = service.pick_tip(
            deps.catalog, level=level, topic=topic, seen_ids=seen, rng=rng
        )
        if reset:
            pool = service.tip_pool(deps.catalog, level=level, topic=topic)
            deps.store.tips.forget(team_id=team, user_id=user, tip_ids=[t.id for t in pool])
        deps.store.tips.record(team_id=team, user_id=user, tip_id=tip.id, now=now)
        note = deps.catalog.ui("tip.pool_reset", lang) if reset else None
        if note is None and member.level is None:
            note = deps.catalog.ui("tip.set_level_hint", lang)
        # The buttons carry the level this tip was for, so "Another tip" stays on it.
        return views.tip_message(tip, lang, deps.catalog, level, topic, note=note)

    def get_help(lang: Lang) -> Reply:
        try:
            return views.faq_answer_message(deps.catalog.faq(views.HELP_FAQ), lang, deps.catalog)
        except KeyError:
            return views.faq_list_message(deps.catalog.faqs(), lang, deps.catalog)

    def tip(cmd: Command) -> Reply:
        request = parse_tip_request(cmd.args)
        if request.crisis:
            return get_help(cmd.lang)
        level = request.level or cast(Level | None, cmd.member.level)
        if request.unknown is not None:
            return views.unknown_topic_message(cmd.args, cmd.lang, deps.catalog, level)
        if level is None:
            return views.pick_level_message(cmd.lang, deps.catalog)
        return next_tip(cmd.member, cmd.lang, level, request.topic, cmd.now)

    def faq(cmd: Command) -> Reply:
        faqs = deps.catalog.faqs()
        if not cmd.args:
            return views.faq_list_message(faqs, cmd.lang, deps.catalog)
        found = match_faq(faqs, cmd.args)
        if found.faq is None:
            return views.faq_list_message(
                faqs, cmd.lang, deps.catalog, not_found=True, suggestions=found.suggestions
            )
        return views.faq_answer_message(found.faq, cmd.lang, deps.catalog)

    router.add("tip", tip, aliases=("tips", "consejo"))
    router.add("faq", faq, aliases=("faqs", "preguntas"))

    def who(body: dict[str, Any], client: WebClient) -> Member:
        user = body.get("user") or {}
        team = str((body.get("team") or {}).get("id") or user.get("team_id") or "")
        return load_member(
            deps.store, client, team_id=team, user_id=str(user.get("id", "")), now=deps.clock.now()
        )

    def answer(
        body: dict[str, Any], client: WebClient, respond: Respond, reply: dict[str, Any]
    ) -> None:
        if (body.get("container") or {}).get("type") == "view":
            close = deps.catalog.ui("button.close", member_lang(who(body, client)))
            reply_to_action(body, client, respond, reply, close=close)
        else:
            respond(replace_original=True, response_type="ephemeral", **reply)

    def on_another(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        member = who(body, client)
        level, topic = views.decode_tip_value(str(action.get("value") or ""))
        level = level or cast(Audience | None, member.level)
        lang = member_lang(member)
        if level is None:
            answer(body, client, respond, views.pick_level_message(lang, deps.catalog))
            return
        answer(body, client, respond, next_tip(member, lang, level, topic, deps.clock.now()))

    def on_set_level(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        member = who(body, client)
        answer(body, client, respond, views.pick_level_message(member_lang(member), deps.catalog))

    def on_level(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        member = who(body, client)
        chosen = str(action.get("value") or "")
        if chosen not in LEVELS:
            return
        now = deps.clock.now()
        member = deps.store.members.update(
            team_id=member.team_id, user_id=member.user_id, now=now, level=chosen
        )
        deps.member_changes.notify(client, team_id=member.team_id, user_id=member.user_id)
        level = cast(Level, chosen)
        answer(body, client, respond, next_tip(member, member_lang(member), level, None, now))

    def on_faq(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        lang = member_lang(who(body, client))
        try:
            found = deps.catalog.faq(str(action.get("value") or ""))
        except KeyError:
            found = None
        reply = (
            views.faq_answer_message(found, lang, deps.catalog)
            if found
            else views.faq_list_message(list(deps.catalog.faqs()), lang, deps.catalog)
        )
        answer(body, client, respond, reply)

    def on_faq_list(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        lang = member_lang(who(body, client))
        answer(
            body,
            client,
            respond,
            views.faq_list_message(list(deps.catalog.faqs()), lang, deps.catalog),
        )

    app.action(views.TIP_ANOTHER)(on_another)
    app.action(views.TIP_TOPIC_PATTERN)(on_another)
    app.action(views.TIP_SET_LEVEL)(on_set_level)
    app.action(views.TIP_LEVEL_PATTERN)(on_level)
    app.action(views.FAQ_SHOW_PATTERN)(on_faq)
    app.action(views.FAQ_LIST)(on_faq_list)


def tip_of_day_blocks(deps: Deps, member: Member, lang: Lang, now: datetime) -> list[Block]:
    """The Home tab's tip of the day: the same all day in the member's own time zone."""
    local_date = now.astimezone(ZoneInfo(member.tz or "UTC")).date()
    tip = service.tip_of_day(
        deps.catalog, level=cast(Level | None, member.level), local_date=local_date
    )
    return [
        section(
            f"*{deps.catalog.ui('home.tip_of_day', lang)}*\n:bulb: {deps.catalog.text(tip, lang)}"
        ),
        context(
            deps.catalog.ui(
                "tip.context",
                lang,
                level=" / ".join(views.level_name(deps.catalog, lv, lang) for lv in tip.levels),
                topic=views.topic_name(deps.catalog, tip.topic, lang),
            )
        ),
    ]
