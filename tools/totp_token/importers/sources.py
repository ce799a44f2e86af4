"""Sends each SOURCE to the right reader: URI, ``-`` (standard input), directory or file.

A file is sniffed, not trusted by its name alone: image (by suffix or magic
bytes), JSON export (text starting with ``{`` or ``[``), or a text file of URIs.
Every failure is recorded against its source and the rest carry on.
"""

import codecs
import json
import os
import re
import sys

from ..errors import InputError, printable
from . import images
from .exports import read_export
from .result import ImportResult
from .texts import NOT_A_URI, is_otp_text, read_otp_text, read_text

STDIN_NAME = "standard input"
# a SOURCE that is neither a file nor a URI but may hold a secret is never echoed
_BARE_SECRET = re.compile(r"[A-Za-z2-7 =-]{16,}\Z")
_SECRET_HINTS = ("secret", "otpauth", "://")
MAX_FILE_BYTES = 64 * 1024 * 1024
ENCRYPTED_SUFFIXES = (".aes", ".gpg", ".pgp", ".age")


def read_sources(sources, stdin=None):
    """Read every SOURCE -> ``ImportResult`` (see the package docstring)."""
    result = ImportResult()
    for position, source in enumerate(sources, 1):
        # a URI holds its secret: failures name it by its position instead
        name = "argument %d" % position if _may_hold_secret(source) else printable(source)
        try:
            _read_source(source, name, stdin, result)
        except InputError as exc:
            result.fail(name, str(exc))
    return result.finish()


def read_images(named_images):
    """The accounts in the QR codes of ``[(name, Pillow image), ...]`` (screens) -> ImportResult."""
    result = ImportResult()
    for name, image in named_images:
        try:
            _read_qr_texts(images.qr_texts(image), name, result, quiet_when_empty=True)
        except InputError as exc:
            result.fail(name, str(exc))
    return result.finish()


def _read_source(source, name, stdin, result):
    if not source.strip():
        raise InputError("an empty SOURCE: give an otpauth:// URI in quotes, a file, a "
                         "directory, or - for standard input")
    if is_otp_text(source):
        read_otp_text(source, name, name, result)
    elif source == "-":
        _read_data(_stdin_bytes(stdin), STDIN_NAME, result)
    elif os.path.isdir(source):
        _read_directory(source, result)
    elif os.path.exists(source):
        _read_file(source, result)
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


def _read_directory(directory, result):
    paths = []
    for root, subdirectories, names in os.walk(directory):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        paths.extend(os.path.join(root, name) for name in sorted(names)
                     if not name.startswith("."))
    if not paths:
        raise InputError("%s: the directory holds no files" % printable(directory))
    for path in paths:
        try:
            _read_file(path, result)
        except InputError as exc:
            result.fail(printable(path), str(exc))


def _read_file(path, result):
    shown = printable(path)  # a file name can hold terminal escapes too
    if path.lower().endswith(ENCRYPTED_SUFFIXES):
        raise InputError("%s: an encrypted backup: export it again unencrypted (plain JSON "
                         "or otpauth:// URIs), import that file, then delete it" % shown)
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise InputError("%s: larger than %d MB: not an export or a QR image"
                             % (shown, MAX_FILE_BYTES >> 20))
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:
        raise InputError("%s: cannot read it (%s)" % (shown, exc.strerror or exc)) from None
    _read_data(data, shown, result)


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
        data = stream.read()
    except OSError as exc:
        raise InputError("cannot read standard input (%s): pipe URIs or a QR image into `-`, "
                         "or give the file itself" % (exc.strerror or exc)) from None
    return data.encode("utf-8") if isinstance(data, str) else data


def _read_data(data, name, result):
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
        _read_qr_texts(images.qr_texts(image), name, result)
        return
    text = _decode_text(data, name)
    if text.lstrip()[:1] in ("{", "["):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError("%s line %d: not valid JSON (%s): give the export file "
                             "unchanged" % (name, exc.lineno, exc.msg)) from None
        read_export(document, name, result)
    else:
        read_text(text, name, result)
    if result.found == found_before and len(result.failures) == failed_before:
        raise InputError("%s: no OTP account in it" % name)


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
