"""Files that can't hurt the tool: devices, FIFOs, sockets, endless input, image bombs, deep JSON.

Every one ends in a clear error naming the file, quickly, without a traceback, and
never stops the other files of a directory. The same for `sim --state FILE`. The
fuzz tests feed the readers arbitrary bytes and export-shaped JSON: only the
InputError family may come out, as recorded failures.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.backups import BITWARDEN_CSV_HEADER, png_claiming
from totp_token.errors import InputError
from totp_token.importers import read_sources
from totp_token.importers.sources import MAX_FILE_BYTES
from totp_token.safe_input import MAX_JSON_CONTAINERS
from totp_token.sim import state as state_file

SECRET = "JBSWY3DPEHPK3PXP"
URI = "otpauth://totp/ACME:alice?secret=%s&issuer=ACME" % SECRET
TOTP_TOKEN = Path(sys.executable).with_name("totp-token")
QUICK_SECONDS = 20  # generous for a loaded 2-core machine; each case takes well under 2 s


def only_failure(paths):
    result = read_sources([str(path) for path in paths])
    assert result.accounts == []
    (failure,) = result.failures
    return failure[1]


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_done_when_a_hostile_directory_imports_the_valid_file_and_names_each_bad_one(
        tmp_path):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "huge.png").write_bytes(png_claiming(80000, 1))
    os.mkfifo(folder / "pipe")
    (folder / "zero.json").symlink_to("/dev/zero")
    (folder / "good.txt").write_text(URI + "\n")
    started = time.monotonic()
    result = subprocess.run([str(TOTP_TOKEN), "parse", "--json", str(folder)],
                            capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    elapsed = time.monotonic() - started
    print("hostile directory parsed in %.2f s" % elapsed)
    assert result.returncode == 1
    assert [row["account"] for row in json.loads(result.stdout)] == ["alice"]
    lines = result.stderr.splitlines()
    assert lines == [
        "error: %s: the image claims 80000 x 1 pixels, more than any screenshot or photo "
        "(at most 20000 pixels a side): crop it to the QR code" % (folder / "huge.png"),
        "error: %s: a named pipe (FIFO), not a file: give the file that holds the URIs, the "
        "export or the QR image" % (folder / "pipe"),
        "error: %s: a device, not a file: give the file that holds the URIs, the export or the "
        "QR image" % (folder / "zero.json"),
    ]
    assert elapsed < QUICK_SECONDS


def test_done_when_endless_standard_input_ends_with_a_clear_error():
    started = time.monotonic()
    result = subprocess.run("cat /dev/zero | '%s' parse -" % TOTP_TOKEN, shell=True,
                            capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - started
    print("cat /dev/zero | totp-token parse - ended in %.2f s" % elapsed)
    assert result.returncode == 1
    assert result.stderr == ("error: standard input: larger than 64 MB: pipe URIs, an export "
                             "or a QR image into `-`, or give the file itself\n")
    assert elapsed < QUICK_SECONDS * 3


@pytest.mark.parametrize("make, kind", [
    (lambda tmp: Path("/dev/zero"), "a device"),
    (lambda tmp: _symlink(tmp / "link", "/dev/zero"), "a device"),
    (lambda tmp: _symlink(tmp / "link", "/dev/null"), "a device"),
])
def test_devices_are_refused_by_type_before_reading(tmp_path, make, kind):
    path = make(tmp_path)
    started = time.monotonic()
    message = only_failure([path])
    assert message == ("%s: %s, not a file: give the file that holds the URIs, the export or "
                       "the QR image" % (path, kind))
    assert time.monotonic() - started < 2


def test_a_fifo_is_refused_without_waiting_for_a_writer(fifo):
    started = time.monotonic()
    assert "a named pipe (FIFO), not a file" in only_failure([fifo])
    assert time.monotonic() - started < 2


def test_a_socket_in_a_directory_is_refused_and_the_rest_imported(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    listener = socket.socket(socket.AF_UNIX)
    try:
        listener.bind(str(folder / "sock"))
        (folder / "uris.txt").write_text(URI + "\n")
        result = read_sources([str(folder)])
    finally:
        listener.close()
    assert [a.name for a in result.accounts] == ["alice"]
    (failure,) = result.failures
    assert failure[1].startswith("%s: a socket, not a file" % (folder / "sock"))


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    assert only_failure([path]).startswith("%s: larger than 64 MB" % path)


@pytest.mark.parametrize("width, height, problem", [
    (80000, 1, "the image claims 80000 x 1 pixels, more than any screenshot or photo"),
    (1, 70000, "the image claims 1 x 70000 pixels"),
    (19000, 19000, "the image is too large to read safely (over 210 megapixels)"),  # Pillow's
])
def test_images_claiming_absurd_sizes_are_refused_before_decoding(tmp_path, width, height,
                                                                  problem):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming(width, height))
    assert path.stat().st_size < 2000
    started = time.monotonic()
    message = only_failure([path])
    assert time.monotonic() - started < 2
    assert message.startswith("%s: %s" % (path, problem)), message


def test_json_nested_too_deeply_is_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 200000 + "]" * 200000)
    assert only_failure([path]) == ("%s: JSON nested too deeply: give the export file "
                                    "unchanged" % path)


def test_json_with_absurdly_many_containers_is_refused_before_parsing(tmp_path):
    path = tmp_path / "many.json"
    path.write_text("[" + ",".join(["[]"] * (MAX_JSON_CONTAINERS + 1)) + "]")
    assert "more than %d JSON objects and lists" % MAX_JSON_CONTAINERS in only_failure([path])


def test_a_number_with_thousands_of_digits_is_refused(tmp_path):
    path = tmp_path / "n.json"
    path.write_text('{"services": [{"secret": "%s", "otp": {"digits": %s}}]}'
                    % (SECRET, "9" * 5000))
    assert "number too long" in only_failure([path])


# --- sim --state FILE: the same rules on the simulator's state file -------------------------

@pytest.mark.parametrize("make, pattern", [
    (lambda tmp: _fifo(tmp / "state.json"), r"a named pipe \(FIFO\), not a file"),
    (lambda tmp: _symlink(tmp / "state.json", "/dev/zero"), r"a device, not a file"),
    (lambda tmp: _write(tmp / "state.json", b"[" * 100000), r"cannot be read \(JSON nested "
                                                            r"too deeply\)"),
    (lambda tmp: _sparse(tmp / "state.json", state_file.MAX_STATE_BYTES + 1),
     r"larger than 1 MB"),
])
def test_an_unusable_sim_state_file_is_refused_quickly(tmp_path, make, pattern):
    path = make(tmp_path)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        state_file.load(str(path), "pico")
    assert time.monotonic() - started < 2
    message = str(caught.value)
    assert re.search(pattern, message), message
    assert message.startswith("state file %s" % path)
    assert message.endswith("pass another --state path")


def test_sim_with_a_fifo_state_exits_1_with_one_line(fifo):
    result = subprocess.run([str(TOTP_TOKEN), "sim", "--headless", "--state", str(fifo)],
                            capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert result.stderr.startswith("error: state file %s: a named pipe (FIFO)" % fifo)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# --- fuzzing: no input produces anything but recorded InputError failures ------------------

EXPORT_KEYS = ["db", "header", "slots", "params", "entries", "info", "secret", "type", "name",
               "issuer", "algo", "digits", "period", "counter", "services", "otp", "tokenType",
               "label", "account", "algorithm", "servicesEncrypted", "items", "login", "totp",
               "username", "encrypted", "tokens", "issuerExt", "content", "uri", "version"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True)
    | st.sampled_from([SECRET, "totp", "hotp", "steam", "SHA1", "MD5", "", URI,
                       "steam://" + SECRET, "otpauth://totp/x?secret=0"]) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(EXPORT_KEYS), children, max_size=6),
    max_leaves=25)
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


def _read_without_escape(path):
    try:
        result = read_sources([str(path)], password=lambda _prompt: "pw")
    except InputError:  # read_sources records failures; it should not even raise these
        pytest.fail("read_sources raised instead of recording a failure")
    for source, message in result.failures:
        assert source == str(path) and message.startswith(str(path))
    return result


@FUZZ
@given(document=JSON_VALUES)
def test_fuzz_export_shaped_json_only_fails_cleanly(tmp_path, document):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(document))
    _read_without_escape(path)


@FUZZ
@given(data=st.binary(max_size=300))
def test_fuzz_arbitrary_bytes_only_fail_cleanly(tmp_path, data):
    path = tmp_path / "file"
    path.write_bytes(data)
    _read_without_escape(path)


@FUZZ
@given(rows=st.lists(st.lists(st.text(max_size=30), max_size=12), max_size=5))
def test_fuzz_bitwarden_shaped_csv_only_fails_cleanly(tmp_path, rows):
    path = tmp_path / "export.csv"
    text = ",".join(BITWARDEN_CSV_HEADER) + "\n" + "\n".join(",".join(row) for row in rows)
    path.write_text(text)
    _read_without_escape(path)


@FUZZ
@given(header=st.binary(min_size=0, max_size=64))
def test_fuzz_image_headers_only_fail_cleanly(tmp_path, header):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + header)
    _read_without_escape(path)


def _symlink(path, target):
    path.symlink_to(target)
    return path


def _fifo(path):
    os.mkfifo(path)
    return path


def _write(path, data):
    path.write_bytes(data)
    return path


def _sparse(path, size):
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path
