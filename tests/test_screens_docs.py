"""The screen pictures in the docs stay true: every picture docs/using-the-token.md shows
is one docs/render_screens.py draws, nothing in docs/images is left over, and every
picture reads back (with today's glyphs) as what the firmware draws today."""

import re
import runpy
from pathlib import Path

import pytest
from PIL import Image
from totp_token.sim.frontends.render import PNG_BORDER, PNG_LIT, PNG_SCALE
from totp_token.sim.frontends.screen_text import read_screen

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
GUIDE = (DOCS / "using-the-token.md").read_text(encoding="utf-8")
SCRIPT = runpy.run_path(str(DOCS / "render_screens.py"), run_name="docs")
ALL_SCENES = SCRIPT["SCENES"] + SCRIPT["GUIDE_SCENES"]
# The simulator's clock runs at real speed between actions, so a re-render may be a
# second or a scroll step later than the picture: those parts are compared loosely.
SECONDS_LEFT = re.compile(r"\b\d+s\b")


def test_the_guide_shows_every_guide_scene_and_only_rendered_pictures():
    shown = set(re.findall(r"\]\(images/([\w-]+)\.png\)", GUIDE))
    rendered = {scene[0] for scene in ALL_SCENES}
    assert shown <= rendered
    assert {scene[0] for scene in SCRIPT["GUIDE_SCENES"]} <= shown


def test_no_picture_is_left_over_from_an_old_scene():
    on_disk = {path.stem for path in (DOCS / "images").glob("*.png")}
    assert on_disk == {scene[0] for scene in ALL_SCENES}


def pixel_rows(path):
    """'#'/'.' rows read back from a PNG that render.save_png wrote."""
    image = Image.open(path).convert("RGB")
    width = (image.width - 2 * PNG_BORDER) // PNG_SCALE
    height = (image.height - 2 * PNG_BORDER) // PNG_SCALE
    return ["".join("#" if image.getpixel((PNG_BORDER + x * PNG_SCALE,
                                           PNG_BORDER + y * PNG_SCALE)) == PNG_LIT else "."
                    for x in range(width)) for y in range(height)]


def comparable(lines):
    return [SECONDS_LEFT.sub("Ns", line) for line in lines]


def label_window(line):
    """The scrolling part of a label line (without the ``1/1`` position)."""
    return line.rsplit(" ", 1)[0].strip() if line.endswith("/1") else line


@pytest.mark.parametrize("name, board, accounts, scene",
                         [(s[0], s[2], s[3], s[4]) for s in ALL_SCENES],
                         ids=[s[0] for s in ALL_SCENES])
def test_every_picture_reads_as_what_the_firmware_draws_now(tmp_path, monkeypatch, name, board,
                                                           accounts, scene):
    render = SCRIPT["render"]
    monkeypatch.setitem(render.__globals__, "IMAGES", tmp_path)
    fresh = comparable(read_screen(pixel_rows(render(name, board, accounts, scene))))
    pictured = comparable(read_screen(pixel_rows(DOCS / "images" / (name + ".png"))))
    stale = "docs/images/%s.png is out of date: run .venv/bin/python docs/render_screens.py" % name
    assert fresh, name
    if name.startswith("long-label"):  # the windows of the scrolling labels may differ
        labels = 2 if board == "pico" else 1  # 128x64: issuer and name have a line each
        assert all(label_window(line) in SCRIPT["LONG_LABEL"] for line in pictured[:labels]), stale
        fresh, pictured = fresh[labels:], pictured[labels:]
    assert pictured == fresh, stale
