"""Sources: URI arguments, stdin, text files, exports, directories, files that must be refused.

The external corpus's broken files run in test_corpus_sources.py.
"""

import io
import json
import re
import shutil
from pathlib import Path

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st
from support import sources
from support.backups import aegis_entry, aegis_vault, twofas_backup, twofas_service
from support.migration import split_export, totp8_and_hotp7
from support.qr import qr_image
from totp_token.importers import read_sources

from totp import base32

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "import"
SECRET = "JBSWY3DPEHPK3PXP"
URI = "otpauth://totp/ACME:alice?secret=%s&issuer=ACME" % SECRET


def labels(result):
    return [account.label() for account in result.accounts]


@pytest.mark.parametrize("name", sorted(sources.REFUSED))
def test_a_refused_file_fails_with_its_own_message(tmp_path, name):
    path = str(sources.write_refused(tmp_path, name))
    result = read_sources([path])
    assert result.accounts == []
    assert len(result.failures) == 1
    source, message = result.failures[0]
    assert source == path
    assert message.startswith(path) and sources.REFUSED[name][1] in message, message


def test_scanner_prefix_line_imports_its_account(tmp_path):
    result = read_sources([str(sources.write_prefixed(tmp_path))])
    assert labels(result) == ["%s:%s" % (sources.PREFIXED_ISSUER, sources.PREFIXED_NAME)]
    assert result.failures == []


def test_text_file_with_comments_blank_lines_crlf_bom_and_prefix(tmp_path):
    path = tmp_path / "uris.txt"
    text = ("\ufeff# my accounts\r\n\r\n%s\r\n   # indented comment\r\n"
            "QR-Code:otpauth://totp/Other:bob?secret=%s\r\n" % (URI, SECRET))
    path.write_bytes(text.encode("utf-8"))
    result = read_sources([str(path)])
    assert labels(result) == ["ACME:alice", "Other:bob"]
    assert result.failures == [] and result.warnings == []


def test_bad_line_fails_alone_and_names_its_line(tmp_path):
    path = tmp_path / "uris.txt"
    path.write_text("%s\nnot a uri\notpauth://totp/x?secret=%s&digits=5\n"
                    "otpauth://totp/B:c?secret=%s\n" % (URI, SECRET, SECRET))
    result = read_sources([str(path)])
    assert labels(result) == ["ACME:alice", "B:c"]
    messages = [message for _, message in result.failures]
    assert len(messages) == 2
    assert messages[0].startswith("%s line 2: not an otpauth://" % path)
    assert messages[1].startswith("%s line 3 (x): digits must be 6 to 10" % path)


def test_utf16_text_file_from_a_windows_editor(tmp_path):
    path = tmp_path / "uris.txt"
    path.write_bytes(("%s\r\n" % URI).encode("utf-16"))
    assert labels(read_sources([str(path)])) == ["ACME:alice"]


