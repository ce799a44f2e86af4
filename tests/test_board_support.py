"""The parts of the real-CircuitPython tier that need no UF2, checked on every run: the drive
image, the chip models behind rp2040py's I2C block and GPIO pins, the USB host's parsing,
the UF2 banner reader and the client's answer timeout."""

import calendar

import pytest
from rp2040py.clock.simulation_clock import SimulationClock
from rp2040py.external.key_mock import KeyMock
from rp2040py.peripherals.i2c import (
    ABRT_7B_ADDR_NOACK,
    CMD,
    ENABLE,
    IC_DATA_CMD,
    IC_ENABLE,
    IC_RXFLR,
    IC_TAR,
    IC_TX_ABRT_SOURCE,
    RESTART,
    STOP,
)
from rp2040py.rp2040 import RP2040
from rp2040py.sio import GPIO_OE_CLR, GPIO_OE_SET, GPIO_OUT_CLR
from support.board import drive_image
from support.board.emulated_token import EmulatedClock, uf2_version
from support.board.i2c_devices import I2CBlockBus, PinLevelTarget
from support.board.usb_host import cdc_data_endpoints, hid_in_endpoint, keyboard_report
from totp_token.client import DEFAULT_TIMEOUT, answer_timeout
from totp_token.errors import InputError
from totp_token.sim.chips.ds3231 import DS3231Model
from totp_token.sim.chips.ssd1306 import SSD1306Model

FUNCTION_SIO = 5
PAD_INPUT_ENABLE = 1 << 6  # PADS_BANK0 GPIOn: IE
PAD_PULL_UP = 1 << 3  # PUE
SDA, SCL = 4, 5


@pytest.fixture
def mcu():
    return RP2040(SimulationClock())


@pytest.fixture
def chips(mcu):
    return DS3231Model(EmulatedClock(mcu.clock)), SSD1306Model(width=128, height=64)


# -- the drive image ---------------------------------------------------------------------

def test_drive_image_is_2_mib_of_fat12_with_512_byte_sectors(tmp_path):
    (tmp_path / "lib" / "adafruit_hid").mkdir(parents=True)
    (tmp_path / "code.py").write_bytes(b"print('hi')\n")
    (tmp_path / "lib" / "adafruit_hid" / "keyboard.mpy").write_bytes(bytes(range(256)) * 200)
    image = drive_image.build_image(tmp_path)
    assert len(image) == 2 * 1024 * 1024
    assert int.from_bytes(image[11:13], "little") == 512
    assert 0 < drive_image.cluster_count(image) <= drive_image.FAT12_MAX_CLUSTERS
    assert image[510:512] == b"\x55\xaa"


def test_drive_image_reads_back_every_file(tmp_path):
    (tmp_path / "totp").mkdir()
    (tmp_path / "boot.py").write_text("import storage\n")
    (tmp_path / "totp" / "app.py").write_bytes(b"x = 1\n" * 5000)
    image = drive_image.build_image(tmp_path)
    assert drive_image.list_files(image) == ["boot.py", "totp/app.py"]
    assert drive_image.read_file(image, "totp/app.py") == b"x = 1\n" * 5000
    assert drive_image.read_file(image, "/boot.py") == b"import storage\n"


# -- the chips behind the I2C block --------------------------------------------------------

def _i2c_transfer(controller, address, write=b"", read=0):
    """What the pico-sdk does for write_then_readinto: commands into IC_DATA_CMD."""
    controller.write_uint32(IC_ENABLE, ENABLE)
    controller.write_uint32(IC_TAR, address)
    for index, value in enumerate(write):
        last = index == len(write) - 1 and not read
        controller.write_uint32(IC_DATA_CMD, value | (STOP if last else 0))
    for index in range(read):
        restart = RESTART if index == 0 and write else 0
        stop = STOP if index == read - 1 else 0
        controller.write_uint32(IC_DATA_CMD, CMD | restart | stop)
    return bytes(controller.read_uint32(IC_DATA_CMD) & 0xFF
                 for _ in range(controller.read_uint32(IC_RXFLR)))


