"""Encrypted Aegis vaults and 2FAS backups: opened in memory with the password, never on disk.

The files are really encrypted (tests/support/backups.py writes them in the
apps' published layouts with ``cryptography``); the password comes from
``--password-file`` or a no-echo prompt on a real pseudo-terminal.
"""

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.backups import aegis_entry, aegis_vault, twofas_backup, twofas_service
from totp_token.cli import main
from totp_token.importers import read_sources

from totp import base32

SECRET = "JBSWY3DPEHPK3PXP"
LONG_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
PASSWORD = "correct horse battery staple"
TOTP_TOKEN = Path(sys.executable).with_name("totp-token")

AEGIS_ENTRIES = [
    aegis_entry("ACME", "alice@example.com", SECRET),
    aegis_entry("Bank", "bob", LONG_SECRET, kind="hotp", algo="SHA256", digits=8, counter=7),
    aegis_entry("Steam", "gaben", SECRET, kind="steam"),
]
TWOFAS_SERVICES = [
    twofas_service("GitHub", SECRET, account="alice", algorithm="SHA512", digits=8, period=60),
    twofas_service("Counter", LONG_SECRET, account="carol", token_type="HOTP", counter=3),
]
AEGIS_EXPECTED = [
    ("ACME", "alice@example.com", "totp", "SHA1", 6, 30, 0, SECRET),
    ("Bank", "bob", "hotp", "SHA256", 8, 30, 7, LONG_SECRET),
    ("Steam", "gaben", "steam", "SHA1", 5, 30, 0, SECRET),
]
TWOFAS_EXPECTED = [
    ("GitHub", "alice", "totp", "SHA512", 8, 60, 0, SECRET),
    ("Counter", "carol", "hotp", "SHA1", 6, 30, 3, LONG_SECRET),
]


def fields(result):
    return [(a.issuer, a.name, a.kind, a.algorithm, a.digits, a.period, a.counter,
             base32.encode(a.secret)) for a in result.accounts]


def write_json(path, document):
    path.write_text(json.dumps(document))
    return path


@pytest.fixture
def vault(tmp_path):
    return write_json(tmp_path / "aegis-export.json", aegis_vault(AEGIS_ENTRIES, PASSWORD))


@pytest.fixture
def backup(tmp_path):
    return write_json(tmp_path / "2fas-backup.2fas", twofas_backup(TWOFAS_SERVICES, PASSWORD))


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "pw.txt"
    path.write_text(PASSWORD + "\n")
    return path


def given(password):
    return lambda _prompt: password


def test_aegis_vault_opens_with_its_password(vault):
    result = read_sources([str(vault)], password=given(PASSWORD))
    assert result.failures == []
    assert fields(result) == AEGIS_EXPECTED


def test_aegis_vault_with_the_apps_own_scrypt_cost_opens(tmp_path):
    path = write_json(tmp_path / "v.json", aegis_vault(AEGIS_ENTRIES[:1], PASSWORD, n=1 << 15))
    assert fields(read_sources([str(path)], password=given(PASSWORD))) == AEGIS_EXPECTED[:1]


def test_aegis_vault_opens_through_the_password_slot_among_others(tmp_path):
    biometric = {"type": 2, "uuid": "x", "key": "00" * 32,
                 "key_params": {"nonce": "00" * 12, "tag": "00" * 16}}
    path = write_json(tmp_path / "v.json",
                      aegis_vault(AEGIS_ENTRIES, PASSWORD, extra_slots=[biometric]))
    assert fields(read_sources([str(path)], password=given(PASSWORD))) == AEGIS_EXPECTED


def test_twofas_backup_opens_with_its_password(backup):
    result = read_sources([str(backup)], password=given(PASSWORD))
    assert result.failures == []
    assert fields(result) == TWOFAS_EXPECTED


@pytest.mark.parametrize("which, app", [("vault", "Aegis"), ("backup", "2FAS")])
def test_a_wrong_password_says_so_and_nothing_else(request, which, app):
    path = request.getfixturevalue(which)
    result = read_sources([str(path)], password=given("Correct horse battery staple"))
    assert result.accounts == []
    assert result.failures == [(str(path), "%s: wrong password for this %s backup"
                                % (path, app))]


def test_the_password_is_asked_only_for_an_encrypted_backup(tmp_path, vault):
    asked = []
    plain = tmp_path / "uris.txt"
    plain.write_text("otpauth://totp/ACME:alice?secret=%s\n" % SECRET)
    read_sources([str(plain)], password=asked.append)
    assert asked == []
    read_sources([str(vault)], password=lambda prompt: asked.append(prompt) or PASSWORD)
    assert asked == ["password for the Aegis vault %s: " % vault]


def test_a_vault_demanding_absurd_scrypt_memory_is_refused_before_deriving(tmp_path):
    document = aegis_vault(AEGIS_ENTRIES, PASSWORD)
    document["header"]["slots"][0]["n"] = 1 << 30
    path = write_json(tmp_path / "v.json", document)
    started = time.monotonic()
    (failure,) = read_sources([str(path)], password=given(PASSWORD)).failures
    assert time.monotonic() - started < 5
    assert re.search(r"scrypt parameters n=1073741824 r=8 p=1, outside what Aegis writes",
                     failure[1])


def test_a_vault_whose_data_was_altered_is_called_damaged_not_a_wrong_password(tmp_path):
    document = aegis_vault(AEGIS_ENTRIES, PASSWORD)
    document["header"]["params"]["tag"] = "00" * 16
    path = write_json(tmp_path / "v.json", document)
    (failure,) = read_sources([str(path)], password=given(PASSWORD)).failures
    assert "the password is right but the vault's data is damaged" in failure[1]


