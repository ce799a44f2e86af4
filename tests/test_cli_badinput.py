"""Bad and hostile input to every `totp-token` command, against a token on a real pty.

The contract each row checks: exit status 1 (bad input) or 2 (token or link),
one `error: ...` line on standard error naming the problem and the fix, no
traceback, no secret anywhere in the output, and nothing stored on the token
lost or changed by the failed command.
"""

import _thread
import io
import json
import os
import select
import subprocess
import sys
import threading

import pytest
from PIL import Image
from support.presence import call_pressing
from support.protocol_harness import SERIAL, wait_until
from totp_token.cli import COMMAND_MODULES, build_parser, main
from totp_token.client import refusal

SECRET = "JBSWY3DPEHPK3PXP"
STORED = "otpauth://totp/Stored:keep?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Stored"
GOOD = "otpauth://totp/New:n?secret=%s&issuer=New" % SECRET


def _uri(tail):
    return "otpauth://totp/X:y?secret=%s%s" % (SECRET, tail)


@pytest.fixture
def cli(pty_token, capsys):
    def run(*argv, port=True, presses=0):
        def command():
            return main((["--port", pty_token.path] if port else []) + list(argv))

        code = call_pressing(command, pty_token.waiting, pty_token.press, presses) if presses \
            else command()
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def seeded(cli):
    """A token holding one account the failed commands must leave alone."""
    assert cli("add", "--yes", STORED)[0] == 0
    before = _listed(cli)
    yield cli
    assert _listed(cli) == before


def _listed(cli):
    code, out, _ = cli("list", "--json")
    assert code == 0
    return json.loads(out)


def _one_error_line(err):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


# -- the port ----------------------------------------------------------------------

def _port_path(kind, tmp_path):
    if kind == "regular file":
        path = tmp_path / "notes.txt"
        path.write_text("hello")
        return str(path)
    if kind == "directory":
        return str(tmp_path)
    return {"/dev/null": "/dev/null", "missing": str(tmp_path / "ttyACM9"), "empty": ""}[kind]


@pytest.mark.parametrize(("kind", "status", "message"), [
    ("regular file", 1, "is a file, not a serial port"),
    ("directory", 1, "is a directory, not a serial port"),
    ("/dev/null", 1, "is a device but not a serial port"),
    ("missing", 2, "does not exist: plug the token in"),
    ("empty", 1, "--port is empty"),
])
def test_a_port_that_is_not_a_token(tmp_path, capsys, kind, status, message):
    assert main(["--port", _port_path(kind, tmp_path), "list"]) == status
    line = _one_error_line(capsys.readouterr().err)
    assert message in line and "`totp-token sim` prints" in line


def test_a_wrong_port_in_the_environment_is_named_as_such(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TOTP_TOKEN_PORT", str(tmp_path / "gone"))
    assert main(["info"]) == 2
    assert "(from $TOTP_TOKEN_PORT) does not exist" in _one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", ["scan", "add", "list", "code", "delete", "rename", "move",
                                     "wipe", "time", "info"])
def test_every_token_command_documents_port(capsys, command):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0 and "--port PATH" in capsys.readouterr().out


def test_port_is_accepted_after_the_command(pty_token, capsys):
    assert main(["list", "--port", pty_token.path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# -- usage errors ------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (["bogus"], "invalid choice: 'bogus'"),
    (["move", "alice"], "the following arguments are required: --to"),
    (["delete", "--slot", "x"], "invalid int value: 'x'"),
    (["add"], "the following arguments are required: SOURCE"),
    (["wipe", "--confirm"], "expected one argument"),
])
def test_usage_errors_are_one_line_and_exit_1(capsys, argv, message):
    with pytest.raises(SystemExit) as done:
        main(argv)
    line = _one_error_line(capsys.readouterr().err)
    assert done.value.code == 1 and message in line and "--help`" in line


# -- add: what a source can get wrong ------------------------------------------------

def _source(kind, tmp_path):
    if kind == "directory with a bad file":
        (tmp_path / "good.txt").write_text(GOOD + "\n")
        (tmp_path / "bad.txt").write_text(_uri("&digits=5") + "\n")
        return str(tmp_path)
    if kind == "image without a QR code":
        path = tmp_path / "blank.png"
        Image.new("RGB", (120, 120), "white").save(path)
        return str(path)
    if kind == "file named with an escape":
        (tmp_path / "\x1b[2J.txt").write_text("hello\n")
        return str(tmp_path)
    if kind == "missing file":
        return str(tmp_path / "accounts.txt")
    return kind


