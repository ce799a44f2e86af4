"""Builds the export files other authenticators write, from their published structures.

Encrypted ones are really encrypted with ``cryptography`` (the Aegis vault format:
scrypt password slot wrapping a master key, AES-256-GCM database; 2FAS:
PBKDF2-HMAC-SHA256 and AES-256-GCM; andOTP: PBKDF2 header and AES-GCM body), so
the decrypt path is checked against files the way the apps lay them out.
"""

import base64
import csv
import io
import json
import os
import struct
import uuid
import zlib

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

TAG_BYTES = 16
AEGIS_N = 1 << 10  # files here use a cheap scrypt cost; the reader takes n from the file
TWOFAS_ITERATIONS = 10000
BITWARDEN_CSV_HEADER = ("folder", "favorite", "type", "name", "notes", "fields", "reprompt",
                        "login_uri", "login_username", "login_password", "login_totp")


def _seal(key, plaintext):
    """AES-256-GCM with a fresh nonce -> (nonce, ciphertext, tag)."""
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext, None)
    return nonce, sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]


def aegis_entry(issuer, name, secret, kind="totp", algo="SHA1", digits=6, period=30,
                counter=None):
    info = {"secret": secret, "algo": algo, "digits": digits, "period": period}
    if counter is not None:
        info["counter"] = counter
    return {"type": kind, "uuid": str(uuid.uuid4()), "name": name, "issuer": issuer,
            "note": "", "icon": None, "info": info}


def aegis_vault(entries, password, n=AEGIS_N, r=8, p=1, extra_slots=()):
    """An encrypted Aegis vault (version 1) holding ``entries``, as a JSON document."""
    master = os.urandom(32)
    salt = os.urandom(32)
    kek = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))
    key_nonce, wrapped, key_tag = _seal(kek, master)
    slot = {"type": 1, "uuid": str(uuid.uuid4()), "key": wrapped.hex(),
            "key_params": {"nonce": key_nonce.hex(), "tag": key_tag.hex()},
            "n": n, "r": r, "p": p, "salt": salt.hex(), "repaired": True, "is_backup": False}
    content = json.dumps({"version": 3, "entries": entries, "groups": []}).encode("utf-8")
    nonce, ciphertext, tag = _seal(master, content)
    return {"version": 1,
            "header": {"slots": list(extra_slots) + [slot],
                       "params": {"nonce": nonce.hex(), "tag": tag.hex()}},
            "db": base64.b64encode(ciphertext).decode("ascii")}


def twofas_service(name, secret, account="", algorithm="SHA1", digits=6, period=30,
                   token_type="TOTP", counter=None):
    otp = {"label": "", "account": account, "issuer": name, "digits": digits,
           "period": period, "algorithm": algorithm, "tokenType": token_type,
           "source": "Manual"}
    if counter is not None:
        otp["counter"] = counter
    return {"name": name, "secret": secret, "updatedAt": 1704874073731, "otp": otp,
            "order": {"position": 0}}


def twofas_backup(services, password):
    """An encrypted 2FAS backup (schema 4): servicesEncrypted and the reference field."""
    salt = os.urandom(256)
    key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt,
                     iterations=TWOFAS_ITERATIONS).derive(password.encode("utf-8"))

    def field(plaintext):
        iv = os.urandom(12)
        sealed = AESGCM(key).encrypt(iv, plaintext, None)
        return ":".join(base64.b64encode(part).decode("ascii") for part in (sealed, salt, iv))

    return {"services": [], "groups": [], "updatedAt": 1708958781890, "schemaVersion": 4,
            "appVersionCode": 5000017, "appVersionName": "5.3.5", "appOrigin": "android",
            "servicesEncrypted": field(json.dumps(services).encode("utf-8")),
            "reference": field(b"reference text the app encrypts to check the password")}


def andotp_backup(entries, password, iterations=150000):
    """andOTP's encrypted backup: iterations, salt, IV, then AES-GCM ciphertext and tag."""
    salt = os.urandom(12)
    key = PBKDF2HMAC(algorithm=hashes.SHA1(), length=32, salt=salt,
                     iterations=1000).derive(password.encode("utf-8"))  # cost is irrelevant here
    iv = os.urandom(12)
    sealed = AESGCM(key).encrypt(iv, json.dumps(entries).encode("utf-8"), None)
    return struct.pack(">I", iterations) + salt + iv + sealed


def bitwarden_json(items, encrypted=False):
    return {"encrypted": encrypted, "folders": [], "items": items}


def bitwarden_item(name, username, totp, item_type=1):
    login = {"uris": [{"match": None, "uri": "https://example.com"}], "username": username,
             "password": "not-the-otp-secret", "totp": totp}
    return {"id": str(uuid.uuid4()), "organizationId": None, "folderId": None,
            "type": item_type, "reprompt": 0, "name": name, "notes": None, "favorite": False,
            "login": login, "collectionIds": None}


def bitwarden_csv(rows):
    """A Bitwarden CSV export; ``rows`` are (name, username, totp)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BITWARDEN_CSV_HEADER)
    for name, username, totp in rows:
        writer.writerow(("", "", "login", name, "", "", "0", "https://example.com", username,
                         "not-the-otp-secret", totp))
    return out.getvalue()


def proton_export(entries):
    """Proton Authenticator's export; ``entries`` are (uri, entry type, display name)."""
    return {"version": 1, "entries": [
        {"id": str(uuid.uuid4()), "content": {"uri": uri, "entry_type": kind, "name": name},
         "note": None} for uri, kind, name in entries]}


def freeotp_token(issuer, label, secret_bytes, kind="TOTP", algo="SHA1", digits=6, period=30,
                  counter=0):
    """One FreeOTP+ token: the secret as Java's signed bytes."""
    signed = [value - 256 if value > 127 else value for value in secret_bytes]
    return {"algo": algo, "counter": counter, "digits": digits, "issuerExt": issuer,
            "issuerInt": issuer, "label": label, "period": period, "secret": signed,
            "type": kind}


def freeotp_backup(tokens):
    return {"tokenOrder": ["%s:%s" % (t["issuerExt"], t["label"]) for t in tokens],
            "tokens": tokens}


def png_claiming(width, height):
    """A tiny valid PNG (one grey row per line) whose header claims ``width`` x ``height``."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    rows = b"".join(b"\x00" + b"\x00" * width for _ in range(min(height, 1)))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
