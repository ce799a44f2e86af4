"""Build hook: the wheel carries the firmware as package data in totp_token/firmware/.

The firmware files live at the repository root, where CircuitPython wants them
on the board. They are copied into the built package, never installed as
top-level modules (a top-level `code` would shadow the standard library's).
An editable install runs the checkout's own files and copies nothing.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
FIRMWARE_FILES = ("boot.py", "code.py", "settings.toml.example", "lib/requirements.txt")
FIRMWARE_PACKAGE = "totp"
TARGET = Path("totp_token") / "firmware"


class BuildWithFirmware(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / TARGET
        if target.exists():
            shutil.rmtree(target)
        for name in FIRMWARE_FILES:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, target / name)
        shutil.copytree(ROOT / FIRMWARE_PACKAGE, target / FIRMWARE_PACKAGE,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithFirmware})
