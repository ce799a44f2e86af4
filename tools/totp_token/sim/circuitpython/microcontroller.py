"""Simulated `microcontroller`, `board` and `digitalio` for one firmware run.

Each builder returns a fresh module holding only the real CircuitPython API surface;
anything else raises AttributeError, as on a board.
"""

import types

from ..machine import Pin


class ResetRequested(BaseException):
    """microcontroller.reset() was called: the runner reboots the firmware."""

    def __init__(self, run_mode):
        super().__init__("microcontroller.reset()")
        self.run_mode = run_mode


def _enum(class_name, members):
    """A CircuitPython-style enum class whose members are instances of it."""
    cls = type(class_name, (), {"__slots__": ("_name",),
                                "__repr__": lambda self: "%s.%s" % (class_name, self._name)})
    for member in members:
        instance = object.__new__(cls)
        instance._name = member
        setattr(cls, member, instance)
    return cls


def build_microcontroller(ctx):
    machine = ctx.machine
    module = types.ModuleType("microcontroller", "Simulated microcontroller core module")
    pin_module = types.ModuleType("microcontroller.pin")
    for name, pin in machine.mcu_pins.items():
        setattr(pin_module, name, pin)
    run_mode = _enum("RunMode", ("NORMAL", "SAFE_MODE", "UF2", "BOOTLOADER"))
    reset_reason = _enum("ResetReason", ("POWER_ON", "BROWNOUT", "SOFTWARE",
                                         "DEEP_SLEEP_ALARM", "RESET_PIN", "WATCHDOG",
                                         "UNKNOWN", "RESCUE_DEBUG"))
    next_mode = [run_mode.NORMAL]

    class Processor:
        __slots__ = ()
        frequency = 125_000_000
        temperature = 27.0
        voltage = 3.3
        uid = bytearray(ctx.uid)

        @property
        def reset_reason(self):
            return getattr(reset_reason, ctx.reset_reason)

    def on_next_reset(mode):
        if not isinstance(mode, run_mode):
            raise TypeError("run_mode must be a microcontroller.RunMode")
        next_mode[0] = mode

    def reset():
        raise ResetRequested(next_mode[0]._name)

    def delay_us(delay):
        ctx.machine.scheduler.sleep(delay / 1_000_000)

    module.Pin = Pin
    module.Processor = Processor
    module.RunMode = run_mode
    module.ResetReason = reset_reason
    module.pin = pin_module
    module.cpu = Processor()
    module.nvm = machine.nvm
    module.watchdog = None  # the simulator has no watchdog timer
    module.on_next_reset = on_next_reset
    module.reset = reset
    module.delay_us = delay_us
    module.disable_interrupts = lambda: None
    module.enable_interrupts = lambda: None
    return module


def build_board(ctx, busio_module):
    machine = ctx.machine
    profile = machine.profile
    module = types.ModuleType("board", "Simulated board pins for %s" % profile.board_id)
    module.board_id = profile.board_id
    for name, pin in machine.board_pins.items():
        setattr(module, name, pin)
    if profile.board_i2c:
        singleton = []

        def board_i2c():
            if not singleton or singleton[0].deinited:
                scl, sda = machine.i2c_wiring
                singleton[:] = [busio_module.I2C(scl, sda)]
            return singleton[0]

        module.I2C = board_i2c
        module.STEMMA_I2C = board_i2c

    def no_bus(kind):
        def missing():
            raise NotImplementedError("the simulator has no %s bus on %s" % (kind, profile.name))
        return missing

    if "SCK" in machine.board_pins:
        module.SPI = no_bus("SPI")
    if "TX" in machine.board_pins:
        module.UART = no_bus("UART")
    return module


def build_digitalio(ctx):
    module = types.ModuleType("digitalio", "Simulated digitalio")
    direction = _enum("Direction", ("INPUT", "OUTPUT"))
    pull_enum = _enum("Pull", ("UP", "DOWN"))
    drive_mode_enum = _enum("DriveMode", ("PUSH_PULL", "OPEN_DRAIN"))

    class DigitalInOut:
        __slots__ = ("_pin", "_direction", "_pull", "_out_value", "_drive_mode")

        def __init__(self, pin):
            if not isinstance(pin, Pin):
                raise TypeError("pin must be a microcontroller.Pin, not %s" % type(pin).__name__)
            ctx.claim(pin)
            self._pin = pin
            self._direction = direction.INPUT
            self._pull = None
            self._out_value = False
            self._drive_mode = drive_mode_enum.PUSH_PULL

        def _check(self):
            if self._pin is None:
                raise ValueError("Object has been deinitialized and can no longer be used. "
                                 "Create a new object.")

        def deinit(self):
            if self._pin is not None:
                ctx.release(self._pin)
                self._pin = None

        def deinited(self):
            return self._pin is None

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.deinit()

        def switch_to_output(self, value=False, drive_mode=drive_mode_enum.PUSH_PULL):
            self._check()
            self._direction = direction.OUTPUT
            self._out_value = bool(value)
            self._drive_mode = drive_mode
            self._pull = None

        def switch_to_input(self, pull=None):
            self._check()
            self._direction = direction.INPUT
            self.pull = pull

        @property
        def direction(self):
            self._check()
            return self._direction

        @direction.setter
        def direction(self, value):
            if value is direction.OUTPUT:
                self.switch_to_output()
            elif value is direction.INPUT:
                self.switch_to_input()
            else:
                raise ValueError("Invalid direction.")

        @property
        def value(self):
            self._check()
            if self._direction is direction.OUTPUT:
                return self._out_value
            pull_up = None if self._pull is None else self._pull is pull_enum.UP
            return ctx.machine.pin_level(self._pin, pull_up)

        @value.setter
        def value(self, value):
            self._check()
            if self._direction is not direction.OUTPUT:
                raise AttributeError("Cannot set value when direction is input.")
            self._out_value = bool(value)

        @property
        def pull(self):
            self._check()
            return self._pull

        @pull.setter
        def pull(self, value):
            self._check()
            if self._direction is direction.OUTPUT:
                raise AttributeError("Pull not used when direction is output.")
            if value is not None and not isinstance(value, pull_enum):
                raise TypeError("pull must be a digitalio.Pull or None")
            self._pull = value

        @property
        def drive_mode(self):
            self._check()
            if self._direction is direction.INPUT:
                raise AttributeError("Drive mode not used when direction is input.")
            return self._drive_mode

        @drive_mode.setter
        def drive_mode(self, value):
            self._check()
            if self._direction is direction.INPUT:
                raise AttributeError("Drive mode not used when direction is input.")
            self._drive_mode = value

    module.DigitalInOut = DigitalInOut
    module.Direction = direction
    module.Pull = pull_enum
    module.DriveMode = drive_mode_enum
    return module
