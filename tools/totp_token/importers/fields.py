"""Field rules shared by every importer: secrets, algorithms, numbers, labels, Steam, accounts.

Each rule takes the text as found and ``where`` (the file, line and account it came
from) and raises ``InputError`` with a message naming ``where``, the problem and the
fix. Messages never hold a secret.
"""

import re
from typing import Any

from totp import base32
from totp.account import ALGORITHMS, HOTP, TOTP, Account, AccountError, format_label
from totp.codes import code_at

from ..errors import InputError, printable

STRONG_SECRET_BYTES = 10  # 80 bits: RFC 4226 asks for at least 128, sites commonly use 80
STEAM_ISSUER = "steam"
LABEL_SHOWN = 40  # characters of a label quoted in a message
_WHOLE_NUMBER = re.compile(r"[0-9]+\Z")


def secret_from_base32(text: str, where: str) -> bytes:
    """Decode a base32 secret as people paste it (case, spaces, hyphens and ``=`` ignored)."""
    if not text.strip(" -=\t\r\n"):
        raise InputError("%s: the secret is empty: copy the whole secret from the site" % where)
    try:
        return base32.decode(text)
    except base32.Base32Error as exc:
        raise InputError("%s: %s" % (where, exc)) from None
    except UnicodeError:
        raise InputError("%s: %s" % (where, base32.BAD_CHARACTER)) from None


def weak_secret_warning(secret: bytes, where: str) -> str | None:
    """A warning (or None) for a secret shorter than 80 bits; short secrets still work."""
    if len(secret) < STRONG_SECRET_BYTES:
        return ("%s: the secret is only %d bits (80 or more is usual); imported anyway"
                % (where, len(secret) * 8))
    return None


def algorithm_name(text: object, where: str) -> str:
    """``SHA1``/``SHA256``/``SHA512`` in any case; anything else is an error."""
    name = str(text).upper()
    if name not in ALGORITHMS:
        raise InputError("%s: algorithm %r is not supported: the token computes SHA1, SHA256 "
                         "and SHA512 only" % (where, str(text)))
    return name


def whole_number(text: Any, field: str, where: str, low: int = 0,
                 high: int | None = None) -> int:
    """A non-negative integer given as digits (or a JSON int), within ``low``..``high``."""
    if isinstance(text, bool) or not isinstance(text, (int, str)):
        raise InputError("%s: %s must be a whole number, not %r" % (where, field, text))
    limits = "%d to %d" % (low, high) if high is not None else "at least %d" % low
    if isinstance(text, str):
        if not _WHOLE_NUMBER.match(text) or len(text) > 20:
            raise InputError("%s: %s must be a whole number, %s, not %r"
                             % (where, field, limits, printable(text[:20])))
        text = int(text)
    if text < low or (high is not None and text > high):
        raise InputError("%s: %s must be %s, not %d" % (where, field, limits, text))
    return text


def is_steam_issuer(issuer: str) -> bool:
    return issuer.strip().lower() == STEAM_ISSUER


def split_label(label: str, issuer_hint: str = "") -> tuple[str, str]:
    """Split ``Issuer:account`` into (issuer, account); ``("", label)`` without a colon.

    When ``issuer_hint`` is given and the label starts with it and a colon, split there
    (the issuer itself may hold a colon). Spaces after the colon are dropped.
    """
    if issuer_hint and label.startswith(issuer_hint + ":"):
        return issuer_hint, label[len(issuer_hint) + 1:].lstrip(" ")
    head, colon, tail = label.partition(":")
    if not colon:
        return "", label
    return head, tail.lstrip(" ")


def build_account(where: str, secret: bytes, issuer: str, name: str, kind: str = TOTP,
                  algorithm: str = "SHA1", digits: int = 6, period: int = 30,
                  counter: int = 0) -> Account:
    """An ``Account``, or ``InputError`` naming ``where`` and the field the token can't hold."""
    if kind != HOTP:
        counter = 0
    for field, text in (("issuer", issuer), ("account name", name)):
        bad = [ch for ch in text if not ch.isprintable() and ch != " "]
        if bad:
            raise InputError("%s: the %s holds a control character or text that is not UTF-8 "
                             "(%s): the token shows printable text only; fix the name in the "
                             "source"
                             % (where, field, printable(bad[0])))
    try:
        account = Account(secret, issuer=issuer, name=name, kind=kind, algorithm=algorithm,
                          digits=digits, period=period, counter=counter)
        code_at(account, 0)  # the OTP core's own rules, as the token checks them (Steam: SHA1)
    except (AccountError, ValueError) as exc:
        raise InputError("%s: %s" % (where, exc)) from None
    return account


def account_where(where: str, issuer: str, name: str) -> str:
    """``where`` plus the account's readable label, for messages about one account."""
    label = printable(format_label(issuer, name))
    if len(label) > LABEL_SHOWN:
        label = label[:LABEL_SHOWN - 3] + "..."
    return "%s (%s)" % (where, label) if label else where

