"""The host side of the PIN without a token: what the client says while the token waits for
the PIN, the hint on a locked token, `info`'s PIN sentence, and the PIN checks."""

import pytest
from totp_token.client import refusal, waiting_message
from totp_token.commands.info import describe
from totp_token.commands.pin import check_pin
from totp_token.errors import InputError

from totp import wire


def test_waiting_for_the_current_pin_says_to_enter_it_on_the_token():
    text = waiting_message("remove_pin", {"waiting": "pin", "action": "remove_pin",
                                          "label": "the PIN", "seconds": 90})
    assert text == "Enter the token's current PIN on its buttons to remove the PIN (90 s)..."


def test_waiting_for_a_press_to_set_a_first_pin():
    text = waiting_message("set_pin", {"waiting": "press", "action": "set_pin",
                                       "label": "set a new PIN", "button": "B", "seconds": 15})
    assert text == "Press B on the token to set a new PIN (15 s)..."


def test_a_locked_token_refusal_says_what_to_do():
    refused = refusal("list", {"ok": False, "error": wire.ERR_LOCKED,
                               "message": "the token is locked"})
    assert "enter the PIN on the token, then run this again" in str(refused)
    assert refused.exit_code == 2


@pytest.mark.parametrize(("fields", "says"), [
    ({"pin": False}, "No PIN: anyone holding the token gets its codes"),
    ({"pin": True, "locked": False, "pin_tries_left": 10}, "PIN set; the token is unlocked."),
    ({"pin": True, "locked": True, "pin_tries_left": 3},
     "PIN set; the token is locked: enter the PIN on it (3 tries left before it erases"),
    ({}, "has no PIN support"),
])
def test_info_says_whether_a_pin_guards_the_token(fields, says):
    assert any(says in line for line in describe(fields))


@pytest.mark.parametrize("pin", ["123456", "123456789012"])
def test_pins_of_6_to_12_digits_are_taken(pin):
    assert check_pin(pin) == pin


@pytest.mark.parametrize(("pin", "says"), [
    ("12345", "6 to 12 digits, this one has 5"), ("1234567890123", "this one has 13"),
    ("12 3456", "digits only"), ("١٢٣٤٥٦", "digits only"), ("", "no PIN given")])
def test_other_pins_are_refused_without_quoting_them(pin, says):
    with pytest.raises(InputError) as refused:
        check_pin(pin)
    assert says in str(refused.value)
    assert not pin or pin not in str(refused.value)


def test_a_locked_refusal_gives_the_advice_once():
    refused = refusal("list", {"ok": False, "error": wire.ERR_LOCKED,
                               "message": "the token is locked: enter the PIN on the token, "
                                          "then send this again"})
    assert str(refused).count("enter the PIN") == 1
    assert str(refused) == ("the token refused 'list': it is locked "
                            "(enter the PIN on the token, then run this again)")
