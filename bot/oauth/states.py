"""Stateless, signed OAuth states: `/slack/install` costs no database write.

A state is `base64url(nonce ‖ expiry ‖ HMAC-SHA256(key, nonce ‖ expiry))`, with a key derived
from the client secret. Any replica can check it (nothing is shared but the secret), an
anonymous GET of the install page writes nothing, and a state expires after ten minutes.

Why signed rather than a rate limit per address: a rate limit still writes a row per allowed
request, needs a shared counter across replicas, and punishes a whole clinic behind one NAT.
What a stored state added — use once — is covered otherwise: Bolt binds the state to the
browser that started the install (a cookie it checks on the way back), and Slack's `code` is
itself single-use, so a replayed state gets nothing a fresh visit would not.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from datetime import datetime

from slack_sdk.oauth.state_store import OAuthStateStore

log = logging.getLogger(__name__)

_NONCE, _EXPIRY, _MAC = 16, 8, 32
_PURPOSE = b"balance-bot oauth state v1"


def state_key(client_secret: str) -> bytes:
    """A key of its own for states (the client secret itself signs nothing else here)."""
    return hmac.new(client_secret.encode(), _PURPOSE, hashlib.sha256).digest()


class SignedStates(OAuthStateStore):
    def __init__(
        self, key: bytes, *, now: Callable[[], datetime], expiration_seconds: int = 600
    ) -> None:
        self._key = key
        self._now = now
        self._ttl = expiration_seconds

    def __repr__(self) -> str:
        return f"SignedStates(expiration_seconds={self._ttl})"

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: object, **kwargs: object) -> str:
        expires = int(self._now().timestamp()) + self._ttl
        payload = secrets.token_bytes(_NONCE) + expires.to_bytes(_EXPIRY, "big")
        raw = payload + hmac.new(self._key, payload, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    def consume(self, state: str) -> bool:
        """True for a state this app issued (any replica) that has not expired."""
        if not state or len(state) > 200:
            return False
        try:
            raw = base64.urlsafe_b64decode(state + "=" * (-len(state) % 4))
        except (binascii.Error, ValueError):
            return False
        if len(raw) != _NONCE + _EXPIRY + _MAC:
            return False
        payload, mac = raw[: _NONCE + _EXPIRY], raw[_NONCE + _EXPIRY :]
        if not hmac.compare_digest(mac, hmac.new(self._key, payload, hashlib.sha256).digest()):
            return False
        expires = int.from_bytes(payload[_NONCE:], "big")
        return self._now().timestamp() <= expires
