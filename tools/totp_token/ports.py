"""Find the token's data serial port: --port, then $TOTP_TOKEN_PORT, then by USB interface.

The token's data port is CircuitPython's second CDC interface ("CircuitPython
CDC2 control"); adafruit-board-toolkit knows how each OS names it.
"""

import argparse
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from adafruit_board_toolkit import circuitpython_serial

from .errors import InputError, PortError

ENV_PORT = "TOTP_TOKEN_PORT"
PORT_HINT = ("give the token's data port (/dev/ttyACM* on Linux, /dev/cu.usbmodem* on macOS; "
             "for the simulator, the path `totp-token sim` prints)")


PORT_HELP = ("the token's data serial port (default: $%s, else found by its USB interface)"
             % ENV_PORT)


def add_port_option(parser: argparse.ArgumentParser, top_level: bool = False) -> None:
    """``--port``: on the top parser, and after each token command, where it only
    overrides the top-level one when given."""
    if top_level:
        parser.add_argument("--port", metavar="PATH", help=PORT_HELP)
    else:
        parser.add_argument("--port", metavar="PATH", help=PORT_HELP, default=argparse.SUPPRESS)


def port_origin(explicit: str | None = None,
                environ: Mapping[str, str] | None = None) -> str | None:
    """Where the port path came from, for messages: '--port', '$TOTP_TOKEN_PORT' or None."""
    environ = os.environ if environ is None else environ
    if explicit:
        return "--port"
    return "$" + ENV_PORT if environ.get(ENV_PORT) else None


def check_port_path(path: str, origin: str | None = None) -> None:
    """Refuse, before opening it, a port path that cannot be a serial port (POSIX only)."""
    if os.name != "posix":
        return  # COM3 and friends are not files
    named = "%s (from %s)" % (path, origin) if origin else path
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise PortError("%s does not exist: plug the token in (a data USB cable), or %s"
                        % (named, PORT_HINT)) from None
    except OSError as exc:
        raise PortError("cannot use %s (%s): %s" % (named, exc.strerror, PORT_HINT)) from None
    if stat.S_ISDIR(mode):
        raise InputError("%s is a directory, not a serial port: %s" % (named, PORT_HINT))
    if not stat.S_ISCHR(mode):
        raise InputError("%s is a file, not a serial port: %s" % (named, PORT_HINT))
    try:
        fd = os.open(path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return  # busy or not allowed: opening it for real says so
    try:
        is_terminal = os.isatty(fd)
    finally:
        os.close(fd)
    if not is_terminal:
        raise InputError("%s is a device but not a serial port: %s" % (named, PORT_HINT))


def _describe(ports: Iterable[Any]) -> str:
    return ", ".join("%s (%s)" % (port.device, port.interface or port.description)
                     for port in ports)


# a lister of serial ports (adafruit_board_toolkit's: objects with device, interface...)
Comports = Callable[[], Iterable[Any]]


def find_port(explicit: str | None = None, environ: Mapping[str, str] | None = None,
              data_comports: Comports | None = None,
              repl_comports: Comports | None = None) -> str:
    """Return the port path to use, or raise PortError saying what was seen and what to do."""
    if explicit is not None and not explicit.strip():
        raise InputError("--port is empty: %s, or leave --port out to find the token "
                         "automatically" % PORT_HINT)
    if explicit:
        return explicit
    environ = os.environ if environ is None else environ
    if environ.get(ENV_PORT):
        return environ[ENV_PORT]
    data_comports = data_comports or circuitpython_serial.data_comports
    repl_comports = repl_comports or circuitpython_serial.repl_comports
    data = list(data_comports())
    if len(data) == 1:
        return data[0].device
    if len(data) > 1:
        raise PortError("several CircuitPython data ports found: %s; pick the token with "
                        "--port PATH or %s=PATH" % (_describe(data), ENV_PORT))
    consoles = list(repl_comports())
    if consoles:
        raise PortError("found only a CircuitPython console port (%s), no data port: the "
                        "token is in maintenance mode (button A held while plugging in) or "
                        "runs other firmware; unplug it and plug it in again without "
                        "holding A" % _describe(consoles))
    raise PortError("no token found: plug it in (a data USB cable, not charge-only), or "
                    "give its port with --port PATH or %s=PATH (for the simulator, the "
                    "path `totp-token sim` prints)" % ENV_PORT)
