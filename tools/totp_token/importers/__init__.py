"""Importers: read OTP accounts from URIs, text files, images, exports and directories.

The one entry point for callers (``parse``, ``scan``, ``add``)::

    from totp_token.importers import read_sources
    result = read_sources(["otpauth://totp/...", "qr.png", "-", "exports/"], stdin=None)
    result.accounts   # list of totp.account.Account, in the order found, duplicates dropped
    result.warnings   # list of str: imported anyway, but tell the user (print to stderr)
    result.failures   # list of (source, message): what could not be read, and why;
                      # source is the path, or "argument N" for a URI (it holds a secret)

A SOURCE is an ``otpauth://`` or ``otpauth-migration://`` URI, ``-`` (``stdin``, or
``sys.stdin`` when None; text or an image), a text file of URIs, an image
(every QR code in it), an Aegis/2FAS/andOTP plain JSON export, or a directory
(every file in it). Messages name the source (file and line, entry or QR code)
and the fix; they never hold a secret. ``read_sources`` does not raise for bad
input: everything good is imported and each failure is listed.
"""

from .result import ImportResult
from .sources import read_sources

__all__ = ["ImportResult", "read_sources"]
