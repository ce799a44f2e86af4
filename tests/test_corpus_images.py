"""The external corpus's QR images: a camera photo of a phone and a small QR, against expected.json.

Collected only when TOTP_TOKEN_CORPUS names the corpus (see conftest.py).
"""

import pytest
from PIL import Image
from support.corpus import corpus_json, corpus_path
from totp_token.importers import read_sources
from totp_token.importers.images import qr_texts

from totp import base32

EXPECTED = corpus_json("images", "expected.json")
PHOTO = "scito_google_export_photo.png"


@pytest.mark.parametrize("filename", sorted(EXPECTED))
def test_corpus_image_qr_text(filename):
    with Image.open(corpus_path("images", filename)) as image:
        assert qr_texts(image) == EXPECTED[filename]["qr_text"]


def test_corpus_camera_photo_of_a_phone_gives_its_three_accounts():
    result = read_sources([str(corpus_path("images", PHOTO))])
    expected = EXPECTED[PHOTO]["decoded"][0]["accounts"]
    assert [(a.issuer, a.name, base32.encode(a.secret)) for a in result.accounts] == [
        (e["issuer"], e["name"].split(":", 1)[1], e["secret_base32"]) for e in expected]
    assert result.failures == [] and result.warnings == []
