"""Reads other authenticators' JSON exports, recognised from their shape, not their name.

Aegis (plain or password-encrypted vault), 2FAS (plain or password-encrypted
backup), andOTP (plain), Bitwarden JSON, Proton Authenticator and FreeOTP+
(JSON backup). ``read_export(document, name, result, password)`` adds each
entry's account to ``result`` (an ``ImportResult``) and records a failure for
each entry the token can't hold. ``password(prompt)`` is asked only for an
encrypted backup; its plaintext is parsed in memory and never written.
"""

from typing import Any

from ..errors import InputError
from ..safe_input import load_json
from . import bitwarden, encrypted
from .entries import entry_account, text_field, totp_field_account
from .fields import account_where, split_label, weak_secret_warning
from .result import ImportResult

SUPPORTED = "Aegis, 2FAS, andOTP, Bitwarden, Proton Authenticator and FreeOTP+"
STEAM_URI_PREFIX = "steam://"
SIGNED_BYTE = (-128, 255)  # FreeOTP+ writes Java's signed bytes; unsigned ones are read too
_GIVE_UNCHANGED = "give the export file unchanged"


def read_export(document: Any, name: str, result: ImportResult,
                password: encrypted.PasswordReader = encrypted.no_password_reader) -> None:
    """Add the accounts of one parsed JSON export to ``result``."""
    if bitwarden.is_bitwarden_json(document):
        bitwarden.read_items(bitwarden.bitwarden_items(document, name), name, result)
        return
    app, entries, reader = _recognise(document, name, password)
    if not isinstance(entries, list):
        raise InputError("%s: the %s export has no list of accounts: %s"
                         % (name, app, _GIVE_UNCHANGED))
    if not entries:
        raise InputError("%s: the %s export holds no accounts" % (name, app))
    for position, entry in enumerate(entries, 1):
        where = "%s %s entry %d" % (name, app, position)
        try:
            if not isinstance(entry, dict):
                raise InputError("%s: not a JSON object" % where)
            account, warnings = reader(entry, where)
        except InputError as exc:
            result.fail(name, str(exc))
            continue
        result.add_with_warnings(account, where, warnings)


def _recognise(document, name, password):
    """(app name, entry list, entry reader) for the export's shape."""
    if isinstance(document, dict) and "db" in document and "header" in document:
        return "Aegis", _aegis_entries(document, name, password), _aegis_account
    if isinstance(document, dict) and ("services" in document
                                       or "servicesEncrypted" in document):
        return "2FAS", _twofas_entries(document, name, password), _twofas_account
    if isinstance(document, dict) and "tokens" in document:
        return "FreeOTP+", document["tokens"], _freeotp_account
    if isinstance(document, dict) and "entries" in document:
        return "Proton Authenticator", document["entries"], _proton_account
    if isinstance(document, list) and all(
            isinstance(entry, dict) and "secret" in entry for entry in document):
        return "andOTP", document, _andotp_account
    raise InputError("%s: JSON, but not an export this tool reads (%s)" % (name, SUPPORTED))


def _aegis_entries(document, name, password):
    db = document["db"]
    if isinstance(db, str):
        content = load_json(_text(encrypted.open_aegis(document, name, password), name),
                            name + " (decrypted)", _GIVE_UNCHANGED)
        db = content
    entries = db.get("entries") if isinstance(db, dict) else None
    if not isinstance(entries, list):
        raise InputError("%s: the Aegis export has no entries list" % name)
    return entries


def _aegis_account(entry, where):
    info = entry.get("info")
    if not isinstance(info, dict):
        raise InputError("%s: the entry has no info object" % where)
    return _with_warning(where, *entry_account(
        where, _secret_text(info), text_field(entry, "issuer", where),
        text_field(entry, "name", where), entry.get("type"), info.get("algo"),
        info.get("digits"), info.get("period"), info.get("counter")))


def _twofas_entries(document, name, password):
    if document.get("servicesEncrypted"):
        plaintext = encrypted.open_twofas(document, name, password)
        return load_json(_text(plaintext, name), name + " (decrypted)", _GIVE_UNCHANGED)
    services = document.get("services")
    if not isinstance(services, list):
        raise InputError("%s: the 2FAS backup has no services list" % name)
    return services


def _twofas_account(entry, where):
    otp = entry.get("otp") if isinstance(entry.get("otp"), dict) else {}
    issuer = text_field(otp, "issuer", where) or text_field(entry, "name", where)
    account = text_field(otp, "account", where)
    if not account:
        label_issuer, account = split_label(text_field(otp, "label", where), issuer)
        issuer = issuer or label_issuer
    return _with_warning(where, *entry_account(
        where, _secret_text(entry), issuer, account, otp.get("tokenType", "TOTP"),
        otp.get("algorithm"), otp.get("digits"), otp.get("period"), otp.get("counter")))


def _andotp_account(entry, where):
    issuer = text_field(entry, "issuer", where)
    label_issuer, account = split_label(text_field(entry, "label", where), issuer)
    return _with_warning(where, *entry_account(
        where, _secret_text(entry), issuer or label_issuer, account, entry.get("type", "TOTP"),
        entry.get("algorithm"), entry.get("digits"), entry.get("period"), entry.get("counter")))


def _freeotp_account(entry, where):
    """A FreeOTP+ token: the secret is a list of (signed) byte values, not base32."""
    issuer = text_field(entry, "issuerExt", where) or text_field(entry, "issuerInt", where)
    label_issuer, account = split_label(text_field(entry, "label", where), issuer)
    issuer = issuer or label_issuer
    named = account_where(where, issuer, account)
    values = entry.get("secret")
    if not isinstance(values, list) or not all(
            type(value) is int and SIGNED_BYTE[0] <= value <= SIGNED_BYTE[1]
            for value in values):
        raise InputError("%s: the secret should be a list of byte values (-128 to 255): %s"
                         % (named, _GIVE_UNCHANGED))
    if not values:
        raise InputError("%s: the secret is empty: %s" % (named, _GIVE_UNCHANGED))
    secret = bytes(value & 0xFF for value in values)
    return _with_warning(where, *entry_account(
        where, secret, issuer, account, entry.get("type", "TOTP"),
        entry.get("algo"), entry.get("digits"), entry.get("period"), entry.get("counter")))


def _proton_account(entry, where):
    """A Proton Authenticator entry: ``content`` holds an otpauth:// or steam:// URI."""
    content = entry.get("content")
    if not isinstance(content, dict):
        raise InputError("%s: the entry has no content object: %s" % (where, _GIVE_UNCHANGED))
    uri = text_field(content, "uri", where)
    if not uri.strip():
        raise InputError("%s: the entry has no uri: %s" % (where, _GIVE_UNCHANGED))
    display_name = text_field(content, "name", where)
    issuer = "Steam" if uri.strip()[:len(STEAM_URI_PREFIX)].lower() == STEAM_URI_PREFIX else ""
    return totp_field_account(uri, issuer, display_name, where)


def _with_warning(where, account, secret):
    weak = weak_secret_warning(secret, account_where(where, account.issuer, account.name))
    return account, [weak] if weak else []


def _secret_text(entry):
    """The base32 secret, or None (entry_account says it is missing) when it is not text."""
    secret = entry.get("secret")
    return secret if isinstance(secret, str) else None


def _text(plaintext, name):
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("%s: the decrypted content is not UTF-8 JSON: %s"
                         % (name, _GIVE_UNCHANGED)) from None
