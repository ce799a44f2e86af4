"""The external corpus's broken files: each refused with its own message, by the reader and the CLI.

Collected only when TOTP_TOKEN_CORPUS names the corpus (see conftest.py).
"""

import json

import pytest
from support.corpus import corpus_path
from totp_token.cli import main
from totp_token.importers import read_sources

# every file in invalid/ but the prefixed one: the text its failure must contain
REFUSED = {
    "empty_file.txt": "the file is empty",
    "qr_without_otp.png": "the QR code holds no OTP URI",
    "text_masquerading_as_image.jpeg": "not an image: it holds text",
    "wrong_content.txt": "line 1: not an otpauth:// or otpauth-migration:// URI",
    "wrong_data.txt": "line 1: invalid migration data",
}
PREFIXED = "wrong_prefix.txt"


def test_corpus_every_invalid_file_is_covered():
    names = {path.name for path in corpus_path("invalid").iterdir()}
    assert names == set(REFUSED) | {PREFIXED}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_corpus_invalid_file_fails_with_its_own_message(name):
    path = str(corpus_path("invalid", name))
    result = read_sources([path])
    assert result.accounts == []
    (failure,) = result.failures
    assert failure[0] == path
    assert failure[1].startswith(path) and REFUSED[name] in failure[1], failure[1]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_corpus_invalid_file_exits_1_naming_file_and_problem(capsys, name):
    path = str(corpus_path("invalid", name))
    assert main(["parse", path]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "error: %s" % path in err and REFUSED[name] in err, err


def test_corpus_whole_invalid_directory():
    result = read_sources([str(corpus_path("invalid"))])
    assert [account.label() for account in result.accounts] == ["raspberrypi:pi@raspberrypi"]
    assert len(result.failures) == len(REFUSED)


def test_corpus_scanner_prefixed_file_parses(capsys):
    assert main(["parse", "--json", str(corpus_path("invalid", PREFIXED))]) == 0
    assert [(e["issuer"], e["account"]) for e in json.loads(capsys.readouterr().out)] == [
        ("raspberrypi", "pi@raspberrypi")]
