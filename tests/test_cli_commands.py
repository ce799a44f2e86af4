"""The provisioning commands, run in-process against a token on a real pseudo-terminal."""

import io
import json
import re
import time
from types import SimpleNamespace

import pytest
from support import otp_reference as reference
from support.presence import call_pressing
from support.protocol_harness import NOW, SERIAL
from totp_token.cli import main
from totp_token.cli_helpers.provision import provision

from totp import base32
from totp.account import Account

ACME = ("otpauth://totp/ACME:bob@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME"
        "&digits=8&algorithm=SHA256&period=60")
ACME_ACCOUNT = Account(base32.decode("JBSWY3DPEHPK3PXP"), issuer="ACME", name="bob@example.com",
                       digits=8, algorithm="SHA256", period=60)


def _uri(issuer, name, secret="GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"):
    return "otpauth://totp/%s:%s?secret=%s&issuer=%s" % (issuer, name, secret, issuer)


@pytest.fixture
def cli(pty_token, capsys):
    def run(*argv, presses=0, yes=True):
        """Run a command; ``presses``: answer that many of the token's questions (``yes``)."""
        def command():
            return main(["--port", pty_token.path] + list(argv))

        if presses:
            code = call_pressing(command, pty_token.waiting, lambda: pty_token.press(yes), presses)
        else:
            code = command()
        out, err = capsys.readouterr()
        return code, out, err
    return run


def _listed(cli):
    code, out, _ = cli("list", "--json")
    assert code == 0
    return json.loads(out)


def test_add_shows_what_it_adds_then_verifies(cli):
    code, out, err = cli("add", "--yes", ACME)
    assert code == 0, err
    assert "SHA256" in out and "ACME" in out and "JBSW" not in out + err
    assert "slot 0  ACME:bob@example.com  verified" in out
    assert _listed(cli) == [{"slot": 0, "issuer": "ACME", "account": "bob@example.com",
                             "type": "totp", "algorithm": "SHA256", "digits": 8, "period": 60}]


def test_add_reads_a_file_of_uris(cli, tmp_path):
    source = tmp_path / "accounts.txt"
    source.write_text("%s\n%s\n" % (_uri("One", "a"), _uri("Two", "b")))
    code, out, _ = cli("add", "--yes", "--json", str(source))
    assert code == 0
    assert [(entry["issuer"], entry["verified"]) for entry in json.loads(out)] == [
        ("One", True), ("Two", True)]


def test_add_without_yes_and_no_terminal_adds_nothing(cli):
    code, _, err = cli("add", ACME)
    assert code == 1 and "--yes" in err
    assert _listed(cli) == []


def test_add_refuses_an_existing_account_unless_replace(cli):
    assert cli("add", "--yes", ACME)[0] == 0
    code, _, err = cli("add", "--yes", ACME.replace("digits=8", "digits=6"))
    assert code == 1 and "ACME:bob@example.com (slot 0)" in err and "--replace" in err
    assert _listed(cli)[0]["digits"] == 8
    code, _, err = cli("add", "--yes", "--replace", ACME.replace("digits=8", "digits=6"),
                       presses=1)
    assert code == 0 and "Press B on the token to replace ACME:bob@example.com" in err
    assert [entry["digits"] for entry in _listed(cli)] == [6]


def test_add_with_a_bad_source_adds_the_rest_and_exits_1_naming_it(cli):
    code, out, err = cli("add", "--yes", ACME, "otpauth://totp/X?secret=11!!")
    assert code == 1 and "argument 2" in err and "could not be imported" in err
    assert "ACME:bob@example.com  verified" in out
    assert [entry["issuer"] for entry in _listed(cli)] == ["ACME"]


def test_add_with_only_bad_sources_adds_nothing(cli):
    code, _, err = cli("add", "--yes", "otpauth://totp/X?secret=11!!")
    assert code == 1 and "nothing was added" in err
    assert _listed(cli) == []


def test_storage_full_names_the_numbers_and_keeps_every_stored_account(cli):
    uris = [_uri("Issuer%02d" % number, "n" * 60, "A" * 200) for number in range(60)]
    code, _, err = cli("add", "--yes", *uris)
    assert code == 2
    assert "storage is full" in err and "not added" in err
    # the numbers add up for a reader: in use + free + kept back = total
    found = re.search(r"needs (\d+) bytes and (\d+) are free \((\d+) of the (\d+) bytes "
                      r"are in use, (\d+) more are kept back", err)
    needed, free, used, total, kept = (int(n) for n in found.groups())
    assert used + free + kept == total and needed > free
    stored = _listed(cli)
    assert 0 < len(stored) < 60
    assert [entry["issuer"] for entry in stored] == ["Issuer%02d" % n for n in range(len(stored))]


def test_provision_is_callable_for_scan(pty_token, capsys):
    args = SimpleNamespace(port=pty_token.path, yes=True, replace=False, json=False)
    assert provision([ACME_ACCOUNT], args, warnings=["a weak secret"]) == 0
    out, err = capsys.readouterr()
    assert "verified" in out and "warning: a weak secret" in err


def test_code_returns_the_tokens_code_now(cli):
    cli("add", "--yes", ACME, _uri("Other", "x"))
    expected = reference.totp(base32.decode("JBSWY3DPEHPK3PXP"), NOW, digits=8, period=60,
                              algorithm="SHA256")  # CPython hmac, not the token's own code
    code, out, err = cli("code", "--json", "acme", presses=1)
    assert code == 0
    assert "Press B on the token to send the code for ACME:bob@example.com (15 s)" in err
    assert json.loads(out) == [{"slot": 0, "issuer": "ACME", "account": "bob@example.com",
                                "code": expected, "seconds_left": 60 - NOW % 60,
                                "counter": None}]
    code, out, _ = cli("code", presses=2)
    assert code == 0 and "Other" in out and expected in out