def test_i2c_block_sets_and_reads_the_ds3231_registers(mcu, chips):
    rtc, oled = chips
    bus = I2CBlockBus(mcu.i2c[0], chips)
    # 2026-12-03 13:05:41, BCD, written from register 0
    _i2c_transfer(mcu.i2c[0], 0x68, write=bytes([0x00, 0x41, 0x05, 0x13, 0x05, 0x03, 0x12, 0x26]))
    assert rtc.unix() == calendar.timegm((2026, 12, 3, 13, 5, 41, 0, 0, 0))
    assert _i2c_transfer(mcu.i2c[0], 0x68, write=b"\x00", read=3) == bytes([0x41, 0x05, 0x13])
    assert bus.transactions == 3  # the set, the pointer write, the read after a restart


def test_i2c_block_drives_the_ssd1306(mcu, chips):
    rtc, oled = chips
    I2CBlockBus(mcu.i2c[0], chips)
    _i2c_transfer(mcu.i2c[0], 0x3C, write=bytes([0x00, 0xAF]))  # command: display on
    assert oled.display_on
    _i2c_transfer(mcu.i2c[0], 0x3C, write=bytes([0x40, 0xFF]))  # data: one lit column
    assert any("#" in row for row in oled.pixel_rows())


def test_i2c_block_does_not_acknowledge_an_address_without_a_chip(mcu, chips):
    I2CBlockBus(mcu.i2c[0], chips)
    _i2c_transfer(mcu.i2c[0], 0x50, write=b"\x00")
    assert mcu.i2c[0].read_uint32(IC_TX_ABRT_SOURCE) & ABRT_7B_ADDR_NOACK


# -- the chips at pin level (CircuitPython's bit-banged probe) ---------------------------

class BitBanger:
    """Open-drain I2C on two SIO pins, as CircuitPython's bitbangio drives them: a line is
    low while its pin is an output at 0, released (input) otherwise."""

    def __init__(self, mcu):
        self.mcu = mcu
        for pin in (SDA, SCL):
            mcu.gpio[pin].ctrl = FUNCTION_SIO
            mcu.gpio[pin].pad_value = PAD_INPUT_ENABLE  # no pulls: the board's resistors
        mcu.sio.write_uint32(GPIO_OUT_CLR, (1 << SDA) | (1 << SCL))

    def _set(self, pin, high):
        self.mcu.sio.write_uint32(GPIO_OE_CLR if high else GPIO_OE_SET, 1 << pin)
        self.mcu.gpio[pin].check_for_updates()

    def start(self):
        self._set(SDA, True)
        self._set(SCL, True)
        self._set(SDA, False)
        self._set(SCL, False)

    def stop(self):
        self._set(SDA, False)
        self._set(SCL, True)
        self._set(SDA, True)

    def write_byte(self, value):
        """Clock out 8 bits, then read the acknowledge: True when the target pulled SDA low."""
        for bit in range(7, -1, -1):
            self._set(SDA, bool(value >> bit & 1))
            self._set(SCL, True)
            self._set(SCL, False)
        self._set(SDA, True)
        self._set(SCL, True)
        acknowledged = not self.mcu.gpio[SDA].input_value
        self._set(SCL, False)
        return acknowledged


def test_pin_level_zero_byte_write_is_acknowledged_for_each_chip(mcu, chips):
    target = PinLevelTarget(mcu, SDA, SCL, chips)
    bus = BitBanger(mcu)
    for address in (0x68, 0x3C):
        bus.start()
        assert bus.write_byte(address << 1), "no ACK for 0x%02X" % address
        bus.stop()
    assert target.acknowledged == [0x68, 0x3C]
    assert mcu.gpio[SDA].input_value, "SDA must be let go after the acknowledge"


def test_pin_level_other_addresses_and_reads_are_not_acknowledged(mcu, chips):
    target = PinLevelTarget(mcu, SDA, SCL, chips)
    bus = BitBanger(mcu)
    bus.start()
    assert not bus.write_byte(0x50 << 1)
    bus.stop()
    bus.start()
    assert not bus.write_byte(0x68 << 1 | 1)  # a read: the firmware never bit-bangs one
    bus.stop()
    assert target.acknowledged == []


def test_pin_level_bytes_written_reach_the_chip(mcu, chips):
    rtc, oled = chips
    PinLevelTarget(mcu, SDA, SCL, chips)
    bus = BitBanger(mcu)
    bus.start()
    for value in (0x3C << 1, 0x00, 0xAF):
        assert bus.write_byte(value)
    bus.stop()
    assert oled.display_on


