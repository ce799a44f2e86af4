"""Captures every screen with mss, as Pillow images, for ``totp-token scan``.

Without a display (SSH, CI), or on Wayland where programs may not read the
screen, capture is impossible: ``capture_screens`` raises ``InputError`` saying
what to do instead (save the QR code as an image and import the file).
"""

import os
import sys
from collections.abc import Mapping

from PIL import Image

from ..errors import InputError

SAVE_INSTEAD = ("Save the QR code as an image file instead (your desktop's screenshot "
                "tool, or the browser's 'save image') and run `totp-token parse IMAGE` or "
                "`totp-token add IMAGE`.")


def display_problem(environ: Mapping[str, str] | None = None,
                    platform: str | None = None) -> str | None:
    """Why the screen cannot be captured here, or None when it probably can."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux") and "bsd" not in platform:
        return None
    if environ.get("DISPLAY"):
        return None
    if environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland":
        return ("cannot capture the screen: this is a Wayland session without X access "
                "(DISPLAY is not set), and Wayland does not let programs read the screen. "
                + SAVE_INSTEAD)
    return ("cannot capture the screen: there is no display (DISPLAY is not set; over SSH "
            "or in a container there is no screen to read). " + SAVE_INSTEAD)


def capture_screens() -> list[tuple[str, Image.Image]]:
    """``[(name, image), ...]`` for every monitor, or ``InputError`` when there is no screen."""
    problem = display_problem()
    if problem:
        raise InputError(problem)
    import mss  # imported here: only scanning needs it

    screens = []
    try:
        with mss.MSS() as capture:
            for number, monitor in enumerate(capture.monitors[1:], 1):
                shot = capture.grab(monitor)
                image = Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")
                screens.append(("screen %d" % number, image))
    except mss.ScreenShotError as exc:
        raise InputError("cannot capture the screen (%s). %s" % (exc, SAVE_INSTEAD)) from None
    if not screens:
        raise InputError("cannot capture the screen: no monitor found. " + SAVE_INSTEAD)
    return screens
