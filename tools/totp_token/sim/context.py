"""One power-on of the simulated board: the simulated core modules and what they share.

boot.py and code.py each get freshly built modules (as on CircuitPython, where they run
in separate VMs); pins are released between the two; USB configuration flows from
boot.py's calls into code.py's `usb_cdc`/`usb_hid`.
"""

import os

from .circuitpython import (
    aesio,
    alarm,
    board,
    busio,
    digitalio,
    gc,
    keypad,
    microcontroller,
    rtc,
    storage,
    supervisor,
    time,
    usb_cdc,
    usb_hid,
)
from .circuitpython import os as sim_os  # `os` is the host's here (open_file)
from .circuitpython._usb import UsbConfig
from .usb_host.serial_pty import ConsolePipe

BOOT = "boot"
CODE = "code"


class RunContext:
    def __init__(self, machine, settings, drive_root, boot_calls, console_sink, uid,
                 reset_reason="POWER_ON"):
        self.machine = machine
        self.settings = settings
        self.drive_root = drive_root
        self.boot_calls = boot_calls
        self.console_pipe = ConsolePipe(console_sink)
        self.uid = uid
        self.reset_reason = reset_reason
        self.usb = UsbConfig()
        self.phase = BOOT
        self.claims = {}
        self.cwd = "/"
        self.boot_ns = machine.boot_ns
        self.internal_rtc_offset = 0
        self.rtc_calibration = 0
        self.time_source = None
        self.host_path = None
        self.modules = {}           # the core modules last built (build_modules)

    def claim(self, pin):
        if pin in self.claims:
            raise ValueError("%s in use" % str(pin).rpartition(".")[2])
        self.claims[pin] = True

    def release(self, pin):
        self.claims.pop(pin, None)

    @property
    def booting(self):
        """True while boot.py runs (USB may be configured), False once code.py does."""
        return self.phase == BOOT

    def enter_phase(self, phase):
        self.phase = phase
        self.claims = {}
        self.machine.pin_listeners[:] = []

    def build_modules(self):
        """The simulated core modules for the current phase, by import name.

        Each comes from the ``build(ctx)`` of its file in ``circuitpython/``, in this order
        (``board`` hands out this run's ``busio.I2C``); a new module is one more line here.
        """
        modules = self.modules = {}
        modules["microcontroller"] = microcontroller.build(self)
        modules["busio"] = busio.build(self)
        modules["board"] = board.build(self)
        modules["digitalio"] = digitalio.build(self)
        modules["keypad"] = keypad.build(self)
        modules["usb_cdc"] = usb_cdc.build(self)
        modules["usb_hid"] = usb_hid.build(self)
        modules["storage"] = storage.build(self)
        modules["supervisor"] = supervisor.build(self)
        modules["rtc"] = rtc.build(self)
        modules["time"] = time.build(self, step_sleep=False)
        modules["os"] = sim_os.build(self)
        modules["gc"] = gc.build(self)
        # (new modules above this line) the submodule `from microcontroller import pin` finds:
        modules["microcontroller.pin"] = modules["microcontroller"].pin
        modules["aesio"] = aesio.build(self)
        modules["alarm"] = alarm.build(self)
        return modules

    def script_time(self):
        """The `time` code.py itself sees: its sleep ends one main-loop step."""
        return time.build(self, step_sleep=True)

    def open_file(self, path, mode="r", *args, **kwargs):
        """`open` for the firmware: paths are on the drive; writing needs storage.remount."""
        if any(flag in mode for flag in "wax+") and not self.usb.drive_writable_by_code:
            raise OSError(30, "Read-only filesystem")
        host_path = self.host_path(path)
        if not os.path.abspath(host_path).startswith(os.path.abspath(self.drive_root)):
            raise OSError(2, "No such file/directory")
        return open(host_path, mode, *args, **kwargs)

    def usb_problem(self):
        """Why CircuitPython would enter safe mode after boot.py, or None."""
        needed = self.usb.in_endpoints()
        budget = self.machine.profile.usb_in_endpoints
        if needed > budget:
            return ("safe mode: boot.py enabled USB devices needing %d IN endpoints and %s has "
                    "%d (USB_TOO_MANY_ENDPOINTS): turn off the console, the data port or the "
                    "drive in boot.py" % (needed, self.machine.profile.board_id, budget))
        return None
