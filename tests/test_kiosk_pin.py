"""The kiosk's PIN hashing, back-off, config file and the ``kiosk-pin`` command (no display)."""

from __future__ import annotations

import base64
import io
import json

import pytest

from explorer.cli import main
from explorer.qt.kiosk.config import KioskConfigError, load_config, store_pin_hash
from explorer.qt.kiosk.pin import PinThrottle, check_new_pin, hash_pin, verify_pin


def test_hash_is_salted_and_verifies():
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second  # a fresh salt each time
    assert verify_pin("2468", first) and verify_pin("2468", second)
    assert not verify_pin("2469", first)
    # With a fixed salt the stored text is known: scheme, cost, salt, digest; no PIN.
    fixed = hash_pin("2468", salt=bytes(16))
    scheme, n, r, p, salt, digest = fixed.split("$")
    assert (scheme, n, r, p, salt) == ("scrypt", "16384", "8", "1", "A" * 22 + "==")
    assert len(base64.b64decode(digest)) == 64 and verify_pin("2468", fixed)
    assert "2468" not in fixed and base64.b64encode(b"2468").decode() not in fixed
    assert not verify_pin("2468", "garbage")


@pytest.mark.parametrize("pin", ["123", "1234567890123", ""])
def test_pins_of_the_wrong_length_are_refused(pin):
    with pytest.raises(ValueError, match="4 to 12 digits"):
        hash_pin(pin)


@pytest.mark.parametrize("pin", ["12ab", "abcd", "12 34", "１２３４"])
def test_pins_of_letters_are_refused_as_digits_only(pin):
    with pytest.raises(ValueError, match="digits only"):
        hash_pin(pin)


@pytest.mark.parametrize(
    ("pin", "why"),
    [
        ("0000", "one digit repeated"),
        ("7777777", "one digit repeated"),
        ("1234", "run in order"),
        ("3456789", "run in order"),
        ("9876", "run in order"),
        ("012345", "run in order"),
    ],
)
def test_kiosk_pin_refuses_trivial_pins_and_says_why(pin, why, tmp_path, monkeypatch, capsys):
    path = tmp_path / "kiosk.yaml"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{pin}\n"))
    assert main(["kiosk-pin", "--kiosk-config", str(path), "--pin-stdin"]) == 2
    error = capsys.readouterr().err
    assert "too easy to guess" in error and why in error
    assert pin not in error  # the PIN is never echoed
    assert not path.exists()


def test_kiosk_pin_says_digits_only_for_letters(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("clinic\n"))
    assert main(["kiosk-pin", "--kiosk-config", str(tmp_path / "k.yaml"), "--pin-stdin"]) == 2
    assert "digits only" in capsys.readouterr().err


@pytest.mark.parametrize("pin", ["2468", "1357", "8642", "1123", "90210", "4321987"])
def test_pins_that_are_not_trivial_are_accepted(pin):
    check_new_pin(pin)


def test_wrong_pins_back_off_exponentially():
    now = [100.0]
    throttle = PinThrottle(clock=lambda: now[0])
    stored = hash_pin("2468")
    assert throttle.attempt("1111", stored) is False
    assert throttle.seconds_left() == pytest.approx(1.0)
    assert throttle.attempt("2468", stored) is None  # refused while locked out, even if right
    now[0] += 1.01
    assert throttle.attempt("1111", stored) is False
    assert throttle.seconds_left() == pytest.approx(2.0)
    now[0] += 2.01
    assert throttle.attempt("1111", stored) is False
    assert throttle.seconds_left() == pytest.approx(4.0)
    now[0] += 4.01
    assert throttle.attempt("2468", stored) is True
    assert throttle.failures == 0


def test_kiosk_pin_command_stores_a_salted_hash_not_the_pin(tmp_path, monkeypatch, capsys):
    path = tmp_path / "kiosk.yaml"
    monkeypatch.setattr("sys.stdin", io.StringIO("864209\n"))
    assert main(["kiosk-pin", "--kiosk-config", str(path), "--pin-stdin"]) == 0
    text = path.read_text()
    config = load_config(path)
    assert config.pin_hash.startswith("scrypt$")
    assert verify_pin("864209", config.pin_hash)
    assert "864209" not in text
    assert "idle_attract_seconds: 60" in text  # the documented template was written
    assert (path.stat().st_mode & 0o077) == 0  # readable by the owner only
    first = config.pin_hash
    monkeypatch.setattr("sys.stdin", io.StringIO("864209\n"))
    assert main(["kiosk-pin", "--kiosk-config", str(path), "--pin-stdin"]) == 0
    assert load_config(path).pin_hash != first  # new salt on every change


def test_kiosk_pin_keeps_other_settings_and_comments(tmp_path, monkeypatch):
    path = tmp_path / "kiosk.yaml"
    path.write_text("# ours\nclinic_name: Riverside Physio\nidle_attract_seconds: 30\n")
    monkeypatch.setattr("sys.stdin", io.StringIO("1357\n"))
    assert main(["kiosk-pin", "--kiosk-config", str(path), "--pin-stdin"]) == 0
    text = path.read_text()
    assert "# ours" in text and "Riverside Physio" in text
    assert load_config(path).idle_attract_seconds == 30


def test_kiosk_pin_rejects_a_short_pin(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert main(["kiosk-pin", "--kiosk-config", str(tmp_path / "k.yaml"), "--pin-stdin"]) == 2
    assert "4 to 12 digits" in capsys.readouterr().err
    assert not (tmp_path / "k.yaml").exists()


def test_json_config_and_errors(tmp_path):
    path = tmp_path / "kiosk.json"
    store_pin_hash(hash_pin("1234"), path)
    assert verify_pin("1234", load_config(path).pin_hash)
    data = json.loads(path.read_text()) | {"colour": "red"}
    path.write_text(json.dumps(data))
    with pytest.raises(KioskConfigError, match="unknown key"):
        load_config(path)
    bad = tmp_path / "bad.yaml"
    bad.write_text("idle_attract_seconds: 60\nidle_reset_seconds: 30\n")
    with pytest.raises(KioskConfigError, match="must be longer"):
        load_config(bad)
    bad.write_text("idle_attract_seconds: soon\n")
    with pytest.raises(KioskConfigError, match="positive number"):
        load_config(bad)


def test_kiosk_refuses_to_start_without_a_pin(tmp_path, capsys):
    path = tmp_path / "kiosk.yaml"
    path.write_text("clinic_name: Test\n")
    assert main(["--kiosk", "--kiosk-config", str(path)]) == 2
    assert "kiosk-pin" in capsys.readouterr().err
