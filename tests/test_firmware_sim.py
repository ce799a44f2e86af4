"""The literal code.py on the simulated boards, with the real Adafruit drivers talking
to the DS3231 and SSD1306 models: what the OLED shows (read back from the panel's RAM
and decoded with the project's glyphs) and what the host receives as typing."""

import json

import pytest
from support.presence import call_pressing_sim
from totp_token.client import Client
from totp_token.sim.frontends.screen_text import group, read_screen

from totp.account import Account
from totp.otp import OTP
from totp.store import Store

SECRET = b"12345678901234567890"
SECRET_B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
NOW = 1_800_000_010  # 20 s left in the period
GITHUB = "otpauth://totp/GitHub:alice?secret=%s&issuer=GitHub" % SECRET_B32


def uri(issuer, name, kind="totp", **params):
    query = "&".join(["secret=" + SECRET_B32, "issuer=" + issuer]
                     + ["%s=%s" % item for item in params.items()])
    return "otpauth://%s/%s:%s?%s" % (kind, issuer, name, query)


@pytest.fixture
def simulator(running_sim):
    """``running_sim`` with this module's defaults: the GitHub account, the clock at NOW."""
    def start(accounts=(GITHUB,), now=NOW, **options):
        return running_sim(accounts, now, **options)

    return start


def screen(sim):
    return read_screen(sim.screen_rows())


def grouped(code):
    return group(code)


@pytest.mark.parametrize("board, height", [("feather_rp2040", 32), ("pico", 64),
                                           ("feather_nrf52840", 32), ("feather_esp32s3", 32)])
def test_the_oled_shows_the_code_the_core_computes(simulator, board, height):
    sim = simulator(board=board)
    rows = sim.screen_rows()
    assert len(rows) == height
    lines = read_screen(rows)
    assert grouped(OTP(SECRET).totp(NOW)) in lines
    assert lines[0].endswith("1/1") and "20s" in lines[-1]
    sim.wait(25)  # into the next period, before the screen's idle time-out
    assert grouped(OTP(SECRET).totp(NOW + 30)) in screen(sim)


def test_no_accounts_screen(simulator):
    sim = simulator(accounts=())
    assert screen(sim)[:3] == ["No accounts yet", "To add one, run", "totp-token add"]


def test_invalid_clock_shows_set_the_time_and_b_types_nothing(simulator):
    sim = simulator(now=None)
    assert screen(sim)[:2] == ["Set the time", "totp-token time --set"]
    sim.press("B")
    sim.long("B")
    assert sim.typed() == []
    sim.set_time(NOW)
    assert grouped(OTP(SECRET).totp(NOW)) in screen(sim)
    sim.rtc_lost_power()
    assert screen(sim)[0] == "Set the time"
    sim.press("B")
    assert sim.typed() == []


@pytest.mark.parametrize("mode, layout, numlock", [
    ("toprow", "us", True), ("keypad", "us", False), ("keypad", "fr", True),
    ("keypad", "fr", False), ("azerty", "fr", False),
])
def test_typing_modes_reach_the_host_as_the_code(simulator, mode, layout, numlock):
    sim = simulator(layout=layout, numlock=numlock, settings={"TOTP_TYPE_MODE": mode})
    code = OTP(SECRET).totp(NOW)
    sim.press("B")
    sim.long("B")
    assert sim.typed() == [code, code + "\n"]
    assert sim.machine.host.numlock == numlock


@pytest.mark.parametrize("buttons, script, positions", [
    (3, [("press", "C"), ("press", "C"), ("press", "A")], ["2/3", "3/3", "2/3"]),
    (2, [("press", "A"), ("press", "A"), ("long", "A")], ["2/3", "3/3", "2/3"]),
    (1, [("press", "A"), ("press", "A"), ("press", "A")], ["2/3", "3/3", "1/3"]),
])
def test_one_two_and_three_buttons_browse_and_type(simulator, buttons, script, positions):
    sim = simulator(accounts=[uri("A", "a"), uri("B", "b"), uri("C", "c")], buttons=buttons,
                    settings={"TOTP_BUTTONS": buttons})
    seen = []
    for gesture, name in script:
        getattr(sim, gesture)(name)
        seen.append(screen(sim)[0].split()[-1])
    assert seen == positions
    type_gesture, type_button = ("long", "A") if buttons == 1 else ("press", "B")
    getattr(sim, type_gesture)(type_button)
    assert sim.typed() == [OTP(SECRET).totp(NOW)]


