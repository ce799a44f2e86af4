"""Files an importer must refuse (or just manage to read), written into a test's own folder.

The same kinds of trouble users bring: an empty file, a QR code of a web
address, text saved under an image name, prose, a truncated export, and a
scanner's `QR-Code:` prefix in front of a good URI.
"""

from pathlib import Path

from support.migration import export_uri, otp
from support.qr import qr_image

PREFIXED_ISSUER, PREFIXED_NAME = "raspberrypi", "pi@raspberrypi"
PREFIXED_LINE = "QR-Code:" + export_uri(
    otp(name="%s:%s" % (PREFIXED_ISSUER, PREFIXED_NAME), issuer=PREFIXED_ISSUER, type=2))

# name -> (what the file holds, the text its failure must contain)
REFUSED = {
    "empty_file.txt": (b"", "the file is empty"),
    "qr_without_otp.png": (None, "the QR code holds no OTP URI"),
    "text_masquerading_as_image.jpeg": (b"This is just a text file masquerading as an image.\n",
                                        "not an image: it holds text"),
    "wrong_content.txt": (b"Some words that are no URI at all, on a single line.\n",
                          "line 1: not an otpauth:// or otpauth-migration:// URI"),
    "wrong_data.txt": (b"otpauth-migration://offline?data=XXXX\n",
                       "line 1: invalid migration data"),
}


def write_refused(folder: Path, name: str) -> Path:
    content, _ = REFUSED[name]
    path = folder / name
    if content is None:
        qr_image("https://example.com/not-an-otp-code").save(path)
    else:
        path.write_bytes(content)
    return path


def write_prefixed(folder: Path, name: str = "wrong_prefix.txt") -> Path:
    path = folder / name
    path.write_text(PREFIXED_LINE + "\n")
    return path


def write_all(folder: Path) -> list[Path]:
    """Every refused file plus the prefixed one, as a folder of mixed sources."""
    return [write_refused(folder, name) for name in REFUSED] + [write_prefixed(folder)]
