"""Opens password-encrypted backups in memory: Aegis vaults and 2FAS backups; spots andOTP's.

Aegis (vault version 1): each password slot holds the master key wrapped with
AES-256-GCM under a key scrypt derives from the password; the master key
decrypts ``db`` (base64, AES-256-GCM, nonce and tag in ``header.params``).
2FAS (backup schema 3 and 4): ``servicesEncrypted`` is
``base64(ciphertext+tag):base64(salt):base64(iv)``, AES-256-GCM under a key
PBKDF2-HMAC-SHA256 derives from the password. The plaintext stays in memory.

``password`` arguments are callables ``password(prompt) -> str`` (a prompt or a
file), asked only once an encrypted backup is found. KDF parameters come from
the file, so they are bounded first: a hostile file can't demand gigabytes.
"""

import base64
import binascii
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ..errors import InputError

KEY_BYTES = 32  # AES-256
GCM_NONCE_BYTES = 12
GCM_TAG_BYTES = 16
AEGIS_PASSWORD_SLOT = 1
AEGIS_VAULT_VERSION = 1
MAX_AEGIS_PASSWORD_SLOTS = 4  # Aegis keeps one; each try costs a scrypt run
SCRYPT_MAX_MEMORY = 256 << 20  # bytes scrypt may take (128 * n * r); Aegis uses 32 MB
SCRYPT_MAX_P = 16
TWOFAS_ITERATIONS = 10000  # fixed by 2FAS, not stored in the file
TWOFAS_FIELDS = 3  # ciphertext+tag, salt, iv
# andOTP's encrypted backup: 4-byte big-endian PBKDF2 iteration count, salt, IV, ciphertext+tag;
# the app picks the count at random in this range
ANDOTP_ITERATIONS = (140000, 160000)
ANDOTP_HEADER_BYTES = 4 + 12 + 12
NO_PASSWORD_ADVICE = "give the password at the prompt or with --password-file FILE"


PasswordReader = Callable[[str], str]  # asked with a prompt, returns the password


def wrong_password(name: str, app: str) -> InputError:
    return InputError("%s: wrong password for this %s backup" % (name, app))


def no_password_reader(_prompt: str) -> str:
    raise InputError("an encrypted backup, and no password was given: %s"
                     % NO_PASSWORD_ADVICE)


def open_aegis(document: dict[str, Any], name: str, password: PasswordReader) -> bytes:
    """The decrypted content (JSON text bytes: ``{"version": .., "entries": [..]}``) of a vault."""
    header = document["header"] if isinstance(document["header"], dict) else {}
    if document.get("version") != AEGIS_VAULT_VERSION:
        raise InputError("%s: Aegis vault version %r; this tool reads version %d: export it "
                         "again from an up-to-date Aegis" % (name, document.get("version"),
                                                               AEGIS_VAULT_VERSION))
    slots = header.get("slots")
    params = header.get("params")
    if not isinstance(slots, list) or not isinstance(params, dict):
        raise InputError("%s: the Aegis vault header has no slots or params: give the "
                         "export file unchanged" % name)
    slots = [slot for slot in slots
             if isinstance(slot, dict) and slot.get("type") == AEGIS_PASSWORD_SLOT]
    slots = slots[:MAX_AEGIS_PASSWORD_SLOTS]
    if not slots:
        raise InputError("%s: this Aegis vault has no password slot (it unlocks only with "
                         "the phone's biometrics): in Aegis, set a password and export again"
                         % name)
    data = _base64(document["db"], name, "db")
    nonce = _hex(params.get("nonce"), name, "header nonce", GCM_NONCE_BYTES)
    tag = _hex(params.get("tag"), name, "header tag", GCM_TAG_BYTES)
    secret = _ask(password, "password for the Aegis vault %s: " % name, name)
    master = None
    for slot in slots:
        master = _unwrap_aegis_slot(slot, secret, name)
        if master is not None:
            break
    if master is None:
        raise wrong_password(name, "Aegis")
    try:
        plaintext = AESGCM(master).decrypt(nonce, data + tag, None)
    except (InvalidTag, ValueError):
        raise InputError("%s: the password is right but the vault's data is damaged: export "
                         "it again from Aegis" % name) from None
    return plaintext


