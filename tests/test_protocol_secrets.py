"""No secret ever leaves the token: record every byte it sends during a full session and scan it."""

import base64
import json
import os
import random

from support.presence import call_pressing
from support.protocol_harness import SERIAL, PtyToken, wait_until
from totp_token.cli import main

from totp import base32

WINDOW = 8  # bytes of a secret: any run this long found in the output is a leak


def _secrets():
    rng = random.Random(4226)
    return [bytes(rng.getrandbits(8) for _ in range(size)) for size in (10, 20, 32, 64)]


def _leak_forms(secret):
    """Every form a secret could leak in: raw, hex, base32, base64, and runs of each."""
    forms = set()
    encoded = {
        "raw": secret, "hex": secret.hex().encode(), "HEX": secret.hex().upper().encode(),
        "b32": base32.encode(secret).encode(), "b64": base64.b64encode(secret).rstrip(b"="),
        "b64url": base64.urlsafe_b64encode(secret).rstrip(b"="),
    }
    for name, text in encoded.items():
        run = WINDOW * len(text) // len(secret)
        forms.update((name, text[start:start + run]) for start in range(len(text) - run + 1))
    return forms


def _uri(secret, kind, issuer, extra=""):
    return "otpauth://%s/%s:user?secret=%s&issuer=%s%s" % (
        kind, issuer, base32.encode(secret), issuer, extra)


def test_a_full_session_never_sends_secret_bytes(tmp_path, capsys):
    secrets = _secrets()
    uris = [_uri(secrets[0], "totp", "Totp"),
            _uri(secrets[1], "hotp", "Hotp", "&counter=5"),
            _uri(secrets[2], "totp", "Steam", "&encoder=steam"),
            _uri(secrets[3], "totp", "Big", "&algorithm=SHA512&digits=8")]
    with PtyToken(unix=1_760_000_000) as token:
        def cli(*argv):
            return main(["--port", token.path] + list(argv))

        def pressed(*argv, presses=1):  # the owner presses the token each time it asks
            return call_pressing(lambda: cli(*argv), token.waiting, token.press, presses)

        assert cli("add", "--yes", *uris) == 0
        assert cli("add", "--yes", uris[0]) == 0  # already there: asked with `match`, skipped
        assert cli("list", "--json") == 0
        assert pressed("code", "--json", presses=len(uris)) == 0
        assert cli("info", "--json") == 0
        assert pressed("rename", "--yes", "Totp", "--account", "renamed") == 0
        assert pressed("move", "--yes", "Big", "--to", "0") == 0
        assert pressed("delete", "--yes", "--slot", "1") == 0
        assert cli("delete", "--yes", "nobody") == 1
        # requests a careless token might answer by echoing what it got
        typed = base32.encode(secrets[0]).encode()
        junk = [b"AT\r", b'{"id":1,"op":"add","secret":"%s!"}\n' % typed,
                b'{"id":2,"op":"add","issuer":"Totp","account":"renamed","secret":"%s"}\n' % typed,
                b'{"id":3,"op":"code","slot":0,"time":-1}\n', b"{" * 2000 + b"\n"]
        answered = token.sent_bytes().count(b"\n")
        host = os.open(token.path, os.O_RDWR | os.O_NOCTTY)
        os.write(host, b"".join(junk))
        assert wait_until(lambda: token.sent_bytes().count(b"\n") == answered + len(junk))
        os.close(host)  # unread answers stay queued for the next host: it must skip them
        assert cli("list") == 0
        assert pressed("wipe", "--confirm", SERIAL) == 0
        sent = token.sent_bytes()
    printed = capsys.readouterr()
    lines = sent.split(b"\n")
    assert lines.pop() == b""
    assert len(lines) > 20 and all(isinstance(json.loads(line), dict) for line in lines)
    host_output = (printed.out + printed.err).encode()
    for secret in secrets:
        for form, text in _leak_forms(secret):
            assert text not in sent, "the token sent the secret (%s)" % form
            assert text not in host_output, "the host printed the secret (%s)" % form
