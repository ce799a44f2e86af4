"""QR images: generated QR codes (segno) made hard in the ways photos and screenshots are.

The external corpus's real photos run in test_corpus_images.py.
"""

import io

import pytest
import segno
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter, ImageOps
from support import qr
from support.migration import TYPE_TOTP, export_uri, otp
from totp_token.importers import read_sources
from totp_token.importers.images import qr_texts

URI = "otpauth://totp/ACME:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ACME"
SCREEN_SIZE = (1920, 1080)


def qr_image(text=URI, scale=4, border=4):
    return qr.qr_image(text, scale, border)


def transparent_qr():
    """Dark modules on a transparent background, as some sites offer to download."""
    buffer = io.BytesIO()
    segno.make(URI, error="m").save(buffer, kind="png", scale=4, light=None)
    buffer.seek(0)
    return Image.open(buffer)


def phone_photo(noise=12, blur=1.0, low=120, high=230, tilt=25):
    return qr.phone_photo(URI, noise, blur, low, high, tilt)


def washed_out(image, low=240, high=250):
    """Glare on a photographed screen: the dark modules come out nearly white."""
    return image.convert("L").point(lambda value: low + (high - low) * value // 255)


def screenshot(*placed):
    """A 1920x1080 desktop with window chrome and text, and images pasted at given spots."""
    screen = Image.new("RGB", SCREEN_SIZE, (236, 239, 244))
    draw = ImageDraw.Draw(screen)
    draw.rectangle((0, 0, 1920, 40), fill=(40, 44, 52))
    draw.rectangle((200, 120, 1700, 1000), fill=(255, 255, 255), outline=(180, 180, 180))
    for row in range(20):
        draw.text((240, 160 + row * 40), "Scan this code with your authenticator app " * 2,
                  fill=(60, 60, 60))
    for image, spot in placed:
        screen.paste(image, spot)
    return screen


def jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer)


def test_camera_photo_of_an_export_gives_its_three_accounts(tmp_path):
    secrets = [bytes([number]) * 10 for number in (1, 2, 3)]
    export = export_uri(*(otp(secret, "Test%d:test%d@example%d.com" % (n, n, n), "Test%d" % n,
                              type=TYPE_TOTP) for n, secret in enumerate(secrets, 1)))
    path = tmp_path / "photo.png"
    qr.phone_photo(export, scale=4).save(path)
    result = read_sources([str(path)])
    assert [(a.issuer, a.name, a.secret) for a in result.accounts] == [
        ("Test%d" % n, "test%d@example%d.com" % (n, n), secret)
        for n, secret in enumerate(secrets, 1)]
    assert result.failures == [] and result.warnings == []


VARIANTS = {
    "tiny, 2 px modules": lambda: qr_image(scale=2),
    "large, 12 px modules": lambda: qr_image(scale=12),
    "rotated 10 degrees": lambda: qr_image().rotate(10, expand=True, fillcolor="white"),
    "rotated 45 degrees": lambda: qr_image().rotate(45, expand=True, fillcolor="white"),
    "rotated 90 degrees": lambda: qr_image().rotate(90, expand=True),
    "upside down": lambda: qr_image().rotate(180),
    "slightly blurred": lambda: qr_image(scale=6).filter(ImageFilter.GaussianBlur(1)),
    "blurred": lambda: qr_image(scale=6).filter(ImageFilter.GaussianBlur(2)),
    "inverted (dark mode)": lambda: ImageOps.invert(qr_image()),
    "low contrast grey on grey": lambda: washed_out(qr_image(), 110, 160),
    "washed out photo": lambda: washed_out(qr_image()),
    "JPEG quality 30": lambda: jpeg(qr_image(scale=5), 30),
    "palette PNG": lambda: qr_image().convert("P"),
    "with alpha": lambda: qr_image().convert("RGBA"),
    "transparent background": transparent_qr,
    "phone photo": phone_photo,
    "phone photo, grainy": lambda: phone_photo(noise=25),
    "phone photo, glare": lambda: phone_photo(low=200, high=240),
    # at the decoder's limit: about 3 grain patterns in 5 read at this level (seed 2 does)
    "phone photo, glare and grain": lambda: phone_photo(noise=20, low=190, high=240, blur=1.5),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_generated_qr_variant_decodes(variant):
    assert qr_texts(VARIANTS[variant]()) == [URI]


@pytest.mark.parametrize("variant", sorted(v for v in VARIANTS if not v.startswith("phone")))
def test_generated_qr_variant_inside_a_screenshot(variant):
    image = VARIANTS[variant]()
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    assert qr_texts(screenshot((image, (1250, 480)))) == [URI]


@pytest.mark.parametrize("angle", range(0, 360, 15))
def test_any_rotation_in_a_screenshot(angle):
    code = qr_image(scale=5).rotate(angle, expand=True, fillcolor="white")
    assert qr_texts(screenshot((code, (900, 300)))) == [URI]


def test_washed_out_photo_needs_the_contrast_stretch_retry():
    image = washed_out(qr_image())
    assert zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode) == []
    assert qr_texts(image) == [URI]


