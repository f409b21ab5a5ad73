"""The PIN back-off doubles after each wrong PIN up to its cap, and stays there (no display)."""

from __future__ import annotations

import pytest

from explorer.qt.kiosk.pin import BACKOFF_MAX_SECONDS, PinThrottle


def wrong_pins(count: int) -> tuple[PinThrottle, list[float]]:
    """Enter ``count`` wrong PINs, each as soon as allowed; return the lock-outs seen."""
    now = [0.0]
    throttle = PinThrottle(clock=lambda: now[0])
    lockouts = []
    for _ in range(count):
        # No stored hash: every PIN is wrong, without the 50 ms scrypt check.
        assert throttle.attempt("1357", None) is False
        lockouts.append(throttle.seconds_left())
        now[0] += throttle.seconds_left()
    return throttle, lockouts


def test_the_back_off_doubles_up_to_five_minutes_and_stays_there():
    assert BACKOFF_MAX_SECONDS == 300.0
    # 1, 2, 4 ... 256 s for wrong PINs 1 to 9; the 10th would be 512 s, capped at 300.
    _, lockouts = wrong_pins(12)
    assert lockouts == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]


def test_the_cap_holds_after_any_number_of_wrong_pins():
    # Days of guessing: 2 ** 1024 s would not fit a float; the lock-out must still be 300 s
    # (an exception here would leave the admin locked out until the kiosk restarts).
    throttle, lockouts = wrong_pins(1100)
    assert throttle.failures == 1100
    assert lockouts[-1] == 300.0
    assert set(lockouts[9:]) == {300.0}


def test_a_pin_during_the_lock_out_is_refused_and_not_counted():
    now = [0.0]
    throttle = PinThrottle(clock=lambda: now[0])
    throttle.attempt("1357", None)
    now[0] = 0.5
    assert throttle.attempt("1357", None) is None
    assert throttle.failures == 1
    assert throttle.seconds_left() == pytest.approx(0.5)
    now[0] = 1.0  # exactly when the lock-out ends: allowed again
    assert throttle.seconds_left() == 0.0
    assert throttle.attempt("1357", None) is False
    assert throttle.seconds_left() == 2.0
