"""Where the firmware (code.py, boot.py, totp/, the settings example, lib/) is found.

An installed wheel carries a copy as package data in ``totp_token/firmware/``
(setup.py puts it there at build time); an editable install or a plain checkout
runs the checkout's own files. `deploy`, `sim` and `demo` all ask here.
"""

from pathlib import Path

from .errors import DeployError

PACKAGED_FOLDER = "firmware"
# what the wheel carries, relative to the firmware root; folders end in "/"
FIRMWARE_CONTENTS = ("boot.py", "code.py", "totp/", "settings.toml.example",
                     "lib/requirements.txt")
MARKER = "code.py"
_TOOL_PACKAGE = Path(__file__).resolve().parent


def _is_firmware(folder: Path) -> bool:
    return (folder / MARKER).is_file() and (folder / "totp").is_dir()


def packaged_root() -> Path:
    """Where an installed wheel keeps its firmware copy."""
    return _TOOL_PACKAGE / PACKAGED_FOLDER


def checkout_root() -> Path:
    """The checkout this package sits in (tools/totp_token -> the repository root)."""
    return _TOOL_PACKAGE.parent.parent


def firmware_root() -> Path:
    """The folder holding code.py, boot.py and totp/: the wheel's copy, else the checkout."""
    for folder in (packaged_root(), checkout_root()):
        if _is_firmware(folder):
            return folder
    raise DeployError(
        "the firmware files (code.py, boot.py, totp/) are missing from this installation "
        "(looked in %s and %s): reinstall totp-token (pip install totp-token, or "
        "pip install -e . in a checkout)" % (packaged_root(), checkout_root()))
