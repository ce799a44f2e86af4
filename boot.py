"""USB set-up at power-on: normal mode hides the drive and the REPL, maintenance mode shows them.

Normal mode (the default): the USB keyboard and the data serial port only. The
CIRCUITPY drive and the REPL console are off, so no program on the host can read
the firmware's files or the token's memory.
Maintenance mode (hold button A while plugging in, on a token without a PIN; with a
PIN, `totp-token maintenance` on the unlocked token asks for it for one boot,
through a mark in sleep memory that this file takes): the drive and the REPL console
for updates, plus the keyboard and the data port where the port has endpoints for
them. ESP32-S2/S3 have four IN endpoints: the console takes two, the data port two,
the drive and the keyboard one each. There normal mode drops the console, and
maintenance mode keeps drive + console + keyboard (CircuitPython's own default set)
and drops the data port: provision in normal mode.

These calls work only here, before USB starts. Nothing in this file may stop the
board from booting: a missing pin, a bad settings.toml or a broken firmware import
all end in normal mode, with a line in boot_out.txt saying why.
"""

import os

import board
import digitalio
import storage
import usb_cdc
import usb_hid

# ports whose USB cannot carry console + drive + keyboard + data port at once
FEW_ENDPOINT_PORTS = ("esp32s2", "esp32s3")


def log(message):
    print("totp-token boot: %s" % message)  # lands in boot_out.txt


def few_usb_endpoints():
    """True on ESP32-S2/S3: the firmware's board table, else the chip in os.uname()."""
    from totp.hardware import storage_port

    try:
        machine = os.uname().machine
    except (AttributeError, OSError):
        machine = ""
    return storage_port(board.board_id, machine) in FEW_ENDPOINT_PORTS


def read_settings():
    """settings.toml over the firmware's defaults for this board (totp.hardware's table)."""
    from totp.hardware import board_defaults
    from totp.settings import Settings

    defaults = board_defaults(board.board_id)
    settings = Settings(os.getenv, defaults)
    for note in settings.notes:
        log(note)
    return settings, defaults


def button_a_pin():
    """The pin of button A; a name this board lacks falls back to the board's default,
    so a typo in settings.toml cannot lock maintenance mode out."""
    settings, defaults = read_settings()
    name = settings.pin_a
    pin = getattr(board, name, None) if name else None
    if pin is None and defaults.get("pin_a") != name:
        log("button A pin %r is not on this board; using the default %s"
            % (name, defaults.get("pin_a")))
        name = defaults.get("pin_a")
        pin = getattr(board, name, None) if name else None
    if pin is None:
        log("button A pin %r is not on this board: normal mode" % (name,))
    return name, pin


def button_a_held():
    """Read button A once (active low, internal pull-up). Any trouble reads as not held."""
    try:
        name, pin = button_a_pin()
    except Exception as error:  # a broken totp/ must not stop USB from coming up
        log("cannot read the button settings (%r): normal mode" % (error,))
        return False
    if pin is None:
        return False
    try:
        button = digitalio.DigitalInOut(pin)
    except Exception as error:
        log("button A pin %s unusable (%r): normal mode" % (name, error))
        return False
    try:
        button.switch_to_input(pull=digitalio.Pull.UP)
        return not button.value
    finally:
        button.deinit()  # code.py scans the same pin with keypad


def maintenance_requested():
    """The one-shot mark the unlocked token left in sleep memory; taken (cleared) here."""
    try:
        import alarm

        from totp.maintenance import take

        return take(alarm.sleep_memory)
    except Exception as error:  # no alarm module on this port, or a broken totp/
        log("no maintenance request readable (%r)" % (error,))
        return False


def pin_protected():
    """Whether a PIN guards the accounts. When that cannot be told, True: holding A then
    boots normal mode (a broken store must not open the drive to a finder)."""
    i2c = None
    try:
        settings, _ = read_settings()
        try:
            machine = os.uname().machine
        except (AttributeError, OSError):
            machine = ""
        nvm, port, i2c = storage_nvm(settings, machine)
        if nvm is None:
            return False  # nothing stored, nothing to guard
        from totp.store import Store

        return Store(nvm, port=port).has_pin
    except Exception as error:
        log("cannot tell whether a PIN is set (%r): normal mode" % (error,))
        return True
    finally:
        if i2c is not None:
            i2c.deinit()  # code.py opens the bus again


def storage_nvm(settings, machine):
    """(nvm, port, i2c) the store opens (the FRAM when settings.toml says so); nvm is None
    when there is no storage, so no PIN either. The caller deinits ``i2c``."""
    import microcontroller

    from totp import hardware

    port = hardware.storage_port(board.board_id, machine)
    if port is None:
        return None, None, None
    if getattr(settings, "storage", "nvm") != "fram":
        return microcontroller.nvm, port, None
    devices = hardware.Devices()
    i2c = hardware._open_i2c(board, settings, devices.missing)  # the firmware's own wiring
    hardware._open_fram(i2c, devices)
    return devices.nvm, devices.port, i2c


def disable_midi():
    """MIDI is on by default on some ports and only costs endpoints here."""
    try:
        import usb_midi
    except ImportError:  # not built on every port
        return
    try:
        usb_midi.disable()
    except Exception as error:  # never worth a failed boot
        log("MIDI left on (%r)" % (error,))


def normal_mode():
    storage.disable_usb_drive()
    usb_cdc.enable(console=False, data=True)
    usb_hid.enable((usb_hid.Device.KEYBOARD,))
    log("normal mode: keyboard and data port; drive and REPL off")


def maintenance_mode(scarce_endpoints):
    storage.enable_usb_drive()  # already CircuitPython's default; said here for clarity
    usb_cdc.enable(console=True, data=not scarce_endpoints)
    usb_hid.enable((usb_hid.Device.KEYBOARD,))
    if scarce_endpoints:
        log("maintenance mode: drive, REPL and keyboard; no data port on this chip")
    else:
        log("maintenance mode: drive, REPL, keyboard and data port")


def main():
    disable_midi()
    if maintenance_requested():
        log("maintenance mode asked for by the unlocked token, for this boot only")
    elif not button_a_held():
        normal_mode()
        return
    elif pin_protected():
        log("button A held, but a PIN is set: normal mode (`totp-token maintenance` on the "
            "unlocked token asks for maintenance mode)")
        normal_mode()
        return
    try:
        scarce = few_usb_endpoints()
    except Exception as error:  # unknown: the smaller set fits every port
        log("cannot tell the chip (%r)" % (error,))
        scarce = True
    maintenance_mode(scarce)


main()
