"""Imports that can be run again, entries that cannot be imported, a backup token, and
deletes made final: the `add`, `list --compare` and `delete --now` commands against
tokens on real pseudo-terminals."""

import json
import shutil
from pathlib import Path

import pytest
from support.presence import call_pressing
from support.protocol_harness import PtyToken
from totp_token.cli import main

from totp import base32

NOW = 1_760_000_000
FIXTURES = Path(__file__).parent / "fixtures" / "import"
HOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
URIS = [
    "otpauth://totp/ACME:bob@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME&digits=8",
    "otpauth://totp/Mail:bob?secret=KRSXG5CTMVRXEZLU&issuer=Mail",
    "otpauth://hotp/Bank:bob?secret=%s&issuer=Bank&counter=10" % HOTP_SECRET,
]


@pytest.fixture
def tokens():
    with PtyToken(unix=NOW) as first, PtyToken(unix=NOW) as second:
        yield first, second


@pytest.fixture
def run(capsys):
    def run(*argv, pressing=None, presses=1):
        """The command's (status, stdout, stderr); ``pressing``: the token whose owner
        answers its questions (``presses`` of them)."""
        def command():
            return main(list(argv))

        code = command() if pressing is None else \
            call_pressing(command, pressing.waiting, pressing.press, presses)
        out, err = capsys.readouterr()
        return code, out, err
    return run


def used(token):
    return token.context.store.used_bytes()


def test_adding_the_same_export_twice_writes_nothing_and_says_already(tokens, run, tmp_path):
    token = tokens[0]
    export = tmp_path / "export.txt"
    export.write_text("\n".join(URIS) + "\n")
    assert run("add", "--yes", "--port", token.path, str(export))[0] == 0
    before = used(token)
    image = bytes(token.context.nvm)
    code, out, err = run("add", "--yes", "--port", token.path, str(export))
    assert code == 0, err
    assert out.count("already on the token, verified") == len(URIS)
    assert used(token) == before and bytes(token.context.nvm) == image


def test_an_export_with_an_unsupported_entry_imports_the_rest_and_exits_1(tokens, run, tmp_path):
    token = tokens[0]
    export = tmp_path / "aegis.json"
    shutil.copy(FIXTURES / "aegis_plain.json", export)
    code, out, err = run("add", "--yes", "--port", token.path, str(export))
    assert code == 1
    assert "Mobile OTP:dave" in err and "motp" in err and "could not be imported" in err
    assert len(token.context.store) == 4 and out.count("verified") == 4
    # and again: the four are already there, the unsupported one still named
    code, out, err = run("add", "--yes", "--port", token.path, str(export))
    assert code == 1 and "Mobile OTP:dave" in err
    assert out.count("already on the token") == 4


def test_a_different_account_under_the_same_name_is_left_alone_without_replace(tokens, run):
    token = tokens[0]
    assert run("add", "--yes", "--port", token.path, URIS[0])[0] == 0
    changed = URIS[0].replace("digits=8", "digits=6")
    code, out, err = run("add", "--yes", "--port", token.path, changed, URIS[1])
    assert code == 1 and "ACME:bob@example.com (slot 0)" in err and "--replace" in err
    assert token.context.store.get(0).digits == 8 and len(token.context.store) == 2


def test_replace_rewrites_what_differs_and_never_moves_a_counter_back(tokens, run):
    token = tokens[0]
    assert run("add", "--yes", "--port", token.path, URIS[2])[0] == 0
    store = token.context.store
    with token.lock:
        store.set_counter(0, 50)  # the owner pressed 40 times
    changed = URIS[2].replace("counter=10", "counter=0") + "&digits=8"
    code, out, err = run("add", "--yes", "--replace", "--port", token.path, changed,
                         pressing=token)
    assert code == 0, err
    assert "replaced, verified" in out
    assert store.get(0).digits == 8 and store.get(0).counter == 50
    before = used(token)
    assert run("add", "--yes", "--replace", "--port", token.path, changed)[0] == 0
    assert used(token) == before  # nothing differs any more: no write


def test_add_with_two_ports_loads_and_verifies_both_tokens(tokens, run):
    first, second = tokens
    code, out, err = run("add", "--yes", "--port", first.path, "--port", second.path, *URIS)
    assert code == 0, err
    assert out.count("Token ") == 2 and out.count("verified") == 2 * len(URIS)
    for token in tokens:
        stored = [token.context.store.get(slot) for slot in range(len(URIS))]
        assert [base32.encode(account.secret) for account in stored][2] == HOTP_SECRET
    assert run("list", "--port", first.path, "--compare", second.path) == (
        0, "Both tokens hold the same 3 account(s) (names and parameters; secrets are "
           "never read).\n", "")


def test_list_compare_names_what_differs_without_secrets(tokens, run):
    first, second = tokens
    assert run("add", "--yes", "--port", first.path, *URIS)[0] == 0
    assert run("add", "--yes", "--port", second.path, URIS[0].replace("digits=8", "digits=6"),
               URIS[1])[0] == 0
    code, out, _ = run("list", "--json", "--port", first.path, "--compare", second.path)
    assert code == 1
    assert json.loads(out) == [
        {"account": "ACME:bob@example.com", "difference": "differs in digits"},
        {"account": "Bank:bob", "difference": "only on the first token"}]
    assert "JBSW" not in out and HOTP_SECRET not in out


def test_delete_says_when_the_secret_leaves_flash_and_now_compacts(tokens, run):
    token = tokens[0]
    assert run("add", "--yes", "--port", token.path, *URIS)[0] == 0
    secret = token.context.store.get(1).secret
    code, out, err = run("delete", "--yes", "--port", token.path, "--slot", "1", pressing=token)
    assert code == 0 and "stays in the token's flash" in err and "--now" in err
    assert secret in bytes(token.context.nvm)
    # one press for the delete, one for the compaction
    code, out, err = run("delete", "--yes", "--now", "--port", token.path, "--slot", "0",
                         pressing=token, presses=2)
    assert code == 0 and "gone from the token's flash" in out
    assert secret not in bytes(token.context.nvm)
    assert len(token.context.store) == 1
