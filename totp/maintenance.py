"""The one-shot maintenance request: a mark in ``alarm.sleep_memory`` that boot.py takes.

With a PIN set, holding A at plug-in boots normal mode; maintenance mode (drive and
REPL on) is asked for from the unlocked token instead (``totp-token maintenance``):
the app writes ``MARK`` into sleep memory and resets the board, and boot.py's
``take()`` reads the mark and overwrites it at once, so only that boot is
maintenance mode. Sleep memory survives a reset but not a power cut, so a mark can
never outlive the plug. ``memory`` is ``alarm.sleep_memory`` (or any bytearray).
"""

MARK = b"totp:maintenance"  # long enough that RAM left over from anything else never matches
OFFSET = 0


def request(memory):
    """Mark the next boot as maintenance mode."""
    memory[OFFSET:OFFSET + len(MARK)] = MARK


def take(memory):
    """True when the mark is there; it is cleared either way (only one boot gets it)."""
    if memory is None or len(memory) < OFFSET + len(MARK):
        return False
    found = memory[OFFSET:OFFSET + len(MARK)] == MARK
    memory[OFFSET:OFFSET + len(MARK)] = bytes(len(MARK))
    return found