@pytest.mark.parametrize(("source", "message"), [
    (_uri("").replace("PXP", "PX1"), "the secret is not valid base32: it may only hold"),
    (_uri("&algorithm=MD5"), "algorithm 'MD5' is not supported"),
    (_uri("&digits=5"), "digits must be 6 to 10, not 5"),
    (_uri("&digits=11"), "digits must be 6 to 10, not 11"),
    (_uri("&period=0"), "period must be 1 to 86400, not 0"),
    (_uri("&period=-30"), "period must be a whole number, 1 to 86400"),
    ("otpauth://totp/y?secret=%s&issuer=%s" % (SECRET, "I" * 200), "issuer is longer than 64"),
    ("otpauth://totp/X:y?secret=", "the secret is empty"),
    ("otpauth://totp/Evil%1B%5B2J:y?secret=" + SECRET, "not UTF-8 (\\x1b)"),
    ("otpauth://totp/%FF:y?secret=" + SECRET, "the label is not UTF-8 once percent-decoded"),
    ("otpauth://steam/Steam:s?secret=%s&algorithm=SHA256" % SECRET, "Steam Guard codes use SHA1"),
    (SECRET, "looks like a bare secret (not shown)"),
    ("otpauth:/totp/X:y?secret=" + SECRET, "neither a file nor an otpauth:// URI (not shown"),
    ("missing file", "accounts.txt: no such file or directory"),
    ("", "an empty SOURCE: give an otpauth:// URI in quotes"),
    ("file named with an escape", "\\x1b[2J.txt line 1: not an otpauth:// or"),
    ("image without a QR code", "blank.png: no QR code found in the image"),
])
def test_add_refuses_a_bad_source_and_adds_nothing(seeded, tmp_path, source, message):
    code, out, err = seeded("add", "--yes", _source(source, tmp_path))
    line = _one_error_line(err)
    assert code == 1 and message in line and line.endswith("nothing was added")
    assert SECRET not in out + err and "\x1b" not in out + err


def test_add_from_a_directory_with_a_bad_file_adds_the_good_one_and_exits_1(cli, tmp_path):
    code, out, err = cli("add", "--yes", _source("directory with a bad file", tmp_path))
    assert code == 1 and "bad.txt line 1 (X:y): digits must be 6 to 10" in err
    assert "could not be imported" in err and "New:n  verified" in out
    assert SECRET not in out + err


@pytest.mark.parametrize(("stdin", "message"), [
    (lambda: io.TextIOWrapper(io.BytesIO(b"")), "standard input is empty: pipe URIs"),
    (lambda: None, "standard input is closed: pipe URIs"),  # started with <&-
], ids=["empty", "closed"])
def test_add_from_standard_input_with_nothing_there(seeded, monkeypatch, stdin, message):
    monkeypatch.setattr("sys.stdin", stdin())
    code, _, err = seeded("add", "--yes", "-")
    assert code == 1 and message in _one_error_line(err)


def test_add_the_stored_account_again_is_skipped_as_already_there(seeded):
    code, out, _ = seeded("add", "--yes", STORED)
    assert code == 0 and "Stored:keep  already on the token, verified" in out


def test_add_another_secret_under_a_stored_name_needs_replace(seeded):
    code, _, err = seeded("add", "--yes", STORED.replace("GEZDGNBV", "MFRGGZDF"))
    assert code == 1 and "already holds Stored:keep (slot 0)" in err and "--replace" in err


# -- questions: no, end of input, Ctrl-C, no terminal -------------------------------------

class _Terminal(io.StringIO):
    """A terminal on standard input: answers typed, then end of input or Ctrl-C."""

    def __init__(self, typed, then=None):
        super().__init__(typed)
        self.then = then

    def isatty(self):
        return True

    def readline(self, *size):
        line = super().readline(*size)
        if not line and self.then:
            raise self.then()
        return line


ANSWERS = {  # what is typed -> (standard input, message; wipe asks for the serial instead)
    "no": (lambda: _Terminal("n\n"), "not confirmed", "nothing erased"),
    "end of input": (lambda: _Terminal(""), "not confirmed", "nothing erased"),
    "ctrl-c": (lambda: _Terminal("", then=KeyboardInterrupt),
               "interrupted at the question: nothing changed",
               "interrupted at the question: nothing changed"),
    "piped nothing": (lambda: io.StringIO(""), "standard input ended without an answer",
                      "--confirm %s" % SERIAL),
    "piped no": (lambda: io.StringIO("n\n"), "not confirmed", "--confirm %s" % SERIAL),
    "closed input": (lambda: _closed(), "standard input is closed; pass --yes",
                     "--confirm %s" % SERIAL),
}


def _closed():
    stream = io.StringIO("y\n")
    stream.close()
    return stream


@pytest.mark.parametrize("argv", [["add", GOOD], ["delete", "stored"], ["wipe"],
                                  ["rename", "stored", "--issuer", "Other"],
                                  ["move", "stored", "--to", "0"]])
