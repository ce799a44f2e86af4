"""The app with a PIN (over a vault stand-in): locked at power-on it shows and types nothing
and answers nothing but `hello`; the PIN on the buttons unlocks it; wrong PINs say how many
tries are left and the tenth wipes; it locks again when idle and when USB power goes; a
host's change of the PIN waits for the current one on the wheel."""

import pytest
from support.pin_store import MAX_PIN_TRIES, PinStore
from support.pin_token import PinToken

from totp import wire
from totp.account import Account
from totp.otp import OTP
from totp.store import Store

PIN = "31415926"
SECRET = b"12345678901234567890"
NOW = 1_800_000_010


def code_now():
    return OTP(SECRET).totp(NOW)


@pytest.fixture
def token(keyboard_class):
    def make(pin=PIN, **options):
        store = Store(bytearray(b"\xff" * 4096), port="rp2040")
        store.add(Account(SECRET, issuer="GitHub", name="alice"))
        return PinToken(keyboard_class, PinStore(store, pin.encode() if pin else None),
                        **options)
    return make


def test_a_locked_token_shows_and_types_no_code(token):
    made = token()
    assert "Enter PIN" in made.screen()
    made.press("B")  # picks a digit on the wheel: nothing is typed
    made.press("B", ms=800)  # a long press too
    made.settle()
    assert made.typed() == ""
    assert code_now() not in made.screen().replace(" ", "")
    assert made.store.checked == []


def test_a_locked_token_answers_hello_and_refuses_everything_else(token):
    made = token()
    (hello,) = made.ask("hello")
    assert hello["ok"] and hello["pin"] is True and hello["locked"] is True
    assert hello["pin_tries_left"] == MAX_PIN_TRIES
    for op, fields in (("list", {}), ("code", {"slot": 0}), ("time", {}),
                       ("verify", {"slot": 0, "code": "000000"}), ("maintenance", {}),
                       ("remove_pin", {}), ("set_pin", {"pin": "123456"}),
                       ("add", {"secret": "JBSWY3DPEHPK3PXP", "issuer": "X"})):
        (answer,) = made.ask(op, **fields)
        assert answer["ok"] is False and answer["error"] == wire.ERR_LOCKED, op
        assert "enter the PIN on the token" in answer["message"]


def test_the_right_pin_on_the_buttons_unlocks_it(token):
    made = token()
    made.enter_pin(PIN)
    assert "Checking the PIN" in made.screen() or code_now() in made.screen().replace(" ", "")
    made.settle()
    assert code_now() in made.screen().replace(" ", "")
    made.press("B")
    made.settle()
    assert made.typed() == code_now()
    (hello,) = made.ask("hello")
    assert hello["locked"] is False


def test_masked_digits_on_screen(token):
    made = token()
    made.press("C")
    made.press("B")  # picks 1
    made.press("C")  # the wheel shows 2
    text = made.screen()
    assert "*[2]" in text and "1" not in text.splitlines()[1]


def test_wrong_pins_show_the_tries_left_and_ten_wipe_the_token(token):
    made = token()
    for wrong in range(1, MAX_PIN_TRIES):
        made.enter_pin("000000")
        made.settle()
        left = MAX_PIN_TRIES - wrong
        assert "Wrong PIN" in made.screen()
        assert "%d tr%s left" % (left, "y" if left == 1 else "ies") in made.screen()
        made.press("C")  # the next turn of the wheel: the entry again, tries in its title
        assert "%d left" % left in made.screen()
    made.enter_pin("000000")
    made.settle()
    assert "Token wiped" in made.screen() and "too many wrong PINs" in made.screen()
    assert len(made.store) == 0 and not made.store.has_pin
    made.press("B")
    assert "No accounts yet" in made.screen()


def test_it_locks_again_after_the_idle_minutes(token):
    made = token(lock_minutes=1)
    made.enter_pin(PIN)
    made.settle()
    made.run(55_000)
    assert not made.store.locked
    made.run(5_000)
    assert made.store.locked
    made.press("A")  # wakes the screen (it slept after 30 s)
    assert "Enter PIN" in made.screen()


def test_it_locks_when_usb_power_goes(token):
    made = token()
    made.enter_pin(PIN)
    made.settle()
    made.devices.connected = False
    made.run(20)
    assert made.store.locked
    assert "Enter PIN" in made.screen()


def test_lock_minutes_is_a_validated_setting():
    from totp.settings import Settings

    assert Settings({}.get).lock_minutes == 10
    bad = Settings({"TOTP_LOCK_MINUTES": "0"}.get)
    assert bad.lock_minutes == 10 and "TOTP_LOCK_MINUTES" in bad.notes[0]
    assert Settings({"TOTP_LOCK_MINUTES": "30"}.get).lock_minutes == 30


def test_changing_the_pin_waits_for_the_current_pin_on_the_wheel(token):
    made = token()
    made.enter_pin(PIN)
    made.settle()
    (waiting,) = made.ask("set_pin", pin="27182818")
    assert waiting["waiting"] == "pin" and waiting["seconds"] == wire.PIN_WINDOW_S
    assert "PIN to change it" in made.screen()
    made.enter_pin(PIN)
    made.settle()
    (done,) = made.answers()
    assert done["ok"] and done["pin"] is True and done["id"] == waiting["id"]
    assert made.store.pin == b"27182818"


def test_a_wrong_current_pin_refuses_the_change_and_counts(token):
    made = token()
    made.enter_pin(PIN)
    made.settle()
    made.ask("remove_pin")
    made.enter_pin("000000")
    made.settle()
    (refused,) = made.answers()
    assert refused["error"] == wire.ERR_WRONG_PIN
    assert made.store.has_pin and made.store.pin_tries_left() == MAX_PIN_TRIES - 1


def test_setting_a_first_pin_waits_for_a_press(token):
    made = token(pin=None)
    (waiting,) = made.ask("set_pin", pin="12345678")
    assert waiting["waiting"] == "press"
    made.press("B")
    (done,) = made.answers()
    assert done["ok"] and made.store.pin == b"12345678"


@pytest.mark.parametrize("pin", ["12345", "1234567890123", "12345a", "１２３４５６", ""])
def test_a_bad_new_pin_is_refused_without_quoting_it(token, pin):
    made = token(pin=None)
    (answer,) = made.ask("set_pin", pin=pin)
    assert answer["error"] == wire.ERR_BAD_REQUEST
    assert pin not in answer["message"] or not pin


def test_maintenance_on_the_unlocked_token_marks_the_next_boot_and_resets(token):
    from totp import maintenance

    made = token()
    made.enter_pin(PIN)
    made.settle()
    (waiting,) = made.ask("maintenance")
    assert waiting["waiting"] == "press"
    made.press("B")
    (done,) = made.answers()
    assert done["ok"] and done["restarting"] is True
    assert "Maintenance mode" in made.screen()
    made.run(600)
    assert made.devices.resets >= 1
    assert maintenance.take(made.devices.sleep_memory) is True


def test_ok_without_a_digit_refuses_a_request_for_the_current_pin(token):
    made = token()
    made.enter_pin(PIN)
    made.settle()
    made.ask("remove_pin")
    assert "OK alone: no" in made.screen()
    made.press("A")  # one turn back from 0: OK
    made.press("B")
    (refused,) = made.answers()
    assert refused["error"] == wire.ERR_NO_PRESS
    assert made.store.has_pin and made.store.tries == 1  # only the unlock counted
