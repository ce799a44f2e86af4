"""Sends each SOURCE to the right reader: URI, ``-`` (standard input), directory or file.

A file is sniffed, not trusted by its name alone: image (by suffix or magic
bytes), JSON export (text starting with ``{`` or ``[``), Bitwarden CSV (by its
header), an encrypted andOTP backup (by its header), or a text file of URIs.
Only regular files are opened and every read is size-limited (``safe_input``).
Every failure is recorded against its source and the rest carry on.
"""

import codecs
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any

from PIL import Image

from ..errors import InputError, printable
from ..safe_input import load_json, read_limited, read_regular_file
from . import bitwarden, encrypted, images
from .exports import read_export
from .result import ImportResult
from .texts import NOT_A_URI, is_otp_text, read_otp_text, read_text

STDIN_NAME = "standard input"
# a SOURCE that is neither a file nor a URI but may hold a secret is never echoed
_BARE_SECRET = re.compile(r"[A-Za-z2-7 =-]{16,}\Z")
_SECRET_HINTS = ("secret", "otpauth", "://")
# the largest real exports (an Aegis vault full of icons) are a few MB, phone photos ~20 MB
MAX_FILE_BYTES = 64 * 1024 * 1024
ENCRYPTED_SUFFIXES = (".aes", ".gpg", ".pgp", ".age")
FILE_FIX = "give the file that holds the URIs, the export or the QR image"
STDIN_FIX = "pipe URIs, an export or a QR image into `-`, or give the file itself"


def read_sources(sources: Sequence[str], stdin: IO[Any] | None = None,
                 password: encrypted.PasswordReader | None = None) -> ImportResult:
    """Read every SOURCE -> ``ImportResult`` (see the package docstring).

    ``password(prompt) -> str`` is called for each encrypted backup found; without
    it an encrypted backup fails with a message saying how to give the password.
    """
    result = ImportResult()
    password = password or encrypted.no_password_reader
    for position, source in enumerate(sources, 1):
        # a URI holds its secret: failures name it by its position instead
        name = "argument %d" % position if _may_hold_secret(source) else printable(source)
        try:
            _read_source(source, name, stdin, result, password)
        except InputError as exc:
            result.fail(name, str(exc))
    return result.finish()


def read_images(named_images: Iterable[tuple[str, Image.Image]]) -> ImportResult:
    """The accounts in the QR codes of ``[(name, Pillow image), ...]`` (screens) -> ImportResult."""
    result = ImportResult()
    for name, image in named_images:
        try:
            _read_qr_texts(images.qr_texts(image, name), name, result, quiet_when_empty=True)
        except InputError as exc:
            result.fail(name, str(exc))
    return result.finish()


def _read_source(source, name, stdin, result, password):
    if not source.strip():
        raise InputError("an empty SOURCE: give an otpauth:// URI in quotes, a file, a "
                         "directory, or - for standard input")
    if is_otp_text(source):
        read_otp_text(source, name, name, result)
    elif source == "-":
        _read_data(_stdin_bytes(stdin), STDIN_NAME, result, password)
    elif os.path.isdir(source):
        _read_directory(source, result, password)
    elif os.path.lexists(source):
        _read_file(source, result, password)
    elif _BARE_SECRET.match(source.strip()):
        raise InputError("%s looks like a bare secret (not shown) and is no file: give the "
                         "whole URI, in quotes: 'otpauth://totp/ISSUER:NAME?secret=SECRET"
                         "&issuer=ISSUER'" % name)
    elif _may_hold_secret(source):
        raise InputError("%s is neither a file nor an otpauth:// URI (not shown, it may hold a "
                         "secret): a URI starts with otpauth:// or otpauth-migration://; put "
                         "it in quotes" % name)
    else:
        raise InputError("%s: no such file or directory (a SOURCE is an otpauth:// or "
                         "otpauth-migration:// URI in quotes, a file, a directory, or - for "
                         "standard input)" % name)


def _may_hold_secret(source):
    if is_otp_text(source) or os.path.exists(source):
        return is_otp_text(source)
    lowered = source.lower()
    return any(hint in lowered for hint in _SECRET_HINTS) or bool(_BARE_SECRET.match(
        source.strip()))