@pytest.mark.parametrize("answer", list(ANSWERS))
def test_a_question_not_answered_yes_changes_nothing(seeded, monkeypatch, argv, answer):
    stdin, message, wipe_message = ANSWERS[answer]
    monkeypatch.setattr("sys.stdin", stdin())
    code, _, err = seeded(*argv)
    asked = "".join(line + "\n" for line in err.splitlines() if "[y/N]" not in line)
    assert code == 1 and (wipe_message if argv == ["wipe"] else message) in _one_error_line(asked)


@pytest.mark.parametrize("argv", [["delete", "stored"],
                                  ["rename", "stored", "--issuer", "Other"],
                                  ["move", "stored", "--to", "0"]])
def test_a_piped_yes_confirms(cli, monkeypatch, argv):
    assert cli("add", "--yes", STORED)[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = cli(*argv, presses=1)  # then the owner's press on the token
    assert code == 0, err
    assert "[y/N]" in err and "[y/N]" not in out  # the question stays off the output


def test_a_piped_yes_confirms_an_add(cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = cli("add", "--json", GOOD)
    assert code == 0, err
    assert json.loads(out)[0]["verified"] is True


# -- choosing an account ---------------------------------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (["delete", "github"], "'github' matches several accounts: slot 1 GitHub:alice, "
                           "slot 2 GitHub:bob; use issuer:account or --slot N"),
    (["rename", "nobody", "--issuer", "X"], "no account matches 'nobody'"),
    (["delete", "--slot", "3"], "slot 3 does not exist: the token has 3 account(s), slots 0 to 2"),
    (["delete", "--slot", "-1"], "slot -1 does not exist"),
    (["move", "alice", "--to", "999"], "--to 999 is not a slot: use 0 to 2"),
    (["move", "alice", "--to", "-1"], "--to -1 is not a slot: use 0 to 2"),
    (["move", "--slot", "-1", "--to", "0"], "slot -1 does not exist"),
    (["delete", "alice", "--slot", "1"], "give NAME or --slot, not both"),
    (["delete"], "say which account"),
    (["rename", "alice", "--issuer", "I" * 65], "--issuer is 65 bytes long, over the token's 64"),
    (["rename", "alice", "--account", "a\tb"], "--account 'a\\tb' holds a control character"),
    (["rename", "alice", "--issuer", "", "--account", ""], "needs an issuer, a name or both"),
    (["rename", "alice", "--account", "bob"], "slot 2 already has this issuer and name"),
    (["code", "nobody"], "no account matches 'nobody'"),
])
def test_choosing_an_account_that_is_not_there(cli, argv, message):
    assert cli("add", "--yes", STORED, "otpauth://totp/GitHub:alice?secret=%s" % SECRET,
               "otpauth://totp/GitHub:bob?secret=%s" % SECRET)[0] == 0
    before = _listed(cli)
    code, out, err = cli(*(argv + ["--yes"] if argv[0] != "code" else argv))
    assert code == 1 and message in _one_error_line(err)
    assert _listed(cli) == before


@pytest.mark.parametrize("argv", [["delete", "--slot", "0"], ["move", "x", "--to", "0"],
                                  ["code"]])
def test_an_empty_token_says_to_add_first(cli, argv):
    code, _, err = cli(*argv, "--yes") if argv[0] != "code" else cli(*argv)
    assert code == 1 and "the token holds no accounts: add one" in _one_error_line(err)


def test_wipe_with_the_wrong_serial_says_where_to_read_it(seeded):
    code, _, err = seeded("wipe", "--confirm", "E661")
    assert code == 1 and "nothing erased; type it exactly as `totp-token info`" in err


# -- the clock and HOTP ------------------------------------------------------------------

def test_codes_on_a_token_whose_clock_stopped_say_how_to_set_it(cli, pty_token):
    cli("add", "--yes", STORED, "otpauth://hotp/Bank:c?secret=%s&issuer=Bank" % SECRET)
    pty_token.context.clock.unix = None  # the DS3231 lost power
    code, _, err = cli("code")
    assert code == 2
    assert "set the clock with `totp-token time --set`" in _one_error_line(err)
    code, out, _ = cli("code", "bank", presses=1)  # HOTP needs no clock
    assert code == 0 and "Bank" in out
    code, out, err = cli("add", "--yes", GOOD)  # verified against the laptop's time
    assert code == 0 and "verified" in out
    assert "warning: the token's clock is not set, so it shows no codes yet" in err
    assert cli("time", "--set")[0] == 0 and cli("code", presses=3)[0] == 0


def test_an_hotp_code_shows_its_counter_and_that_it_used_it_up(cli):
    cli("add", "--yes", "otpauth://hotp/Bank:c?secret=%s&issuer=Bank&counter=7" % SECRET)
    code, out, _ = cli("code", presses=1)
    assert code == 0 and "counter" in out and "used up its counter value" in out
    assert json.loads(cli("code", "--json", presses=1)[1])[0]["counter"] == 8