def test_idle_sleep_and_the_first_press_only_wakes(simulator):
    sim = simulator(accounts=[uri("A", "a"), uri("B", "b")], settings={"TOTP_IDLE_SECONDS": 5})
    sim.wait(6)
    assert not any("#" in row for row in sim.screen_rows())
    sim.press("C")
    lines = screen(sim)
    assert lines and lines[0].endswith("1/2")  # woke, did not move
    sim.press("B")
    assert sim.typed() == [OTP(SECRET).totp(NOW + 6)]


def test_last_five_seconds_show_the_next_code(simulator):
    sim = simulator()
    sim.wait(15.2)  # 4.8 s left
    assert "next " + grouped(OTP(SECRET).totp(NOW + 30)) in " ".join(screen(sim))


def test_hotp_counter_is_stored_and_survives_a_reboot(simulator, tmp_path):
    state = str(tmp_path / "token.json")
    sim = simulator(accounts=[uri("Bank", "me", kind="hotp", counter=3)], state=state)
    assert "press B for a code" in screen(sim)
    sim.press("B")
    assert sim.typed() == [OTP(SECRET).hotp(3)]
    assert grouped(OTP(SECRET).hotp(3)) in screen(sim)
    sim.reboot()
    sim.press("B")
    assert sim.typed() == [OTP(SECRET).hotp(4)]
    sim.stop()
    restarted = simulator(accounts=(), state=state)
    restarted.press("B")
    assert restarted.typed() == [OTP(SECRET).hotp(5)]


def test_long_labels_scroll(simulator):
    label = "AVeryLongIssuerName:someone@example.com"
    sim = simulator(accounts=[uri("AVeryLongIssuerName", "someone@example.com")])
    windows = set()
    for _ in range(30):
        windows.add(screen(sim)[0][:17])
        sim.wait(0.5)
    assert label[:17] in windows and label[-17:] in windows
    assert all(window in label for window in windows)


def test_steam_codes_show_and_type_letters(simulator):
    sim = simulator(accounts=[uri("Steam", "gaben", encoder="steam")])
    code = OTP(SECRET, digits=5, steam=True).totp(NOW)
    assert code in screen(sim)
    sim.press("B")
    assert sim.typed() == [code]


def test_an_i2c_fault_shows_an_error_screen_and_the_token_recovers(simulator):
    sim = simulator()
    rtc = sim.machine.i2c_targets.pop(0x68)  # the clock drops off the bus mid-run
    sim.wait(1)
    assert screen(sim)[:2] == ["Clock error", "the clock chip does"]  # the part, in words
    sim.machine.i2c_targets[0x68] = rtc
    sim.wait(4)
    assert grouped(OTP(SECRET).totp(NOW + 5)) in screen(sim)
    assert sim.firmware_running


def test_no_clock_chip_says_so_on_screen_and_over_serial(simulator):
    sim = simulator(parts=("oled",), now=None)
    lines = screen(sim)
    assert lines[0] == "Set the time" and "no DS3231" in lines[2]
    sim.press("B")
    assert sim.typed() == []
    with Client(sim.serial_path) as client:
        hello = client.hello()
    assert hello["clock_valid"] is False
    assert any(item.startswith("clock: no DS3231") for item in hello["missing"])


def test_no_display_still_types_codes(simulator):
    sim = simulator(parts=("rtc",))
    sim.press("B")
    assert sim.typed() == [OTP(SECRET).totp(NOW)]


def test_damaged_storage_shows_no_code(simulator, tmp_path):
    state = tmp_path / "token.json"
    sim = simulator(state=str(state))
    sim.stop()
    saved = json.loads(state.read_text())
    assert "nvm" in saved
    sim.machine.nvm[40:48] = b"\x00" * 8  # flip bits inside the stored account
    damaged = Store(sim.machine.nvm)
    assert damaged.problem is not None
    sim.save_state()
    again = simulator(accounts=(), state=str(state))
    lines = screen(again)
    assert lines[0] == "Storage damaged"
    again.press("B")
    assert again.typed() == []
    assert all(grouped(OTP(SECRET).totp(NOW)) not in line for line in lines)