def test_pull_ups_hold_released_lines_high(mcu, chips):
    PinLevelTarget(mcu, SDA, SCL, chips)
    for pin in (SDA, SCL):
        mcu.gpio[pin].ctrl = FUNCTION_SIO
        mcu.gpio[pin].pad_value = PAD_INPUT_ENABLE | 1 << 2  # even against a pull-down
        assert mcu.gpio[pin].input_value


def test_buttons_read_low_while_pressed_and_their_pull_up_after(mcu):
    mcu.gpio[14].ctrl = FUNCTION_SIO
    mcu.gpio[14].pad_value = PAD_INPUT_ENABLE | PAD_PULL_UP  # as keypad.Keys sets it up
    button = KeyMock(gpio=14, active_high=False)
    button.attach(mcu)
    assert mcu.gpio[14].input_value
    button.press()
    assert not mcu.gpio[14].input_value
    button.release()
    assert mcu.gpio[14].input_value


# -- the USB host and the UF2 --------------------------------------------------------------

# configuration: CDC control + data interfaces, then a HID keyboard on IN endpoint 3
DESCRIPTORS = bytes([
    9, 2, 0x62, 0, 3, 1, 0, 0x80, 50,
    9, 4, 0, 0, 1, 2, 2, 0, 0, 7, 5, 0x81, 3, 8, 0, 16,
    9, 4, 1, 0, 2, 10, 0, 0, 0, 7, 5, 0x02, 2, 64, 0, 0, 7, 5, 0x82, 2, 64, 0, 0,
    9, 4, 2, 0, 1, 3, 0, 0, 0, 9, 0x21, 0x11, 1, 0, 1, 0x22, 0x3F, 0, 7, 5, 0x83, 3, 8, 0, 8,
])


def test_hid_endpoint_is_found_after_the_cdc_interfaces():
    assert hid_in_endpoint(DESCRIPTORS) == 3
    assert hid_in_endpoint(DESCRIPTORS[:-34]) == -1


def test_cdc_data_interfaces_are_listed_console_first():
    assert cdc_data_endpoints(DESCRIPTORS) == [(2, 2)]
    data_port = bytes([9, 4, 4, 0, 2, 10, 0, 0, 0, 7, 5, 0x04, 2, 64, 0, 0, 7, 5, 0x85, 2, 64, 0,
                       0])
    assert cdc_data_endpoints(DESCRIPTORS + data_port) == [(2, 2), (5, 4)]
    assert cdc_data_endpoints(DESCRIPTORS[:25]) == []


def test_keyboard_reports_lose_their_report_id():
    assert keyboard_report(bytes([1, 2, 0, 0x1E, 0, 0, 0, 0, 0])) == bytes([2, 0, 0x1E, 0, 0, 0,
                                                                            0, 0])
    assert keyboard_report(bytes(8)) == bytes(8)


def _uf2_block(payload, address=0x10000000):
    header = (0x0A324655, 0x9E5D5157, 0, address, len(payload), 0, 1, 0)
    block = b"".join(value.to_bytes(4, "little") for value in header) + payload
    return block.ljust(508, b"\0") + (0x0AB16F30).to_bytes(4, "little")


def test_uf2_version_reads_the_banner_in_the_payload(tmp_path):
    path = tmp_path / "fw.uf2"
    path.write_bytes(_uf2_block(b"\0\0Adafruit CircuitPython 10.2.1 on 2025-11-07\0"))
    assert uf2_version(path) == ("10.2.1", "2025-11-07")
    path.write_bytes(_uf2_block(b"MicroPython v1.27.0"))
    assert uf2_version(path) is None


# -- the client's answer timeout (the emulator answers 15-30x slower than a board) -------

def test_answer_timeout_comes_from_the_environment():
    assert answer_timeout({}) == DEFAULT_TIMEOUT
    assert answer_timeout({"TOTP_TOKEN_TIMEOUT": " 240 "}) == 240.0


@pytest.mark.parametrize("text", ["soon", "0", "-5", "nan", "1e9"])
def test_a_bad_answer_timeout_is_refused_with_the_fix(text):
    with pytest.raises(InputError, match="TOTP_TOKEN_TIMEOUT must be a number of seconds"):
        answer_timeout({"TOTP_TOKEN_TIMEOUT": text})
