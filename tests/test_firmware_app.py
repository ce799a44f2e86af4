"""The app on a bundle of stand-in devices (framebuffer panel, key queue, the real
adafruit_hid Keyboard into the host model, the real Store on a bytearray): what the
screen shows, what gets typed, sleep and wake, HOTP durability, errors, allocation."""

import tracemalloc

import pytest
from support.device_fakes import Event, Keys
from support.hid_link import HostLink
from support.panels import Panel
from totp_token.sim.usb_host.hid_host import HidHost

from totp import app as app_module
from totp import buttons as btn
from totp import clock
from totp.account import Account
from totp.hardware import board_defaults
from totp.otp import OTP
from totp.settings import Settings
from totp.store import Store

NOW = 1_800_000_010  # 20 s left in the period
SECRET = b"12345678901234567890"


class Clock:
    def __init__(self, unix):
        self.unix = unix
        self.reason = None if unix else "clock stopped"

    def now(self):
        return self.unix

    def second(self):  # the small-int view totp.clock.Clock gives the per-second loop
        return -1 if self.unix is None else self.unix % clock.SECOND_WRAP

    def set(self, unix):
        self.unix = unix


class Ticks:
    def __init__(self):
        self.ms = 1000

    def __call__(self):
        return self.ms


class Devices:
    def __init__(self, keyboard, height=32, buttons=3, unix=NOW, nvm=None, port="rp2040",
                 **settings):
        values = {"TOTP_%s" % key.upper(): str(value) for key, value in settings.items()}
        self.settings = Settings(values.get, dict(board_defaults("x"), display_height=height))
        self.clock = Clock(unix)
        self.display = Panel(height)
        self.keys = Keys()
        self.buttons = tuple(entry[0] for entry in btn.LAYOUTS[buttons])
        self.keyboard = keyboard
        self.serial = None
        self.nvm = nvm if nvm is not None else bytearray(b"\xff" * 4096)
        self.port = port
        self.ticks_ms = Ticks()
        self.connected = True
        self.board_id = "test"
        self.uid = "00"
        self.missing = []
        self.warnings = []

    def usb_connected(self):
        return self.connected