def test_account_without_issuer_and_many_digits(simulator):
    sim = simulator(accounts=["otpauth://totp/bob?secret=%s&digits=10" % SECRET_B32],
                    board="pico")
    code = OTP(SECRET, digits=10).totp(NOW)
    assert grouped(code) in screen(sim)


def test_flip_setting_turns_the_picture_round(simulator):
    sim = simulator(settings={"TOTP_DISPLAY_FLIP": "true"})
    rows = sim.screen_rows()
    turned = [row[::-1] for row in reversed(rows)]
    assert grouped(OTP(SECRET).totp(NOW)) in read_screen(turned)


def test_bad_settings_and_missing_pins_are_reported_and_the_rest_works(simulator):
    sim = simulator(accounts=[uri("A", "a"), uri("B", "b")],
                    settings={"TOTP_PIN_C": "D99", "TOTP_IDLE_SECONDS": "soon"})
    with Client(sim.serial_path) as client:
        hello = client.hello()
    # a bad value is a warning (the part works with the default); a missing pin is a part
    assert any("TOTP_IDLE_SECONDS" in item and "whole number" in item
               for item in hello["warnings"])
    assert not any("TOTP_IDLE_SECONDS" in item for item in hello["missing"])
    assert any("D99" in item and "settings.toml" in item for item in hello["missing"])
    sim.press("A")  # two pins left: the two-button layout, A is next
    assert screen(sim)[0].endswith("2/2")
    sim.long("B")
    assert sim.typed() == [OTP(SECRET).totp(NOW) + "\n"]


def test_an_account_added_over_serial_appears_at_once(simulator):
    sim = simulator(accounts=())
    assert screen(sim)[0] == "No accounts yet"
    with Client(sim.serial_path) as client:
        client.add(Account(SECRET, issuer="Mail", name="me", digits=8))
    sim.wait(0.1)
    lines = screen(sim)
    assert lines[0].startswith("Mail:me") and lines[0].endswith("1/1")
    assert grouped(OTP(SECRET, digits=8).totp(NOW)) in lines


def test_usb_not_connected_types_nothing_and_says_so(simulator):
    sim = simulator(settings={"TOTP_USB_TIMEOUT_S": 2})
    sim.set_usb_connected(False)
    sim.press("B")
    sim.wait(2.5)
    assert screen(sim)[0] == "USB not connected"
    sim.set_usb_connected(True)
    assert sim.typed() == []
    sim.wait(3)
    assert grouped(OTP(SECRET).totp(NOW + 6)) in screen(sim)


@pytest.mark.parametrize("settings, name", [({"TOTP_NAME": "desk token"}, "desk token"),
                                            ({}, None)])
def test_the_token_name_from_settings_is_in_hello_only_when_set(simulator, settings, name):
    sim = simulator(settings=settings)
    with Client(sim.serial_path) as client:
        hello = client.hello()
    assert hello.get("name") == name and ("name" in hello) == (name is not None)
    assert hello["serial"]


def test_wipe_is_confirmed_by_the_token_name(simulator, capsys):
    from totp_token.cli import main

    sim = simulator(settings={"TOTP_NAME": "desk"})
    assert main(["--port", sim.serial_path, "wipe", "--confirm", "laptop"]) == 1
    assert "desk" in capsys.readouterr().err  # the refusal names what would be accepted
    assert grouped(OTP(SECRET).totp(NOW)) in screen(sim)  # nothing erased
    assert call_pressing_sim(sim, lambda: main(["--port", sim.serial_path, "wipe", "--confirm",
                                                "desk"])) == 0
    sim.wait(0.1)
    assert screen(sim)[0] == "No accounts yet"


@pytest.mark.parametrize("second_time", [NOW + 3600, NOW - 86400 * 400, NOW + 47])
def test_a_clock_changed_behind_the_firmware_is_followed_at_once(simulator, second_time):
    # the chip is written directly (another tool on the bus; the simulator's `time`):
    # the firmware sees its seconds register disagree and reads the date again
    sim = simulator()
    sim.wait(5)
    sim.set_time(second_time)
    sim.press("B")
    expected = OTP(SECRET).totp(second_time)
    assert sim.typed() == [expected]
    assert grouped(expected) in screen(sim)
