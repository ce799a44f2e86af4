"""`Simulator`: runs the literal boot.py and code.py on a simulated board, in lock step.

The firmware runs in its own thread. Every control call (press, set_time, ...) acts
between two firmware steps and returns once the firmware has finished at least one
whole step after it, and any typing it started is over: `press("B")` then
`screen_rows()` is deterministic. Simulated time runs at real speed and jumps over
the firmware's sleeps while a control call waits, so tests never wait for the clock.
"""

import os

from .. import errors
from ..firmware_files import firmware_root
from . import boards
from . import state as state_file
from .autosave import StateKeeper
from .chips import nvm as nvm_models
from .clock import NS, SimulationTimeout
from .firmware import FirmwareThread
from .machine import PARTS, Machine
from .preload import preload_accounts
from .settings_file import FILE_NAME as SETTINGS_FILE
from .settings_file import read_settings
from .usb_host.serial_pty import PtyPipe

PRESS_SECONDS = 0.1
LONG_PRESS_SECONDS = 1.5
# after a control call: simulated time given to the firmware to react (it may poll the
# RTC only every 250 ms), and the pause in keyboard reports that means typing is over
SETTLE_NS = 3 * NS // 10
BUTTONS_KEY = "TOTP_BUTTONS"
TYPING_QUIET_NS = NS // 10


