"""Bitwarden exports: the JSON export and the CSV export; only items with a TOTP field count.

JSON: ``{"encrypted": false, "items": [{"name": .., "login": {"username": ..,
"totp": ..}}, ..]}``. CSV: a header row naming ``name``, ``login_username`` and
``login_totp`` among others. The item name is the issuer and the username the
account name, unless the TOTP field's own ``otpauth://`` URI names them.
Encrypted exports (account-restricted or password-protected) are refused with
the advice to export again as plain JSON or CSV.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from ..errors import InputError
from .entries import text_field, totp_field_account
from .result import ImportResult

# one item with a TOTP field: (where, issuer, user name, TOTP field), values as found
Item = tuple[str, Any, Any, Any]

APP = "Bitwarden"
CSV_TOTP_COLUMN = "login_totp"
CSV_NAME_COLUMN = "name"
CSV_USER_COLUMN = "login_username"
_REEXPORT = ("in Bitwarden, export the vault again as .json or .csv (not \"encrypted\"), "
             "import that file, then delete it")


def is_bitwarden_json(document: Any) -> bool:
    return isinstance(document, dict) and ("items" in document or "passwordProtected"
                                           in document or "encKeyValidation_DO_NOT_EDIT"
                                           in document)


def bitwarden_items(document: dict[str, Any], name: str) -> list[Item]:
    """The items with a TOTP field of a Bitwarden JSON export -> [(where, issuer, user, totp)].

    Values are as found (maybe not text): ``read_items`` checks them one item at a time.
    """
    if document.get("encrypted") is True or document.get("passwordProtected"):
        raise InputError("%s: this Bitwarden export is encrypted: %s" % (name, _REEXPORT))
    items = document.get("items")
    if not isinstance(items, list):
        raise InputError("%s: the Bitwarden export has no items list" % name)
    found: list[Item] = []
    for position, item in enumerate(items, 1):
        login = item.get("login") if isinstance(item, dict) else None
        if isinstance(login, dict) and login.get("totp"):
            found.append(("%s %s item %d" % (name, APP, position), item.get("name"),
                          login.get("username"), login.get("totp")))
    return found


def looks_like_bitwarden_csv(text: str) -> bool:
    header = text.lstrip("\ufeff").partition("\n")[0].lower()
    columns = [column.strip().strip('"') for column in header.split(",")]
    return CSV_TOTP_COLUMN in columns and CSV_NAME_COLUMN in columns


def bitwarden_csv_items(text: str, name: str) -> list[Item]:
    """The rows with a TOTP field of a Bitwarden CSV export -> [(where, issuer, user, totp)]."""
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise InputError("%s: not a readable CSV file (%s): give the Bitwarden export "
                         "unchanged" % (name, exc)) from None
    header = [column.strip().lower() for column in rows[0]]
    columns = {column: header.index(column)
               for column in (CSV_NAME_COLUMN, CSV_USER_COLUMN, CSV_TOTP_COLUMN)
               if column in header}
    found = []
    for number, row in enumerate(rows[1:], 2):
        values = {column: row[index] if index < len(row) else ""
                  for column, index in columns.items()}
        if values.get(CSV_TOTP_COLUMN, "").strip():
            found.append(("%s line %d" % (name, number), values.get(CSV_NAME_COLUMN, ""),
                          values.get(CSV_USER_COLUMN, ""), values[CSV_TOTP_COLUMN]))
    return found


def read_items(items: Iterable[Item], name: str, result: ImportResult) -> None:
    """Add the account of every (where, issuer, user, totp) item; a bad one fails alone."""
    if not items:
        raise InputError("%s: the %s export holds no item with a TOTP key (only logins with "
                         "an authenticator key are imported)" % (name, APP))
    for where, issuer, user, totp in items:
        try:
            values = {"name": issuer, "username": user, "totp": totp}
            issuer, user, totp = (text_field(values, key, where) for key in values)
            account, warnings = totp_field_account(totp, issuer, user, where)
        except InputError as exc:
            result.fail(name, str(exc))
            continue
        result.add_with_warnings(account, where, warnings)
