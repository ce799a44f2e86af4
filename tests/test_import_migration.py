"""Google Authenticator exports: the corpus against expected.json, crafted payloads, fuzzing."""

import base64
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from totp_token.errors import InputError
from totp_token.importers import read_sources
from totp_token.importers.migration import parse_migration

from totp import base32

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "migration"
EXPECTED = json.loads((CORPUS / "expected.json").read_text())
WHERE = "export.txt line 3"


def uri_lines(path):
    return [line.strip() for line in path.read_text().splitlines()
            if line.strip() and not line.startswith("#")]


def split_name(raw_name, issuer):
    """The documented rule: split Issuer:account when the prefix is the issuer, or no issuer."""
    if issuer and raw_name.startswith(issuer + ":"):
        return issuer, raw_name[len(issuer) + 1:].lstrip(" ")
    if not issuer and ":" in raw_name:
        head, _, tail = raw_name.partition(":")
        return head, tail.lstrip(" ")
    return issuer, raw_name


@pytest.mark.parametrize("filename", sorted(EXPECTED))
def test_corpus_export_matches_expected(filename):
    lines = uri_lines(CORPUS / filename)
    assert len(lines) == len(EXPECTED[filename])
    for line, expected in zip(lines, EXPECTED[filename], strict=True):
        part = parse_migration(line, WHERE)
        assert part.errors == []
        assert (part.batch_size or 1, part.batch_index, part.batch_id) == (
            expected["batch"]["size"] or 1, expected["batch"]["index"], expected["batch"]["id"])
        assert len(part.accounts) == len(expected["accounts"])
        for account, raw in zip(part.accounts, expected["accounts"], strict=True):
            assert (account.issuer, account.name) == split_name(raw["name"], raw["issuer"])
            assert base32.encode(account.secret) == raw["secret_base32"]
            assert account.algorithm == raw["algorithm"]
            assert account.digits == raw["digits"]
            assert account.kind == raw["type"]
            assert account.counter == raw["counter"]
            assert account.period == 30


@pytest.mark.parametrize("filename, position, issuer, name", [
    ("johncallahan_3part_batch.txt", 0, "ACME", "one@example.com"),
    ("johncallahan_3part_batch.txt", 21, "ACME", "twenty-two@example.com"),
    ("rwv_totp8_hotp7.txt", 0, "Test", "Test"),
    ("rwv_totp8_hotp7.txt", 1, "Example", "alice@google.com"),
    ("scito_example_export.txt", 3, "encoding", "¿äÄéÉ? (demo)"),  # empty issuer: split
    ("scito_plus_unescaped.txt", 3, "SerenityLabs", "test4@serenitylabs.co.uk"),
])
def test_names_are_split_into_issuer_and_account(filename, position, issuer, name):
    result = read_sources([str(CORPUS / filename)])
    account = result.accounts[position]
    assert (account.issuer, account.name) == (issuer, name)


def test_three_part_export_gives_22_accounts_without_warnings():
    result = read_sources([str(CORPUS / "johncallahan_3part_batch.txt")])
    assert len(result.accounts) == 22
    assert result.warnings == [] and result.failures == []


@pytest.mark.parametrize("given_parts, missing", [
    ([0, 2], ["part 2 of 3 not given"]),
    ([1], ["part 1 of 3 not given", "part 3 of 3 not given"]),
])
def test_missing_parts_of_a_split_export_are_named(tmp_path, given_parts, missing):
    lines = uri_lines(CORPUS / "johncallahan_3part_batch.txt")
    source = tmp_path / "parts.txt"
    source.write_text("\n".join(lines[i] for i in given_parts))
    result = read_sources([str(source)])
    sizes = [10, 10, 2]
    assert len(result.accounts) == sum(sizes[i] for i in given_parts)
    assert len(result.warnings) == len(missing)
    for text, warning in zip(missing, result.warnings, strict=True):
        assert text in warning and "251676888" in warning


# --- crafted payloads: a tiny protocol-buffers writer, the mirror of the reader ---

def varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def field(number, value):
    if isinstance(value, int):
        return varint(number << 3) + varint(value)
    return varint(number << 3 | 2) + varint(len(value)) + value


def otp(secret=b"12345678901234567890", name="alice", issuer="ACME", **numbers):
    codes = {"algorithm": 4, "digits": 5, "type": 6, "counter": 7}
    body = field(1, secret) + field(2, name.encode()) + field(3, issuer.encode())
    for key, value in numbers.items():
        body += field(codes[key], value)
    return body


def export_uri(*accounts, batch=(1, 1, 0, 7)):
    version, size, index, batch_id = batch
    payload = b"".join(field(1, account) for account in accounts)
    payload += field(2, version) + field(3, size) + field(4, index) + field(5, batch_id)
    return "otpauth-migration://offline?data=" + quote(base64.b64encode(payload), safe="")


@pytest.mark.parametrize("numbers, expected", [
    ({}, ("totp", "SHA1", 6, 0)),
    ({"algorithm": 0, "digits": 0, "type": 0}, ("totp", "SHA1", 6, 0)),
    ({"algorithm": 1, "digits": 1, "type": 2}, ("totp", "SHA1", 6, 0)),
    ({"algorithm": 2, "digits": 2}, ("totp", "SHA256", 8, 0)),
    ({"algorithm": 3}, ("totp", "SHA512", 6, 0)),
    ({"type": 1, "counter": 7}, ("hotp", "SHA1", 6, 7)),
    ({"type": 1, "counter": 2**40}, ("hotp", "SHA1", 6, 2**40)),
])
def test_enum_values_and_unspecified_defaults(numbers, expected):
    (account,) = parse_migration(export_uri(otp(**numbers)), WHERE).accounts
    assert (account.kind, account.algorithm, account.digits, account.counter) == expected
    assert account.period == 30


