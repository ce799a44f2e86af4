"""The PIN vault: every account secret sealed under a data key that only the PIN opens.

With a vault the store holds one VAULT record (``totp.store.records``): how
the data key is kept (``LOCKED``: sealed under the key PBKDF2 derives from the
PIN and the record's salt, with the record's lock byte, iterations and salt as
the sealing context; ``OPEN``: as it is, after the PIN was removed), and the
attempt counter A. Each account record's secret is ``cipher.seal(data key,
secret, b"acct")``; labels, kinds and counters stay plaintext. A PIN guess is
checked only by running the KDF and opening the sealed data key.

A: before a guess is checked, A + 1 is made durable (on the log one byte of
the vault's counter run, like an HOTP press; elsewhere an ATTEMPTS record);
a right PIN raises A to the next multiple of ``TRIES_ROUND``. So A modulo
``TRIES_ROUND`` counts the wrong guesses in a row, a power cut can never take
one back, and the store wipes itself at the ``wire.MAX_PIN_TRIES``-th.

Imported only by a store that has a vault or is given a PIN: ``totp.cipher``
stays off a PIN-less token's heap.
"""

from totp import cipher, wire
from totp.account import Account, AccountError
from totp.store import records as rec
from totp.store.errors import StoreError, StoreLocked
from totp.store.replay import ENTRY_ACCOUNT, ENTRY_PRESSES, counted

ACCOUNT_CONTEXT = b"acct"
TRIES_ROUND = 16  # A modulo this is the count of wrong guesses in a row
SLICES = 20  # KDF slices per guess: about 50 ms each at about 1 s per guess on a board


class Vault:
    """The VAULT record's fields. ``secret`` is the stored data key (sealed or open),
    named as an account's so layouts that erase a dropped secret treat it alike."""

    def __init__(self, lock, iterations, attempts, salt, secret):
        if (lock != rec.VAULT_LOCKED and lock != rec.VAULT_OPEN) or iterations < 1 \
                or len(salt) != cipher.SALT_BYTES:
            raise rec.RecordError("bad vault record")
        self.lock = lock
        self.iterations = iterations
        self.attempts = attempts
        self.salt = bytes(salt)
        self.secret = bytes(secret)

    def with_attempts(self, attempts):
        return Vault(self.lock, self.iterations, attempts, self.salt, self.secret)

    def record(self, attempts, run):
        return rec.vault(self.lock, self.iterations, attempts, run, self.salt, self.secret)

    def context(self):
        """What the sealed data key is bound to: changing any of it breaks the tag."""
        count = self.iterations
        return bytes((self.lock, count & 0xFF, count >> 8 & 0xFF, count >> 16 & 0xFF,
                      count >> 24 & 0xFF)) + self.salt


class Sealed(Account):
    """An account as a store with a vault keeps it: ``secret`` holds the sealed secret."""

    def validate(self):
        sealed = self.secret
        if len(sealed) <= cipher.SEAL_OVERHEAD:
            raise AccountError("a sealed secret is too short")
        # every other check, on the ciphertext: it is as long as the secret
        self.secret = sealed[cipher.NONCE_BYTES:len(sealed) - cipher.TAG_BYTES]
        try:
            Account.validate(self)
        finally:
            self.secret = sealed


def seal_account(key, acct):
    return Sealed(cipher.seal(key, acct.secret, ACCOUNT_CONTEXT), acct.issuer, acct.name,
                  acct.kind, acct.algorithm, acct.digits, acct.period, acct.counter)


def open_account(key, acct):
    """The plain account of a Sealed one; StoreError if it does not open (damage)."""
    try:
        secret = cipher.open_sealed(key, acct.secret, ACCOUNT_CONTEXT)
    except cipher.SealError:
        raise StoreError("a stored secret does not decrypt: the storage is damaged; "
                         "run `totp-token wipe` and add the accounts again") from None
    return Account(secret, acct.issuer, acct.name, acct.kind, acct.algorithm, acct.digits,
                   acct.period, acct.counter)


def attempts(entry):
    return entry[ENTRY_ACCOUNT].attempts + entry[ENTRY_PRESSES]


def tries_left(entry):
    return wire.MAX_PIN_TRIES - attempts(entry) % TRIES_ROUND


def check_pin(pin):
    """Raise StoreError unless ``pin`` is PIN_MIN to PIN_MAX ASCII digits (never echoes it)."""
    if isinstance(pin, (bytes, bytearray)):
        try:
            pin = bytes(pin).decode()
        except UnicodeError:
            pin = ""
    if not isinstance(pin, str) or not wire.PIN_MIN <= len(pin) <= wire.PIN_MAX \
            or any(c not in "0123456789" for c in pin):
        raise StoreError("a PIN is %d to %d digits" % (wire.PIN_MIN, wire.PIN_MAX))
    return pin.encode()


def _vault_entry(store):
    entry = store._entries.get(rec.VAULT_ID)
    if entry is None or entry[ENTRY_ACCOUNT].lock != rec.VAULT_LOCKED:
        raise StoreError("no PIN is set on the token")
    return entry


