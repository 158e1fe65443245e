"""The pulse's keys and sealed answers. No key is ever stored: each is derived when needed from
`BALANCE_PULSE_SECRET`, a setting that lives outside the database.

- The secret is stretched once per process with scrypt, so even a weak one costs an attacker
  about 50 ms and 16 MB per guess.
- Each round has its own keys, derived with HKDF-SHA256 from that and the round (`team:id`):
  a *member key* (HMAC-SHA256 of a member id: the eligible set frozen at open, and who has
  answered) and a *sealing key* (AES-256-GCM).
- A round stores `key_check`, a short HKDF output that names which secret sealed it (so a wrong
  or missing secret is a clear start-up error, not garbage), and reveals nothing about it.

While a round is open, its answers live in one sealed *envelope*: the voters' member hashes and
the answer sets in shuffled order, padded to a multiple of 8 KiB and encrypted as a whole with a
fresh nonce at every change. A copy of the database holds one opaque blob per round: no row per
person, no order, no time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import SecretStr

from bot.store.pulse import AlreadyAnswered, Answer

MIN_SECRET_LENGTH = 32
_LABEL = "balance-bot pulse v1"
_FORMAT = b"\x01"
_PAD_TO = 8192  # the envelope's length says next to nothing about how many answered
_NONCE = 12


class SecretFormatError(ValueError):
    """BALANCE_PULSE_SECRET is not usable; the message says why."""


class SealError(Exception):
    """An envelope that this key cannot open (another secret sealed it, or it is damaged)."""


def parse_secrets(value: str) -> tuple[str, ...]:
    """The secrets in the setting, newest first (comma-separated to rotate)."""
    parts = tuple(p.strip() for p in value.split(","))
    if any(not p for p in parts):
        raise SecretFormatError("has an empty entry between commas")
    if any(len(p) < MIN_SECRET_LENGTH for p in parts):
        raise SecretFormatError(f"must be at least {MIN_SECRET_LENGTH} characters long")
    return parts


@lru_cache(maxsize=8)
def _stretched(secret: str) -> bytes:
    kdf = Scrypt(salt=f"{_LABEL} secret".encode(), length=32, n=2**14, r=8, p=1)
    return kdf.derive(secret.encode())


def _derive(master: bytes, *parts: object) -> bytes:
    info = "|".join((_LABEL, *(str(p) for p in parts))).encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master)


def key_check(secret: str) -> str:
    """What a round stores to name the secret that sealed it."""
    return _derive(_stretched(secret), "check").hex()[:16]


@dataclass(frozen=True)
class Envelope:
    """An open round's sealed content: who answered (member hashes) and the answer sets."""

    voters: frozenset[str] = frozenset()
    answers: tuple[tuple[Answer, ...], ...] = ()

    def with_answer(self, voter: str, answers: Sequence[Answer]) -> Envelope:
        """Add one member's answers, in a fresh random order among the others."""
        if voter in self.voters:
            raise AlreadyAnswered
        shuffled = [*self.answers, tuple(answers)]
        secrets.SystemRandom().shuffle(shuffled)
        return Envelope(self.voters | {voter}, tuple(shuffled))

    def to_bytes(self) -> bytes:
        data = {
            "voters": sorted(self.voters),
            "answers": [[[a.question_id, a.value, a.comment] for a in one] for one in self.answers],
        }
        raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        body = len(raw).to_bytes(4, "big") + raw
        return body + b"\0" * (-len(body) % _PAD_TO)

    @classmethod
    def from_bytes(cls, body: bytes) -> Envelope:
        size = int.from_bytes(body[:4], "big")
        data = json.loads(body[4 : 4 + size])
        answers = tuple(
            tuple(Answer(str(q), None if v is None else int(v), c) for q, v, c in one)
            for one in data["answers"]
        )
        return cls(frozenset(str(v) for v in data["voters"]), answers)