def _read_directory(directory, result, password):
    paths = []
    for root, subdirectories, names in os.walk(directory):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        paths.extend(os.path.join(root, name) for name in sorted(names)
                     if not name.startswith("."))
    if not paths:
        raise InputError("%s: the directory holds no files" % printable(directory))
    for path in paths:
        try:
            _read_file(path, result, password)
        except InputError as exc:
            result.fail(printable(path), str(exc))


def _read_file(path, result, password):
    shown = printable(path)  # a file name can hold terminal escapes too
    data = read_regular_file(path, MAX_FILE_BYTES, shown, FILE_FIX)
    _refuse_andotp_backup(data, shown)
    if path.lower().endswith(ENCRYPTED_SUFFIXES):
        raise InputError("%s: an encrypted backup: export it again unencrypted (plain JSON "
                         "or otpauth:// URIs), import that file, then delete it" % shown)
    _read_data(data, shown, result, password)


def _stdin_bytes(stdin):
    stream = sys.stdin if stdin is None else stdin
    if stream is None:  # started with standard input closed
        raise InputError("standard input is closed: pipe URIs or a QR image into `-`, or give "
                         "the file itself")
    if getattr(stream, "isatty", lambda: False)():
        print("reading URIs from the terminal: paste them, one a line, then press Ctrl-D",
              file=sys.stderr)
    stream = getattr(stream, "buffer", stream)
    try:
        data = read_limited(stream, MAX_FILE_BYTES, STDIN_NAME, STDIN_FIX)
    except OSError as exc:
        raise InputError("cannot read standard input (%s): pipe URIs or a QR image into `-`, "
                         "or give the file itself" % (exc.strerror or exc)) from None
    return data


def _read_data(data, name, result, password):
    """One file's (or standard input's) bytes, whatever they hold."""
    found_before, failed_before = result.found, len(result.failures)
    if not data.strip():
        if name == STDIN_NAME:
            raise InputError("standard input is empty: pipe URIs or a QR image into `-`, "
                             "or give the file itself")
        raise InputError("%s: the file is empty: give the file that holds the URIs, the "
                         "export or the QR image" % name)
    if images.looks_like_image(data, name):
        image = images.open_image(data, name)
        _read_qr_texts(images.qr_texts(image, name), name, result)
        return
    _refuse_andotp_backup(data, name)
    text = _decode_text(data, name)
    if text.lstrip()[:1] in ("{", "["):
        read_export(load_json(text, name, "give the export file unchanged"), name, result,
                    password)
    elif bitwarden.looks_like_bitwarden_csv(text):
        bitwarden.read_items(bitwarden.bitwarden_csv_items(text, name), name, result)
    else:
        read_text(text, name, result)
    if result.found == found_before and len(result.failures) == failed_before:
        raise InputError("%s: no OTP account in it" % name)


def _refuse_andotp_backup(data, name):
    if encrypted.looks_like_andotp_backup(data):
        raise InputError("%s: an encrypted andOTP backup: in andOTP, make a plain-text backup "
                         "(Backups, Backup (plain)), import that file, then delete it" % name)


def _decode_text(data, name):
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")  # Windows editors' "Unicode"
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:4096]:
            raise InputError("%s: not a text file, a JSON export or an image Pillow can read"
                             % name) from None
        raise InputError("%s line %d: not UTF-8 text: save the file as UTF-8"
                         % (name, data.count(b"\n", 0, exc.start) + 1)) from None


def _read_qr_texts(texts, name, result, quiet_when_empty=False):
    """The accounts of every OTP QR code found in one image; other QR codes are skipped."""
    if not texts:
        if quiet_when_empty:
            return
        raise InputError("%s: no QR code found in the image: crop it to the QR code, or take "
                         "a sharper, straighter picture" % name)
    otp_texts = [text for text in texts if is_otp_text(text)]
    if not otp_texts:
        if quiet_when_empty:
            return
        if len(texts) == 1:
            raise InputError("%s: the QR code %s" % (name, NOT_A_URI))
        raise InputError("%s: none of its %d QR codes holds an OTP URI (otpauth:// or "
                         "otpauth-migration://)" % (name, len(texts)))
    if len(otp_texts) < len(texts):
        result.warn("%s: %d QR code(s) %s; skipped"
                    % (name, len(texts) - len(otp_texts), NOT_A_URI))
    for position, text in enumerate(otp_texts, 1):
        where = name if len(otp_texts) == 1 else "%s QR code %d" % (name, position)
        try:
            read_otp_text(text, where, name, result)
        except InputError as exc:
            result.fail(name, str(exc))
