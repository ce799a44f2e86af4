"""The otpauth:// URI rules (docs/importing.md), one table row per rule, plus fuzzing."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from totp_token.errors import InputError
from totp_token.importers.uri import parse_uri

from totp import base32

SECRET = "JBSWY3DPEHPK3PXP"  # 80 bits: no weak-secret warning
SECRET_BYTES = base32.decode(SECRET)
WHERE = "test.txt line 7"

# (uri, expected fields, warning patterns in order)
VALID = [
    pytest.param("otpauth://totp/ACME:alice@example.com?secret=%s&issuer=ACME" % SECRET,
                 {"issuer": "ACME", "name": "alice@example.com", "kind": "totp"}, [],
                 id="plain totp"),
    pytest.param("OTPAUTH://TOTP/ACME:alice?secret=%s" % SECRET,
                 {"issuer": "ACME", "name": "alice", "kind": "totp"}, [],
                 id="scheme and type in upper case"),
    pytest.param("otpauth://HoTp/ACME:alice?secret=%s&counter=42" % SECRET,
                 {"kind": "hotp", "counter": 42}, [], id="type in mixed case, hotp counter"),
    pytest.param("otpauth://hotp/ACME:alice?secret=%s" % SECRET,
                 {"kind": "hotp", "counter": 0}, [r"HOTP without a counter= parameter"],
                 id="hotp without counter: 0 and a warning"),
    pytest.param("otpauth://steam/Steam:gaben?secret=%s&issuer=Steam&digits=5" % SECRET,
                 {"kind": "steam", "digits": 5, "issuer": "Steam"}, [],
                 id="Aegis steam type"),
    pytest.param("otpauth://totp/Valve:gaben?secret=%s&encoder=steam" % SECRET,
                 {"kind": "steam", "digits": 5, "issuer": "Valve"}, [], id="encoder=steam"),
    pytest.param("otpauth://totp/gaben?secret=%s&issuer=sTeAm" % SECRET,
                 {"kind": "steam", "digits": 5}, [], id="issuer Steam in any case"),
    pytest.param("otpauth://totp/ACME%%3Aalice?secret=%s" % SECRET,
                 {"issuer": "ACME", "name": "alice"}, [], id="colon written %3A"),
    pytest.param("otpauth://totp/ACME:%%20%%20alice?secret=%s" % SECRET,
                 {"issuer": "ACME", "name": "alice"}, [], id="spaces after the colon dropped"),
    pytest.param("otpauth://totp/ACME:bob:smith?secret=%s" % SECRET,
                 {"issuer": "ACME", "name": "bob:smith"}, [], id="split at the first colon"),
    pytest.param("otpauth://totp/Big:Corp:alice?secret=%s&issuer=Big%%3ACorp" % SECRET,
                 {"issuer": "Big:Corp", "name": "alice"}, [],
                 id="issuer parameter with a colon: split after it"),
    pytest.param("otpauth://totp/alice?secret=%s&issuer=ACME" % SECRET,
                 {"issuer": "ACME", "name": "alice"}, [], id="no colon: issuer from parameter"),
    pytest.param("otpauth://totp/alice?secret=%s" % SECRET,
                 {"issuer": "", "name": "alice"}, [], id="no issuer at all"),
    pytest.param("otpauth://totp/Foo:alice?secret=%s&issuer=Bar" % SECRET,
                 {"issuer": "Bar", "name": "alice"},
                 [r"label names issuer 'Foo' but the issuer parameter says 'Bar'"],
                 id="issuers differ: parameter wins, warning"),
    pytest.param("otpauth://totp/Big+Corp:alice?secret=%s&issuer=Big+Corp" % SECRET,
                 {"issuer": "Big Corp", "name": "alice"}, [],
                 id="issuers differ only by + and space: no warning"),
    pytest.param("otpauth://totp/ACME:a+b@example.com?secret=%s" % SECRET,
                 {"name": "a+b@example.com"}, [], id="label keeps +"),
    pytest.param("otpauth://totp/x?secret=%s&issuer=Big%%20Corp%%26Co" % SECRET,
                 {"issuer": "Big Corp&Co"}, [], id="query values percent-decoded"),
    pytest.param("otpauth://totp/B%%C3%%A4r:j%%C3%%B6rg?secret=%s" % SECRET,
                 {"issuer": "Bär", "name": "jörg"}, [], id="UTF-8 label"),
    pytest.param("otpauth://totp/x?secret=jbsw+y3dp-ehpk%203pxp====",
                 {"secret": SECRET_BYTES}, [],
                 id="secret: case, spaces, + as space, hyphens and = ignored"),
    pytest.param("otpauth://totp/x?secret=JBSWY3DP",
                 {"secret": base32.decode("JBSWY3DP")}, [r"the secret is only 40 bits"],
                 id="secret under 80 bits: warning, not refusal"),
    pytest.param("otpauth://totp/x?secret=%s&algorithm=sha256" % SECRET,
                 {"algorithm": "SHA256"}, [], id="algorithm in lower case"),
    pytest.param("otpauth://totp/x?secret=%s&algorithm=Sha512" % SECRET,
                 {"algorithm": "SHA512"}, [], id="algorithm SHA512"),
    pytest.param("otpauth://totp/x?secret=%s" % SECRET,
                 {"algorithm": "SHA1", "digits": 6, "period": 30}, [], id="defaults"),
    pytest.param("otpauth://totp/x?secret=%s&digits=8&period=60" % SECRET,
                 {"digits": 8, "period": 60}, [], id="digits and period"),
    pytest.param("otpauth://totp/x?secret=%s&digits=10" % SECRET,
                 {"digits": 10}, [], id="10 digits"),
    pytest.param("otpauth://totp/x?secret=%s&counter=9" % SECRET,
                 {"kind": "totp", "counter": 0}, [], id="counter ignored for totp"),
    pytest.param("otpauth://totp/x?secret=%s&image=https%%3A%%2F%%2Fa.b%%2Fi.png&foo" % SECRET,
                 {"kind": "totp"}, [], id="unknown parameters ignored"),
    pytest.param("otpauth://totp/x?SECRET=%s&Digits=7" % SECRET,
                 {"digits": 7}, [], id="parameter names in any case"),
    pytest.param("otpauth://totp/?secret=%s&issuer=ACME" % SECRET,
                 {"issuer": "ACME", "name": ""}, [], id="empty label"),
    pytest.param("  otpauth://totp/x?secret=%s \n" % SECRET,
                 {"name": "x"}, [], id="surrounding white space"),
    pytest.param("otpauth://totp/x?secret=%s&period=86400" % SECRET,
                 {"period": 86400}, [], id="period of a whole day, the longest"),
    pytest.param("otpauth://totp/x?algorithm=SHA1&secret=%s&digits=6&algorithm=SHA1" % SECRET,
                 {"algorithm": "SHA1", "digits": 6}, [],
                 id="a parameter repeated with the same value (pyotp writes these)"),
    pytest.param("otpauth://totp/x?secret=%s&period=60&PERIOD=60&Secret=%s" % (SECRET, SECRET),
                 {"period": 60, "secret": SECRET_BYTES}, [],
                 id="repeats with the same value in any case, secret included"),
]

# (uri, error pattern)
INVALID = [
    pytest.param("https://example.com/?secret=%s" % SECRET, r"not an otpauth:// URI",
                 id="not otpauth"),
    pytest.param("otpauth://motp/x?secret=%s" % SECRET, r"OTP type 'motp' is not supported",
                 id="unknown type"),
    pytest.param("otpauth://totp/ACME:alice?issuer=ACME", r"secret= parameter is missing",
                 id="no secret"),
    pytest.param("otpauth://totp/x?secret=", r"the secret is empty", id="empty secret"),
    pytest.param("otpauth://totp/x?secret=JBSWY3DP1HPK3PXP",
                 r"not valid base32: it may only hold the letters A-Z and digits 2-7 \(spaces, "
                 r"hyphens and = are ignored\); check it was copied whole\Z",
                 id="secret with a 1"),
    pytest.param("otpauth://totp/x?secret=JBSWY3D%C3%A9", r"not valid base32: it may only hold",
                 id="secret with a non-ASCII letter"),
    pytest.param("otpauth://totp/x?secret=JBSWY3DPE", r"part of it is missing",
                 id="truncated secret"),
    pytest.param("otpauth://totp/x?secret=%s&algorithm=MD5" % SECRET,
                 r"algorithm 'MD5' is not supported", id="MD5"),
    pytest.param("otpauth://totp/x?secret=%s&algorithm=SHA224" % SECRET,
                 r"algorithm 'SHA224' is not supported", id="SHA224"),
    pytest.param("otpauth://totp/x?secret=%s&digits=5" % SECRET,
                 r"digits must be 6 to 10, not 5", id="5 digits"),
    pytest.param("otpauth://totp/x?secret=%s&digits=11" % SECRET,
                 r"digits must be 6 to 10, not 11", id="11 digits"),
    pytest.param("otpauth://totp/x?secret=%s&digits=six" % SECRET,
                 r"digits must be a whole number, 6 to 10, not 'six'", id="digits not a number"),
    pytest.param("otpauth://totp/x?secret=%s&period=0" % SECRET,
                 r"period must be 1 to 86400, not 0", id="period 0"),
    pytest.param("otpauth://totp/x?secret=%s&period=86401" % SECRET,
                 r"period must be 1 to 86400, not 86401", id="period over a day"),
    pytest.param("otpauth://totp/x?secret=%s&period=-30" % SECRET,
                 r"period must be a whole number, 1 to 86400, not '-30'", id="negative period"),
    pytest.param("otpauth://totp/x?secret=%s&period=30.5" % SECRET,
                 r"period must be a whole number", id="fractional period"),
    pytest.param("otpauth://hotp/x?secret=%s&counter=-1" % SECRET,
                 r"counter must be a whole number", id="negative counter"),
    pytest.param("otpauth://hotp/x?secret=%s&counter=9007199254740992" % SECRET,
                 r"counter must be 0 to 9007199254740991", id="counter beyond 2**53-1"),
    pytest.param("otpauth://totp/x?secret=%s&secret=GEZDGNBVGY3TQOJQ" % SECRET,
                 r"the secret= parameter is given twice with different values", id="secret twice"),
    pytest.param("otpauth://totp/x?secret=%s&algorithm=SHA1&ALGORITHM=SHA256" % SECRET,
                 r"the algorithm= parameter is given twice", id="algorithm twice"),
    pytest.param("otpauth://totp/x?secret=%s&digits=6&digits=8" % SECRET,
                 r"the digits= parameter is given twice", id="digits twice"),
    pytest.param("otpauth://totp/x?secret=%s&period=30&period=60" % SECRET,
                 r"the period= parameter is given twice", id="period twice"),
    pytest.param("otpauth://hotp/x?secret=%s&counter=1&counter=2" % SECRET,
                 r"the counter= parameter is given twice", id="counter twice"),
    pytest.param("otpauth://totp/x?secret=%s&issuer=A&issuer=B" % SECRET,
                 r"the issuer= parameter is given twice", id="issuer twice"),
    pytest.param("otpauth://hotp/x?secret=%s&encoder=steam" % SECRET,
                 r"Steam codes are time-based", id="hotp with steam encoder"),
    pytest.param("otpauth://totp/ACME:%s?secret=%s" % ("a" * 65, SECRET),
                 r"name is longer than 64 bytes", id="account name the token can't hold"),
    pytest.param("otpauth://totp/x?secret=%s&issuer=%s" % (SECRET, "%C3%A9" * 33),
                 r"issuer is longer than 64 bytes", id="issuer over 64 UTF-8 bytes"),
    pytest.param("otpauth://totp/x?secret=%s" % ("A" * 208), r"the secret is 130 bytes",
                 id="secret the token can't hold"),
    pytest.param("otpauth://totp/%%FF?secret=%s" % SECRET, r"label is not UTF-8",
                 id="label not UTF-8"),
    pytest.param("otpauth://totp/x?secret=%s&issuer=%%FF" % SECRET, r"parameter is not UTF-8",
                 id="parameter not UTF-8"),
]


@pytest.mark.parametrize("uri, expected, warnings", VALID)
def test_valid_uri(uri, expected, warnings):
    account, found_warnings = parse_uri(uri, WHERE)
    for field, value in expected.items():
        assert getattr(account, field) == value, field
    assert len(found_warnings) == len(warnings), found_warnings
    for pattern, warning in zip(warnings, found_warnings, strict=True):
        assert warning.startswith(WHERE)
        assert re.search(pattern, warning), warning


@pytest.mark.parametrize("uri, pattern", INVALID)
def test_invalid_uri_names_the_place_and_the_problem(uri, pattern):
    with pytest.raises(InputError) as error:
        parse_uri(uri, WHERE)
    message = str(error.value)
    assert message.startswith(WHERE), message
    assert re.search(pattern, message), message
    assert SECRET not in message  # the secret is never echoed


def test_steam_account_always_has_five_digits():
    account, _ = parse_uri("otpauth://totp/Steam:me?secret=%s&digits=8" % SECRET)
    assert (account.kind, account.digits) == ("steam", 5)


URI_PARTS = st.sampled_from([
    "otpauth://", "totp", "hotp", "steam", "TOTP", "/", ":", "%3A", "%", "%FF", "%C3%A9",
    "?", "&", "=", "+", " ", "secret", "issuer", "algorithm", "digits", "period", "counter",
    "encoder", SECRET, "sha256", "MD5", "steam", "6", "0", "-1", "99999999999999999999999",
    "ACME", "é", "\x00", "\n", "#",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(URI_PARTS, max_size=24))
def test_fuzz_structured_uris_fail_only_with_input_error(parts):
    _parse_or_input_error("otpauth://" + "".join(parts))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_fuzz_arbitrary_text_fails_only_with_input_error(text):
    _parse_or_input_error("otpauth://totp/" + text)


def _parse_or_input_error(uri):
    try:
        account, warnings = parse_uri(uri, WHERE)
    except InputError as exc:
        assert str(exc).startswith(WHERE)
        return
    account.validate()
    assert all(isinstance(warning, str) for warning in warnings)
