"""Typed settings, read once from the environment (and `.env`) in `main` and passed down.

Slack's own names (`SLACK_*`), `DATABASE_URL` and `PORT` are read as is; everything else
carries the `BALANCE_` prefix. Secrets are `SecretStr`, so they never appear in a repr or a log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="BALANCE_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        env_ignore_empty=True,
        hide_input_in_errors=True,
        populate_by_name=True,
    )

    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=_env("SLACK_BOT_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=_env("SLACK_APP_TOKEN")
    )
    slack_client_id: str | None = Field(default=None, validation_alias=_env("SLACK_CLIENT_ID"))
    slack_client_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("SLACK_CLIENT_SECRET")
    )
    slack_api_url: str = Field(
        default=DEFAULT_SLACK_API_URL, validation_alias=_env("SLACK_API_URL")
    )
    database_url: str = Field(
        default="sqlite:///balance-bot.db", validation_alias=_env("DATABASE_URL")
    )
    port: int = Field(default=3000, ge=1, le=65535, validation_alias=_env("PORT"))

    host: str = "0.0.0.0"
    # Health and metrics on a listener of their own (unset: on PORT with Slack's requests).
    health_host: str = "127.0.0.1"
    health_port: int | None = Field(default=None, ge=1, le=65535)
    # The HTTP edge: bodies over the limit get 413 before anything is parsed; a body must
    # arrive within the timeout; connections beyond the bound get 503.
    max_body_bytes: int = Field(default=1_048_576, ge=1024, le=64 * 1_048_576)
    request_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    max_connections: int = Field(default=100, ge=4, le=10_000)
    # `/balance` answers within this budget (Slack gives up at 3 s); slower work answers later
    # through the command's response_url.
    ack_budget_seconds: float = Field(default=2.0, ge=0.2, le=2.8)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    auto_migrate: bool = True
    content_dir: Path | None = None

    # Delivery: the tick claims due outbox rows and sends them within Slack's pace.
    dispatch_interval_seconds: float = Field(default=30.0, gt=0, le=3600)
    dispatch_concurrency: int = Field(default=8, ge=1, le=64)
    dispatch_batch: int = Field(default=200, ge=1, le=5000)
    workspace_rate_per_second: float = Field(default=8.0, gt=0)
    lease_seconds: float = Field(default=60.0, gt=0)
    max_attempts: int = Field(default=6, ge=1, le=50)
    nudge_validity_minutes: int = Field(default=15, ge=1, le=240)
    health_max_tick_age_seconds: float | None = None

    holiday_country: str | None = "US"
    holiday_subdiv: str | None = None
    # When non-urgent DMs may reach a member who has no shifts set, in the member's own zone.
    working_hours: str = "mon-fri 09:00-17:00"
    # OAuth mode: comma-separated Fernet keys; the first encrypts tokens at rest, all decrypt.
    encryption_key: SecretStr | None = None
    token_rotation_minutes: int = Field(default=120, ge=1, le=720)
    # Weekly pulse: voter keys and sealed answers derive from this secret, which never enters the
    # database (comma-separate several to rotate; the first seals new rounds). Required once a
    # pulse is set up. Comments are deleted this many weeks after their round closed.
    pulse_secret: SecretStr | None = None
    pulse_comment_retention_weeks: int = Field(default=12, ge=1, le=104)

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError("is not a database URL") from exc
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError("must be sqlite:///… or postgresql+psycopg://…")
        if url.get_backend_name() == "postgresql" and url.get_driver_name() != "psycopg":
            value = url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return value

    @field_validator("encryption_key")
    @classmethod
    def _encryption_key(cls, value: SecretStr | None) -> SecretStr | None:
        from bot.oauth.crypto import KeyFormatError, parse_keys

        if value is not None:
            try:
                parse_keys(value.get_secret_value())
            except KeyFormatError as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("working_hours")
    @classmethod
    def _working_hours(cls, value: str) -> str:
        from bot.schedule import GrammarError, ScheduleError, working_hours

        try:
            working_hours(value)
        except (GrammarError, ScheduleError) as exc:
            raise ValueError(f"is not a week like 'mon-fri 09:00-17:00' ({exc})") from None
        return value

    @field_validator("pulse_secret")
    @classmethod
    def _pulse_secret(cls, value: SecretStr | None) -> SecretStr | None:
        from bot.features.pulse.sealing import SecretFormatError, parse_secrets

        if value is not None:
            try:
                parse_secrets(value.get_secret_value())
            except SecretFormatError as exc:
                raise ValueError(str(exc)) from None
        return value

    def __repr_args__(self) -> Any:
        # SecretStr fields mask themselves; the database URL may carry a password too.
        for name, value in super().__repr_args__():
            if name == "database_url" and isinstance(value, str):
                value = display_url(value)
            yield name, value

    @property
    def oauth_enabled(self) -> bool:
        """OAuth installs for many workspaces (else one workspace, SLACK_BOT_TOKEN)."""
        return bool(self.slack_client_id) and self.slack_client_secret is not None

    @property
    def max_tick_age(self) -> float:
        """How old the last tick may be before /healthz reports the scheduler as stuck."""
        if self.health_max_tick_age_seconds is not None:
            return self.health_max_tick_age_seconds
        return max(3 * self.dispatch_interval_seconds, 90.0)

    @property
    def socket_mode_available(self) -> bool:
        return self.slack_app_token is not None


# What to tell the person who runs the bot when a setting is missing or wrong.
SETTING_HINTS: dict[str, str] = {
    "SLACK_BOT_TOKEN": "copy the Bot User OAuth Token (xoxb-…) from your Slack app's "
    "'OAuth & Permissions' page into .env or the environment",
    "SLACK_SIGNING_SECRET": "copy the Signing Secret from your Slack app's 'Basic Information' "
    "page into .env or the environment",
    "SLACK_APP_TOKEN": "create an app-level token with the connections:write scope "
    "('Basic Information' → 'App-Level Tokens') and set it (xapp-…)",
    "SLACK_API_URL": "use the Web API base URL, e.g. https://slack.com/api/",
    "DATABASE_URL": "use sqlite:///balance-bot.db or postgresql+psycopg://user:pass@host/db",
    "PORT": "use a port number between 1 and 65535",
    "BALANCE_HEALTH_PORT": "use a port number between 1 and 65535 that differs from PORT, or "
    "unset it to serve /healthz and /metrics on PORT",
    "SLACK_CLIENT_ID": "copy the Client ID from your Slack app's 'Basic Information' page "
    "(OAuth installs need SLACK_CLIENT_ID and SLACK_CLIENT_SECRET; unset both for one workspace)",
    "SLACK_CLIENT_SECRET": "copy the Client Secret from your Slack app's 'Basic Information' page "
    "(OAuth installs need SLACK_CLIENT_ID and SLACK_CLIENT_SECRET; unset both for one workspace)",
    "BALANCE_ENCRYPTION_KEY": "OAuth mode stores tokens encrypted: generate a key with `python -c "
    "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'` and set it "
    "(comma-separate several keys to rotate; the first encrypts)",
    "BALANCE_PULSE_SECRET": "the weekly pulse seals answers with it: generate one with `python -c "
    "'import secrets; print(secrets.token_urlsafe(32))'`, set it on every replica and keep it "
    "apart from database backups (docs/admin-guide.md, 'The weekly pulse')",
    "BALANCE_PULSE_COMMENT_RETENTION_WEEKS": "use a whole number of weeks from 1 to 104 "
    "(default 12)",
}


def display_url(url: str) -> str:
    """A database URL fit for a repr or a log line: no password, wherever it was put."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "<not a database URL>"
    hidden = {k: "***" for k in parsed.query if "pass" in k.lower() or "secret" in k.lower()}
    return parsed.update_query_dict(hidden).render_as_string(hide_password=True)


def env_name(field: str) -> str:
    """The environment variable an operator sets for a settings field."""
    info = Settings.model_fields.get(field)
    if info is not None and isinstance(info.validation_alias, AliasChoices):
        first = info.validation_alias.choices[0]
        if isinstance(first, str):
            return first
    return f"BALANCE_{field.upper()}"
