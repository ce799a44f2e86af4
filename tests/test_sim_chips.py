"""The chip models on the simulated I2C bus, driven by the real Adafruit drivers from PyPI."""

import calendar
import time

import pytest
from totp_token.sim import boards
from totp_token.sim.chips.i2c_target import I2CTarget
from totp_token.sim.context import CODE, RunContext
from totp_token.sim.loader import FirmwareImporter
from totp_token.sim.machine import ALL_PARTS, PARTS, Machine

WHEN = calendar.timegm((2031, 7, 14, 23, 59, 58, 0, 0, 0))


def firmware_side(board="feather_rp2040", parts=PARTS):
    """The simulated core modules and the real drivers, as code.py would import them."""
    machine = Machine(boards.profile(board), parts=parts)
    ctx = RunContext(machine, {}, "/nonexistent", [], lambda text: None, uid=b"12345678")
    ctx.enter_phase(CODE)
    importer = FirmwareImporter([], ctx.build_modules(), print, ctx.open_file)
    return machine, importer.import_module


@pytest.fixture
def rig():
    machine, load = firmware_side()
    i2c = load("board").I2C()
    return machine, load, i2c


def test_every_chip_on_the_bus_is_an_i2c_target_at_its_own_address():
    machine = Machine(boards.profile(boards.DEFAULT_BOARD), parts=ALL_PARTS)
    assert sorted(machine.i2c_targets) == [0x3C, 0x50, 0x68, 0x7C]  # 0x7C: the FRAM's ID
    for address, chip in machine.i2c_targets.items():
        assert isinstance(chip, I2CTarget)
        assert chip.address == address
        assert type(chip).i2c_write is not I2CTarget.i2c_write
        assert type(chip).i2c_read is not I2CTarget.i2c_read


def test_ds3231_datetime_round_trips_and_keeps_running(rig):
    machine, load, i2c = rig
    rtc = load("adafruit_ds3231").DS3231(i2c)
    rtc.datetime = time.struct_time((2031, 7, 14, 23, 59, 58, 0, -1, -1))
    assert machine.rtc.unix() == WHEN
    machine.clock.advance_to(machine.clock.now_ns() + 3 * 10**9)
    now = rtc.datetime
    assert (now.tm_year, now.tm_mon, now.tm_mday, now.tm_hour, now.tm_min) == (
        2031, 7, 15, 0, 0)
    assert now.tm_sec in (1, 2)


def test_ds3231_lost_power_reads_the_oscillator_stop_flag(rig):
    machine, load, i2c = rig
    rtc = load("adafruit_ds3231").DS3231(i2c)
    assert rtc.lost_power  # a fresh chip: nobody set it
    assert rtc.datetime.tm_year == 2000
    rtc.datetime = time.struct_time((2031, 1, 1, 0, 0, 0, 2, -1, -1))
    assert not rtc.lost_power
    machine.rtc.power_loss()
    assert rtc.lost_power
    assert rtc.datetime.tm_year == 2000


def test_ds3231_calibration_forces_a_conversion_that_finishes(rig):
    machine, load, i2c = rig
    rtc = load("adafruit_ds3231").DS3231(i2c)
    machine.rtc.temperature_c = -7.75
    rtc.calibration = -12  # loops until CONV clears: must not hang
    assert rtc.calibration == -12
    assert rtc.temperature == -7.75
    machine.rtc.temperature_c = 31.5
    assert rtc.force_temperature_conversion() == 31.5


def test_ds3231_century_bit_after_2099(rig):
    machine, load, i2c = rig
    machine.rtc.set_unix(calendar.timegm((2100, 3, 1, 0, 0, 0, 0, 0, 0)))
    assert machine.rtc.registers[5] & 0x80
    assert machine.rtc.registers[6] == 0x00


def test_ssd1306_show_lands_in_gddram_and_power_toggles(rig):
    machine, load, i2c = rig
    oled = load("adafruit_ssd1306").SSD1306_I2C(128, 32, i2c, addr=0x3C)
    oled.fill(0)
    oled.pixel(0, 0, 1)
    oled.pixel(127, 31, 1)
    oled.fill_rect(10, 8, 4, 3, 1)
    oled.show()
    rows = machine.oled.pixel_rows()
    assert len(rows) == 32 and all(len(row) == 128 for row in rows)
    assert rows[0][0] == "#" and rows[31][127] == "#"
    assert rows[8][10:14] == "####" and rows[10][10:14] == "####" and rows[11][10:14] == "...."
    assert sum(row.count("#") for row in rows) == 2 + 12
    oled.poweroff()
    assert all(set(row) == {"."} for row in machine.oled.pixel_rows())
    oled.poweron()
    assert machine.oled.pixel_rows() == rows
    oled.invert(True)
    assert machine.oled.pixel_rows()[1][1] == "#" and machine.oled.pixel_rows()[0][0] == "."
    assert machine.oled.unknown_commands == []


def test_ssd1306_128x64_on_a_pico_bus():
    machine, load = firmware_side("pico")
    board = load("board")
    i2c = load("busio").I2C(board.GP5, board.GP4)
    oled = load("adafruit_ssd1306").SSD1306_I2C(128, 64, i2c)
    oled.pixel(5, 63, 1)
    oled.show()
    rows = machine.oled.pixel_rows()
    assert len(rows) == 64 and rows[63][5] == "#"


@pytest.mark.parametrize("missing, driver, args", [
    ("rtc", "adafruit_ds3231", "DS3231"),
    ("oled", "adafruit_ssd1306", "SSD1306_I2C"),
])
def test_a_missing_chip_is_reported_by_the_driver(missing, driver, args):
    parts = tuple(part for part in PARTS if part != missing)
    machine, load = firmware_side(parts=parts)
    i2c = load("board").I2C()
    cls = getattr(load(driver), args)
    with pytest.raises(ValueError, match="No I2C device"):
        cls(i2c) if missing == "rtc" else cls(128, 32, i2c)


def test_absent_address_raises_enodev(rig):
    machine, load, i2c = rig
    assert i2c.try_lock()
    try:
        assert i2c.scan() == [0x3C, 0x68]
        with pytest.raises(OSError) as caught:
            i2c.writeto(0x42, b"\x00")
        assert caught.value.errno == 19
    finally:
        i2c.unlock()


def test_ssd1306_rows_beyond_the_multiplex_ratio_stay_dark():
    machine, load = firmware_side("pico")
    board = load("board")
    i2c = load("busio").I2C(board.GP5, board.GP4)
    oled = load("adafruit_ssd1306").SSD1306_I2C(128, 32, i2c)  # driver told 32 rows
    oled.fill(1)
    oled.show()
    rows = machine.oled.pixel_rows()  # the 64-row panel of the Pico profile
    assert all(set(row) == {"#"} for row in rows[:32])
    assert all(set(row) == {"."} for row in rows[32:])
