"""The one-shot maintenance request: a mark in ``alarm.sleep_memory`` that boot.py takes.

With a PIN set, holding A at plug-in boots normal mode; maintenance mode (drive and
REPL on) is asked for from the unlocked token instead (``totp-token maintenance``):
the app writes ``MARK`` into sleep memory and resets the board, and boot.py's
``take()`` reads the mark and overwrites it at once, so only that boot is
maintenance mode. Sleep memory survives a reset but not a power cut, so a mark can
never outlive the plug. ``memory`` is ``alarm.sleep_memory`` (or any bytearray).
"""

from totp.clock import ticks_diff

RESTART_DELAY_MS = 500  # the answer to `maintenance` leaves the data port before the reset
LINES = ("Maintenance mode", "restarting with the", "drive and the REPL", "on, once")
MARK = b"totp:maintenance"  # long enough that RAM left over from anything else never matches
OFFSET = 0


def request(memory):
    """Mark the next boot as maintenance mode."""
    memory[OFFSET:OFFSET + len(MARK)] = MARK


def start(app):
    """The app's side of `maintenance`: mark the next boot; from the next step the app
    says so on its screen, ignores presses, and resets once the answer has left."""
    request(app.devices.sleep_memory)
    started = app._ticks_ms()

    def restarting_step():
        screen = app.screen
        if screen is not None:
            screen.message(LINES)
        if ticks_diff(app._ticks_ms(), started) >= RESTART_DELAY_MS:
            app.devices.reset()  # the mark makes the next boot maintenance mode

    app._step = restarting_step


def take(memory):
    """True when the mark is there; it is cleared either way (only one boot gets it)."""
    if memory is None or len(memory) < OFFSET + len(MARK):
        return False
    found = memory[OFFSET:OFFSET + len(MARK)] == MARK
    memory[OFFSET:OFFSET + len(MARK)] = bytes(len(MARK))
    return found
