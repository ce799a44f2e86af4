"""Importers: read OTP accounts from URIs, text files, images, exports and directories.

The one entry point for callers (``parse``, ``scan``, ``add``)::

    from totp_token.importers import read_sources
    result = read_sources(["otpauth://totp/...", "qr.png", "-", "exports/"], stdin=None,
                          password=None)
    result.accounts   # list of totp.account.Account, in the order found, duplicates dropped
    result.warnings   # list of str: imported anyway, but tell the user (print to stderr)
    result.failures   # list of (source, message): what could not be read, and why;
                      # source is the path, or "argument N" for a URI (it holds a secret)

A SOURCE is an ``otpauth://`` or ``otpauth-migration://`` URI, ``-`` (``stdin``, or
``sys.stdin`` when None; text, an export or an image), a text file of URIs, an
image (every QR code in it), an export of Aegis or 2FAS (plain or encrypted),
andOTP, Bitwarden (JSON or CSV), Proton Authenticator or FreeOTP+, or a
directory (every file in it). ``password(prompt) -> str`` is called for each
encrypted backup (None: such a backup fails, saying how to give the password).
Only regular files are read, each within a size limit (``totp_token.safe_input``).
Messages name the source (file and line, entry or QR code) and the fix; they
never hold a secret. ``read_sources`` does not raise for bad input: everything
good is imported and each failure is listed.
"""

from .result import ImportResult
from .sources import read_sources

__all__ = ["ImportResult", "read_sources"]
