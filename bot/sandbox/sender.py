"""Send requests to the app the way Slack does: signed HTTP (`SlackSender`) or Socket Mode
envelopes (`SocketSender`). Both offer the same methods so a scenario can run in either mode."""

from __future__ import annotations

import json
import socket
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from bot.sandbox import payloads

if TYPE_CHECKING:
    from bot.sandbox.sandbox import SlackSandbox


@dataclass
class Reply:
    """The app's answer: HTTP status/headers/body, or a Socket Mode ack (status 200, or 0 when
    no ack came in time)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    text: str = ""
    ack: dict[str, Any] | None = None  # Socket Mode ack payload

    def json(self) -> Any:
        return json.loads(self.text)

    def payload(self) -> dict[str, Any]:
        """The ack content in mode-neutral form: `{}` for an empty ack, `{"text": …}` for a
        plain-text ack, else the JSON object."""
        if self.ack is not None:
            return self.ack
        if not self.text:
            return {}
        try:
            data = json.loads(self.text)
        except ValueError:
            return {"text": self.text}
        return data if isinstance(data, dict) else {"text": self.text}


@dataclass
class Forge:
    """Ways to get signing wrong, for security tests."""

    sign_with: str | None = None
    timestamp_offset: int = 0
    tamper: bool = False
    unsigned: bool = False


class _Base:
    def __init__(
        self,
        sandbox: SlackSandbox | None,
        team_id: str,
        api_app_id: str,
        bot_user_id: str,
        bot_id: str,
    ) -> None:
        self.sandbox = sandbox
        self.team_id = team_id
        self.api_app_id = api_app_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        # Enterprise Grid: set both to send as a workspace of an org-wide installation.
        self.enterprise_id: str | None = None
        self.org_install = False

    def _grid(self) -> dict[str, Any]:
        return {"enterprise_id": self.enterprise_id, "org_install": self.org_install}

    def _trigger(self) -> str:
        return self.sandbox.new_trigger_id() if self.sandbox else payloads.trigger_id()

    def _response_url(self, channel: str | None = None, ts: str | None = None) -> str:
        if self.sandbox is None:
            return "https://hooks.slack.com/commands/T0SANDBOX/1/sandbox"
        return self.sandbox.new_response_url(channel=channel, message_ts=ts)

    def _command(
        self, user_id: str, text: str, command: str, channel_id: str, user_name: str | None
    ) -> dict[str, str]:
        return payloads.command(
            user_id=user_id,
            text=text,
            command=command,
            channel_id=channel_id,
            user_name=user_name,
            team_id=self.team_id,
            api_app_id=self.api_app_id,
            response_url=self._response_url(channel_id),
            trigger=self._trigger(),
            **self._grid(),
        )

    def _block_action(
        self, user_id: str, action_id: str, value: str | None, kw: dict[str, Any]
    ) -> dict[str, Any]:
        message, view = kw.get("message"), kw.get("view")
        channel_id = kw.get("channel_id") or (message or {}).get("channel")
        url = (
            None if view is not None else self._response_url(channel_id, (message or {}).get("ts"))
        )
        return payloads.block_actions(
            user_id=user_id,
            action_id=action_id,
            value=value,
            block_id=kw.get("block_id"),
            action_type=kw.get("action_type", "button"),
            action_extra=kw.get("action_extra"),
            message=message,
            view=view,
            channel_id=channel_id,
            container=kw.get("container"),
            response_url=url,
            team_id=self.team_id,
            api_app_id=self.api_app_id,
            trigger=self._trigger(),
            user_name=kw.get("user_name"),
            **self._grid(),
        )

    def _view_submission(
        self,
        user_id: str,
        view: dict[str, Any],
        values: dict[str, Any],
        callback_id: str | None,
        user_name: str | None,
    ) -> dict[str, Any]:
        return payloads.view_submission(
            user_id=user_id,
            view=view,
            values=values,
            callback_id=callback_id,
            team_id=self.team_id,
            api_app_id=self.api_app_id,
            trigger=self._trigger(),
            bot_id=self.bot_id,
            user_name=user_name,
            **self._grid(),
        )

    def _event(
        self, event: dict[str, Any], event_id: str | None, event_time: int | None
    ) -> dict[str, Any]:
        return payloads.event_callback(
            event,
            team_id=self.team_id,
            api_app_id=self.api_app_id,
            bot_user_id=self.bot_user_id,
            event_id=event_id,
            event_time=event_time,
            **self._grid(),
        )


class SlackSender(_Base):
    """POSTs signed requests to the app's Request URL (e.g. `http://127.0.0.1:PORT/slack/events`).

    Every method also takes `sign_with=`, `timestamp_offset=`, `tamper=`, `unsigned=`.
    """

    def __init__(
        self,
        events_url: str,
        signing_secret: str,
        *,
        sandbox: SlackSandbox | None = None,
        team_id: str = "T0SANDBOX",
        api_app_id: str = "A0BALANCE",
        bot_user_id: str | None = None,
        bot_id: str | None = None,
        timeout: float = 5.0,
    ) -> None:
        super().__init__(
            sandbox,
            sandbox.team_id if sandbox else team_id,
            api_app_id,
            bot_user_id or (sandbox.bot_user_id if sandbox else "U0BALANCE"),
            bot_id or (sandbox.config.bot_id if sandbox else "B0BALANCE"),
        )
        self.events_url = events_url
        self.signing_secret = signing_secret
        # Slack's senders don't hold small writes back (Nagle); neither do we, or every request
        # with a body would wait for a delayed ACK.
        nodelay = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
        self.http = httpx.Client(
            timeout=timeout, transport=httpx.HTTPTransport(socket_options=nodelay)
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SlackSender:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def post(
        self, body: str, content_type: str, *, headers: dict[str, str] | None = None, **forge: Any
    ) -> Reply:
        """Sign `body` (the exact bytes sent) and POST it."""
        f = Forge(**forge)
        raw = body.encode()
        sent_headers = {"Content-Type": content_type, "User-Agent": "Slackbot 1.0"}
        if not f.unsigned:
            ts = str(int(time.time()) + f.timestamp_offset)
            verifier = SignatureVerifier(f.sign_with or self.signing_secret)
            sent_headers["X-Slack-Request-Timestamp"] = ts
            signature = verifier.generate_signature(timestamp=ts, body=raw)
            sent_headers["X-Slack-Signature"] = signature or ""
        if f.tamper:
            raw = raw.replace(b"a", b"b", 1) if b"a" in raw else raw + b" "
        sent_headers.update(headers or {})
        resp = self.http.post(self.events_url, content=raw, headers=sent_headers)
        return Reply(resp.status_code, {k.lower(): v for k, v in resp.headers.items()}, resp.text)

    def _form(self, fields: dict[str, str], forge: dict[str, Any]) -> Reply:
        return self.post(urlencode(fields), "application/x-www-form-urlencoded", **forge)

    def _interactive(self, payload: dict[str, Any], forge: dict[str, Any]) -> Reply:
        return self.post(
            "payload=" + quote(json.dumps(payload)), "application/x-www-form-urlencoded", **forge
        )

    def command(
        self,
        user_id: str,
        text: str = "",
        *,
        command: str = "/balance",
        channel_id: str = "C0FRONTDESK",
        user_name: str | None = None,
        **forge: Any,
    ) -> Reply:
        return self._form(self._command(user_id, text, command, channel_id, user_name), forge)

    def block_action(
        self,
        user_id: str,
        action_id: str,
        value: str | None = None,
        *,
        block_id: str | None = None,
        container: dict[str, Any] | None = None,
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        channel_id: str | None = None,
        action_type: str = "button",
        action_extra: dict[str, Any] | None = None,
        user_name: str | None = None,
        **forge: Any,
    ) -> Reply:
        payload = self._block_action(
            user_id,
            action_id,
            value,
            dict(
                block_id=block_id,
                container=container,
                message=message,
                view=view,
                channel_id=channel_id,
                action_type=action_type,
                action_extra=action_extra,
                user_name=user_name,
            ),
        )
        return self._interactive(payload, forge)

    def view_submission(
        self,
        user_id: str,
        view: dict[str, Any],
        values: dict[str, Any],
        *,
        callback_id: str | None = None,
        user_name: str | None = None,
        **forge: Any,
    ) -> Reply:
        return self._interactive(
            self._view_submission(user_id, view, values, callback_id, user_name), forge
        )

    def interactive(self, payload: dict[str, Any], **forge: Any) -> Reply:
        """Any other interactivity payload (shortcut, view_closed, …) as given."""
        return self._interactive(payload, forge)

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        event_time: int | None = None,
        **forge: Any,
    ) -> Reply:
        headers = {}
        if retry_num is not None:  # absent on a first delivery, like Slack
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        body = json.dumps(self._event(event, event_id, event_time))
        return self.post(body, "application/json", headers=headers, **forge)

    def event_body(self, body: dict[str, Any], **forge: Any) -> Reply:
        """A full Events API body as given (e.g. to resend an earlier one unchanged)."""
        return self.post(json.dumps(body), "application/json", **forge)

    def url_verification(self, challenge: str, **forge: Any) -> Reply:
        body = {
            "token": "sandbox-verification-token",
            "challenge": challenge,
            "type": "url_verification",
        }
        return self.post(json.dumps(body), "application/json", **forge)


class SocketSender(_Base):
    """The same requests delivered as Socket Mode envelopes through the sandbox."""

    def __init__(
        self, sandbox: SlackSandbox, *, timeout: float = 3.0, api_app_id: str | None = None
    ) -> None:
        super().__init__(
            sandbox,
            sandbox.team_id,
            api_app_id or sandbox.config.app_id,
            sandbox.bot_user_id,
            sandbox.config.bot_id,
        )
        self.slack = sandbox
        self.timeout = timeout

    def _send(self, type_: str, payload: dict[str, Any], **kw: Any) -> Reply:
        ack = self.slack.socket_send(type_, payload, timeout=self.timeout, **kw)
        if ack is None:
            return Reply(0)
        return Reply(200, {}, json.dumps(ack) if ack else "", ack=ack)

    def command(
        self,
        user_id: str,
        text: str = "",
        *,
        command: str = "/balance",
        channel_id: str = "C0FRONTDESK",
        user_name: str | None = None,
    ) -> Reply:
        return self._send(
            "slash_commands", self._command(user_id, text, command, channel_id, user_name)
        )

    def block_action(
        self,
        user_id: str,
        action_id: str,
        value: str | None = None,
        *,
        block_id: str | None = None,
        container: dict[str, Any] | None = None,
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        channel_id: str | None = None,
        action_type: str = "button",
        action_extra: dict[str, Any] | None = None,
        user_name: str | None = None,
    ) -> Reply:
        return self._send(
            "interactive",
            self._block_action(
                user_id,
                action_id,
                value,
                dict(
                    block_id=block_id,
                    container=container,
                    message=message,
                    view=view,
                    channel_id=channel_id,
                    action_type=action_type,
                    action_extra=action_extra,
                    user_name=user_name,
                ),
            ),
        )

    def view_submission(
        self,
        user_id: str,
        view: dict[str, Any],
        values: dict[str, Any],
        *,
        callback_id: str | None = None,
        user_name: str | None = None,
    ) -> Reply:
        return self._send(
            "interactive", self._view_submission(user_id, view, values, callback_id, user_name)
        )

    def interactive(self, payload: dict[str, Any]) -> Reply:
        return self._send("interactive", payload)

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "timeout",
        event_time: int | None = None,
    ) -> Reply:
        return self._send(
            "events_api",
            self._event(event, event_id, event_time),
            retry_attempt=retry_num or 0,
            retry_reason=retry_reason if retry_num else "",
        )
