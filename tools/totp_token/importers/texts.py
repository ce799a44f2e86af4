"""Turns OTP texts into accounts: one URI (an argument, a QR code's text) or a text file of them.

A text file holds one URI per line; blank lines and ``#`` comments are skipped,
and zbarimg's ``QR-Code:`` prefix is removed. A bad line is recorded as a
failure and the other lines are still read.
"""

from ..errors import InputError
from .fields import account_where
from .migration import is_migration_uri, parse_migration
from .result import ImportResult
from .uri import is_otpauth_uri, parse_uri

ZBARIMG_PREFIX = "qr-code:"
NOT_A_URI = "holds no OTP URI (otpauth:// or otpauth-migration://)"


def is_otp_text(text: str) -> bool:
    text = text.strip()
    return is_otpauth_uri(text) or is_migration_uri(text)


def read_otp_text(text: str, where: str, source: str, result: ImportResult) -> None:
    """Add the account(s) of one URI to ``result``; ``InputError`` if the URI is unreadable."""
    text = text.strip()
    if is_otpauth_uri(text):
        account, warnings = parse_uri(text, where)
        result.add(account, account_where(where, account.issuer, account.name))
        result.warnings.extend(warnings)
    elif is_migration_uri(text):
        part = parse_migration(text, where)
        result.note_batch_part(part.batch_id, part.batch_size, part.batch_index)
        for account in part.accounts:
            result.add(account, account_where(where, account.issuer, account.name))
        result.warnings.extend(part.warnings)
        for message in part.errors:
            result.fail(source, message)
    else:
        raise InputError("%s: %s" % (where, NOT_A_URI))


def read_text(text: str, name: str, result: ImportResult) -> None:
    """Every URI line of a text file (or standard input) named ``name``.

    A file without a single URI line (prose, notes) is one failure, not one per line.
    """
    lines = 0
    other_lines = 0
    failures = []  # in line order
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        lines += 1
        if line[:len(ZBARIMG_PREFIX)].lower() == ZBARIMG_PREFIX:
            line = line[len(ZBARIMG_PREFIX):].strip()
        where = "%s line %d" % (name, number)
        if not is_otp_text(line):
            other_lines += 1
            failures.append("%s: not an otpauth:// or otpauth-migration:// URI (a text file "
                            "holds one URI per line; # starts a comment)" % where)
            continue
        try:
            read_otp_text(line, where, name, result)
        except InputError as exc:
            failures.append(str(exc))
    if not lines:
        raise InputError("%s: no URI in it, only blank lines and comments" % name)
    if other_lines == lines > 1:
        raise InputError("%s: no otpauth:// or otpauth-migration:// URI in it (%d line(s) of "
                         "other text): give a file with one URI per line, an export or a QR "
                         "image" % (name, lines))
    for message in failures:
        result.fail(name, message)