def _unwrap_aegis_slot(slot, secret, name):
    """The master key if ``secret`` opens this password slot, else None."""
    n, r, p = slot.get("n"), slot.get("r"), slot.get("p")
    if not all(type(value) is int and value > 0 for value in (n, r, p)) or n & (n - 1) \
            or n < 2 or 128 * n * r > SCRYPT_MAX_MEMORY or p > SCRYPT_MAX_P:
        raise InputError("%s: the Aegis password slot has scrypt parameters n=%r r=%r p=%r, "
                         "outside what Aegis writes: export the vault again from Aegis"
                         % (name, n, r, p))
    salt = _hex(slot.get("salt"), name, "slot salt")
    wrapped = _hex(slot.get("key"), name, "slot key", KEY_BYTES)
    key_params = slot.get("key_params") if isinstance(slot.get("key_params"), dict) else {}
    nonce = _hex(key_params.get("nonce"), name, "slot nonce", GCM_NONCE_BYTES)
    tag = _hex(key_params.get("tag"), name, "slot tag", GCM_TAG_BYTES)
    kek = Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(secret)
    try:
        return AESGCM(kek).decrypt(nonce, wrapped + tag, None)
    except InvalidTag:
        return None


def open_twofas(document: dict[str, Any], name: str, password: PasswordReader) -> bytes:
    """The decrypted services list (JSON text bytes) of an encrypted 2FAS backup."""
    fields = document["servicesEncrypted"]
    parts = fields.split(":") if isinstance(fields, str) else []
    if len(parts) != TWOFAS_FIELDS:
        raise InputError("%s: the 2FAS backup's servicesEncrypted is not three base64 fields "
                         "separated by colons: give the backup file unchanged" % name)
    sealed, salt, iv = (_base64(part, name, "servicesEncrypted") for part in parts)
    if len(sealed) <= GCM_TAG_BYTES or len(iv) != GCM_NONCE_BYTES or not salt:
        raise InputError("%s: the 2FAS backup's servicesEncrypted is cut short: give the "
                         "backup file unchanged" % name)
    secret = _ask(password, "password for the 2FAS backup %s: " % name, name)
    key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt,
                     iterations=TWOFAS_ITERATIONS).derive(secret)
    try:
        return AESGCM(key).decrypt(iv, sealed, None)
    except InvalidTag:
        raise wrong_password(name, "2FAS") from None


def looks_like_andotp_backup(data: bytes) -> bool:
    """True for bytes shaped like andOTP's encrypted backup (not text, plausible header)."""
    if len(data) < ANDOTP_HEADER_BYTES + GCM_TAG_BYTES:
        return False
    iterations = int.from_bytes(data[:4], "big")
    if not ANDOTP_ITERATIONS[0] <= iterations <= ANDOTP_ITERATIONS[1]:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _ask(password, prompt, name):
    """The password as UTF-8 bytes; a failure to get one is named after the file."""
    try:
        text = password(prompt)
    except InputError as exc:
        raise InputError("%s: %s" % (name, exc)) from None
    if not text:
        raise InputError("%s: no password given: %s" % (name, NO_PASSWORD_ADVICE))
    return text.encode("utf-8")


def _hex(value, name, field, size=None):
    try:
        data = bytes.fromhex(value) if isinstance(value, str) else None
    except ValueError:
        data = None
    if data is None or not data or (size is not None and len(data) != size):
        raise InputError("%s: the vault's %s is missing or not %s hex: give the export "
                         "file unchanged"
                         % (name, field, "%d-byte" % size if size else "valid"))
    return data


def _base64(value, name, field):
    try:
        if not isinstance(value, str):
            raise ValueError
        return base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error):
        raise InputError("%s: the backup's %s is not base64: give the file unchanged"
                         % (name, field)) from None
