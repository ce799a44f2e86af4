"""Google Authenticator exports: crafted payloads, split exports, fuzzing.

The external corpus's exports run in test_corpus_migration.py.
"""

import base64
import re
from urllib.parse import quote, unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.migration import export_uri, field, otp, split_export, totp8_and_hotp7
from totp_token.errors import InputError
from totp_token.importers import read_sources
from totp_token.importers.migration import parse_migration

WHERE = "export.txt line 3"
SPLIT_ID = 251676888


def test_three_part_export_gives_22_accounts_without_warnings(tmp_path):
    source = tmp_path / "export.txt"
    source.write_text("# three QR codes of one export\n\n" + "\n".join(split_export()) + "\n")
    result = read_sources([str(source)])
    assert [account.name for account in result.accounts] == [
        "user%d@example.com" % number for number in range(1, 23)]
    assert {account.issuer for account in result.accounts} == {"ACME"}
    assert result.warnings == [] and result.failures == []


@pytest.mark.parametrize("given_parts, missing", [
    ([0, 2], ["part 2 of 3 not given"]),
    ([1], ["part 1 of 3 not given", "part 3 of 3 not given"]),
])
def test_missing_parts_of_a_split_export_are_named(tmp_path, given_parts, missing):
    lines = split_export(batch_id=SPLIT_ID)
    source = tmp_path / "parts.txt"
    source.write_text("\n".join(lines[i] for i in given_parts))
    result = read_sources([str(source)])
    sizes = [10, 10, 2]
    assert len(result.accounts) == sum(sizes[i] for i in given_parts)
    assert len(result.warnings) == len(missing)
    for text, warning in zip(missing, result.warnings, strict=True):
        assert text in warning and str(SPLIT_ID) in warning


def test_eight_digit_totp_and_hotp_at_counter_7():
    first, second = parse_migration(totp8_and_hotp7(), WHERE).accounts
    assert (first.issuer, first.name, first.kind, first.digits) == ("Test", "Test", "totp", 8)
    assert (second.issuer, second.name, second.kind, second.counter) == (
        "Example", "alice@google.com", "hotp", 7)


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
def test_fuzz_damaged_exports_fail_only_with_input_error(data):
    payload = bytearray(base64.b64decode(unquote(totp8_and_hotp7().split("data=")[1])))
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
