"""The external corpus's Google Authenticator exports, against its expected.json.

Collected only when TOTP_TOKEN_CORPUS names the corpus (see conftest.py).
"""

import pytest
from support.corpus import corpus_json, corpus_path
from totp_token.importers import read_sources
from totp_token.importers.migration import parse_migration

from totp import base32

EXPECTED = corpus_json("migration", "expected.json")
WHERE = "export.txt line 3"
SPLIT = "johncallahan_3part_batch.txt"


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
    lines = uri_lines(corpus_path("migration", filename))
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
    (SPLIT, 0, "ACME", "one@example.com"),
    (SPLIT, 21, "ACME", "twenty-two@example.com"),
    ("rwv_totp8_hotp7.txt", 0, "Test", "Test"),
    ("rwv_totp8_hotp7.txt", 1, "Example", "alice@google.com"),
    ("scito_example_export.txt", 3, "encoding", "¿äÄéÉ? (demo)"),  # empty issuer: split
    ("scito_plus_unescaped.txt", 3, "SerenityLabs", "test4@serenitylabs.co.uk"),
])
def test_corpus_names_are_split_into_issuer_and_account(filename, position, issuer, name):
    result = read_sources([str(corpus_path("migration", filename))])
    account = result.accounts[position]
    assert (account.issuer, account.name) == (issuer, name)


def test_corpus_three_part_export_gives_22_accounts_without_warnings():
    result = read_sources([str(corpus_path("migration", SPLIT))])
    assert len(result.accounts) == 22
    assert result.warnings == [] and result.failures == []


def test_corpus_parts_of_one_export_given_as_separate_sources():
    lines = uri_lines(corpus_path("migration", SPLIT))
    result = read_sources([lines[0], lines[2]])
    assert len(result.accounts) == 12
    assert len(result.warnings) == 1 and "part 2 of 3 not given" in result.warnings[0]
