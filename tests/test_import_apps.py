"""Bitwarden (JSON, CSV), Proton Authenticator, FreeOTP+ and encrypted andOTP files.

Each file is built from the format's published structure (tests/support/backups.py)
and recognised by its content, whatever its name.
"""

import json
import re

import pytest
from support.backups import (
    andotp_backup,
    bitwarden_csv,
    bitwarden_item,
    bitwarden_json,
    freeotp_backup,
    freeotp_token,
    proton_export,
)
from totp_token.cli import main
from totp_token.importers import read_sources

from totp import base32

SECRET = "JBSWY3DPEHPK3PXP"
LONG_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
URI_WITH_ITS_OWN_NAMES = ("otpauth://totp/GitHub:octocat?secret=%s&issuer=GitHub"
                          "&algorithm=SHA256&digits=8&period=60" % LONG_SECRET)

# the three kinds of TOTP field, as the item (name, username, totp) and what it must give
BITWARDEN_ITEMS = [
    (("Example Bank", "alice", URI_WITH_ITS_OWN_NAMES),
     ("GitHub", "octocat", "totp", "SHA256", 8, 60, LONG_SECRET)),
    (("Example Bank", "alice", "jbsw y3dp ehpk 3pxp"),
     ("Example Bank", "alice", "totp", "SHA1", 6, 30, SECRET)),
    (("Steam", "gaben", "steam://%s" % LONG_SECRET),
     ("Steam", "gaben", "steam", "SHA1", 5, 30, LONG_SECRET)),
    (("Forum", "bob", "otpauth://totp/?secret=%s" % SECRET),
     ("Forum", "bob", "totp", "SHA1", 6, 30, SECRET)),
]


def fields(result):
    return [(a.issuer, a.name, a.kind, a.algorithm, a.digits, a.period, base32.encode(a.secret))
            for a in result.accounts]


