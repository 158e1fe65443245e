"""Tokens at rest: Fernet (AES-128-CBC + HMAC-SHA256) under keys from `BALANCE_ENCRYPTION_KEY`.

The setting is a comma-separated list. The first key encrypts; every key decrypts, so an
operator rotates by putting a new key first, restarting (rows are re-encrypted at start-up,
see `Installations.reencrypt`), then dropping the old key.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class KeyFormatError(ValueError):
    """A key in BALANCE_ENCRYPTION_KEY is not a Fernet key."""


def parse_keys(value: str) -> list[Fernet]:
    keys = [part.strip() for part in value.split(",") if part.strip()]
    if not keys:
        raise KeyFormatError("is empty")
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except (ValueError, TypeError):
            # Never echo the key itself: it is a secret even when malformed.
            raise KeyFormatError(
                f"key {position} is not a Fernet key (32 url-safe base64-encoded bytes)"
            ) from None
    return fernets


class TokenCipher:
    def __init__(self, value: str) -> None:
        self._keys = parse_keys(value)
        self._primary = self._keys[0]
        self._all = MultiFernet(self._keys)

    def encrypt(self, plain: str) -> str:
        return self._primary.encrypt(plain.encode()).decode("ascii")

    def decrypt(self, sealed: str) -> str:
        try:
            return self._all.decrypt(sealed.encode("ascii")).decode()
        except InvalidToken:
            raise InvalidToken(
                "a stored token cannot be decrypted with any key in BALANCE_ENCRYPTION_KEY"
            ) from None

    def is_current(self, sealed: str) -> bool:
        """True when the value is encrypted under the first (current) key."""
        try:
            self._primary.decrypt(sealed.encode("ascii"))
        except InvalidToken:
            return False
        return True

    def reseal(self, sealed: str) -> str:
        """The same plaintext under the current key."""
        return self._all.rotate(sealed.encode("ascii")).decode("ascii")

    def seal_optional(self, plain: str | None) -> str | None:
        return None if plain is None else self.encrypt(plain)

    def open_optional(self, sealed: str | None) -> str | None:
        return None if sealed is None else self.decrypt(sealed)