class Token:
    """The app plus its devices and a host, driven in 10 ms steps."""

    def __init__(self, keyboard_class, accounts=(), layout="us", **options):
        self.host = HidHost(layout, True)
        keyboard = keyboard_class(HostLink(self.host))
        self.devices = Devices(keyboard, **options)
        store = Store(self.devices.nvm, port=self.devices.port)
        for account in accounts:
            store.add(account)
        self.app = app_module.App(self.devices)

    def run(self, ms):
        for _ in range(ms // 10):
            self.app.step()
            self.devices.ticks_ms.ms += 10

    def press(self, name, ms=100):
        key = self.devices.buttons.index(name)
        self.devices.keys.events.queued.append(Event(key, True))
        self.run(ms)
        self.devices.keys.events.queued.append(Event(key, False))
        self.run(200)

    def screen(self):
        return self.devices.display.text()

    def tick_clock(self, seconds):
        self.devices.clock.unix += seconds
        self.run(30)


def totp_account(issuer="GitHub", name="alice", **kw):
    return Account(SECRET, issuer=issuer, name=name, **kw)


@pytest.fixture
def make_app_token(keyboard_class):
    """Make a Token (the app, its devices, a host) holding ``accounts``, run for 30 ms."""

    def make(accounts=(), **options):
        made = Token(keyboard_class, accounts, **options)
        made.run(30)
        return made
    return make


def test_no_accounts_screen_says_how_to_add_one(make_app_token):
    t = make_app_token()
    assert t.screen() == ["No accounts yet", "To add one, run", "totp-token add",
                          "on your computer"]


def test_invalid_clock_shows_set_the_time_and_types_nothing(make_app_token):
    t = make_app_token([totp_account()], unix=None)
    assert t.screen()[:2] == ["Set the time", "totp-token time --set"]
    t.press("B")
    t.press("B", 900)
    t.run(2000)
    assert t.host.take_text() == ""
    assert "Set the time" in t.screen()


@pytest.mark.parametrize("height", [32, 64])
def test_code_on_screen_matches_the_otp_core(make_app_token, height):
    t = make_app_token([totp_account(), totp_account("Mail", "bob", digits=8, algorithm="SHA256")],
              height=height)
    otp = OTP(SECRET, algorithm="SHA1", digits=6, period=30)
    code = otp.totp(NOW)
    lines = t.screen()
    assert code[:3] + " " + code[3:] in lines
    assert lines[0].endswith("1/2")
    assert "20s" in lines[-1]
    t.press("C")
    second = OTP(SECRET, algorithm="SHA256", digits=8, period=30).totp(NOW)
    assert second[:4] + " " + second[4:] in t.screen()
    assert t.screen()[0].startswith("Mail") and t.screen()[0].endswith("2/2")


def test_buttons_move_and_wrap_around(make_app_token):
    t = make_app_token([totp_account(str(n), "x") for n in range(3)])
    positions = []
    for name in ("C", "C", "C", "A", "A"):
        t.press(name)
        positions.append(t.screen()[0].split()[-1])
    assert positions == ["2/3", "3/3", "1/3", "3/3", "2/3"]


@pytest.mark.parametrize("hold_ms, typed", [(100, ""), (900, "\n")])
def test_b_types_the_code_and_long_b_adds_enter(make_app_token, hold_ms, typed):
    t = make_app_token([totp_account()])
    t.press("B", hold_ms)
    t.run(300)
    assert t.host.take_text() == OTP(SECRET).totp(NOW) + typed


def test_type_enter_setting_always_adds_enter(make_app_token):
    t = make_app_token([totp_account()], type_enter="true")
    t.press("B")
    t.run(300)
    assert t.host.take_text() == OTP(SECRET).totp(NOW) + "\n"


def test_last_five_seconds_show_the_next_code(make_app_token):
    t = make_app_token([totp_account()])
    otp = OTP(SECRET)
    t.tick_clock(14)  # 6 s left: only the current code
    assert not any(line.startswith("next") for line in t.screen())
    t.tick_clock(1)  # 5 s left
    nxt = otp.totp(NOW + 30)
    assert "next %s %s" % (nxt[:3], nxt[3:]) in " ".join(t.screen())
    t.tick_clock(5)  # the new period: the next code is now the code
    assert nxt[:3] + " " + nxt[3:] in t.screen()


def test_steam_codes_show_letters(make_app_token):
    t = make_app_token([Account(SECRET, issuer="Steam", name="gaben", kind="steam")])
    code = OTP(SECRET, digits=5, steam=True).totp(NOW)
    assert any(letter.isalpha() for letter in code) or code.isdigit()
    assert code in t.screen()


def test_idle_turns_the_screen_off_and_the_first_press_only_wakes(make_app_token):
    t = make_app_token([totp_account("A", "1"), totp_account("B", "2")], idle_seconds=2)
    t.run(2100)
    assert not t.devices.display.powered
    assert not any(t.devices.display.buf)
    t.press("C")  # wakes only
    assert t.devices.display.powered
    assert t.screen()[0].endswith("1/2")
    t.press("B")  # acts
    t.run(300)
    assert t.host.take_text() == OTP(SECRET).totp(NOW)


def test_a_sleeping_token_types_nothing_on_the_waking_press(make_app_token):
    t = make_app_token([totp_account()], idle_seconds=1)
    t.run(1100)
    t.press("B", 900)
    t.run(300)
    assert t.host.take_text() == ""


def test_hotp_counts_only_on_demand_and_the_counter_is_stored_first(make_app_token):
    nvm = bytearray(b"\xff" * 4096)
    t = make_app_token([totp_account(), Account(SECRET, issuer="Bank", kind="hotp", counter=5)],
                       nvm=nvm)
    t.press("C")
    assert "press B for a code" in t.screen()
    t.press("A")
    t.press("C")  # browsing past it does not count
    assert Store(nvm).get(1).counter == 5
    t.press("B")
    t.run(300)
    expected = OTP(SECRET).hotp(5)
    assert expected[:3] + " " + expected[3:] in t.screen()
    assert t.host.take_text() == expected
    assert Store(nvm).get(1).counter == 6  # a reboot never reuses counter 5
    t.press("B")  # typing again types the same code, no new count
    t.run(300)
    assert t.host.take_text() == expected
    assert Store(nvm).get(1).counter == 6


def test_hotp_counter_survives_a_reboot(make_app_token, keyboard_class):
    nvm = bytearray(b"\xff" * 4096)
    t = make_app_token([Account(SECRET, issuer="Bank", kind="hotp", counter=0)], nvm=nvm)
    t.press("B")
    rebooted = Token(keyboard_class, (), nvm=nvm)
    rebooted.run(30)
    rebooted.press("B")
    rebooted.run(300)
    assert rebooted.host.take_text() == OTP(SECRET).hotp(1)


def test_usb_not_connected_is_shown_and_nothing_typed(make_app_token):
    t = make_app_token([totp_account()], usb_timeout_s=1)
    t.devices.connected = False
    t.press("B")
    t.run(1200)
    assert "USB not connected" in t.screen()
    assert t.host.take_text() == ""
    t.run(3000)
    assert "USB not connected" not in t.screen()


def test_long_labels_scroll(make_app_token):
    label = "VeryLongIssuerName:someone@example.com"
    t = make_app_token([totp_account("VeryLongIssuerName", "someone@example.com")])
    first = t.screen()[0][:17]
    assert first == label[:17]
    seen = {first}
    for _ in range(40):
        t.run(300)
        seen.add(t.screen()[0][:17])
    assert label[-17:] in seen
    assert all(window in label for window in seen)


def test_an_exception_shows_an_error_screen_and_the_token_keeps_running(make_app_token):
    t = make_app_token([totp_account()])
    real_second = t.devices.clock.second

    def broken():
        raise RuntimeError("secret 12345678901234567890 must never show")

    t.devices.clock.second = broken
    t.run(50)
    # the part in use and the fix, in words; never the exception's text
    assert t.screen() == ["Clock error", "the clock chip does", "not answer: check",
                          "its wiring"]
    assert "1234567890" not in " ".join(t.screen())
    t.devices.clock.second = real_second
    t.run(3100)
    code = OTP(SECRET).totp(NOW)
    assert code[:3] + " " + code[3:] in t.screen()


def test_steady_state_keeps_no_memory_between_redraws(make_app_token):
    """CPython's view (tracemalloc); test_firmware_micropython counts every
    allocation with gc.mem_alloc and requires zero."""
    t = make_app_token([totp_account()])
    t.run(500)
    shows = t.devices.display.shows

    def peak_growth(steps):
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        for _ in range(300):
            steps()
            t.devices.ticks_ms.ms += 10
        after, peak = tracemalloc.get_traced_memory()
        return after - before, peak - before

    tracemalloc.start()
    try:
        harness_kept, harness_peak = peak_growth(lambda: None)
        kept, app_peak = peak_growth(t.app.step)
    finally:
        tracemalloc.stop()
    assert kept <= harness_kept
    assert app_peak - harness_peak < 100  # a transient int or two, never a string or list
    assert t.devices.display.shows == shows  # the clock stood still: no redraw


def nrf52840_image_with_a_damaged_older_copy():
    """Two accounts on the nRF52840 layout (a copy per 4 KiB page), one bit flipped
    in the page the last change did not write."""
    nvm = bytearray(b"\xff" * 8192)
    store = Store(nvm, port="nrf52840")
    store.add(totp_account("Old", "copy"))
    before = bytes(nvm)
    store.add(totp_account("GitHub", "alice"))
    older = 0 if nvm[:4096] == before[:4096] else 4096
    written = next(i for i in range(older, older + 4096) if nvm[i] != 0xFF)
    nvm[written + 40] ^= 0x10
    return nvm


def test_damage_already_survived_is_no_reason_to_hide_codes(make_app_token):
    nvm = nrf52840_image_with_a_damaged_older_copy()
    survived = Store(nvm, port="nrf52840")
    assert survived.notice and survived.problem is None  # what this test is about
    t = make_app_token(nvm=nvm, port="nrf52840")
    code = OTP(SECRET).totp(NOW)
    assert code[:3] + " " + code[3:] in t.screen()
    t.press("B")
    t.run(300)
    assert t.host.take_text() == code


def test_damage_that_blocks_shows_storage_damaged_and_types_nothing(make_app_token):
    nvm = bytearray(b"\xff" * 4096)
    Store(nvm, port="rp2040").add(totp_account())
    nvm[nvm.index(b"alice")] ^= 0x01  # a bit inside the only copy
    assert Store(nvm, port="rp2040").problem
    t = make_app_token(nvm=nvm)
    assert t.screen()[0] == "Storage damaged"
    t.press("B")
    t.run(300)
    assert t.host.take_text() == ""


@pytest.mark.parametrize("setting, name", [(None, None), ("work laptop", "work laptop"),
                                           ("  desk  ", "desk"), ("", None)])
def test_info_names_the_token_only_when_a_name_is_set(make_app_token, setting, name):
    options = {} if setting is None else {"name": setting}
    info = make_app_token(**options).app.info()
    assert info["serial"] == "00" and info["board"] == "test"
    assert info.get("name") == name
    assert ("name" in info) == (name is not None)


@pytest.mark.parametrize("buttons, hint", [(3, "press B for a code"), (2, "press B for a code"),
                                           (1, "hold A for a code")])
@pytest.mark.parametrize("height", [32, 64])
def test_the_hotp_hint_names_a_button_the_token_has_and_fits_the_line(make_app_token, buttons, hint,
                                                                     height):
    t = make_app_token([Account(SECRET, issuer="Bank", kind="hotp", counter=0)], buttons=buttons,
              height=height)
    assert t.screen()[-1] == hint
    assert len(hint) <= 128 // 6
    named = {word for word in hint.split() if len(word) == 1 and word.isupper()}
    assert named <= set(t.devices.buttons)


def test_an_error_while_drawing_names_the_display(make_app_token):
    t = make_app_token([totp_account()])
    panel = t.devices.display
    real_show = panel.show
    failures = []

    def broken_show():
        failures.append(1)
        if len(failures) == 1:
            raise OSError(19)  # the panel dropped off the bus for one redraw
        real_show()

    panel.show = broken_show
    t.tick_clock(1)
    assert t.screen()[:2] == ["Display error", "the screen does not"]


def test_an_error_while_typing_names_the_keyboard(make_app_token):
    t = make_app_token([totp_account()])

    def broken_step():
        raise OSError(5)

    t.app.typist.step = broken_step
    t.run(30)
    assert t.screen() == ["Typing error", "the USB keyboard", "failed: unplug the",
                          "token, plug it in"]
