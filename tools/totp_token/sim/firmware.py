"""The firmware thread: each power-on runs boot.py, then code.py, until a reset, a crash or stop.

`microcontroller.reset()` runs boot.py and code.py again, `supervisor.reload()` only
code.py, like on a board. Whatever ends the firmware is recorded in `errors` as one
line (type, message, the firmware file and line), never as a traceback with locals.
"""

import os
import threading
import traceback

from .circuitpython import alarm
from .circuitpython.microcontroller import ResetRequested
from .clock import FirmwareStopped, SimulationTimeout
from .context import CODE, RunContext
from .loader import FirmwareImporter

JOIN_SECONDS = 5.0


class FirmwareThread:
    def __init__(self, machine, root, settings, boot_calls, errors, console_write,
                 any_installed_driver):
        self.machine = machine
        self.root = root
        self.settings = settings
        self.boot_calls = boot_calls    # shared with the Simulator: boot.py's USB calls
        self.errors = errors            # shared with the Simulator: what went wrong
        self.console_write = console_write
        self.any_installed_driver = any_installed_driver
        self._thread = None

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def launch(self, reset_reason):
        """Start the firmware and return once its first main-loop step is done."""
        scheduler = self.machine.scheduler
        scheduler.running = True
        scheduler.stopping = False
        self._thread = threading.Thread(target=self._main, args=(reset_reason,),
                                        name="firmware", daemon=True)
        self._thread.start()
        try:
            scheduler.run_steps(1)
        except SimulationTimeout as exc:
            self.errors.append(str(exc))

    def halt(self):
        """Stop the firmware thread (it ends at its next sleep)."""
        self.machine.scheduler.stop()
        if self._thread is not None:
            self._thread.join(JOIN_SECONDS)
            if self._thread.is_alive():
                self.errors.append("the firmware thread did not stop (busy loop without sleep)")
            self._thread = None

    def _main(self, reset_reason):
        scheduler = self.machine.scheduler
        scheduler.firmware_begin()
        try:
            while True:
                try:
                    self._power_on(reset_reason)
                    return
                except ResetRequested as request:
                    if request.run_mode in ("BOOTLOADER", "UF2"):
                        self.errors.append("microcontroller.reset() into the bootloader: "
                                           "the firmware stopped")
                        return
                    reset_reason = "SOFTWARE"
        except FirmwareStopped:
            pass
        except BaseException as exc:  # an error escaping code.py ends the firmware
            self.errors.append(describe(exc))
        finally:
            scheduler.firmware_end()

    def _power_on(self, reset_reason):
        machine = self.machine
        machine.boot_ns = machine.clock.now_ns()
        if reset_reason == "POWER_ON":
            alarm.power_on(machine.sleep_memory)
        machine.oled.power_on_reset()
        machine.host.detach()
        if machine.serial is not None:
            machine.serial.clear_input()
        ctx = RunContext(machine, self.settings, self.root, self.boot_calls,
                         self.console_write, uid=machine.uid,
                         reset_reason=reset_reason)
        del self.boot_calls[:]
        boot = os.path.join(self.root, "boot.py")
        if os.path.isfile(boot):
            self._importer(ctx).run_script(boot)
        problem = ctx.usb_problem()
        if problem:
            self.errors.append(problem)
            return
        while True:
            ctx.enter_phase(CODE)
            try:
                self._importer(ctx).run_script(os.path.join(self.root, "code.py"),
                                               own_modules={"time": ctx.script_time()})
            except ResetRequested as request:
                if request.run_mode != "RELOAD":
                    raise
                continue  # supervisor.reload(): code.py again, boot.py not
            self.errors.append("code.py ended (Code done running): the firmware stopped")
            return

    def _importer(self, ctx):
        return FirmwareImporter([self.root, os.path.join(self.root, "lib")],
                                ctx.build_modules(), self._print, ctx.open_file,
                                any_installed_driver=self.any_installed_driver)

    def _print(self, *values, sep=" ", end="\n", file=None, flush=False):
        self.console_write(sep.join(str(v) for v in values) + end)


def describe(exc):
    """Type, message and where in the firmware: never local variables."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    for frame in reversed(frames):
        if "totp_token" not in frame.filename:
            where = " (%s line %d)" % (os.path.basename(frame.filename), frame.lineno)
            break
    return "firmware stopped: %s: %s%s" % (type(exc).__name__, exc, where)