# -- Ctrl-C while the token works -------------------------------------------------------

def _interrupt_when(predicate):
    def watch():
        if wait_until(predicate, timeout=5):
            _thread.interrupt_main()
    threading.Thread(target=watch, daemon=True).start()


def test_ctrl_c_during_an_add_says_what_the_token_may_hold(cli, pty_token):
    answered = threading.Event()
    changed = pty_token.context.changed

    def slow_change():  # the account is stored; the answer is late
        changed()
        answered.wait(5)
    pty_token.context.changed = slow_change
    _interrupt_when(lambda: len(pty_token.context.store) == 1)
    code, _, err = cli("add", "--yes", GOOD)
    answered.set()
    assert code == 2
    assert ("interrupted while the token was handling 'add': that change happened completely "
            "or not at all; run `totp-token list`") in _one_error_line(err)
    pty_token.context.changed = changed
    assert [entry["issuer"] for entry in _listed(cli)] == ["New"]


def test_ctrl_c_while_waiting_for_hello_changed_nothing(capsys):
    master, slave = os.openpty()  # nothing answers on this port
    try:
        _interrupt_when(lambda: select.select([master], [], [], 0)[0])
        assert main(["--port", os.ttyname(slave), "list"]) == 2
    finally:
        os.close(master)
        os.close(slave)
    assert "waiting for the token's answer to 'hello': nothing was changed" in _one_error_line(
        capsys.readouterr().err)


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    many = tmp_path / "many.txt"
    many.write_text("".join("otpauth://totp/I%d:n?secret=%s\n" % (n, SECRET)
                            for n in range(1500)))  # a table bigger than a pipe holds
    tool = os.path.join(os.path.dirname(sys.executable), "totp-token")
    process = subprocess.Popen([tool, "parse", str(many)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    process.stdout.read(10)
    process.stdout.close()  # like `| head -c 10`
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1 and b"Traceback" not in err, err


def _raise_interrupt(*_args, **_kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize(("argv", "target", "status", "message"), [
    (["parse", GOOD], "totp_token.importers.read_sources", 1, "error: interrupted"),
    (["deploy", "--drive", "{drive}"], "totp_token.deploy.apply", 2,
     "the drive may be partly written; run `totp-token deploy` again"),
    (["time", "--set"], "totp_token.commands.time.set_clock", 2,
     "a change under way happened completely or not at all"),
])
def test_ctrl_c_outside_a_request_says_what_may_have_changed(
        pty_token, capsys, monkeypatch, tmp_path, argv, target, status, message):
    (tmp_path / "boot_out.txt").write_text(
        "Adafruit CircuitPython 10.0.3 on 2025-10-17; Adafruit Feather RP2040 with rp2040\n"
        "Board ID:adafruit_feather_rp2040\n")
    monkeypatch.setattr(target, _raise_interrupt)
    argv = [arg.replace("{drive}", str(tmp_path)) for arg in argv]
    assert main(["--port", pty_token.path] + argv) == status
    assert message in _one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize(("error", "status", "hint"), [
    ("bad_account", 1, None),
    ("exists", 1, None),
    ("no_slot", 1, "see `totp-token list` for the slots"),
    ("confirm", 1, None),
    ("clock", 2, "set the clock with `totp-token time --set`"),
    ("storage", 2, "see `totp-token info`"),
    ("full", 2, None),
    ("internal", 2, "try again"),
    ("unknown_op", 2, "update the firmware (`totp-token deploy`)"),
    ("bad_request", 2, "update the firmware"),
])
def test_a_refusal_is_bad_input_only_when_the_request_was(error, status, hint):
    refused = refusal("delete", {"ok": False, "error": error, "message": "it said \x1b[2Jno"})
    assert refused.exit_code == status and refused.code == error
    assert str(refused).startswith("the token refused 'delete': it said \\x1b[2Jno")
    assert hint is None or hint in str(refused)


def test_a_command_module_that_is_missing_stops_the_tool_loudly(monkeypatch):
    # a renamed or lost command must not quietly vanish from the tool
    monkeypatch.setattr("totp_token.cli.COMMAND_MODULES", ("add", "renamed"))
    with pytest.raises(ModuleNotFoundError) as caught:
        build_parser()
    assert caught.value.name == "totp_token.commands.renamed"


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_every_command_module_registers_runnable_commands(module, monkeypatch):
    monkeypatch.setattr("totp_token.cli.COMMAND_MODULES", (module,))
    subparsers = next(action for action in build_parser()._actions if action.dest == "command")
    assert subparsers.choices, "%s registers no command" % module
    for name, parser in subparsers.choices.items():
        assert callable(parser.get_default("func")), "%s sets no func" % name
