"""settings.toml as the simulator reads it: what os.getenv returns (CircuitPython 10.2+
rules) and a named problem, by file and line, for every line a board would trip on."""

import pytest
from support.headless import run_headless
from support.sim_drives import make_drive
from totp_token.sim import Simulator
from totp_token.sim.settings_file import parse_settings, read_settings

# content, what os.getenv sees, one fragment per expected problem (in order)
CASES = [
    (b'PIN = "D9"  # button A\nCOUNT = 2\n', {"PIN": "D9", "COUNT": "2"}, []),
    (b'HEX = 0x10\nFLIP = true # on\n', {"HEX": "0x10", "FLIP": "true"}, []),
    (b'ESC = "a\\tb\\u00e9\\"#"\n', {"ESC": 'a\tb\u00e9"#'}, []),
    (b'CRLF = "x"\r\nNEXT = 1\r\n', {"CRLF": "x", "NEXT": "1"}, []),
    (b'A = "open\nB = 1\n', {"B": "1"}, ["line 1: A: the string has no closing quote"]),
    (b'A = "x" y\n', {}, ["line 1: A: text after the closing quote"]),
    (b'A = "\\u12"\n', {}, ["line 1: A: \\u needs 4 hex digits"]),
    (b'A = "\\U00110000"\n', {}, ["beyond Unicode"]),
    (b'A = "caf\xe9"\nB = 2\n', {"B": "2"},
     ["line 1: A: its value is not UTF-8 text: CircuitPython's os.getenv('A') returns the "
      "default"]),
    (b'# caf\xe9\nB = 2\n', {"B": "2"}, ["line 1: a comment that is not UTF-8"]),
    (b'B = 2  # caf\xe9\n', {"B": "2"}, ["line 1: B: a comment is not UTF-8 text (harmless"]),
    (b'\xff\xfeK = 1\n', {}, ["line 1: bytes that are not UTF-8 text before the '='"]),
    (b'\xff\xfe\x01\n', {}, ["line 1: bytes that are not UTF-8 text and no '='"]),
    (b'\xef\xbb\xbfA = 1\nB = 2\n', {"B": "2"}, ["line 1: the file starts with a byte order mark"]),
    (b'A = 1\nA = 2\n', {"A": "1"}, ["line 2: A is set again (first on line 1): CircuitPython "
                                     "uses line 1"]),
    (b'A = "bad\nA = "good"\n', {}, ["line 1: A: the string has no closing quote",
                                    "line 2: A is set again"]),
    (b'A = 1\n[wifi]\nB = 2\n', {"A": "1"}, ["line 3: after the [table] on line 2"]),
    (b'A = 1\nB\x00junk\nC = 3\n', {"A": "1"}, ["line 2: a NUL byte", "line 2: no '='"]),
    (b"Q = 'x'\n", {"Q": "'x'"}, ["line 1: Q: single-quoted strings are not supported"]),
    (b'just words\nmy key = 1\n', {}, ["line 1: no '='", "line 2: 'my key' is not a bare key"]),
    (bytes(range(256)) * 8, {}, ["line 1: a NUL byte"]),
]


@pytest.mark.parametrize("content, values, problems", CASES)
def test_settings_lines_read_like_circuitpython(content, values, problems):
    found_values, found = parse_settings(content, "CIRCUITPY/settings.toml")
    assert found_values == values
    assert len(found) == len(problems), found
    for message, fragment in zip(found, problems, strict=True):
        assert message.startswith("CIRCUITPY/settings.toml line ")
        assert fragment in message


def test_a_binary_file_gives_a_short_list_of_problems():
    junk = b"".join(b"\xff%d\n" % n for n in range(100))
    values, problems = parse_settings(junk)
    assert values == {}
    assert len(problems) == 8
    assert "93 more problems" in problems[-1] and "text file" in problems[-1]


def test_messages_never_show_values():
    secret = b"hunter2-password"
    _, problems = parse_settings(b'WIFI = "' + secret + b'\nK = "' + secret + b'" x\n'
                                 b'K2 = "\xe9' + secret + b'"\n')
    assert len(problems) == 3
    assert not any(secret.decode() in message for message in problems)


def test_a_missing_file_is_no_problem_and_an_unreadable_one_is_named(tmp_path):
    assert read_settings(str(tmp_path / "settings.toml")) == ({}, [])
    folder = tmp_path / "settings.toml"
    folder.mkdir()
    values, problems = read_settings(str(folder))
    assert values == {} and len(problems) == 1
    assert str(folder) in problems[0] and "default settings" in problems[0]


PRINT_SETTINGS = ("import os, time\n"
                  "print('A=%r B=%r' % (os.getenv('A'), os.getenv('B', 'default')))\n"
                  "while True:\n"
                  "    time.sleep(0.1)\n")


def test_the_firmware_runs_and_gets_the_default_for_a_broken_value(tmp_path):
    drive = make_drive(tmp_path / "d", code=PRINT_SETTINGS, boot=None, libs=())
    (tmp_path / "d" / "settings.toml").write_bytes(b'A = "ok"\nB = "caf\xe9"\n')
    with Simulator(drive=drive) as sim:
        assert sim.take_errors() == []
        assert "A='ok' B='default'" in "".join(sim.machine.console_lines)
    assert len(sim.warnings) == 1
    assert sim.warnings[0].startswith(str(tmp_path / "d" / "settings.toml") + " line 2: B:")


@pytest.mark.parametrize("content", [b"\xff\xfe\x01\x02", b'A = "unterminated\n'])
def test_headless_reports_settings_problems_as_warning_events(tmp_path, content):
    drive = make_drive(tmp_path / "d", code=PRINT_SETTINGS, boot=None, libs=())
    (tmp_path / "d" / "settings.toml").write_bytes(content)
    code, events = run_headless(drive, ["quit"])
    assert code == 0
    assert events[0]["event"] == "ready"
    warnings = [event["message"] for event in events if event["event"] == "warning"]
    assert len(warnings) == 1 and "settings.toml line 1: " in warnings[0]
    assert not [event for event in events if event["event"] == "error"]