def read_file(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return read_sources([str(path)])


def test_bitwarden_json_imports_only_items_with_a_totp_field(tmp_path):
    items = [bitwarden_item(*item) for item, _ in BITWARDEN_ITEMS]
    items.insert(1, bitwarden_item("No OTP here", "carol", None))
    items.append({"type": 2, "name": "A secure note", "notes": "text"})
    result = read_file(tmp_path, "bitwarden_export_20260101.json", bitwarden_json(items))
    assert result.failures == []
    assert fields(result) == [expected for _, expected in BITWARDEN_ITEMS]


def test_bitwarden_csv_imports_only_rows_with_a_totp_field(tmp_path):
    rows = [item for item, _ in BITWARDEN_ITEMS] + [("No OTP", "carol", "")]
    result = read_file(tmp_path, "export.csv", bitwarden_csv(rows))
    assert result.failures == []
    assert fields(result) == [expected for _, expected in BITWARDEN_ITEMS]


def test_done_when_bitwarden_json_and_csv_parse_on_the_command_line(capsys, tmp_path):
    items = [item for item, _ in BITWARDEN_ITEMS]
    (tmp_path / "bw.json").write_text(json.dumps(bitwarden_json(
        [bitwarden_item(*item) for item in items])))
    (tmp_path / "bw.csv").write_text(bitwarden_csv(items))
    status = main(["parse", "--json", "--show-secrets", str(tmp_path / "bw.json")])
    rows = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [(r["issuer"], r["type"], r["secret"]) for r in rows] == [
        (e[0], e[2], e[6]) for _, e in BITWARDEN_ITEMS]
    # the CSV holds the same accounts
    status = main(["parse", "--json", "--show-secrets", str(tmp_path / "bw.csv")])
    assert status == 0 and json.loads(capsys.readouterr().out) == rows


def test_a_bad_bitwarden_row_fails_alone_naming_its_line(tmp_path):
    rows = [("Good", "alice", SECRET), ("Typo", "bob", "JBSWY3DP0HPK3PXP"),
            ("Web", "eve", "https://example.com/otp")]
    result = read_file(tmp_path, "export.csv", bitwarden_csv(rows))
    assert [a.issuer for a in result.accounts] == ["Good"]
    messages = [message for _, message in result.failures]
    assert re.search(r"export\.csv line 3 \(Typo:bob\): the secret is not valid base32",
                     messages[0])
    assert re.search(r"export\.csv line 4: the TOTP field holds a link that is not", messages[1])
    assert not any("JBSWY3DP0HPK3PXP" in message for message in messages)


@pytest.mark.parametrize("document", [
    {"encrypted": True, "encKeyValidation_DO_NOT_EDIT": "2.x", "folders": [], "items": []},
    {"encrypted": True, "passwordProtected": True, "salt": "c2FsdA==", "data": "2.x"},
])
def test_an_encrypted_bitwarden_export_asks_for_a_plain_one(tmp_path, document):
    (failure,) = read_file(tmp_path, "bw.json", document).failures
    assert "this Bitwarden export is encrypted: in Bitwarden, export the vault again as " \
           ".json or .csv" in failure[1]


def test_a_bitwarden_export_without_totp_items_says_so(tmp_path):
    document = bitwarden_json([bitwarden_item("Mail", "alice", None)])
    (failure,) = read_file(tmp_path, "bw.json", document).failures
    assert "holds no item with a TOTP key" in failure[1]


def test_proton_authenticator_export(tmp_path):
    document = proton_export([
        (URI_WITH_ITS_OWN_NAMES, "Totp", "octocat"),
        ("steam://%s" % LONG_SECRET, "Steam", "SteamGuard"),
        ("otpauth://totp/bob?secret=%s&issuer=GitLab&algorithm=SHA1&digits=6&period=30"
         % SECRET, "Totp", "bob"),
    ])
    result = read_file(tmp_path, "Proton Authenticator export.json", document)
    assert result.failures == []
    assert fields(result) == [
        ("GitHub", "octocat", "totp", "SHA256", 8, 60, LONG_SECRET),
        ("Steam", "SteamGuard", "steam", "SHA1", 5, 30, LONG_SECRET),
        ("GitLab", "bob", "totp", "SHA1", 6, 30, SECRET),
    ]


def test_freeotp_plus_backup_with_signed_byte_secrets(tmp_path):
    high_bytes = bytes(range(236, 256))  # every value above 127: negative in Java
    document = freeotp_backup([
        freeotp_token("ACME", "alice", base32.decode(SECRET)),
        freeotp_token("Bank", "bob", high_bytes, kind="HOTP", algo="SHA512", digits=8,
                      counter=42),
        freeotp_token("", "Shop:carol", base32.decode(LONG_SECRET), period=60),
    ])
    assert min(document["tokens"][1]["secret"]) < 0
    result = read_file(tmp_path, "freeotp-backup.json", document)
    assert result.failures == []
    assert [(a.issuer, a.name, a.kind, a.algorithm, a.digits, a.period, a.counter, a.secret)
            for a in result.accounts] == [
        ("ACME", "alice", "totp", "SHA1", 6, 30, 0, base32.decode(SECRET)),
        ("Bank", "bob", "hotp", "SHA512", 8, 30, 42, high_bytes),
        ("Shop", "carol", "totp", "SHA1", 6, 60, 0, base32.decode(LONG_SECRET)),
    ]


@pytest.mark.parametrize("secret", [[300, 1, 2], ["1", "2"], "JBSWY3DPEHPK3PXP", [], [True]])
def test_a_freeotp_token_with_a_bad_secret_fails_alone(tmp_path, secret):
    good = freeotp_token("ACME", "alice", base32.decode(SECRET))
    bad = dict(good, label="bob", secret=secret)
    result = read_file(tmp_path, "f.json", freeotp_backup([good, bad]))
    assert [a.name for a in result.accounts] == ["alice"]
    (failure,) = result.failures
    assert "FreeOTP+ entry 2 (ACME:bob): the secret" in failure[1]


@pytest.mark.parametrize("name", ["otp_accounts_2026-01-01.json.aes", "backup.bin", "noname"])
def test_an_encrypted_andotp_backup_is_recognised_by_content(tmp_path, name):
    data = andotp_backup([{"secret": SECRET, "label": "x", "type": "TOTP"}], "pw")
    (failure,) = read_file(tmp_path, name, data).failures
    assert failure[1] == ("%s: an encrypted andOTP backup: in andOTP, make a plain-text "
                          "backup (Backups, Backup (plain)), import that file, then delete it"
                          % (tmp_path / name))


def test_binary_that_is_not_an_andotp_backup_is_not_called_one(tmp_path):
    data = b"\x00\x00\x00\x05" + bytes(range(128, 256)) * 2  # iteration count out of range
    (failure,) = read_file(tmp_path, "x.bin", data).failures
    assert "andOTP" not in failure[1]
