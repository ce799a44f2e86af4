"""One export entry's fields -> an Account, by the shared field rules (every JSON/CSV export).

``entry_account`` applies the defaults (SHA1, 6 digits, 30 s, counter 0), the
limits and the Steam rule to the values an export gives, whatever their names
in that export; ``totp_field_account`` reads a password manager's TOTP field;
``text_field`` reads an optional text value.
"""

from collections.abc import Mapping
from typing import Any

from totp.account import (
    HOTP,
    MAX_COUNTER,
    MAX_DIGITS,
    MAX_PERIOD,
    MIN_DIGITS,
    STEAM,
    TOTP,
    Account,
)

from ..errors import InputError
from .fields import (
    account_where,
    algorithm_name,
    build_account,
    is_steam_issuer,
    secret_from_base32,
    weak_secret_warning,
    whole_number,
)
from .uri import is_otpauth_uri, parse_uri

KINDS = {"totp": TOTP, "hotp": HOTP, "steam": STEAM}
STEAM_PREFIX = "steam://"


def otp_kind(value: object, where: str) -> str:
    kind = KINDS.get(str(value).lower())
    if kind is None:
        raise InputError("%s: OTP type %r is not supported: the token holds TOTP, HOTP and "
                         "Steam accounts" % (where, str(value)[:20]))
    return kind


def text_field(entry: Mapping[str, Any], key: str, where: str) -> str:
    """``entry[key]`` as text; missing or null is ``""``; anything else is an error."""
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError("%s: %s should be text" % (where, key))
    return value


def entry_account(where: str, secret: str | bytes | None, issuer: str, name: str,
                  kind_name: object, algorithm: object, digits: Any, period: Any,
                  counter: Any) -> tuple[Account, bytes]:
    """Apply the shared field rules to one entry -> (Account, secret bytes).

    ``secret`` is base32 text, or the bytes themselves (FreeOTP+ stores bytes).
    """
    where = account_where(where, issuer, name)
    kind = otp_kind(kind_name, where)
    if isinstance(secret, str):
        secret = secret_from_base32(secret, where)
    elif not isinstance(secret, bytes):
        raise InputError("%s: the secret is missing" % where)
    if kind == TOTP and is_steam_issuer(issuer):
        kind = STEAM
    fields: dict[str, Any] = {
        "algorithm": algorithm_name(algorithm or "SHA1", where),
        "digits": 6,
        "period": 30,
        "counter": 0,
    }
    if kind != STEAM and digits is not None:
        fields["digits"] = whole_number(digits, "digits", where, MIN_DIGITS, MAX_DIGITS)
    if kind != HOTP and period is not None:
        fields["period"] = whole_number(period, "period", where, 1, MAX_PERIOD)
    if kind == HOTP and counter is not None:
        fields["counter"] = whole_number(counter, "counter", where, 0, MAX_COUNTER)
    return build_account(where, secret, issuer, name, kind=kind, **fields), secret


def totp_field_account(text: str, issuer: str, name: str,
                       where: str) -> tuple[Account, list[str]]:
    """A password manager's TOTP field -> (Account, warnings).

    The field holds an ``otpauth://`` URI (its issuer and name win; the item's fill
    in what it lacks), ``steam://SECRET`` (a Steam account), or a bare base32
    secret, which means SHA1, 6 digits, 30 s as the password managers read it.
    """
    text = text.strip()
    if is_otpauth_uri(text):
        account, warnings = parse_uri(text, where)
        if account.issuer and account.name:
            return account, warnings
        rebuilt = build_account(where, account.secret, account.issuer or issuer,
                                account.name or name, kind=account.kind,
                                algorithm=account.algorithm, digits=account.digits,
                                period=account.period, counter=account.counter)
        return rebuilt, warnings
    kind = TOTP
    if text[:len(STEAM_PREFIX)].lower() == STEAM_PREFIX:
        kind, text = STEAM, text[len(STEAM_PREFIX):]
    elif "://" in text:
        raise InputError("%s: the TOTP field holds a link that is not an otpauth:// URI or a "
                         "steam:// key (nor a base32 secret): fix the item in the source" % where)
    account, secret = entry_account(where, text, issuer, name, kind, None, None, None, None)
    weak = weak_secret_warning(secret, account_where(where, issuer, name))
    return account, [weak] if weak else []
