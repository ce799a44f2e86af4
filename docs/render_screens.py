"""Render the token's screens for docs/build.md (``SCENES``) and docs/using-the-token.md
(``GUIDE_SCENES``) into docs/images/, from the real firmware.

Each scene powers on a simulated board, brings it to one state with the same calls a
test would use, and saves the OLED as a PNG. Run it after changing what the screens
show:  .venv/bin/python docs/render_screens.py [NAME ...]
"""

import sys
from pathlib import Path

from totp_token.sim import Simulator
from totp_token.sim.frontends.render import save_png

IMAGES = Path(__file__).resolve().parent / "images"
NOW = 1764331210  # 2025-11-28 12:00:10 UTC: 20 s left in the 30 s step
EXAMPLE = "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"
GITHUB = "otpauth://totp/GitHub:octo?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub"
STEAM = ("otpauth://totp/Steam:gaben?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Steam"
         "&encoder=steam")
BANK = ("otpauth://hotp/Bank:jpqy?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank"
        "&counter=7")
LONG_LABEL = "Yoyodyne Propulsion:giraffe.puppy@example.org"  # too long for any line
LONG = ("otpauth://totp/%s?secret=JBSWY3DPEHPK3PXP&issuer=Yoyodyne%%20Propulsion"
        % LONG_LABEL.replace(" ", "%20"))


def clock_not_set(sim):
    """A new token (or a flat coin cell): no codes until the host sets the clock."""


def code(sim):
    sim.set_time(NOW)
    sim.press("B")


def code_near_the_change(sim):
    sim.set_time(NOW + 17)  # 3 s left: the next code is shown too
    sim.press("B")


def no_accounts(sim):
    sim.set_time(NOW)
    sim.press("B")


def shown_quietly(sim):
    """The account on screen, no button pressed (an HOTP account shows no code yet)."""
    sim.set_time(NOW)


def long_label_scrolled(sim):
    sim.set_time(NOW)
    sim.wait(2.2)  # past the rest at the start: the labels have moved on


def usb_not_connected(sim):
    sim.set_time(NOW)
    sim.set_usb_connected(False)
    sim.press("B")
    sim.wait(6)  # TOTP_USB_TIMEOUT_S (5 s) without a computer


def i2c_fault(sim):
    sim.set_time(NOW)
    sim.machine.i2c_targets.pop(0x68)  # the clock drops off the bus
    sim.wait(1)


def storage_damaged(sim):
    sim.set_time(NOW)
    nvm = sim.machine.nvm
    for index in range(len(nvm)):  # flip a bit inside the first record, then power-cycle
        if nvm[index] != 0xFF:
            nvm[index + 8] ^= 0x01
            break
    sim.reboot()
    sim.press("B")


# file name, what it shows (for the caption), board, accounts, how to get there
SCENES = (
    ("clock-not-set", "the clock is not set", "feather_rp2040", [EXAMPLE], clock_not_set),
    ("code", "a code and the seconds it stays valid", "feather_rp2040",
     [EXAMPLE, GITHUB], code),
    ("code-next", "the last seconds of a code, with the next one", "feather_rp2040",
     [EXAMPLE, GITHUB], code_near_the_change),
    ("code-128x64", "a code on a 128x64 panel (Pico build)", "pico", [EXAMPLE, GITHUB], code),
    ("no-accounts", "no accounts loaded yet", "feather_rp2040", [], no_accounts),
    ("storage-damaged", "damaged storage detected", "feather_rp2040", [EXAMPLE],
     storage_damaged),
)


# the same, for the pictures in docs/using-the-token.md
GUIDE_SCENES = (
    ("steam", "a Steam account", "feather_rp2040", [STEAM], code),
    ("steam-128x64", "a Steam account on a 128x64 panel", "pico", [STEAM], code),
    ("hotp", "a counter account before a press", "feather_rp2040", [BANK], shown_quietly),
    ("hotp-pressed", "a counter account after a press", "feather_rp2040", [BANK], code),
    ("hotp-128x64", "a counter account after a press, 128x64", "pico", [BANK], code),
    ("code-next-128x64", "the next code on a 128x64 panel", "pico", [EXAMPLE, GITHUB],
     code_near_the_change),
    ("long-label", "a long label, scrolled", "feather_rp2040", [LONG], long_label_scrolled),
    ("long-label-128x64", "a long label, scrolled, 128x64", "pico", [LONG],
     long_label_scrolled),
    ("usb-not-connected", "a code could not be typed", "feather_rp2040", [EXAMPLE],
     usb_not_connected),
    ("error", "an error in the firmware", "feather_rp2040", [EXAMPLE], i2c_fault),
    ("error-128x64", "an error in the firmware, 128x64", "pico", [EXAMPLE], i2c_fault),
)


def render(name, board, accounts, scene):
    sim = Simulator(board=board, accounts=accounts)
    sim.start()
    try:
        scene(sim)
        rows = sim.screen_rows()
        problems = sim.take_errors()
    finally:
        sim.stop()
    if problems:
        raise SystemExit("%s: the simulated token reported %s" % (name, problems))
    path = IMAGES / (name + ".png")
    save_png(rows, str(path))
    return path


def main(names=()):
    IMAGES.mkdir(exist_ok=True)
    for name, caption, board, accounts, scene in SCENES + GUIDE_SCENES:
        if names and name not in names:
            continue
        path = render(name, board, accounts, scene)
        print("%s  (%s)" % (path.relative_to(IMAGES.parent.parent), caption))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
