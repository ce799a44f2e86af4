"""Who may import what, read from the sources with ``ast`` (imports inside functions count).

- Board modules are imported only by ``totp/hardware.py`` (which builds every
  device the firmware is handed) and ``boot.py`` (which sets up USB and the drive
  before the firmware runs). ``code.py`` needs none: it asks ``totp.hardware``.
  Board modules here are the CircuitPython modules that reach the chip or its
  USB: those the firmware imports today (``board``, ``busio``, ``digitalio``,
  ``keypad``, ``microcontroller``, ``supervisor``, ``storage``, ``usb_cdc``,
  ``usb_hid``, ``usb_midi``) and the others of that kind a change might reach for
  (``BOARD_MODULES``), plus the Adafruit device drivers (``adafruit_*``). Not
  board modules: ``time``, ``os``, ``gc``, ``micropython`` and ``json``, which
  the device code uses as plain Python. No exceptions are needed today.
- The device code (``totp/``, ``code.py``, ``boot.py``) never imports the host
  package ``totp_token``.
- ``tools/totp_token/commands/`` holds one module per subcommand and no command
  imports another: what several share lives in ``totp_token.cli_helpers``.
- The host package uses the token's core (accounts, codes, base32, the wire
  constants) but never the token's protocol server, ``totp.protocol``.
"""

import pytest
from support.imports import REPO, file_imports, imports, top_level
from totp_token import cli

BOARD_MODULES = frozenset((
    # imported by the firmware today
    "board", "busio", "digitalio", "keypad", "microcontroller", "supervisor", "storage",
    "usb_cdc", "usb_hid", "usb_midi",
    # the rest of CircuitPython's hardware modules of that kind
    "analogio", "bitbangio", "pwmio", "countio", "rotaryio", "rtc", "alarm", "nvm",
    "watchdog", "usb", "displayio", "busdisplay", "fourwire", "i2cdisplaybus",
    "neopixel_write", "i2ctarget", "touchio", "audiobusio", "audioio", "wifi", "socketpool",
))
DRIVER_PREFIX = "adafruit_"
MAY_IMPORT_BOARD = ("totp/hardware.py", "boot.py")
DEVICE_FILES = sorted(["code.py", "boot.py"] + [
    path.relative_to(REPO).as_posix() for path in (REPO / "totp").rglob("*.py")])
TOOLS = REPO / "tools"
HOST_FILES = sorted(path.relative_to(TOOLS).as_posix()
                    for path in (TOOLS / "totp_token").rglob("*.py"))
TOKEN_SERVER = "totp.protocol"
COMMANDS = TOOLS / "totp_token" / "commands"
COMMAND_PACKAGE = "totp_token.commands"


def is_board_module(name):
    top = top_level(name)
    return top in BOARD_MODULES or top.startswith(DRIVER_PREFIX)


def device_imports(relative):
    return file_imports(REPO / relative, REPO)


@pytest.mark.parametrize("relative", [f for f in DEVICE_FILES if f not in MAY_IMPORT_BOARD])
def test_only_hardware_and_boot_import_board_modules(relative):
    board = [(line, name) for line, name in device_imports(relative) if is_board_module(name)]
    assert board == [], "%s imports board modules: build the device in totp/hardware.py" % (
        relative)


def test_the_rule_sees_the_board_imports_hardware_makes_inside_functions():
    found = {top_level(name) for _line, name in device_imports("totp/hardware.py")}
    assert {"board", "busio", "keypad", "microcontroller", "supervisor", "usb_hid"} <= found
    assert {"adafruit_ssd1306", "adafruit_ds3231"} <= found


@pytest.mark.parametrize("relative", DEVICE_FILES)
def test_device_code_never_imports_the_host_package(relative):
    host = [(line, name) for line, name in device_imports(relative)
            if top_level(name) == "totp_token"]
    assert host == []


def is_token_server(name):
    return name == TOKEN_SERVER or name.startswith(TOKEN_SERVER + ".")


@pytest.mark.parametrize("relative", HOST_FILES)
def test_the_host_never_imports_the_tokens_protocol_server(relative):
    server = [(line, name) for line, name in file_imports(TOOLS / relative, TOOLS)
              if is_token_server(name)]
    assert server == [], "use totp.codes, totp.account or totp.wire, which both sides share"


@pytest.mark.parametrize("source, reaches", [
    ("from totp.protocol.server import Server", True),
    ("from totp import protocol", True),
    ("def later():\n    import totp.protocol.fields", True),
    ("from totp.codes import code_at", False),
    ("from totp import wire", False),
])
def test_the_rule_tells_the_server_from_the_shared_core(source, reaches):
    names = [name for _line, name in imports(source, "totp_token.client")]
    assert any(is_token_server(name) for name in names) is reaches


def test_commands_holds_only_the_registered_subcommands():
    modules = sorted(path.stem for path in COMMANDS.glob("*.py") if path.stem != "__init__")
    assert modules == sorted(cli.COMMAND_MODULES)


@pytest.mark.parametrize("command", sorted(cli.COMMAND_MODULES))
def test_no_command_imports_another(command):
    own = "%s.%s" % (COMMAND_PACKAGE, command)
    others = [(line, name) for line, name in file_imports(COMMANDS / (command + ".py"), TOOLS)
              if name.startswith(COMMAND_PACKAGE + ".")
              and name != own and not name.startswith(own + ".")]
    assert others == [], "move what they share into totp_token.cli_helpers"


@pytest.mark.parametrize("source, expected", [
    ("from .manage import confirm", "totp_token.commands.manage"),
    ("from . import manage", "totp_token.commands.manage"),
    ("from ..cli_helpers import prompts", "totp_token.cli_helpers"),
    ("def later():\n    import totp_token.commands.parse", "totp_token.commands.parse"),
])
def test_the_rule_resolves_relative_and_nested_imports(source, expected):
    assert expected in [name for _line, name in imports(source, "totp_token.commands.add")]
