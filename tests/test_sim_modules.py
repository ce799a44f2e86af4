"""The simulated core modules: the real CircuitPython API surface, and nothing more."""

import os
import time

import pytest
from totp_token.sim import boards
from totp_token.sim.chips.nvm import for_port
from totp_token.sim.context import BOOT, CODE, RunContext
from totp_token.sim.machine import Machine
from totp_token.sim.settings_file import parse_settings_toml
from totp_token.sim.usb_host.serial_pty import PtyPipe


def modules(board="feather_rp2040", phase=CODE, boot_calls=None):
    profile = boards.profile(board)
    machine = Machine(profile, nvm=for_port(profile.port))
    ctx = RunContext(machine, {"TOTP_BUTTONS": "2"}, "/nonexistent",
                     [] if boot_calls is None else boot_calls, lambda text: None,
                     uid=b"12345678")
    ctx.enter_phase(phase)
    return machine, ctx.build_modules()


@pytest.mark.parametrize("module, attribute", [
    ("board", "D99"), ("board", "GP0"), ("busio", "SPIBus"), ("keypad", "Matrix"),
    ("usb_hid", "keyboard"), ("usb_cdc", "serial"), ("microcontroller", "flash"),
    ("supervisor", "disable_autoreload"), ("time", "gmtime"), ("os", "environ"),
    ("storage", "format"), ("digitalio", "Input"), ("rtc", "now"),
])
def test_unknown_module_attributes_raise(module, attribute):
    _, mods = modules()
    with pytest.raises(AttributeError):
        getattr(mods[module], attribute)


def test_instances_refuse_unknown_attributes():
    _, mods = modules()
    i2c = mods["board"].I2C()
    keys = mods["keypad"].Keys((mods["board"].D9,), value_when_pressed=False)
    for thing in (i2c, keys, keys.events, mods["usb_cdc"].data, mods["supervisor"].runtime):
        with pytest.raises(AttributeError):
            thing.no_such_thing = 1


CLASSES = [("busio", "I2C"), ("keypad", "Keys"), ("keypad", "Event"), ("digitalio", "DigitalInOut"),
           ("usb_hid", "Device"), ("usb_cdc", "Serial"), ("storage", "VfsFat"),
           ("rtc", "RTC"), ("supervisor", "Runtime"), ("microcontroller", "Processor")]


@pytest.mark.parametrize("module, name", CLASSES)
def test_each_run_has_its_own_classes(module, name):
    _, first = modules()
    _, second = modules()
    ours, theirs = getattr(first[module], name), getattr(second[module], name)
    assert ours is not theirs and ours.__name__ == theirs.__name__ == name
    ours.added_by_this_run = True  # what a firmware does to its module stays in its run
    assert not hasattr(theirs, "added_by_this_run")


def test_two_runs_on_two_machines_claim_pins_and_count_presses_apart():
    machine, first = modules()
    other, second = modules()
    keys = first["keypad"].Keys((first["board"].D9,), value_when_pressed=False)
    second["keypad"].Keys((second["board"].D9,), value_when_pressed=False)  # not in use there
    other.set_button("A", True)
    assert keys.events.get() is None
    machine.set_button("A", True)
    assert keys.events.get().pressed


@pytest.mark.parametrize("board, pins, problem", [
    ("feather_rp2040", ("D6", "D9"), "Invalid pins"),      # GPIO8/GPIO9: SCL on an SDA pin
    ("pico", ("GP4", "GP5"), "Invalid pins"),              # swapped
    ("pico", ("GP5", "GP6"), "Invalid pins"),              # I2C0 SCL with I2C1 SDA
    ("pico", ("GP5", "GP5"), "Invalid pins"),
])
def test_i2c_on_wrong_pins_is_refused_like_the_port_does(board, pins, problem):
    _, mods = modules(board)
    scl, sda = (getattr(mods["board"], name) for name in pins)
    with pytest.raises(ValueError, match=problem):
        mods["busio"].I2C(scl, sda)


def test_pico_has_no_board_i2c_but_busio_on_gp5_gp4_finds_the_chips():
    _, mods = modules("pico")
    assert not hasattr(mods["board"], "I2C")
    i2c = mods["busio"].I2C(mods["board"].GP5, mods["board"].GP4)
    assert i2c.try_lock()
    assert i2c.scan() == [0x3C, 0x68]


def test_i2c_on_other_valid_pins_sees_no_chips():
    _, mods = modules("pico")
    i2c = mods["busio"].I2C(mods["board"].GP1, mods["board"].GP0)
    assert i2c.try_lock() and not i2c.try_lock()
    assert i2c.scan() == []


def test_a_pin_is_claimed_once():
    _, mods = modules()
    button = mods["digitalio"].DigitalInOut(mods["board"].D9)
    with pytest.raises(ValueError, match="D9 in use"):
        mods["keypad"].Keys((mods["board"].D9,), value_when_pressed=False)
    button.deinit()
    mods["keypad"].Keys((mods["board"].D9,), value_when_pressed=False)


def test_keypad_reports_presses_with_ticks_timestamps():
    machine, mods = modules()
    board = mods["board"]
    keys = mods["keypad"].Keys((board.D9, board.D6, board.D5), value_when_pressed=False)
    assert keys.key_count == 3 and not keys.events
    # simulated time runs with the real clock here: bracket each change with two readings
    before_press = machine.ticks_ms()
    machine.set_button("B", True)
    after_press = machine.ticks_ms()
    machine.set_button("B", False)
    after_release = machine.ticks_ms()
    event = mods["keypad"].Event()
    assert keys.events.get_into(event) and event.key_number == 1 and event.pressed
    released = keys.events.get()
    assert released.released and released == mods["keypad"].Event(1, False)
    assert before_press <= event.timestamp <= after_press
    assert event.timestamp <= released.timestamp <= after_release
    assert keys.events.get() is None


