"""`totp-token info` reads as sentences: the clock as a UTC date, storage as accounts stored
and about how many more fit, settings warnings apart from missing parts, every token text
made printable."""

from totp_token.commands.info import describe

HELLO = {"protocol": 1, "firmware": "0.9.0", "max_line": 1024, "accounts": 3,
         "max_accounts": 61, "used_bytes": 380, "total_bytes": 4096, "clock_valid": True,
         "time": 1257894000, "storage_ok": True, "storage_problem": None,
         "storage_notice": None, "board": "adafruit_feather_rp2040", "serial": "e5f60718",
         "missing": ["display: no SSD1306 at 0x3c (no device)"],
         "warnings": ["settings.toml: TOTP_IDLE_SECOND is not a setting the token knows, so "
                      "it is ignored; did you mean TOTP_IDLE_SECONDS?"], "name": "desk"}


def test_info_is_sentences():
    lines = describe(HELLO)
    assert lines[:3] == ["Token desk, serial e5f60718, board adafruit_feather_rp2040.",
                         "Firmware 0.9.0, protocol 1.",
                         "3 accounts stored, about 58 more fit (380 of 4096 bytes of storage "
                         "in use)."]
    assert "The clock reads 2009-11-10 23:00:00 UTC." in lines
    assert "Storage is healthy." in lines
    assert not any("1257894000" in line or "max line" in line for line in lines)


def test_settings_warnings_are_listed_apart_from_missing_parts():
    lines = describe(HELLO)
    missing = lines.index("Missing parts:")
    warnings = lines.index("Settings warnings:")
    assert lines[missing + 1] == "  - display: no SSD1306 at 0x3c (no device)"
    assert lines[warnings + 1].startswith("  - settings.toml: TOTP_IDLE_SECOND")
    assert warnings == missing + 2


def test_nothing_missing_no_clock_and_a_full_store_are_said_plainly():
    hello = dict(HELLO, missing=[], warnings=[], clock_valid=False, time=None,
                 accounts=1, max_accounts=1, name=None)
    lines = describe(hello)
    assert lines[0] == "Token serial e5f60718, board adafruit_feather_rp2040."
    assert "1 account stored, and the storage is full (380 of 4096 bytes of storage in use)." \
        in lines
    assert "The clock is not set: run `totp-token time --set`." in lines
    assert "Missing parts: none." in lines and "Settings warnings: none." in lines


def test_damage_and_texts_from_the_token_are_made_printable():
    hello = dict(HELLO, storage_ok=False, storage_problem="bad\x1b[31m", name="\u202eevil",
                 missing=["x\x9by"], extra="\x07")
    text = "\n".join(describe(hello))
    assert "Storage is damaged: bad\\x1b[31m" in text
    assert not any(ch in text for ch in "\x1b\u202e\x9b\x07")
