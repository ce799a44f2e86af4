"""The store and the CRC: one fixed series of changes on each port's layout until the
store is full, then reading images given from outside (healthy, damaged, from a future
format). tests/test_store_micropython.py also imports ``apply_changes`` and ``describe``
to run them under CPython on the simulator's flash models.

Inputs: ``ports`` {port: nvm size}, ``crc_inputs`` (hex strings), ``images`` [[port,
hex image], ...]. Results: ``native_crc``, ``crcs`` (the pure fallback's crc32,
crc32_bytes and crc32_split per input), ``splits`` (crc32_split with the interpreter's
own CRC), ``ports`` {port: {"image", "full": [needed, free], "reloaded"}}, ``read``
(describe() of each given image).
"""

from scenario import emit, inputs

from totp.account import Account
from totp.store import Store, StoreDamaged, StoreFull, crc


def apply_changes(store):
    """Adds, renames, counter steps, a move, a delete and a replace, then filler accounts
    until the store is full; returns StoreFull's (needed, free)."""
    store.add(Account(bytes(range(1, 21)), "GitHub", "alice"))
    store.add(Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5))
    store.add(Account(bytes(range(100, 110)), "Steam", "carol", kind="steam"))
    store.add(Account(bytes(range(64)), "Corp", "d\u00e4ve", algorithm="SHA512", digits=8,
                      period=60))
    store.rename(0, "GitHub", "alice@example.com")
    for counter in range(6, 30):
        store.set_counter(1, counter)
    store.set_counter(1, 2**40)
    store.move(3, 0)
    store.delete(2)
    store.replace(1, Account(b"\x99" * 32, "New", "one", algorithm="SHA256", digits=7))
    try:
        while True:
            store.add(Account(b"\x42" * 20, "Filler issuer 16", "filler name 16ch"))
    except StoreFull as full:
        return full.needed, full.free


def describe(store):
    """What both interpreters report of a store: its accounts (secrets in hex, None where
    damaged), problem, notice, bytes used and capacity estimate."""
    out = []
    for slot in range(len(store)):
        entry = store.public(slot)
        try:
            entry["secret"] = store.get(slot).secret.hex()
        except StoreDamaged:
            entry["secret"] = None
        out.append(entry)
    return {"problem": store.problem, "notice": store.notice, "accounts": out,
            "used": store.used_bytes(), "estimate": store.capacity_estimate()}


def main():
    given = inputs()
    data = [bytes.fromhex(text) for text in given["crc_inputs"]]
    saved = crc._native_crc32
    crc._native_crc32 = None  # the pure fallback, as on a port without zlib
    crcs = [[crc.crc32(d), crc.crc32_bytes(d).hex(), list(crc.crc32_split(memoryview(d)))]
            for d in data]
    crc._native_crc32 = saved
    splits = [list(crc.crc32_split(memoryview(d))) for d in data]
    results = {"native_crc": saved is not None, "crcs": crcs, "splits": splits, "ports": {}}
    for port, size in given["ports"].items():
        nvm = bytearray(b"\xff" * size)
        full = apply_changes(Store(nvm, port))
        results["ports"][port] = {"image": bytes(nvm).hex(), "full": list(full),
                                  "reloaded": describe(Store(nvm, port))}
    results["read"] = [describe(Store(bytearray(bytes.fromhex(image)), port))
                       for port, image in given["images"]]
    emit(results)


if __name__ == "__main__":
    main()