def test_digitalio_reads_button_a_active_low():
    machine, mods = modules(phase=BOOT)
    digitalio = mods["digitalio"]
    button = digitalio.DigitalInOut(mods["board"].D9)
    button.switch_to_input(pull=digitalio.Pull.UP)
    assert button.value is True
    machine.set_button("A", True)
    assert button.value is False
    with pytest.raises(AttributeError):
        button.value = True


@pytest.mark.parametrize("call", [
    lambda m: m["usb_cdc"].enable(console=False, data=True),
    lambda m: m["usb_hid"].enable((m["usb_hid"].Device.KEYBOARD,)),
    lambda m: m["usb_hid"].disable(),
    lambda m: m["storage"].disable_usb_drive(),
    lambda m: m["supervisor"].set_usb_identification(product="x"),
])
def test_usb_setup_only_in_boot_py(call):
    calls = []
    _, boot_mods = modules(phase=BOOT, boot_calls=calls)
    call(boot_mods)
    assert len(calls) == 1 and "." in calls[0][0]
    _, code_mods = modules(phase=CODE, boot_calls=calls)
    with pytest.raises(RuntimeError, match="Cannot change USB devices now"):
        call(code_mods)


def test_usb_cdc_data_is_off_unless_boot_py_enables_it():
    _, mods = modules()
    assert mods["usb_cdc"].data is None
    assert mods["usb_cdc"].console is not None


def test_ticks_ms_wraps_at_2_to_the_29_about_65_s_after_power_on():
    machine, mods = modules()
    start = mods["supervisor"].ticks_ms()
    assert (1 << 29) - 66_000 < start < (1 << 29)
    machine.clock.advance_to(machine.clock.now_ns() + 70 * 10**9)
    assert mods["supervisor"].ticks_ms() < 10_000


def test_getenv_returns_settings_as_str_and_default_otherwise():
    _, mods = modules()
    assert mods["os"].getenv("TOTP_BUTTONS") == "2"
    assert mods["os"].getenv("NOPE", "fallback") == "fallback"
    assert mods["os"].uname().machine.endswith("with rp2040")


@pytest.mark.parametrize("board, size", [
    ("feather_rp2040", 4096), ("pico", 4096), ("feather_nrf52840", 8192),
    ("feather_esp32s3", 8192),
])
def test_nvm_is_the_port_medium_model(board, size):
    machine, mods = modules(board)
    nvm = mods["microcontroller"].nvm
    assert nvm is machine.nvm and len(nvm) == size
    nvm[0:2] = b"ok"
    assert nvm[0:2] == b"ok"


def test_usb_cdc_data_serial_over_the_pty():
    machine = Machine(boards.profile("feather_rp2040"))
    machine.serial = PtyPipe()
    try:
        ctx = RunContext(machine, {}, "/nonexistent", [], lambda text: None, uid=b"1")
        ctx.usb.data = True
        ctx.enter_phase(CODE)
        serial = ctx.build_modules()["usb_cdc"].data
        assert serial.timeout is None and serial.write_timeout is None  # like the board
        serial.timeout = 0
        assert serial.in_waiting == 0 and serial.read(4) == b"" and serial.readline() == b""
        host = os.open(machine.serial.path, os.O_RDWR | os.O_NOCTTY)
        try:
            os.write(host, b"one\ntwo")
            # the pty hands bytes to the reading side asynchronously: poll, don't sleep
            give_up = time.monotonic() + 5
            while serial.in_waiting < 7 and time.monotonic() < give_up:
                time.sleep(0.01)
            assert serial.in_waiting == 7
            assert serial.readline() == b"one\n"
            buffer = bytearray(5)
            assert serial.readinto(buffer) == 3 and buffer[:3] == b"two"
            assert serial.write(b"answer\n") == 7
            assert os.read(host, 100) == b"answer\n"
        finally:
            os.close(host)
    finally:
        machine.serial.close()


def test_keyboard_reports_fail_while_usb_is_unplugged():
    machine, mods = modules()
    keyboard = mods["usb_hid"].Device.KEYBOARD
    keyboard.send_report(bytes(8))
    machine.usb_connected = False
    with pytest.raises(OSError, match="USB busy"):
        keyboard.send_report(bytes(8))
    with pytest.raises(ValueError, match="Should be 8 bytes"):
        keyboard.send_report(bytes(7))


@pytest.mark.parametrize("text, expected", [
    ('TOTP_BUTTONS = 2\n', {"TOTP_BUTTONS": "2"}),
    ('TOTP_PIN_A = "GP2"  # button\n', {"TOTP_PIN_A": "GP2"}),
    ('# comment\n\nNAME = "say \\"hi\\""\n', {"NAME": 'say "hi"'}),
    # CircuitPython 10.2+: an unquoted value comes back as written, without its comment
    ('HEX = 0x10\nFLIP = true  # upside down\n', {"HEX": "0x10", "FLIP": "true"}),
])
def test_settings_toml_values_come_back_as_str(text, expected):
    assert parse_settings_toml(text) == expected