@pytest.mark.parametrize("name, issuer, expected", [
    ("ACME:alice", "ACME", ("ACME", "alice")),
    ("ACME: alice", "ACME", ("ACME", "alice")),
    ("ACME:alice", "", ("ACME", "alice")),
    ("Other:alice", "ACME", ("ACME", "Other:alice")),
    ("alice", "ACME", ("ACME", "alice")),
    ("gaben", "Steam", ("Steam", "gaben")),
])
def test_name_splitting(name, issuer, expected):
    (account,) = parse_migration(export_uri(otp(name=name, issuer=issuer)), WHERE).accounts
    assert (account.issuer, account.name) == expected


def test_steam_issuer_makes_a_steam_account():
    (account,) = parse_migration(export_uri(otp(issuer="steam")), WHERE).accounts
    assert (account.kind, account.digits) == ("steam", 5)


@pytest.mark.parametrize("bad_account, pattern", [
    (otp(algorithm=4), r"algorithm MD5 is not supported"),
    (otp(algorithm=9), r"unknown algorithm code 9"),
    (otp(digits=3), r"unknown digit count code 3"),
    (otp(type=5), r"unknown OTP type code 5"),
    (otp(secret=b""), r"the secret is empty"),
    (otp(name="x" * 70), r"name is longer than 64 bytes"),
    (otp(type=1, counter=-1), r"counter must be 0 to"),
    (field(2, b"\xff\xfe") + field(1, b"12345678901234567890"), r"not UTF-8"),
])
def test_a_bad_account_fails_alone(bad_account, pattern):
    part = parse_migration(export_uri(otp(name="good"), bad_account), WHERE)
    assert [account.name for account in part.accounts] == ["good"]
    assert len(part.errors) == 1
    assert part.errors[0].startswith(WHERE + " account 2")
    assert re.search(pattern, part.errors[0]), part.errors[0]


@pytest.mark.parametrize("uri, pattern", [
    ("otpauth-migration://offline?data=XXXX", r"invalid migration data \(the data ends"),
    ("otpauth-migration://offline?data=%%%", r"data= is not base64"),
    ("otpauth-migration://offline?data=ab*d", r"data= is not base64"),
    ("otpauth-migration://offline?data=", r"no data= parameter"),
    ("otpauth-migration://offline", r"no data= parameter"),
    ("otpauth-migration://offline?data=CgA&data=CgA", r"data= parameter is given twice"),
    ("otpauth-migration://offline?data=EAE", r"the export holds no accounts"),
    ("otpauth-migration://offline?data=" + base64.b64encode(b"\x0a\x05ab").decode(),
     r"the data ends inside field 1"),
    ("otpauth-migration://offline?data=" + base64.b64encode(b"\x0b").decode(),
     r"wire type 3"),
    ("otpauth-migration://offline?data=" + base64.b64encode(b"\x08" + b"\xff" * 11).decode(),
     r"longer than 10 bytes"),
    ("otpauth://totp/x?secret=AAAA", r"not an otpauth-migration:// URI"),
])
def test_unreadable_exports_name_the_problem(uri, pattern):
    with pytest.raises(InputError) as error:
        parse_migration(uri, WHERE)
    assert str(error.value).startswith(WHERE)
    assert re.search(pattern, str(error.value)), str(error.value)


def test_base64_written_plain_escaped_url_safe_or_form_decoded():
    payload = base64.b64encode(field(1, otp(secret=bytes([0xFB, 0xFF] * 10)))).decode()
    assert "+" in payload or "/" in payload
    variants = [
        payload,                                              # literal + and /
        quote(payload, safe=""),                              # %2B %2F %3D
        payload.replace("+", "-").replace("/", "_").rstrip("="),  # URL-safe, no padding
        payload.replace("+", " "),                            # + already form-decoded
    ]
    secrets = {parse_migration("otpauth-migration://offline?data=" + data,
                               WHERE).accounts[0].secret for data in variants}
    assert secrets == {bytes([0xFB, 0xFF] * 10)}


def test_negative_batch_id_reads_as_int32():
    part = parse_migration(export_uri(otp(), batch=(1, 2, 1, -5)), WHERE)
    assert (part.batch_id, part.batch_size, part.batch_index) == (-5, 2, 1)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_random_payloads_fail_only_with_input_error(payload):
    uri = "otpauth-migration://offline?data=" + quote(base64.b64encode(payload), safe="")
    _parse_or_input_error(uri)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_fuzz_damaged_real_exports_fail_only_with_input_error(data):
    payload = bytearray(base64.b64decode(uri_lines(CORPUS / "rwv_totp8_hotp7.txt")[0]
                                         .split("data=")[1].replace("%3D", "=")))
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(payload) - 1))
        payload[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(payload)))
    _parse_or_input_error("otpauth-migration://offline?data="
                          + base64.b64encode(bytes(payload[:cut])).decode())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_fuzz_arbitrary_text_fails_only_with_input_error(text):
    _parse_or_input_error("otpauth-migration://offline?data=" + text)


def _parse_or_input_error(uri):
    try:
        part = parse_migration(uri, WHERE)
    except InputError as exc:
        assert str(exc).startswith(WHERE)
        return
    for account in part.accounts:
        account.validate()
    assert all(message.startswith(WHERE) for message in part.errors)
