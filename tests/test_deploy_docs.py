"""docs/build.md stays true: its pin tables match the firmware's board defaults, and every
screen picture it shows exists and is one docs/render_screens.py draws."""

import re
import runpy
from pathlib import Path

import pytest

from totp.hardware import board_defaults

REPO = Path(__file__).resolve().parent.parent
BUILD = (REPO / "docs" / "build.md").read_text(encoding="utf-8")


def pin_table(heading):
    """{signal: pin} from the table headed `| signal | ...` in the section under heading."""
    section = BUILD[BUILD.index(heading):].split("\n#", 1)[0]
    rows = {}
    in_pin_table = False
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_pin_table = False
        elif cells[0] == "signal":
            in_pin_table = True
        elif in_pin_table and not cells[0].startswith("---"):
            rows[cells[0]] = cells[1]
    return rows


@pytest.mark.parametrize(("heading", "board_id", "signal", "attribute"), [
    ("### Reference build", "adafruit_feather_rp2040", "button A", "pin_a"),
    ("### Reference build", "adafruit_feather_rp2040", "button B", "pin_b"),
    ("### Reference build", "adafruit_feather_rp2040", "button C", "pin_c"),
    ("### Budget build", "raspberry_pi_pico", "button A", "pin_a"),
    ("### Budget build", "raspberry_pi_pico", "button B", "pin_b"),
    ("### Budget build", "raspberry_pi_pico", "button C", "pin_c"),
    ("### Budget build", "raspberry_pi_pico", "I2C SDA", "i2c_sda"),
    ("### Budget build", "raspberry_pi_pico", "I2C SCL", "i2c_scl"),
])
def test_pin_tables_match_the_firmware_defaults(heading, board_id, signal, attribute):
    assert pin_table(heading)[signal] == board_defaults(board_id)[attribute]


def test_every_screen_picture_exists_and_is_rendered_by_the_script():
    shown = re.findall(r"\]\((images/[\w-]+\.png)\)", BUILD)
    scenes = runpy.run_path(str(REPO / "docs" / "render_screens.py"), run_name="docs")["SCENES"]
    assert sorted(shown) == sorted("images/%s.png" % scene[0] for scene in scenes)
    for image in shown:
        assert (REPO / "docs" / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image


def test_readme_build_section_points_to_the_guide():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Build one"):].split("\n## ")[0]
    assert "(docs/build.md)" in section
