"""totp.cipher and totp.aes on given cases: PBKDF2 in one call and in slices, HMAC-SHA256,
single AES blocks, AES-CTR, and seal/open with every byte of each sealed blob damaged in
turn.

Inputs: ``native`` (null: the interpreter's own SHA-256 where it has one; false: the
pure ``totp.sha256``), ``cases`` {"pbkdf2": [[pin, salt, iterations]], "slices": [[pin,
salt, iterations, step]], "hmac": [[key, message]], "aes": [[key, block]], "ctr": [[key,
counter, data]], "seal": [[key, plaintext, context, nonce]]} (bytes as hex). Results:
the same keys, hex outputs in order; "slices" gives [run() calls that returned False,
key], "seal" [blob, opened plaintext, damaged blobs refused].
"""

from scenario import emit, inputs

from totp import aes, cipher


def unhex(text):
    return bytes.fromhex(text)


def damaged_refused(key, blob, context):
    """How many of the blobs with one byte flipped open_sealed refuses."""
    caught = 0
    for index in range(len(blob)):
        damaged = bytearray(blob)
        damaged[index] ^= 0x40
        try:
            cipher.open_sealed(key, bytes(damaged), context)
        except cipher.SealError:
            caught += 1
    return caught


def answers(cases, native):
    out = {"pbkdf2": [], "slices": [], "hmac": [], "aes": [], "ctr": [], "seal": []}
    for pin, salt, iterations in cases["pbkdf2"]:
        key = cipher.derive(unhex(pin), unhex(salt), iterations, native)
        out["pbkdf2"].append(bytes(key).hex())
    for pin, salt, iterations, step in cases["slices"]:
        job = cipher.Pbkdf2(unhex(pin), unhex(salt), iterations, native)
        runs = 0
        while not job.run(step):
            runs += 1
        out["slices"].append([runs, bytes(job.key).hex()])
    for key, message in cases["hmac"]:
        tag = cipher.hmac_sha256(unhex(key), unhex(message), native)
        out["hmac"].append(bytes(tag).hex())
    for key, block in cases["aes"]:
        result = bytearray(16)
        aes.AES(unhex(key)).encrypt_block(unhex(block), result)
        out["aes"].append(bytes(result).hex())
    for key, counter, data in cases["ctr"]:
        result = bytearray(len(data) // 2)
        aes.ctr_xcrypt(unhex(key), unhex(counter), unhex(data), result)
        out["ctr"].append(bytes(result).hex())
    for key, plaintext, context, nonce in cases["seal"]:
        key, context = unhex(key), unhex(context)
        blob = cipher.seal(key, unhex(plaintext), context, unhex(nonce))
        opened = cipher.open_sealed(key, blob, context)
        out["seal"].append([bytes(blob).hex(), bytes(opened).hex(),
                            damaged_refused(key, blob, context)])
    return out


given = inputs()
emit(answers(given["cases"], given["native"]))