@dataclass(frozen=True)
class RoundKey:
    """The keys of one round (never stored, never logged)."""

    team_id: str
    round_id: int
    check: str
    _member: bytes = field(repr=False)
    _seal: bytes = field(repr=False)

    def member(self, user_id: str) -> str:
        """A member's hash in this round: the same member gives the same value all round long,
        and nobody without the secret can tell whose it is."""
        return hmac.new(self._member, user_id.encode(), hashlib.sha256).hexdigest()

    def seal(self, envelope: Envelope) -> bytes:
        nonce = os.urandom(_NONCE)
        sealed = AESGCM(self._seal).encrypt(nonce, envelope.to_bytes(), self._aad())
        return _FORMAT + nonce + sealed

    def open(self, blob: bytes) -> Envelope:
        if blob[:1] != _FORMAT or len(blob) <= 1 + _NONCE:
            raise SealError("not a sealed pulse envelope")
        nonce, sealed = blob[1 : 1 + _NONCE], blob[1 + _NONCE :]
        try:
            return Envelope.from_bytes(AESGCM(self._seal).decrypt(nonce, sealed, self._aad()))
        except InvalidTag:
            raise SealError("sealed with another secret, or damaged") from None

    def seal_text(self, text: str) -> str:
        """`text` (a member id the outbox must carry) readable only with the secret."""
        nonce = os.urandom(_NONCE)
        sealed = AESGCM(self._seal).encrypt(nonce, text.encode(), self._aad(b"text"))
        return base64.urlsafe_b64encode(nonce + sealed).decode()

    def open_text(self, value: str) -> str:
        try:
            raw = base64.urlsafe_b64decode(value.encode())
            nonce, sealed = raw[:_NONCE], raw[_NONCE:]
            return AESGCM(self._seal).decrypt(nonce, sealed, self._aad(b"text")).decode()
        except (InvalidTag, ValueError):
            raise SealError("sealed with another secret, or damaged") from None

    def _aad(self, purpose: bytes = b"") -> bytes:
        return f"{self.team_id}:{self.round_id}".encode() + (b":" + purpose if purpose else b"")


class Keyring:
    """The configured secrets: the first seals new rounds; any of them opens the rounds it
    sealed (`key_check` tells which)."""

    def __init__(self, values: Sequence[str]) -> None:
        if not values:
            raise SecretFormatError("is empty")
        self._secrets = tuple(values)

    @classmethod
    def from_setting(cls, value: SecretStr | None) -> Keyring | None:
        return None if value is None else cls(parse_secrets(value.get_secret_value()))

    @property
    def current_check(self) -> str:
        return key_check(self._secrets[0])

    def knows(self, check: str | None) -> bool:
        return check is not None and any(key_check(s) == check for s in self._secrets)

    def new_round(self, team_id: str, round_id: int) -> RoundKey:
        return _round_key(self._secrets[0], team_id, round_id)

    def for_round(self, team_id: str, round_id: int, check: str | None) -> RoundKey | None:
        """The keys of a round sealed with one of these secrets; None when none of them did."""
        for secret in self._secrets:
            if check is not None and key_check(secret) == check:
                return _round_key(secret, team_id, round_id)
        return None


def _round_key(secret: str, team_id: str, round_id: int) -> RoundKey:
    master = _stretched(secret)
    return RoundKey(
        team_id=team_id,
        round_id=round_id,
        check=key_check(secret),
        _member=_derive(master, "member", team_id, round_id),
        _seal=_derive(master, "seal", team_id, round_id),
    )


def startup_problem(value: SecretStr | None, *, enabled: int, open_checks: set[str]) -> str | None:
    """What stops the bot at start-up, as one line naming the setting and the fix: no secret
    while a pulse is set up, or secrets that can't open the rounds still open."""
    from bot.config import SETTING_HINTS

    if value is None:
        if not enabled and not open_checks:
            return None  # no pulse here: nothing to seal
        return (
            f"BALANCE_PULSE_SECRET is not set, and a weekly pulse is set up "
            f"({enabled} channel(s)): {SETTING_HINTS['BALANCE_PULSE_SECRET']}"
        )
    keyring = Keyring.from_setting(value)
    assert keyring is not None
    if any(not keyring.knows(check) for check in open_checks):
        return (
            "BALANCE_PULSE_SECRET: none of its secrets sealed the pulse round(s) still "
            "open — put back the secret they were opened with (a new one goes first, "
            "the old one after a comma), with the same value on every replica"
        )
    return None