@pytest.mark.parametrize("change, pattern", [
    (lambda d: d["header"].update(slots=[]), r"no password slot"),
    (lambda d: d["header"]["params"].update(nonce="zz"), r"header nonce is missing or not"),
    (lambda d: d.update(db="not base64!"), r"db is not base64"),
    (lambda d: d.update(version=2), r"Aegis vault version 2"),
])
def test_a_malformed_vault_names_the_problem(tmp_path, change, pattern):
    document = aegis_vault(AEGIS_ENTRIES, PASSWORD)
    change(document)
    path = write_json(tmp_path / "v.json", document)
    (failure,) = read_sources([str(path)], password=given(PASSWORD)).failures
    assert re.search(pattern, failure[1]), failure[1]


def test_a_cut_twofas_backup_names_the_problem(tmp_path):
    document = twofas_backup(TWOFAS_SERVICES, PASSWORD)
    document["servicesEncrypted"] = document["servicesEncrypted"].rsplit(":", 1)[0]
    path = write_json(tmp_path / "b.2fas", document)
    (failure,) = read_sources([str(path)], password=given(PASSWORD)).failures
    assert "not three base64 fields separated by colons" in failure[1]


def test_done_when_parse_with_a_password_file_prints_both_backups(capsys, vault, backup,
                                                                   password_file):
    status = main(["parse", "--json", "--show-secrets", "--password-file", str(password_file),
                   str(vault), str(backup)])
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    rows = json.loads(out)
    assert [(r["issuer"], r["account"], r["secret"]) for r in rows] == [
        (e[0], e[1], e[7]) for e in AEGIS_EXPECTED + TWOFAS_EXPECTED]


@pytest.mark.parametrize("which, app", [("vault", "Aegis"), ("backup", "2FAS")])
def test_done_when_a_wrong_password_exits_1_with_one_line(capsys, tmp_path, request, which,
                                                          app):
    path = request.getfixturevalue(which)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("hunter2\n")
    status = main(["parse", "--json", "--show-secrets", "--password-file", str(wrong),
                   str(path)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err == "error: %s: wrong password for this %s backup\n" % (path, app)
    assert json.loads(out) == []


@pytest.mark.parametrize("content, pattern", [
    (b"", r"the first line is empty"),
    (b"\n" + PASSWORD.encode(), r"the first line is empty"),
    (b"\xff\xfe\xfa", r"not UTF-8 text"),
    (b"x" * 5000, r"larger than 4 KB"),
])
def test_an_unusable_password_file_says_why(capsys, tmp_path, vault, content, pattern):
    path = tmp_path / "pw"
    path.write_bytes(content)
    status = main(["parse", "--password-file", str(path), str(vault)])
    err = capsys.readouterr().err
    assert status == 1
    assert re.search(pattern, err), err


@pytest.mark.parametrize("argv", [["--password", PASSWORD], ["--password=" + PASSWORD],
                                  ["--passw", PASSWORD]])
def test_a_password_on_the_command_line_is_refused_and_not_echoed(capsys, vault, argv):
    with pytest.raises(SystemExit) as exited:
        main(["parse"] + argv + [str(vault)])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "password" in err
    assert PASSWORD not in err


def test_without_a_terminal_or_password_file_the_tool_says_how(vault):
    result = subprocess.run([str(TOTP_TOKEN), "parse", str(vault)], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=60, start_new_session=True)
    assert result.returncode == 1
    assert result.stderr == ("error: %s: no terminal to ask for the password without showing "
                             "it: give --password-file FILE\n" % vault)


def test_the_prompt_on_a_terminal_does_not_echo_the_password(vault):
    pid, terminal = pty.fork()
    if pid == 0:  # the child: totp-token on the pseudo-terminal as its controlling terminal
        os.execv(str(TOTP_TOKEN), [str(TOTP_TOKEN), "parse", "--json", "--show-secrets",
                                   str(vault)])
    seen = _read_until(terminal, b"password for the Aegis vault")
    os.write(terminal, PASSWORD.encode() + b"\n")
    seen += _read_until(terminal, b"]")
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    assert os.waitstatus_to_exitcode(status) == 0
    assert PASSWORD.encode() not in seen
    assert b'"issuer": "ACME"' in seen and SECRET.encode() in seen


def _read_until(terminal, marker, timeout=60):
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 1)
        if ready:
            try:
                seen += os.read(terminal, 4096)
            except OSError:
                break
    return seen


AUDIT_WRITES = """
import os, sys
def hook(event, args):
    if event == "open" and args[1] is not None and any(c in str(args[1]) for c in "wax+"):
        sys.__stderr__.write("WROTE %r\\n" % (args[0],))
    elif event == "open" and isinstance(args[2], int) and args[2] & (os.O_WRONLY | os.O_RDWR):
        sys.__stderr__.write("WROTE %r\\n" % (args[0],))
sys.addaudithook(hook)
from totp_token.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_plaintext_never_touches_the_disk(tmp_path, vault, backup, password_file):
    # every open() for writing is reported by an audit hook in the child
    result = subprocess.run(
        [sys.executable, "-c", AUDIT_WRITES, "parse", "--json", "--password-file",
         str(password_file), str(vault), str(backup)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
        env=dict(os.environ, TMPDIR=str(tmp_path / "no-such-dir"), PYTHONDONTWRITEBYTECODE="1"))
    assert result.returncode == 0, result.stderr
    assert "WROTE" not in result.stderr
    assert len(json.loads(result.stdout)) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [vault.name, backup.name, password_file.name])