class Simulator:
    def __init__(self, board=boards.DEFAULT_BOARD, state=None, accounts=(), layout="us",
                 numlock=True, buttons=None, drive=None, settings=None, parts=PARTS,
                 console=None):
        self.profile = boards.profile(board)
        self.own_firmware = not drive  # this tool's firmware, not a CIRCUITPY tree
        self.root = os.path.abspath(drive) if drive else str(firmware_root())
        if not os.path.isfile(os.path.join(self.root, "code.py")):
            raise errors.InputError("%s has no code.py: pass a CIRCUITPY tree as the drive"
                                    % self.root)
        self.state_path = state
        if state:
            state_file.check_writable(state)
        saved = state_file.load(state, board) if state else None
        try:
            medium = nvm_models.for_port(self.profile.port, saved["nvm"] if saved else None)
        except ValueError as exc:
            raise errors.InputError("state file %s: %s; delete it to start fresh"
                                    % (state, exc)) from None
        self.machine = Machine(self.profile, buttons=buttons, parts=parts, layout=layout,
                               numlock=numlock, nvm=medium)
        if saved:
            self.machine.rtc.restore(saved["rtc"], saved["seconds_off"])
        # each simulated token its own serial: a random id, kept in the state file
        self.state_id = (saved or {}).get("id") or state_file.new_id()
        self.machine.uid = state_file.cpu_uid(self.state_id, self.profile.board_id)
        self.boot_calls = []
        self.errors = []
        self.warnings = []
        self.settings = self._read_settings(settings, buttons)
        self._console = console
        self._keeper = None
        if state:
            self._keeper = StateKeeper(state, self.profile.name, self.machine, self.errors,
                                       self.state_id)
            self._keeper.loaded()
            if saved and not saved["id"]:
                self._keeper.changed_since_load()  # a file from before ids: save its new id
        if accounts:
            self.warnings.extend(preload_accounts(self.machine.nvm, self.profile, accounts))
        self._firmware = FirmwareThread(self.machine, self.root, self.settings,
                                        self.boot_calls, self.errors, self._console_write,
                                        any_installed_driver=self.own_firmware)

    # -- set-up -----------------------------------------------------------------------

    def _read_settings(self, overrides, buttons):
        values = {}
        if not self.own_firmware:
            values, problems = read_settings(os.path.join(self.root, SETTINGS_FILE))
            self.warnings.extend(problems)
        if buttons is not None:
            # the firmware must know how many buttons are wired, or its layout expects
            # buttons that do not exist (a long A would not type on one button)
            if values.get(BUTTONS_KEY, str(buttons)) != str(buttons):
                self.warnings.append("--buttons %d replaces %s = %s from settings.toml"
                                     % (buttons, BUTTONS_KEY, values[BUTTONS_KEY]))
            values[BUTTONS_KEY] = str(buttons)
        for key, value in (overrides or {}).items():
            values[key] = str(value)
        return values

    @property
    def serial_path(self):
        return self.machine.serial.path if self.machine.serial else None

    # -- running the firmware ---------------------------------------------------------

    def start(self):
        """Power on: run boot.py, then code.py until its first step is done."""
        if self.machine.serial is None:
            self.machine.serial = PtyPipe()
        self._firmware.launch("POWER_ON")
        if self._keeper is not None:
            self._keeper.start()

    def _console_write(self, text):
        self.machine.console_lines.append(text)
        if self._console is not None:
            self._console(text)

    def stop(self):
        """Stop the firmware, save the state file, close the serial port."""
        if self._keeper is not None:
            self._keeper.stop()
        self._halt()
        self.save_state()
        if self.machine.serial is not None:
            self.machine.serial.close()
            self.machine.serial = None

    def _halt(self):
        self._firmware.halt()
        self._collect_typed()

    def save_state(self):
        """Write the state file now if nvm or the RTC changed since it was read or saved."""
        if self._keeper is not None:
            self._keeper.save()

    @property
    def state_kept(self):
        """True while the state file is being kept (a --state path, no failed save)."""
        return self._keeper is not None and not self._keeper.refused

    def reboot(self):
        """Power-cycle the board: nvm and the RTC keep their contents."""
        self._halt()
        self.save_state()
        self._firmware.launch("POWER_ON")

    @property
    def firmware_running(self):
        return self._firmware.running

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    # -- control ----------------------------------------------------------------------

    def _settle(self):
        """Wait for one whole step after the action, then for typing to finish."""
        clock = self.machine.clock
        host = self.machine.host
        since = clock.now_ns()

        def settled():
            now = clock.now_ns()
            if now - since < SETTLE_NS or host.keys_down:
                return False
            return host.last_report_ns is None or now - host.last_report_ns >= TYPING_QUIET_NS

        try:
            self.machine.scheduler.run_steps(1, quiet=settled)
        except SimulationTimeout as exc:
            self.errors.append(str(exc))
        self._collect_typed()

    def _act(self, action):
        with self.machine.scheduler.between_steps():
            action()
        self._settle()

    def _collect_typed(self):
        text = self.machine.host.take_text()
        if text:
            self.machine.typed_log.append(text)

    def press(self, name, seconds=PRESS_SECONDS):
        self.machine.button_pin(name)
        self._act(lambda: self.machine.set_button(name, True))
        self.wait(seconds)
        self._act(lambda: self.machine.set_button(name, False))

    def long(self, name, seconds=LONG_PRESS_SECONDS):
        self.press(name, seconds)

    def wait(self, seconds):
        if seconds < 0:
            raise ValueError("wait needs a number of seconds >= 0")
        try:
            self.machine.scheduler.wait(seconds)
        except SimulationTimeout as exc:
            self.errors.append(str(exc))
        self._collect_typed()

    def set_time(self, unix):
        self._act(lambda: self.machine.rtc.set_unix(unix))

    def rtc_lost_power(self):
        self._act(self.machine.rtc.power_loss)

    def set_usb_connected(self, connected):
        def change():
            self.machine.usb_connected = bool(connected)
        self._act(change)

    def screen_rows(self):
        with self.machine.scheduler.between_steps():
            return self.machine.oled.pixel_rows()

    def typed(self):
        self._collect_typed()
        texts = list(self.machine.typed_log)
        del self.machine.typed_log[:]
        return texts

    def take_errors(self):
        count = len(self.errors)  # other threads may append meanwhile
        found = self.errors[:count]
        del self.errors[:count]
        return found