def test_several_codes_in_one_screenshot_in_reading_order():
    uris = ["otpauth://totp/Site%d:me?secret=JBSWY3DPEHPK3PX%s" % (n, "PQRS"[n]) for n in range(4)]
    spots = [(300, 150), (1400, 160), (320, 650), (1350, 640)]
    placed = [(qr_image(uri, scale=5), spot) for uri, spot in zip(uris, spots, strict=True)]
    assert qr_texts(screenshot(*placed)) == uris


def test_image_file_with_otp_and_other_codes_imports_the_otp_ones(tmp_path):
    placed = [(qr_image("https://example.com/help"), (300, 300)),
              (qr_image(URI), (1200, 300)),
              (qr_image("otpauth://totp/Other:bob?secret=JBSWY3DPEHPK3PXQ"), (700, 600))]
    path = tmp_path / "screen.png"
    screenshot(*placed).save(path)
    result = read_sources([str(path)])
    assert [account.label() for account in result.accounts] == [
        "ACME:alice@example.com", "Other:bob"]
    assert result.failures == []
    assert len(result.warnings) == 1 and "1 QR code(s) holds no OTP URI" in result.warnings[0]


@pytest.mark.parametrize("suffix, save_format", [
    (".png", "PNG"), (".jpg", "JPEG"), (".gif", "GIF"), (".bmp", "BMP"), (".webp", "WEBP"),
    (".tiff", "TIFF"), ("", "PNG"), (".txt", "PNG"),
])
def test_image_files_are_read_whatever_their_format_or_name(tmp_path, suffix, save_format):
    path = tmp_path / ("qr" + suffix)
    qr_image(scale=5).save(path, save_format)
    result = read_sources([str(path)])
    assert [account.label() for account in result.accounts] == ["ACME:alice@example.com"]


@pytest.mark.parametrize("content, pattern", [
    (lambda: Image.new("RGB", (400, 300), "white"), "no QR code found in the image"),
    (lambda: qr_image("hello, world"), "the QR code holds no OTP URI"),
    (lambda: screenshot((qr_image("a"), (100, 100)), (qr_image("b"), (900, 500))),
     "none of its 2 QR codes holds an OTP URI"),
    (lambda: qr_image("otpauth://totp/x?secret=JBSWY3DP1"), r"the secret is not valid base32"),
])
def test_images_without_usable_codes_fail_with_a_reason(tmp_path, content, pattern):
    path = tmp_path / "image.png"
    content().save(path)
    result = read_sources([str(path)])
    assert result.accounts == []
    assert [source for source, _ in result.failures] == [str(path)]
    message = result.failures[0][1]
    assert message.startswith(str(path)) and pattern in message, message
