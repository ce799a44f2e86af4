"""One power-on of the simulated board: the simulated core modules and what they share.

boot.py and code.py each get freshly built modules (as on CircuitPython, where they run
in separate VMs); pins are released between the two; USB configuration flows from
boot.py's calls into code.py's `usb_cdc`/`usb_hid`.
"""

import os

from .circuitpython import busio, keypad, microcontroller, supervisor, usb_cdc, usb_hid
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
        self.usb = usb_hid.UsbConfig()
        self.phase = BOOT
        self.claims = {}
        self.cwd = "/"
        self.boot_ns = machine.boot_ns
        self.internal_rtc_offset = 0
        self.rtc_calibration = 0
        self.time_source = None
        self.host_path = None

    def claim(self, pin):
        if pin in self.claims:
            raise ValueError("%s in use" % str(pin).rpartition(".")[2])
        self.claims[pin] = True

    def release(self, pin):
        self.claims.pop(pin, None)

    def enter_phase(self, phase):
        self.phase = phase
        self.claims = {}
        self.machine.pin_listeners[:] = []

    def build_modules(self):
        """The simulated core modules for the current phase, by import name."""
        modules = {}
        modules["microcontroller"] = microcontroller.build_microcontroller(self)
        modules["busio"] = busio.build_busio(self)
        modules["board"] = microcontroller.build_board(self, modules["busio"])
        modules["digitalio"] = microcontroller.build_digitalio(self)
        modules["keypad"] = keypad.build_keypad(self)
        modules["usb_cdc"] = usb_cdc.build_usb_cdc(self)
        modules["usb_hid"] = usb_hid.build_usb_hid(self)
        modules["storage"] = usb_hid.build_storage(self)
        modules["supervisor"] = supervisor.build_supervisor(self)
        modules["rtc"] = supervisor.build_rtc(self)
        modules["time"] = supervisor.build_time(self, step_sleep=False)
        modules["os"] = supervisor.build_os(self)
        modules["gc"] = supervisor.build_gc(self)
        modules["microcontroller.pin"] = modules["microcontroller"].pin
        return modules

    def script_time(self):
        """The `time` code.py itself sees: its sleep ends one main-loop step."""
        return supervisor.build_time(self, step_sleep=True)

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
