"""Everything OAuth mode needs, built once from settings: the stores, the token service and
Bolt's `OAuthSettings`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine

from bot.config import Settings
from bot.oauth.authorize import InstallationAuthorize
from bot.oauth.crypto import TokenCipher
from bot.oauth.grid import GridWorkspaces
from bot.oauth.installations import Installations
from bot.oauth.states import SignedStates, state_key
from bot.oauth.tokens import RotationLock, Tokens
from bot.slack_client import create_web_client

# The bot scopes an install asks for; every manifest under deploy/slack/ lists exactly these.
INSTALL_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "im:history",
    "app_mentions:read",
    "channels:read",
    "channels:history",
    "groups:read",
    "groups:history",
    "users:read",
    "dnd:read",
    "team:read",
    "files:write",
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


@dataclass(frozen=True)
class OAuthSetup:
    settings: OAuthSettings
    installations: Installations
    states: SignedStates
    tokens: Tokens
    authorize: InstallationAuthorize


def authorization_url(api_url: str) -> str:
    """Slack's consent page on the same host as the Web API (slack.com, slack-gov.com, a proxy)."""
    base = api_url.rstrip("/").removesuffix("/api")
    return f"{base}/oauth/v2/authorize"


def build_oauth(settings: Settings, engine: Engine, *, now: Callable[[], datetime]) -> OAuthSetup:
    assert settings.slack_client_id and settings.slack_client_secret and settings.encryption_key
    client_id = settings.slack_client_id
    client_secret = settings.slack_client_secret.get_secret_value()
    cipher = TokenCipher(settings.encryption_key.get_secret_value())
    installations = Installations(engine, client_id=client_id, cipher=cipher)
    states = SignedStates(state_key(client_secret), now=now)
    tokens = Tokens(
        installations,
        rotator=TokenRotator(
            client_id=client_id,
            client_secret=client_secret,
            client=create_web_client(base_url=settings.slack_api_url, token=None),
        ),
        lock=RotationLock(engine),
        client_factory=lambda token: create_web_client(
            base_url=settings.slack_api_url, token=token, for_delivery=True
        ),
        minutes_before_expiration=settings.token_rotation_minutes,
    )
    oauth_settings = OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(INSTALL_SCOPES),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        authorization_url=authorization_url(settings.slack_api_url),
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=states,
        token_rotation_expiration_minutes=settings.token_rotation_minutes,
    )
    return OAuthSetup(
        settings=oauth_settings,
        installations=installations,
        states=states,
        tokens=tokens,
        authorize=InstallationAuthorize(tokens, GridWorkspaces(engine, now=now)),
    )