def _set_attempts(store, value):
    """Make A = ``value`` durable; a guess typed by hand spends no wear budget."""
    entry = store._entries[rec.VAULT_ID]
    if value == attempts(entry) + 1:
        try:
            if store._layout.press(entry):
                return
        except Exception:
            store._load()  # the medium failed mid-write: believe only what it holds now
            raise
    store._persist(rec.attempts(value, store._layout.run), by_hand=True)


class Unlocking:
    """One PIN guess, already counted: ``step()`` runs a KDF slice and returns None
    until the guess is checked, then True (unlocked) or False (wrong; the store wiped
    itself if that was the last try)."""

    def __init__(self, store, pin, vault):
        self._store = store
        self._vault = vault
        self._kdf = None
        self._slice = 0
        self.result = None  # type: bool | None
        if vault is None:
            self.result = False  # no guess: the tries were used up and the store wiped
        else:
            self._kdf = cipher.Pbkdf2(pin, vault.salt, vault.iterations)
            self._slice = vault.iterations // SLICES + 1

    def step(self):
        kdf = self._kdf
        if self.result is not None or kdf is None:
            return self.result
        if not kdf.run(self._slice):
            return None
        self.result = _guess_checked(self._store, self._vault, kdf.key)
        self._kdf = None
        return self.result


def start_unlock(store, pin):
    """Count a guess durably first, then return the job that checks it."""
    pin = check_pin(pin)
    store._check_writable()
    entry = _vault_entry(store)
    if tries_left(entry) <= 0:  # a cut came between the last count and the wipe
        store.wipe()
        return Unlocking(store, None, None)
    _set_attempts(store, attempts(entry) + 1)
    return Unlocking(store, pin, entry[ENTRY_ACCOUNT])


def _guess_checked(store, vault, kek):
    entry = store._entries.get(rec.VAULT_ID)
    if entry is None or entry[ENTRY_ACCOUNT].secret != vault.secret:
        return False  # the vault changed (wiped) while the KDF ran
    try:
        key = cipher.open_sealed(kek, vault.secret, vault.context())
    except cipher.SealError:
        if tries_left(entry) <= 0:
            store.wipe()
        return False
    store._dek = bytearray(key)
    count = attempts(entry)
    if count % TRIES_ROUND:
        _set_attempts(store, count - count % TRIES_ROUND + TRIES_ROUND)
    return True


def set_pin(store, pin, iterations):
    """See ``Store.set_pin``."""
    pin = check_pin(pin)
    if store.locked:
        raise StoreLocked("the token is locked: enter its PIN on the token first")
    store._check_writable()
    iterations = iterations or cipher.KDF_ITERATIONS
    salt = cipher.random_bytes(cipher.SALT_BYTES)
    kek = cipher.derive(pin, salt, iterations)
    old = store._entries.get(rec.VAULT_ID)
    count = 0 if old is None else attempts(old)
    count += -count % TRIES_ROUND
    if old is not None and old[ENTRY_ACCOUNT].lock == rec.VAULT_LOCKED:
        # a new PIN: a new salt and key over the same data key, in one record
        vault = Vault(rec.VAULT_LOCKED, iterations, count, salt, b"")
        vault.secret = cipher.seal(kek, store._dek, vault.context())
        store._persist(vault.record(count, store._layout.run), by_hand=True)
        return
    # the first PIN (or one after a removed PIN): a new data key seals every secret
    dek = bytearray(cipher.random_bytes(cipher.KEY_BYTES))
    vault = Vault(rec.VAULT_LOCKED, iterations, count, salt, b"")
    vault.secret = cipher.seal(kek, dek, vault.context())
    entries = {rec.VAULT_ID: [vault, 0, 0, 0]}
    for ident in store._order:
        entries[ident] = [seal_account(dek, _plain(store, store._entries[ident])), 0, 0, 0]
    _rewrite(store, entries)
    store._dek = dek


def _plain(store, entry):
    acct = counted(entry)
    return open_account(store._dek, acct) if isinstance(acct, Sealed) else acct


def _rewrite(store, entries):
    """Every record anew, as one change (on the log: a compaction, see totp.store.log)."""
    layout = store._layout
    if layout.compacts:
        store.before_compact()
    try:
        store._order, store._entries, problem, store.notice = layout.rewrite(
            store._order, store._entries, entries)
    except StoreError:
        raise
    except Exception:
        store._load()
        raise
    if problem is not None:
        store._refuse(problem)
        raise StoreError(problem)


def remove_pin(store):
    """See ``Store.remove_pin``: the data key is kept open, in one record."""
    if store.locked:
        raise StoreLocked("the token is locked: enter its PIN on the token first")
    store._check_writable()
    entry = _vault_entry(store)
    old = entry[ENTRY_ACCOUNT]
    count = attempts(entry)
    count += -count % TRIES_ROUND
    vault = Vault(rec.VAULT_OPEN, old.iterations, count, old.salt, store._dek)
    store._persist(vault.record(count, store._layout.run), by_hand=True)