def test_code_refused_on_the_token_shows_no_code(cli):
    cli("add", "--yes", ACME)
    code, out, err = cli("code", "acme", presses=1, yes=False)
    assert code == 2 and "refused on the token" in err and out == ""


@pytest.mark.parametrize(("name", "status", "expected", "left"), [
    ("GitHub:alice", 0, "deleted slot 0 GitHub:alice", ["bob", "carol"]),
    ("github:ALICE", 0, "deleted slot 0 GitHub:alice", ["bob", "carol"]),
    ("carol", 0, "deleted slot 2 GitLab:carol", ["alice", "bob"]),
    ("gitlab", 0, "deleted slot 2 GitLab:carol", ["alice", "bob"]),
    ("github", 1, "matches several accounts: slot 0 GitHub:alice, slot 1 GitHub:bob",
     ["alice", "bob", "carol"]),
    ("nobody", 1, "no account matches 'nobody'", ["alice", "bob", "carol"]),
])
def test_delete_by_name_deletes_exactly_one_match(cli, name, status, expected, left):
    cli("add", "--yes", _uri("GitHub", "alice"), _uri("GitHub", "bob"), _uri("GitLab", "carol"))
    code, out, err = cli("delete", "--yes", name, presses=1)
    assert code == status and expected in out + err
    assert [entry["account"] for entry in _listed(cli)] == left


def test_delete_asks_first_and_by_slot(cli):
    cli("add", "--yes", _uri("A", "a"), _uri("B", "b"))
    assert cli("delete", "--slot", "1")[0] == 1
    assert cli("delete", "--slot", "5", "--yes")[0] == 1
    code, _, err = cli("delete", "--slot", "1", "--yes", presses=1, yes=False)
    assert code == 2 and "refused on the token" in err
    assert len(_listed(cli)) == 2
    code, _, err = cli("delete", "--slot", "1", "--yes", presses=1)
    assert code == 0 and "Press B on the token to delete B:b" in err
    assert [entry["issuer"] for entry in _listed(cli)] == ["A"]


def test_rename_and_move(cli):
    cli("add", "--yes", _uri("A", "a"), _uri("B", "b"), _uri("C", "c"))
    assert cli("rename", "--yes", "B:b", "--issuer", "Bee", presses=1)[0] == 0
    assert cli("move", "--yes", "c", "--to", "0", presses=1)[0] == 0
    assert cli("move", "--yes", "a", "--to", "3")[0] == 1
    assert [(e["issuer"], e["account"]) for e in _listed(cli)] == [("C", "c"), ("A", "a"),
                                                                     ("Bee", "b")]
    code, _, err = cli("rename", "--yes", "a", "--issuer", "Bee", "--account", "b")
    assert code == 1 and "already has this issuer and name" in err


def test_time_shows_offset_and_set_aligns_to_the_second(cli, pty_token):
    code, out, _ = cli("time", "--json")
    result = json.loads(out)
    assert code == 0 and result["token"] == NOW and result["offset"] == NOW - result["laptop"]
    code, out, _ = cli("time", "--set")
    assert code == 0 and "offset: +0 s" in out
    assert abs(pty_token.context.clock.unix - time.time()) <= 1


def test_wipe_needs_the_serial_or_name(cli):
    cli("add", "--yes", _uri("A", "a"))
    code, _, err = cli("wipe")
    assert code == 1 and "--confirm %s" % SERIAL in err
    code, _, err = cli("wipe", "--confirm", "WRONG")
    assert code == 1 and "nothing erased" in err
    assert len(_listed(cli)) == 1
    assert cli("wipe", "--confirm", "test-token", presses=1)[0] == 0
    assert _listed(cli) == []


def test_info_reads_hello(cli):
    code, out, _ = cli("info", "--json")
    info = json.loads(out)
    assert code == 0 and info["serial"] == SERIAL and info["accounts"] == 0
    code, out, _ = cli("info")
    assert code == 0 and "board test_board" in out
    assert "0 accounts stored, about " in out and " more fit" in out


@pytest.mark.parametrize("command", [["list"], ["code"], ["info"], ["time", "--set"]])
def test_no_token_is_exit_2_with_what_to_do(command, capsys):
    assert main(["--port", "/dev/no-such-token"] + command) == 2
    assert "/dev/no-such-token (from --port) does not exist" in capsys.readouterr().err


class _Terminal(io.StringIO):
    """Typed answers on a terminal (input() reads them from sys.stdin)."""

    def isatty(self):
        return True


@pytest.mark.parametrize(("typed", "status", "stored"), [("y\n", 0, 1), ("n\n", 1, 0),
                                                         ("\n", 1, 0)])
def test_add_asks_on_a_terminal(cli, monkeypatch, typed, status, stored):
    monkeypatch.setattr("sys.stdin", _Terminal(typed))
    assert cli("add", ACME)[0] == status
    assert len(_listed(cli)) == stored


@pytest.mark.parametrize(("typed", "status", "left"), [
    (SERIAL + "\n", 0, 0), ("test-token\n", 0, 0), ("test\n", 1, 1), ("\n", 1, 1)])
def test_wipe_asks_for_the_serial_or_name_on_a_terminal(cli, monkeypatch, typed, status, left):
    cli("add", "--yes", ACME)
    monkeypatch.setattr("sys.stdin", _Terminal(typed))
    code, out, _ = cli("wipe", presses=1)
    assert code == status and SERIAL in out
    assert len(_listed(cli)) == left


def test_the_port_from_the_environment(pty_token, monkeypatch, capsys):
    monkeypatch.setenv("TOTP_TOKEN_PORT", pty_token.path)
    assert main(["list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
