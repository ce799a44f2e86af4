"""QR images made at test time with segno, plain or spoiled the way camera photos are."""

import io
import random

import segno
from PIL import Image, ImageChops, ImageFilter


def qr_image(text: str, scale: int = 4, border: int = 4) -> Image.Image:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=border)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def phone_photo(text: str, noise: int = 12, blur: float = 1.0, low: int = 120, high: int = 230,
                tilt: int = 25, scale: int = 6) -> Image.Image:
    """A photo of a screen: keystoned, out of focus, washed out, with sensor grain."""
    code = qr_image(text, scale=scale).convert("L")
    canvas = Image.new("L", (code.width + 200, code.height + 200), 40)
    canvas.paste(code, (100, 100))
    width, height = canvas.size
    corners = (tilt, 0, 0, height, width, height - tilt // 2, width - tilt, tilt // 3)
    photo = canvas.transform(canvas.size, Image.QUAD, corners, Image.BILINEAR)
    photo = photo.filter(ImageFilter.GaussianBlur(blur))
    photo = photo.point(lambda value: low + (high - low) * value // 255)
    return ImageChops.add(photo, sensor_grain(canvas.size, noise), 1, -128)


def sensor_grain(size: tuple[int, int], sigma: int, seed: int = 2) -> Image.Image:
    """Gaussian grain around 128, the same for every run (Pillow's effect_noise is not
    seeded, so a test built on it would pass or fail by chance)."""
    rng = random.Random(seed)
    pixels = bytes(min(255, max(0, int(rng.gauss(128, sigma))))
                   for _ in range(size[0] * size[1]))
    return Image.frombytes("L", size, pixels)
