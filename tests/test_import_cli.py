"""`totp-token parse` and `totp-token scan`: output formats, exit codes, messages."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import segno
from PIL import Image
from support import sources
from support.migration import TYPE_TOTP, export_uri, numbered_secret, otp, split_export
from support.qr import phone_photo
from totp_token.cli import main
from totp_token.importers import screen

from totp import base32

ROOT = Path(__file__).resolve().parents[1]
JSON_KEYS = {"issuer", "account", "type", "algorithm", "digits", "period", "counter"}
SECRET = "JBSWY3DPEHPK3PXP"
TOTP_URI = "otpauth://totp/ACME:alice?secret=%s&issuer=ACME" % SECRET
HOTP_URI = "otpauth://hotp/Bank:bob?secret=%s&counter=3&digits=8" % SECRET


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_done_when_three_part_export_prints_22_accounts(tmp_path):
    # the installed command, as the issue states it, on a three-part export made here
    export = tmp_path / "3part_batch.txt"
    export.write_text("\n".join(split_export()) + "\n")
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("totp-token")), "parse", "--json", "--show-secrets",
         str(export)], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    printed = json.loads(completed.stdout)
    assert len(printed) == 22
    for number, entry in enumerate(printed, 1):
        assert set(entry) == JSON_KEYS | {"secret"}
        assert (entry["issuer"], entry["account"]) == ("ACME", "user%d@example.com" % number)
        assert entry["secret"] == base32.encode(numbered_secret(number))


def test_done_when_photo_prints_test1_to_test3(capsys, tmp_path):
    export = export_uri(*(otp(bytes([n]) * 10, "Test%d:test%d@example%d.com" % (n, n, n),
                              "Test%d" % n, type=TYPE_TOTP) for n in (1, 2, 3)))
    photo = tmp_path / "photo.png"
    phone_photo(export, scale=4).save(photo)
    status, out, err = run(capsys, "parse", "--json", "--show-secrets", str(photo))
    assert status == 0, err
    assert [(e["issuer"], e["account"]) for e in json.loads(out)] == [
        ("Test1", "test1@example1.com"), ("Test2", "test2@example2.com"),
        ("Test3", "test3@example3.com")]


@pytest.mark.parametrize("name", sorted(sources.REFUSED))
def test_refused_files_exit_1_naming_file_and_problem(capsys, tmp_path, name):
    path = str(sources.write_refused(tmp_path, name))
    status, out, err = run(capsys, "parse", path)
    assert status == 1
    assert out == ""
    assert "error: %s" % path in err and sources.REFUSED[name][1] in err, err


def test_scanner_prefixed_file_parses(capsys, tmp_path):
    status, out, _ = run(capsys, "parse", "--json", str(sources.write_prefixed(tmp_path)))
    assert status == 0
    assert [(e["issuer"], e["account"]) for e in json.loads(out)] == [
        (sources.PREFIXED_ISSUER, sources.PREFIXED_NAME)]


def test_json_has_exactly_the_public_keys_without_show_secrets(capsys):
    status, out, _ = run(capsys, "parse", "--json", TOTP_URI, HOTP_URI)
    assert status == 0
    assert json.loads(out) == [
        {"issuer": "ACME", "account": "alice", "type": "totp", "algorithm": "SHA1",
         "digits": 6, "period": 30, "counter": None},
        {"issuer": "Bank", "account": "bob", "type": "hotp", "algorithm": "SHA1",
         "digits": 8, "period": None, "counter": 3},
    ]
    assert SECRET not in out


def test_table_masks_secrets_unless_asked(capsys):
    status, out, _ = run(capsys, "parse", TOTP_URI)
    assert status == 0
    assert SECRET not in out and "(hidden)" in out and "ACME" in out
    status, out, _ = run(capsys, "parse", "--show-secrets", TOTP_URI)
    assert SECRET in out


def test_warnings_go_to_stderr_and_json_stays_clean(capsys):
    status, out, err = run(capsys, "parse", "--json", "otpauth://hotp/x?secret=JBSWY3DP")
    assert status == 0
    assert len(json.loads(out)) == 1
    assert re.search(r"warning: argument 1 \(x\): the secret is only 40 bits", err)
    assert "warning: argument 1 (x): HOTP without a counter" in err


def test_good_and_bad_sources_print_the_good_and_exit_1(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("otpauth://totp/x?secret=%s&algorithm=MD5\n" % SECRET)
    status, out, err = run(capsys, "parse", "--json", TOTP_URI, str(bad))
    assert status == 1
    assert [e["account"] for e in json.loads(out)] == ["alice"]
    assert "error: %s line 1 (x): algorithm 'MD5' is not supported" % bad in err


def test_standard_input(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(TOTP_URI + "\n"))
    status, out, _ = run(capsys, "parse", "--json", "-")
    assert status == 0 and json.loads(out)[0]["issuer"] == "ACME"


def test_scan_without_a_display_says_to_save_an_image(capsys, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    status, out, err = run(capsys, "scan")
    assert status == 1 and out == ""
    assert "cannot capture the screen: there is no display (DISPLAY is not set" in err
    assert "Save the QR code as an image file" in err and "totp-token add IMAGE" in err


def test_scan_on_wayland_without_x_says_so(capsys, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    status, _, err = run(capsys, "scan")
    assert status == 1
    assert "Wayland session without X access" in err and "Save the QR code as an image" in err


def test_scan_with_an_unreachable_x_display_says_so(capsys, monkeypatch):
    monkeypatch.setenv("DISPLAY", ":%d" % (900 + os.getpid() % 90))  # no X server there
    status, _, err = run(capsys, "scan")
    assert status == 1
    assert "cannot capture the screen (" in err and "Save the QR code as an image" in err


def _screen_with(*uris):
    desktop = Image.new("RGB", (1920, 1080), (236, 239, 244))
    for position, uri in enumerate(uris):
        buffer = io.BytesIO()
        segno.make(uri).save(buffer, kind="png", scale=5)
        buffer.seek(0)
        desktop.paste(Image.open(buffer).convert("RGB"), (200 + 700 * position, 300))
    return desktop


def test_scan_shows_every_otp_code_on_every_screen(capsys, monkeypatch):
    screens = [("screen 1", _screen_with(TOTP_URI, "https://example.com")),
               ("screen 2", _screen_with(HOTP_URI))]
    monkeypatch.setattr(screen, "capture_screens", lambda: screens)
    status, out, err = run(capsys, "scan", "--json")
    assert status == 0
    assert [e["account"] for e in json.loads(out)] == ["alice", "bob"]
    assert "screen 1: 1 QR code(s) holds no OTP URI" in err


def test_scan_with_nothing_on_screen(capsys, monkeypatch):
    monkeypatch.setattr(screen, "capture_screens", lambda: [("screen 1", _screen_with())])
    status, _, err = run(capsys, "scan")
    assert status == 1
    assert "no OTP QR code found on 1 screen(s)" in err


def test_scan_add_hands_the_accounts_to_provisioning(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(screen, "capture_screens", lambda: [("screen 1", _screen_with(TOTP_URI))])
    status, out, err = run(capsys, "--port", str(tmp_path / "no-token"), "scan", "--add", "--yes")
    assert "To add:" in out and "ACME" in out and "alice" in out
    assert status == 2, err  # provisioning ran and found no token at that port
    assert str(tmp_path / "no-token") in err