def test_comment_only_file_says_so(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("# nothing yet\n\n")
    (failure,) = read_sources([str(path)]).failures
    assert "no URI in it" in failure[1]


def test_uri_arguments_and_their_position_in_messages():
    result = read_sources([URI, "otpauth://totp/x?secret=%s&algorithm=MD5" % SECRET])
    assert labels(result) == ["ACME:alice"]
    (failure,) = result.failures
    assert failure[0] == "argument 2"  # not the URI: it holds the secret
    assert failure[1].startswith("argument 2 (x): algorithm 'MD5'")
    assert SECRET not in repr(result.failures) + repr(result.warnings)


@pytest.mark.parametrize("stream", [
    io.StringIO("%s\n# comment\n" % URI),
    io.BytesIO(("%s\n" % URI).encode()),
    io.TextIOWrapper(io.BytesIO(("%s\n" % URI).encode())),
])
def test_standard_input_holding_uris(stream):
    result = read_sources(["-"], stdin=stream)
    assert labels(result) == ["ACME:alice"]


def test_standard_input_holding_an_image():
    buffer = io.BytesIO()
    segno.make(URI).save(buffer, kind="png", scale=4)
    result = read_sources(["-"], stdin=io.BytesIO(buffer.getvalue()))
    assert labels(result) == ["ACME:alice"]


def test_empty_standard_input():
    (failure,) = read_sources(["-"], stdin=io.StringIO("")).failures
    assert failure == ("-", "standard input is empty: pipe URIs or a QR image into `-`, "
                            "or give the file itself")


def test_missing_path_says_what_a_source_is(tmp_path):
    missing = str(tmp_path / "nope.txt")
    (failure,) = read_sources([missing]).failures
    assert failure[1].startswith(missing + ": no such file or directory")
    assert "otpauth://" in failure[1]


def test_directory_imports_the_good_files_and_lists_each_failure(tmp_path):
    (tmp_path / "a.txt").write_text(totp8_and_hotp7() + "\n")
    qr_image("otpauth://totp/Example:alice@google.com?issuer=Example&secret=%s" % SECRET).save(
        tmp_path / "b.png")
    nested = tmp_path / "nested"
    nested.mkdir()
    shutil.copy(FIXTURES / "andotp_plain.json", nested / "c.json")
    (tmp_path / "bad.txt").write_text("hello\n")
    (tmp_path / ".hidden").write_text("ignored\n")
    for name in ("empty_file.txt", "qr_without_otp.png"):
        sources.write_refused(tmp_path, name)
    result = read_sources([str(tmp_path)])
    assert labels(result) == ["Test:Test", "Example:alice@google.com", "Example:alice@google.com",
                              "ACME:alice@example.com", "Legacy Bank:bob", "Steam:gaben"]
    failed = sorted(Path(source).name for source, _ in result.failures)
    assert failed == ["bad.txt", "c.json", "empty_file.txt", "qr_without_otp.png"]


def test_a_folder_of_refused_files_imports_only_the_readable_one(tmp_path):
    sources.write_all(tmp_path)
    result = read_sources([str(tmp_path)])
    assert labels(result) == ["%s:%s" % (sources.PREFIXED_ISSUER, sources.PREFIXED_NAME)]
    assert sorted(Path(source).name for source, _ in result.failures) == sorted(sources.REFUSED)


def test_empty_directory(tmp_path):
    (failure,) = read_sources([str(tmp_path)]).failures
    assert failure[1] == "%s: the directory holds no files" % tmp_path


def test_the_same_account_twice_is_imported_once_with_a_warning(tmp_path):
    result = read_sources([URI, URI.replace("ACME:", "ACME%3A")])
    assert labels(result) == ["ACME:alice"]
    assert result.warnings == ["argument 2 (ACME:alice): the same account was already found; "
                               "imported once"]


def test_an_account_the_token_cant_hold_fails_alone(tmp_path):
    path = tmp_path / "uris.txt"
    path.write_text("otpauth://totp/%s:x?secret=%s\n%s\n" % ("I" * 70, SECRET, URI))
    result = read_sources([str(path)])
    assert labels(result) == ["ACME:alice"]
    (failure,) = result.failures
    assert "line 1" in failure[1] and "issuer is longer than 64 bytes: shorten it" in failure[1]


# --- other authenticators' exports (fixtures written from each format's documentation) ---

@pytest.mark.parametrize("name, expected, failure_patterns", [
    ("aegis_plain.json", [
        ("ACME", "alice@example.com", "totp", "SHA1", 6, 30, 0, SECRET),
        ("Air Example", "bob", "hotp", "SHA256", 7, 30, 50, "KUVJJOM753IHTNDSZVCNKL7GII"),
        ("Steam", "gaben", "steam", "SHA1", 5, 30, 0, "JRZCL47CMXVOQMNPZR2F7J4RGI"),
        ("Long Period", "carol", "totp", "SHA512", 8, 60, 0,
         "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
    ], [r"Aegis entry 5 \(Mobile OTP:dave\): OTP type 'motp' is not supported"]),
    ("twofas_plain.2fas", [
        ("GitHub", "octocat", "totp", "SHA1", 6, 30, 0, SECRET),
        ("example.com", "", "hotp", "SHA256", 8, 30, 3, "KUVJJOM753IHTNDSZVCNKL7GII"),
        ("Steam", "gaben", "steam", "SHA1", 5, 30, 0, "JRZCL47CMXVOQMNPZR2F7J4RGI"),
    ], []),
    ("andotp_plain.json", [
        ("ACME", "alice@example.com", "totp", "SHA1", 6, 30, 0, SECRET),
        ("Legacy Bank", "bob", "hotp", "SHA512", 8, 30, 12, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
        ("Steam", "gaben", "steam", "SHA1", 5, 30, 0, "JRZCL47CMXVOQMNPZR2F7J4RGI"),
    ], [r"andOTP entry 4 \(Typo:eve\): the secret is not valid base32"]),
])
def test_plain_exports(name, expected, failure_patterns):
    result = read_sources([str(FIXTURES / name)])
    found = [(a.issuer, a.name, a.kind, a.algorithm, a.digits, a.period, a.counter,
              base32.encode(a.secret)) for a in result.accounts]
    assert found == expected
    assert len(result.failures) == len(failure_patterns)
    for pattern, (_, message) in zip(failure_patterns, result.failures, strict=True):
        assert re.search(pattern, message), message
        assert "JBSWY3DP0HPK3PXP" not in message


@pytest.mark.parametrize("name, document", [
    ("aegis_encrypted.json", aegis_vault([aegis_entry("ACME", "alice", SECRET)], "pw")),
    ("twofas_encrypted.2fas", twofas_backup([twofas_service("ACME", SECRET)], "pw")),
])
def test_encrypted_exports_without_a_password_say_how_to_give_one(tmp_path, name, document):
    (tmp_path / name).write_text(json.dumps(document))
    result = read_sources([str(tmp_path / name)])
    assert result.accounts == []
    (failure,) = result.failures
    assert re.search(r"%s: an encrypted backup, and no password was given: give the password "
                     r"at the prompt or with --password-file FILE" % re.escape(name),
                     failure[1]), failure[1]


@pytest.mark.parametrize("name, content, pattern", [
    ("backup.json.aes", b"\x00\x01binary", r"an encrypted backup: export it again unencrypted"),
    ("broken.json", b'{"db": {\n  "entries": [,]}}', r"broken\.json line 2: not valid JSON"),
    ("other.json", b'{"hello": "world"}', r"JSON, but not an export this tool reads"),
    ("empty_aegis.json", b'{"header": {"slots": null}, "db": {"entries": []}}',
     r"the Aegis export holds no accounts"),
    ("binary.dat", b"\x00\xff\xfe\x80" * 10, r"not a text file, a JSON export or an image"),
    ("latin1.txt", ("# ok\n%s\n# caf\xe9\n" % URI).encode("latin-1"),
     r"latin1\.txt line 3: not UTF-8 text: save the file as UTF-8"),
    ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, r"not an image: it holds no image"),
])
def test_unreadable_files_say_why(tmp_path, name, content, pattern):
    path = tmp_path / name
    path.write_bytes(content)
    (failure,) = read_sources([str(path)]).failures
    assert failure[0] == str(path)
    assert re.search(pattern, failure[1]), failure[1]


def test_parts_of_one_export_given_as_separate_sources(tmp_path):
    lines = split_export(sizes=(10, 10, 2))
    result = read_sources([lines[0], lines[2]])
    assert len(result.accounts) == 12
    assert len(result.warnings) == 1 and "part 2 of 3 not given" in result.warnings[0]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 2**40) | st.sampled_from(
        ["", "TOTP", "hotp", "steam", "SHA1", "md5", SECRET, "ACME:bob", "x" * 70]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["db", "header", "entries", "services", "servicesEncrypted", "otp",
                         "info", "secret", "type", "tokenType", "issuer", "name", "label",
                         "account", "algo", "algorithm", "digits", "period", "counter",
                         "slots"]), children, max_size=6),
    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_fuzz_json_exports_never_raise(document):
    _read_stdin_never_raises(json.dumps(document).encode())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([b"", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff", b"BM", b"{",
                        b"otpauth://totp/", b"otpauth-migration://offline?data=",
                        b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]),
       st.binary(max_size=200))
def test_fuzz_arbitrary_bytes_never_raise(prefix, data):
    _read_stdin_never_raises(prefix + data)


def _read_stdin_never_raises(data):
    result = read_sources(["-"], stdin=io.BytesIO(data))
    assert result.accounts or result.failures
    for account in result.accounts:
        account.validate()
    assert all(message.startswith("standard input") for _, message in result.failures)
