"""The Slack manifests promise what the code does: every Web API method called has its scope,
every subscribed event has a listener (Slack retries an event that gets a 404), and every
Workflow Builder step declared under `functions` is handled, with parameters Slack knows."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot.features.workflows.handlers import STEPS
from bot.oauth.setup import REDIRECT_PATH
from bot.slack_scopes import METHOD_SCOPES
from tests.integration.conftest import Bot

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = sorted((ROOT / "deploy" / "slack").glob("*.yml"))
# Web API calls on a slack_sdk WebClient: `<method family>_<name>(`.
FAMILIES = "admin|apps|auth|bots|chat|conversations|dnd|files|oauth|pins|reactions|team|users|views"
CALL = re.compile(rf"\bclient\.((?:{FAMILIES})_[A-Za-z0-9_]+)\(")


def web_api_methods(under: Path = ROOT / "bot") -> set[str]:
    """Slack method names for every `client.<method>(` call in bot/ (or a folder of it)."""
    found = set()
    for path in under.rglob("*.py"):
        if "sandbox" in path.parts:
            continue
        for name in CALL.findall(path.read_text()):
            found.add("files.upload_v2" if name == "files_upload_v2" else name.replace("_", "."))
    return found


def load(path: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(path.read_text()))


def test_there_is_a_manifest() -> None:
    assert ROOT / "deploy" / "slack" / "manifest.yml" in MANIFESTS


def test_the_scan_finds_the_calls_we_know_about() -> None:
    assert {"views.publish", "users.info", "conversations.history"} <= web_api_methods()


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_every_called_method_has_its_scope(manifest: Path) -> None:
    scopes = set(load(manifest)["oauth_config"]["scopes"]["bot"])
    for method in sorted(web_api_methods()):
        assert method in METHOD_SCOPES, f"add {method} to bot/slack_scopes.py"
        needed = METHOD_SCOPES[method]
        assert not needed or set(needed) & scopes, f"{manifest.name}: {method} needs {needed}"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_manifest_shape(manifest: Path) -> None:
    data = load(manifest)
    [command] = data["features"]["slash_commands"]
    assert command["command"] == "/balance"
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert len(data["display_information"]["name"]) <= 35


def request_urls(data: dict[str, Any]) -> dict[str, str | None]:
    """Every URL Slack would call, by where it sits in the manifest."""
    [command] = data["features"]["slash_commands"]
    settings = data["settings"]
    return {
        "slash command": command.get("url"),
        "event subscriptions": settings["event_subscriptions"].get("request_url"),
        "interactivity": settings["interactivity"].get("request_url"),
    }


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_request_urls_match_the_mode_and_our_routes(manifest: Path) -> None:
    data = load(manifest)
    urls = request_urls(data)
    redirects = data.get("oauth_config", {}).get("redirect_urls", [])
    if data["settings"]["socket_mode_enabled"]:
        assert set(urls.values()) == {None} and not redirects, "Socket Mode takes no URLs"
        return
    # HTTP mode: commands, interactivity and events all come to POST /slack/events (bot/web.py).
    hosts = set()
    for where, url in urls.items():
        assert url is not None and url.startswith("https://"), f"{where} needs an https URL"
        parsed = urlsplit(url)
        assert parsed.path == "/slack/events", f"{where}: {url}"
        hosts.add(parsed.netloc)
    assert [urlsplit(u).path for u in redirects] == [REDIRECT_PATH]
    hosts |= {urlsplit(u).netloc for u in redirects}
    assert len(hosts) == 1, "one public host for every URL"


def sample_event(subscription: str) -> dict[str, Any]:
    """A minimal event as Slack sends it for a bot_events subscription name."""
    if subscription.startswith("message."):
        kind = subscription.split(".", 1)[1]
        channel_type = {"channels": "channel", "groups": "group", "im": "im"}[kind]
        return {
            "type": "message",
            "channel": "C0FRONTDESK",
            "user": "U0BEN",
            "text": "hi",
            "ts": "1764500000.000100",
            "channel_type": channel_type,
        }
    events: dict[str, dict[str, Any]] = {
        "app_home_opened": {"type": "app_home_opened", "user": "U0BEN", "tab": "messages"},
        "app_mention": {
            "type": "app_mention",
            "user": "U0BEN",
            "channel": "C0FRONTDESK",
            "text": "<@U0BALANCE> hi",
            "ts": "1764500000.000200",
        },
        "member_joined_channel": {
            "type": "member_joined_channel",
            "user": "U0BEN",
            "channel": "C0FRONTDESK",
            "channel_type": "C",
        },
        "user_change": {"type": "user_change", "user": {"id": "U0ZED", "team_id": "T0SANDBOX"}},
        "tokens_revoked": {"type": "tokens_revoked", "tokens": {"bot": ["U0OTHER"]}},
        "app_uninstalled": {"type": "app_uninstalled"},
    }
    return events[subscription]


def test_every_subscribed_event_gets_a_listener(http_bot: Bot) -> None:
    subscribed = {
        e for m in MANIFESTS for e in load(m)["settings"]["event_subscriptions"]["bot_events"]
    }
    for subscription in sorted(subscribed):
        if subscription == "function_executed":
            http_bot.slack.define_functions(steps_of(ROOT / "deploy" / "slack" / "manifest.yml"))
            step = http_bot.slack.start_function("who_is_off_shift", {"users": ["U0BEN"]})
            assert http_bot.sender.event(step.event).status == 200
            assert http_bot.slack.wait_for_function(step.id).state == "completed"
            continue
        reply = http_bot.sender.event(sample_event(subscription))
        assert reply.status == 200, f"{subscription} answered {reply.status}"


# -- Workflow Builder steps --------------------------------------------------------------------

# Parameter types Slack accepts in a manifest (api.slack.com app manifest schema, v1 and v2).
SLACK_TYPES = {
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "slack#/types/user_context",
    "slack#/types/user_permission",
    "slack#/types/user_id",
    "slack#/types/channel_id",
    "slack#/types/usergroup_id",
    "slack#/types/timestamp",
    "slack#/types/blocks",
    "slack#/types/credential/oauth2",
    "slack#/types/date",
    "slack#/types/interactivity",
    "slack#/types/rich_text",
    "slack#/types/form_input",
    "slack#/types/form_input_object",
    "slack#/types/message_ts",
    "slack#/types/message_context",
}


def steps_of(path: Path) -> dict[str, Any]:
    return dict(load(path).get("functions") or {})


def test_the_socket_mode_manifest_declares_every_step_the_code_handles() -> None:
    assert set(steps_of(ROOT / "deploy" / "slack" / "manifest.yml")) == set(STEPS)


def test_the_publicly_distributed_manifest_declares_no_steps() -> None:
    # Slack refuses custom steps in apps distributed to other workspaces.
    assert steps_of(ROOT / "deploy" / "slack" / "manifest-http-oauth.yml") == {}


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_steps_come_with_what_slack_needs_to_run_them(manifest: Path) -> None:
    data, steps = load(manifest), steps_of(manifest)
    if not steps:
        return
    settings = data["settings"]
    assert settings["function_runtime"] == "remote", "Bolt runs the steps, not Slack"
    assert settings["org_deploy_enabled"] is True, "custom steps need an org-ready app"
    assert "function_executed" in settings["event_subscriptions"]["bot_events"]
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    called = web_api_methods(ROOT / "bot" / "features" / "workflows")
    assert {"chat.postMessage", "users.info"} <= called
    for method in called:  # what the steps call, on top of what Bolt calls for them
        assert set(METHOD_SCOPES[method]) & scopes or not METHOD_SCOPES[method], method
    assert set(steps) <= set(STEPS), "a declared step without a listener would never finish"
    for callback_id, step in steps.items():
        assert len(callback_id) <= 100 and 0 < len(step["title"]) <= 255
        assert step["description"], callback_id
        for kind in ("input_parameters", "output_parameters"):
            for name, param in step[kind].items():
                where = f"{callback_id}.{kind}.{name}"
                assert param["type"] in SLACK_TYPES, where
                assert param.get("title"), where
                if param["type"] == "array":
                    assert param["items"]["type"] in SLACK_TYPES, where
                for choice in param.get("choices", []):
                    assert choice["value"] in param["enum"], where


def test_the_pulse_step_authorizes_whoever_started_the_workflow() -> None:
    # A user_context can't be typed in by whoever builds the workflow; a user_id could be.
    step = steps_of(ROOT / "deploy" / "slack" / "manifest.yml")["start_pulse_now"]
    started_by = step["input_parameters"]["started_by"]
    assert started_by["type"] == "slack#/types/user_context" and started_by["is_required"]
