"""One way to make an account's codes and one way to write its label, for token and host.

``totp.codes`` turns a stored account into its ``OTP`` and its code at a time;
``totp.account.format_label`` writes ``issuer:name``. The screen, the protocol
server and the host tool all use these two, so they can never disagree.
"""

import pytest
from support.device_fakes import Ticks

from totp import codes
from totp.account import HOTP, STEAM, Account, entry_label, format_label
from totp.selected import Selected

RFC_SECRET = b"12345678901234567890"  # RFC 4226 / RFC 6238 SHA1 key


@pytest.mark.parametrize("issuer, name, expected", [
    ("ACME", "bob@example.com", "ACME:bob@example.com"),
    ("ACME", "", "ACME"),
    ("", "bob@example.com", "bob@example.com"),
    ("", "", ""),
])
def test_a_label_is_issuer_colon_name_or_whichever_is_set(issuer, name, expected):
    assert format_label(issuer, name) == expected
    account = Account(RFC_SECRET, issuer=issuer, name=name)
    assert account.label() == expected
    assert entry_label(account.describe()) == expected  # the fields `list` sends


def test_a_totp_code_is_the_rfc_6238_answer():
    account = Account(RFC_SECRET, issuer="RFC", name="6238", digits=8)
    assert codes.code_at(account, 59) == "94287082"
    assert codes.code_at(account, 1111111109) == "07081804"


def test_an_hotp_code_uses_the_stored_counter_and_never_advances_it():
    account = Account(RFC_SECRET, kind=HOTP, counter=1)
    assert codes.code_at(account, 0) == codes.code_at(account, 10**9) == "287082"  # RFC 4226
    assert account.counter == 1


def test_a_steam_account_gets_steam_codes():
    account = Account(RFC_SECRET, kind=STEAM)
    code = codes.code_at(account, 59)
    assert len(code) == 5 and set(code) <= set("23456789BCDFGHJKMNPQRTVWXY")
    assert code != codes.code_at(Account(RFC_SECRET, digits=6), 59)


def test_the_otp_carries_the_accounts_parameters():
    account = Account(RFC_SECRET, algorithm="SHA256", digits=8, period=60)
    otp = codes.make_otp(account)
    assert otp.totp(120) == codes.code_at(account, 120)
    assert otp.totp(120) == otp.hotp(2)  # a 60 s period: step 2 at 120 s


class _OneAccount:
    def __init__(self, account):
        self.account = account

    def get(self, slot):
        return self.account


def test_the_screen_shows_the_code_the_host_computes():
    account = Account(RFC_SECRET, issuer="ACME", name="bob", algorithm="SHA512", digits=8)
    selected = Selected(Ticks(0))
    selected.load(_OneAccount(account), 0, 1, tall=False)
    assert selected.top == format_label("ACME", "bob")
    assert selected.otp is not None
    assert selected.otp.totp(1234567890) == codes.code_at(account, 1234567890)
