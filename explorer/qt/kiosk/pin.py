"""The admin PIN: a salted scrypt hash, and exponential back-off after wrong guesses.

The PIN itself is never stored. A fresh random salt is drawn each time a PIN
is set, so two kiosks with the same PIN store different hashes. A kiosk PIN is
short, so the hash alone would not stop an offline guesser; what protects it
on the screen is the back-off of :class:`PinThrottle`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import os
import time
from collections.abc import Callable

SCHEME = "scrypt"
#: scrypt cost: ~16 MiB and ~50 ms per check, slow enough to hurt offline guessing.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16
MIN_PIN_LENGTH, MAX_PIN_LENGTH = 4, 12
#: First lock-out after a wrong PIN (seconds); it doubles with every further wrong PIN.
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 300.0


def check_pin_format(pin: str) -> None:
    """``ValueError`` unless ``pin`` is 4 to 12 digits (the touch keypad has only digits)."""
    if any(not "0" <= character <= "9" for character in pin):
        raise ValueError("the PIN must be digits only (0-9): the kiosk's keypad has no letters")
    if not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        raise ValueError(
            f"the PIN must be {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits (0-9); "
            f"found {len(pin)} digit(s)"
        )


def check_new_pin(pin: str) -> None:
    """``ValueError`` saying why, unless ``pin`` is well formed and not trivial to guess.

    Refused: a PIN of one repeated digit (0000, 7777) and a run of consecutive
    digits up or down (1234, 9876, 3456789): they are the first guesses of
    anyone who finds the hidden corner. The message never repeats the PIN.
    """
    check_pin_format(pin)
    steps = {int(after) - int(before) for before, after in itertools.pairwise(pin)}
    if steps == {0}:
        raise ValueError("the PIN is too easy to guess: it is one digit repeated")
    if steps in ({1}, {-1}):
        raise ValueError("the PIN is too easy to guess: its digits run in order, up or down")


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024)


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$<salt b64>$<hash b64>`` for ``pin``, with a new random salt by default."""
    check_pin_format(pin)
    salt = os.urandom(SALT_BYTES) if salt is None else salt
    digest = _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    salt_text, digest_text = (base64.b64encode(part).decode() for part in (salt, digest))
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt_text}${digest_text}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` matches ``stored`` (a :func:`hash_pin` string); False if malformed."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _derive(pin, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    # Constant time, so response timing does not leak how many bytes matched.
    return hmac.compare_digest(actual, expected)


class PinThrottle:
    """Counts wrong PINs and refuses checks until the back-off has passed.

    Parameters
    ----------
    clock
        Monotonic seconds; injectable so tests need not sleep.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures = 0
        self._locked_until = 0.0

    def seconds_left(self) -> float:
        """Seconds until another PIN may be tried (0 when allowed now)."""
        return max(0.0, self._locked_until - self.clock())

    def attempt(self, pin: str, stored: str | None) -> bool | None:
        """Check ``pin``: True if right, False if wrong, None if refused while locked out."""
        if self.seconds_left() > 0:
            return None
        if stored and verify_pin(pin, stored):
            self.failures, self._locked_until = 0, 0.0
            return True
        self.failures += 1
        # The exponent is bounded: after 1,025 wrong PINs 2 ** 1024 would not fit a float.
        delay = BACKOFF_BASE_SECONDS * 2 ** min(self.failures - 1, 64)
        self._locked_until = self.clock() + min(delay, BACKOFF_MAX_SECONDS)
        return False
