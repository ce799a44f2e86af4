"""Board profiles for the simulator: pin names, how the parts are wired, panel size, nvm port.

One table per board, taken from the CircuitPython board definitions (pins.c) of the
real boards; the simulator builds `board` and `microcontroller.pin` from it.
"""

PORT_RP2040 = "rp2040"
PORT_NRF52840 = "nrf52840"
PORT_ESP32 = "esp32"
PORT_SAMD51 = "samd51"  # simulated to show the firmware's refusal: its nvm is not power-safe

BUTTON_NAMES = ("A", "B", "C")


class BoardProfile:
    """What one simulated board has and how its parts are wired."""

    def __init__(self, name, board_id, port, pins, i2c_pins, buttons, oled_size,
                 machine, board_i2c=True, usb_in_endpoints=16):
        self.name = name
        self.machine = machine            # os.uname().machine, "<board> with <chip>"
        self.board_id = board_id
        self.port = port
        self.pins = pins                  # board name -> microcontroller pin name
        self.i2c_pins = i2c_pins          # (scl, sda) board names the RTC and OLED hang on
        self.buttons = buttons            # button name -> board pin name (active low)
        self.oled_size = oled_size        # (width, height)
        self.board_i2c = board_i2c        # has board.I2C() / board.STEMMA_I2C()
        self.usb_in_endpoints = usb_in_endpoints

    def mcu_pin_names(self):
        names = set(self.pins.values())
        return sorted(names, key=_natural_key)


def _natural_key(name):
    head = name.rstrip("0123456789")
    tail = name[len(head):]
    return (head, int(tail) if tail else -1)


def _feather_rp2040_pins():
    pins = {
        "TX": "GPIO0", "D1": "GPIO0", "RX": "GPIO1", "D0": "GPIO1",
        "SDA": "GPIO2", "SCL": "GPIO3", "D4": "GPIO6", "D5": "GPIO7", "D6": "GPIO8",
        "D9": "GPIO9", "D10": "GPIO10", "D11": "GPIO11", "D12": "GPIO12",
        "D13": "GPIO13", "LED": "GPIO13", "NEOPIXEL": "GPIO16",
        "SCK": "GPIO18", "MOSI": "GPIO19", "MISO": "GPIO20",
        "D24": "GPIO24", "D25": "GPIO25",
        "A0": "GPIO26", "A1": "GPIO27", "A2": "GPIO28", "A3": "GPIO29",
    }
    return pins


def _pico_pins():
    pins = {"GP%d" % n: "GPIO%d" % n for n in range(29) if n not in (23, 24)}
    pins.update({
        "SMPS_MODE": "GPIO23", "VBUS_SENSE": "GPIO24", "LED": "GPIO25",
        "A0": "GPIO26", "A1": "GPIO27", "A2": "GPIO28", "VOLTAGE_MONITOR": "GPIO29",
        "A3": "GPIO29",
    })
    return pins


def _feather_nrf52840_pins():
    return {
        "A0": "P0_04", "A1": "P0_05", "A2": "P0_30", "A3": "P0_28", "A4": "P0_02",
        "A5": "P0_03", "AREF": "P0_31", "VOLTAGE_MONITOR": "P0_29",
        "D2": "P0_10", "NFC1": "P0_09", "D5": "P1_08", "D6": "P0_07", "D9": "P0_26",
        "D10": "P0_27", "D11": "P0_06", "D12": "P0_08", "D13": "P1_09",
        "LED": "P1_15", "RED_LED": "P1_15", "BLUE_LED": "P1_10", "SWITCH": "P1_02",
        "NEOPIXEL": "P0_16", "SCK": "P0_14", "MOSI": "P0_13", "MISO": "P0_15",
        "TX": "P0_25", "RX": "P0_24", "SCL": "P0_11", "SDA": "P0_12",
    }


