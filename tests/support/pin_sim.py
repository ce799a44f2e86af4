"""Entering the PIN on the simulated token's buttons, as its owner would.

The wheel (totp.pin_entry) stands at 0 whenever the entry starts afresh (power-on, a
lock, after a check), so the presses are counted from there: turn on to each digit,
pick it, turn on to OK, pick. 3 and 2 buttons turn with C or A and pick with B; one
button turns with a short press and picks with a long one.
"""

from totp import pin_entry as pe

SETTLE_S = 0.05  # between presses, so the firmware sees each release
CHECK_S = 5.0  # simulated seconds allowed for the PIN check (the KDF in slices)


def enter_pin(sim, pin, buttons=3, check_seconds=CHECK_S):
    turn = {3: "C", 2: "A", 1: "A"}[buttons]
    if not screen(sim).strip():
        sim.press("A")  # the screen slept: the first press only wakes it
        sim.wait(SETTLE_S)
    position = 0
    for char in pin + "K":
        target = pe.CHOICE_OK if char == "K" else int(char)
        for _ in range((target - position) % pe.WHEEL_SIZE):
            sim.press(turn)
            sim.wait(SETTLE_S)
        position = target
        if buttons == 1:
            sim.long("A")
        else:
            sim.press("B")
        sim.wait(SETTLE_S)
    sim.wait(check_seconds)


def screen(sim):
    from totp_token.sim.frontends.screen_text import read_screen

    return "\n".join(read_screen(sim.screen_rows()))
