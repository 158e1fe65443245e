"""The pulse's keys and envelopes: keyed per secret and per round, nothing readable without the
secret, tampering and wrong secrets refused, a length that hides how many answered, and the
setting's format and start-up rules."""

from __future__ import annotations

from hashlib import sha256

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from bot.features.pulse.closing import aggregate
from bot.features.pulse.sealing import (
    Envelope,
    Keyring,
    SealError,
    SecretFormatError,
    key_check,
    parse_secrets,
    startup_problem,
)
from bot.store.pulse import AlreadyAnswered, Answer

ONE, TWO = "a" * 40, "b" * 40
RING = Keyring([ONE])


KEY = RING.new_round("T1", 7)
OTHERS = (Keyring([TWO]).new_round("T1", 7), RING.new_round("T1", 8), RING.new_round("T2", 7))


@settings(deadline=None)
@given(st.text(min_size=1, max_size=12), st.text(min_size=1, max_size=12))
def test_member_hashes_are_keyed_per_secret_and_per_round(a: str, b: str) -> None:
    # Recognised all round long: the key derived again when a later answer arrives, also after
    # a new secret was put in front of the one that sealed the round, gives the same hash.
    rotated = Keyring([TWO, ONE]).for_round("T1", 7, KEY.check)
    assert rotated is not None
    assert KEY.member(a) == RING.new_round("T1", 7).member(a) == rotated.member(a)
    assert KEY.member(a) != sha256(a.encode()).hexdigest()  # not guessable from the id alone
    assert all(KEY.member(a) != other.member(a) for other in OTHERS)
    if a != b:
        assert KEY.member(a) != KEY.member(b)


def test_an_envelope_opens_only_with_its_round_s_key() -> None:
    key = RING.new_round("T1", 7)
    env = Envelope().with_answer(
        key.member("U1"), [Answer("q", value=4), Answer("c", comment="hola <@U2>")]
    )
    blob = key.seal(env)
    assert key.open(blob) == env
    assert key.seal(env) != blob  # a fresh nonce each time: equal content, unrelated bytes
    for other in (Keyring([TWO]).new_round("T1", 7), RING.new_round("T1", 8)):
        with pytest.raises(SealError):
            other.open(blob)
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(SealError):
        key.open(tampered)
    with pytest.raises(SealError):
        key.open(b"plain text")


def test_the_length_says_next_to_nothing_about_how_many_answered() -> None:
    key = RING.new_round("T1", 7)
    env = Envelope()
    sizes = {len(key.seal(env))}
    for n in range(20):
        env = env.with_answer(
            key.member(f"U{n}"), [Answer("q", value=3), Answer("c", comment="x" * 200)]
        )
        sizes.add(len(key.seal(env)))
    assert sizes == {1 + 12 + 8192 + 16}


def test_one_answer_per_member() -> None:
    key = RING.new_round("T1", 7)
    env = Envelope().with_answer(key.member("U1"), [Answer("q", value=1)])
    with pytest.raises(AlreadyAnswered):
        env.with_answer(key.member("U1"), [Answer("q", value=5)])


def test_closing_totals_and_shuffles() -> None:
    key = RING.new_round("T1", 7)
    env = Envelope()
    for n in range(8):
        env = env.with_answer(
            key.member(f"U{n}"), [Answer("q", value=1 + n % 5), Answer("c", comment=f"comment {n}")]
        )
    orders = set()
    for _ in range(20):
        closing = aggregate(env, None)
        assert closing.responses == 8 and closing.tallies["q"].count == 8
        assert closing.tallies["q"].total == sum(1 + n % 5 for n in range(8))
        orders.add(closing.comments)
    assert len(orders) > 1  # comments come out in a new random order (8! orders)
    assert {c for order in orders for c in order} == {f"comment {n}" for n in range(8)}


def test_the_setting_needs_long_secrets_and_names_which_sealed_a_round() -> None:
    assert parse_secrets(f"{ONE}, {TWO}") == (ONE, TWO)
    for bad in ("short", f"{ONE},", f"{ONE},,{TWO}"):
        with pytest.raises(SecretFormatError):
            parse_secrets(bad)
    rotated = Keyring([TWO, ONE])
    old = RING.new_round("T1", 7)
    assert rotated.current_check == key_check(TWO) != key_check(ONE)
    found = rotated.for_round("T1", 7, old.check)
    assert found is not None and found.member("U1") == old.member("U1")
    assert Keyring([TWO]).for_round("T1", 7, old.check) is None
    assert "ONE" not in repr(old) and ONE not in repr(old)


def test_start_up_needs_the_secret_once_a_pulse_is_set_up() -> None:
    assert startup_problem(None, enabled=0, open_checks=set()) is None
    missing = startup_problem(None, enabled=2, open_checks=set())
    assert missing is not None and missing.startswith("BALANCE_PULSE_SECRET is not set")
    assert "secrets.token_urlsafe" in missing and "\n" not in missing
    value = SecretStr(ONE)
    assert startup_problem(value, enabled=1, open_checks={key_check(ONE)}) is None
    wrong = startup_problem(SecretStr(TWO), enabled=1, open_checks={key_check(ONE)})
    assert wrong is not None and "put back the secret" in wrong
    assert (
        startup_problem(SecretStr(f"{TWO},{ONE}"), enabled=1, open_checks={key_check(ONE)}) is None
    )