def _feather_esp32s3_pins():
    return {
        "BUTTON": "GPIO0", "BOOT0": "GPIO0", "SDA": "GPIO3", "SCL": "GPIO4",
        "D5": "GPIO5", "D6": "GPIO6", "I2C_POWER": "GPIO7", "A5": "GPIO8",
        "D9": "GPIO9", "D10": "GPIO10", "D11": "GPIO11", "D12": "GPIO12",
        "D13": "GPIO13", "LED": "GPIO13", "A4": "GPIO14", "A3": "GPIO15",
        "A2": "GPIO16", "A1": "GPIO17", "A0": "GPIO18", "NEOPIXEL_POWER": "GPIO21",
        "NEOPIXEL": "GPIO33", "MOSI": "GPIO35", "SCK": "GPIO36", "MISO": "GPIO37",
        "RX": "GPIO38", "TX": "GPIO39",
    }


def _feather_m4_pins():
    return {
        "A0": "PA02", "A1": "PA05", "A2": "PB08", "A3": "PB09", "A4": "PA04", "A5": "PA06",
        "SCK": "PA17", "MOSI": "PB23", "MISO": "PB22", "RX": "PB17", "D0": "PB17",
        "TX": "PB16", "D1": "PB16", "SDA": "PA12", "SCL": "PA13", "D4": "PA14", "D5": "PA16",
        "D6": "PA18", "D9": "PA19", "D10": "PA20", "D11": "PA21", "D12": "PA22",
        "D13": "PA23", "LED": "PA23", "NEOPIXEL": "PB03", "VOLTAGE_MONITOR": "PB01",
    }


FEATHERWING_BUTTONS = {"A": "D9", "B": "D6", "C": "D5"}
# The Pico has no OLED wing: three push buttons to GND on the pins next to the I2C pair.
PICO_BUTTONS = {"A": "GP13", "B": "GP14", "C": "GP15"}

PROFILES = {
    "feather_rp2040": BoardProfile(
        "feather_rp2040", "adafruit_feather_rp2040", PORT_RP2040, _feather_rp2040_pins(),
        ("SCL", "SDA"), FEATHERWING_BUTTONS, (128, 32),
        "Adafruit Feather RP2040 with rp2040"),
    "pico": BoardProfile(
        "pico", "raspberry_pi_pico", PORT_RP2040, _pico_pins(),
        ("GP5", "GP4"), PICO_BUTTONS, (128, 64), "Raspberry Pi Pico with rp2040",
        board_i2c=False),
    "feather_nrf52840": BoardProfile(
        "feather_nrf52840", "feather_nrf52840_express", PORT_NRF52840,
        _feather_nrf52840_pins(), ("SCL", "SDA"), FEATHERWING_BUTTONS, (128, 32),
        "Adafruit Feather nRF52840 Express with nRF52840", usb_in_endpoints=7),
    "feather_esp32s3": BoardProfile(
        "feather_esp32s3", "adafruit_feather_esp32s3_4mbflash_2mbpsram", PORT_ESP32,
        _feather_esp32s3_pins(), ("SCL", "SDA"), FEATHERWING_BUTTONS, (128, 32),
        "Adafruit Feather ESP32S3 4MB Flash 2MB PSRAM with ESP32S3",
        # CDC takes 2 IN endpoints, the drive and HID 1 each: console + data + drive fails
        usb_in_endpoints=4),
    "feather_m4": BoardProfile(
        "feather_m4", "feather_m4_express", PORT_SAMD51, _feather_m4_pins(),
        ("SCL", "SDA"), FEATHERWING_BUTTONS, (128, 32),
        "Adafruit Feather M4 Express with samd51j19", usb_in_endpoints=7),
}

DEFAULT_BOARD = "feather_rp2040"


def profile(name):
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError("unknown board %r: choose one of %s"
                         % (name, ", ".join(sorted(PROFILES)))) from None


def rp2040_i2c_unit(scl_gpio, sda_gpio):
    """The RP2040 I2C peripheral serving this pin pair, or None (pins are fixed per unit)."""
    if sda_gpio % 2 or not scl_gpio % 2:
        return None
    sda_unit = (sda_gpio // 2) % 2
    scl_unit = (scl_gpio // 2) % 2
    return sda_unit if sda_unit == scl_unit else None
