"""Reads other authenticators' plain JSON exports: Aegis, 2FAS and andOTP.

``read_export(document, name, result)`` recognises the format from its shape,
adds each entry's account to ``result`` (an ``ImportResult``) and records a
failure for each entry the token can't hold. Encrypted exports are refused with
a message saying to export unencrypted.
"""

from totp.account import HOTP, MAX_COUNTER, MAX_DIGITS, MAX_PERIOD, MIN_DIGITS, STEAM, TOTP

from ..errors import InputError
from .fields import (
    account_where,
    algorithm_name,
    build_account,
    is_steam_issuer,
    secret_from_base32,
    split_label,
    weak_secret_warning,
    whole_number,
)

SUPPORTED = "Aegis, 2FAS and andOTP"
_KINDS = {"totp": TOTP, "hotp": HOTP, "steam": STEAM}
_UNENCRYPTED = "export it again unencrypted, import that file, then delete it"


def read_export(document, name, result):
    """Add the accounts of one parsed JSON export to ``result``."""
    if isinstance(document, dict) and "db" in document and "header" in document:
        entries, reader, app = _aegis_entries(document, name), _aegis_account, "Aegis"
    elif isinstance(document, dict) and ("services" in document
                                         or "servicesEncrypted" in document):
        entries, reader, app = _twofas_entries(document, name), _twofas_account, "2FAS"
    elif isinstance(document, list) and all(
            isinstance(entry, dict) and "secret" in entry for entry in document):
        entries, reader, app = document, _andotp_account, "andOTP"
    else:
        raise InputError("%s: JSON, but not an export this tool reads (%s plain JSON)"
                         % (name, SUPPORTED))
    if not entries:
        raise InputError("%s: the %s export holds no accounts" % (name, app))
    for position, entry in enumerate(entries, 1):
        where = "%s %s entry %d" % (name, app, position)
        try:
            if not isinstance(entry, dict):
                raise InputError("%s: not a JSON object" % where)
            account, secret = reader(entry, where)
        except InputError as exc:
            result.fail(name, str(exc))
            continue
        where = account_where(where, account.issuer, account.name)
        result.add(account, where)
        weak = weak_secret_warning(secret, where)
        if weak:
            result.warn(weak)


def _aegis_entries(document, name):
    db = document["db"]
    header = document["header"] if isinstance(document["header"], dict) else {}
    if isinstance(db, str) or header.get("slots"):
        raise InputError("%s: this Aegis vault is encrypted: in Aegis, export with encryption "
                         "turned off; %s" % (name, _UNENCRYPTED))
    entries = db.get("entries") if isinstance(db, dict) else None
    if not isinstance(entries, list):
        raise InputError("%s: the Aegis export has no entries list" % name)
    return entries


def _aegis_account(entry, where):
    info = entry.get("info")
    if not isinstance(info, dict):
        raise InputError("%s: the entry has no info object" % where)
    return _account(where, info.get("secret"), _text(entry, "issuer", where),
                    _text(entry, "name", where), entry.get("type"), info.get("algo"),
                    info.get("digits"), info.get("period"), info.get("counter"))


def _twofas_entries(document, name):
    if document.get("servicesEncrypted"):
        raise InputError("%s: this 2FAS backup is encrypted: in 2FAS, export a backup "
                         "without a password; %s" % (name, _UNENCRYPTED))
    services = document.get("services")
    if not isinstance(services, list):
        raise InputError("%s: the 2FAS backup has no services list" % name)
    return services


def _twofas_account(entry, where):
    otp = entry.get("otp") if isinstance(entry.get("otp"), dict) else {}
    issuer = _text(otp, "issuer", where) or _text(entry, "name", where)
    account = _text(otp, "account", where)
    if not account:
        label_issuer, account = split_label(_text(otp, "label", where), issuer)
        issuer = issuer or label_issuer
    return _account(where, entry.get("secret"), issuer, account, otp.get("tokenType", "TOTP"),
                    otp.get("algorithm"), otp.get("digits"), otp.get("period"),
                    otp.get("counter"))


def _andotp_account(entry, where):
    issuer = _text(entry, "issuer", where)
    label_issuer, account = split_label(_text(entry, "label", where), issuer)
    return _account(where, entry.get("secret"), issuer or label_issuer, account,
                    entry.get("type", "TOTP"), entry.get("algorithm"), entry.get("digits"),
                    entry.get("period"), entry.get("counter"))


def _kind(value, where):
    kind = _KINDS.get(str(value).lower())
    if kind is None:
        raise InputError("%s: OTP type %r is not supported: the token holds TOTP, HOTP and "
                         "Steam accounts" % (where, str(value)[:20]))
    return kind


def _text(entry, key, where):
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError("%s: %s should be text" % (where, key))
    return value


def _account(where, secret_text, issuer, name, kind_name, algorithm, digits, period, counter):
    """Apply the shared field rules to one entry -> (Account, secret bytes)."""
    where = account_where(where, issuer, name)
    kind = _kind(kind_name, where)
    if not isinstance(secret_text, str):
        raise InputError("%s: the secret is missing" % where)
    secret = secret_from_base32(secret_text, where)
    if kind == TOTP and is_steam_issuer(issuer):
        kind = STEAM
    fields = {
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
