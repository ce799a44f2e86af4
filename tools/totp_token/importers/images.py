"""Finds and decodes every QR code in an image (a file, a screenshot, a photo) with zxing-cpp.

A quick pass first (dark on light, full resolution: a screenshot), then,
only while nothing is found: a thorough pass (light-on-dark codes, downscaled
copies for big blurry ones), and passes on copies prepared the way photos of
screens need: contrast-stretched (glare, a dim phone), then smoothed and
stretched (sensor grain on a washed-out shot); each read with zxing's local
threshold and then a fixed mid-grey one (a grey code on a grey panel inside a
bright screenshot, which the local one misreads). Texts come back in reading
order: rows top to bottom, each row left to right.
"""

import io
import warnings

import zxingcpp
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from ..errors import InputError, printable

# names people give image files; content is sniffed too (see looks_like_image)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff")
_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
STRETCH_CUTOFF_PERCENT = 2  # ignore this much of the darkest and lightest pixels
SMOOTHING_RADIUS = 1  # pixels: evens out sensor grain smaller than a QR module
# a 200-megapixel phone photo is 16320 x 12240; zxing itself refuses sides over 65535
MAX_SIDE_PIXELS = 20000
MAX_PIXELS = 210_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own bomb check, kept in line with ours


def looks_like_image(data: bytes, name: str) -> bool:
    if name.lower().endswith(IMAGE_SUFFIXES):
        return True
    return data.startswith(_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def open_image(data: bytes, name: str) -> Image.Image:
    """Pillow image from file bytes, or ``InputError`` saying why it is not one.

    The size the header declares is checked before any pixel is decoded, so a small
    file claiming a huge image (a decompression bomb) is refused without the memory.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            _check_size(image.size, name)
            image.load()
        return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError("%s: the image is too large to read safely (over %d megapixels): "
                         "crop it to the QR code" % (name, MAX_PIXELS // 1_000_000)) from None
    except MemoryError:
        raise InputError("%s: not enough memory to decode the image: crop it to the QR code"
                         % name) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        holds = "text, not image data" if _is_text(data) else "no image format Pillow knows"
        raise InputError("%s: not an image: it holds %s. Save the QR code again as a PNG "
                         "or JPEG" % (name, holds)) from None


def _check_size(size, name):
    width, height = size
    if width > MAX_SIDE_PIXELS or height > MAX_SIDE_PIXELS or width * height > MAX_PIXELS:
        raise InputError("%s: the image claims %d x %d pixels, more than any screenshot or "
                         "photo (at most %d pixels a side): crop it to the QR code"
                         % (name, width, height, MAX_SIDE_PIXELS))
    if width < 1 or height < 1:
        raise InputError("%s: the image has no pixels: save the QR code again as a PNG"
                         % name)


def qr_texts(image: Image.Image, name: str = "the image") -> list[str]:
    """The text of every QR code in a Pillow image, in reading order."""
    try:
        return _qr_texts(image)
    except (ValueError, RuntimeError, OSError, MemoryError) as exc:
        # zxing refuses some shapes (say a side over 65535); a truncated frame fails here too
        raise InputError("%s could not be scanned (%s): crop it to the QR code and save it "
                         "as a PNG" % (name, printable(str(exc)[:80]))) from None


def _qr_texts(image):
    grey = _grey(image)
    # the common case first and cheapest: dark on light, modules at full resolution
    found = _decode(grey, zxingcpp.Binarizer.LocalAverage, thorough=False)
    if not found:
        found = _decode(grey, zxingcpp.Binarizer.LocalAverage)
    for prepare in (_stretched, _smoothed_and_stretched):
        if found:
            break
        prepared = prepare(grey)
        found = (_decode(prepared, zxingcpp.Binarizer.LocalAverage)
                 or _decode(prepared, zxingcpp.Binarizer.FixedThreshold))
    texts = []
    for text in _reading_order(found):
        if text not in texts:
            texts.append(text)
    return texts


def _grey(image):
    """Luminance, with transparent pixels shown on white (QR codes saved with no background)."""
    if image.mode == "L":
        return image
    if "A" in image.getbands() or "transparency" in image.info:
        white = Image.new("RGBA", image.size, "white")
        image = Image.alpha_composite(white, image.convert("RGBA"))
    return image.convert("L")


def _stretched(grey):
    return ImageOps.autocontrast(grey, cutoff=STRETCH_CUTOFF_PERCENT)


def _smoothed_and_stretched(grey):
    return _stretched(grey.filter(ImageFilter.GaussianBlur(SMOOTHING_RADIUS)))


def _decode(grey, binarizer, thorough=True):
    """QR codes zxing finds; ``thorough`` adds light-on-dark codes and downscaled copies."""
    # try_rotate re-scans the image turned by 90/180/270 degrees, which only linear
    # barcodes need: QR finder patterns are found at any angle (tests cover 0-360)
    return zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode,
                                  binarizer=binarizer, try_rotate=False,
                                  try_invert=thorough, try_downscale=thorough)


def _reading_order(barcodes):
    """Texts ordered in rows (codes whose boxes overlap vertically), each row left to right."""
    boxes = []
    for barcode in barcodes:
        corners = (barcode.position.top_left, barcode.position.top_right,
                   barcode.position.bottom_left, barcode.position.bottom_right)
        xs = [corner.x for corner in corners]
        ys = [corner.y for corner in corners]
        boxes.append((min(ys), max(ys), min(xs), barcode.text))
    boxes.sort()
    rows = []
    for top, bottom, left, text in boxes:
        if rows and top < rows[-1][0]:
            rows[-1][0] = max(rows[-1][0], bottom)
            rows[-1][1].append((left, text))
        else:
            rows.append([bottom, [(left, text)]])
    return [text for _, row in rows for _, text in sorted(row)]


def _is_text(data, sample=4096):
    try:
        data[:sample].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= sample - 3  # only a character cut by the sample's end
    return True
