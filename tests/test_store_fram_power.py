"""Power cuts in the FRAM layout (totp.store.fram): after a cut at any byte of any
change, a reboot loads exactly the accounts of before or after the change, every
one of them gives codes, nothing is reported damaged, the next change works, and a
dropped secret is gone from the chip once the state after is what loads.

Every byte is cut on a small store through the real adafruit_fram driver on the
chip model; on a 420-account store, cuts are sampled (the first and last EDGE
bytes of each write and BETWEEN more, thinned to about SAMPLES, plus every
one-byte write: commits and invalidations) over a plain byte-writable
nvm, also storing each write's bytes last to first, which FRAM never does, to show
the layout does not lean on FRAM's address order.
"""

import pytest
from support.cut_nvm import CutNvm
from support.fram_bus import fram_nvm
from totp_token.sim.chips.fram import FramModel
from totp_token.sim.chips.nvm import PowerCut

from totp.account import Account
from totp.otp import OTP
from totp.store import Store
from totp.store.fram import INDEX_BYTES

TOTP = Account(bytes(range(1, 21)), "GitHub", "alice")
HOTP = Account(b"12345678901234567890", "Bank", "bob", kind="hotp", counter=5)
NEW = Account(b"\x77\x88" * 16, "New", "dave", algorithm="SHA256")
EXTRA = Account(b"\x55" * 16, "After", "reboot")
REPLACEMENT = Account(b"\x31" * 20, "Replaced", "erin", kind="hotp", counter=40)
NOW = 1_800_000_000
LARGE = 420
EDGE = 3  # cuts at the first and last bytes of each write on the large store
BETWEEN = 6  # and about this many spread over its middle
SAMPLES = 10  # cuts per change on the large store, besides the one-byte writes


def typical(number):
    return Account(number.to_bytes(2, "big") * 10, "Issuer %04d" % number,
                   ("user%04d@" % number).ljust(21, "x"))


def accounts(store):
    return [store.get(slot) for slot in range(len(store))]


def gives_codes(store, slots=None):
    for slot in range(len(store)) if slots is None else slots:
        account = store.get(slot)
        otp = OTP(account.secret, algorithm=account.algorithm, digits=account.digits)
        code = otp.hotp(account.counter) if account.kind == "hotp" else otp.totp(NOW)
        assert len(code) == account.digits


# case -> (change, secret it drops, whether it drops a record: zeroed after the commit)
CASES = {
    "add": (lambda s: s.add(EXTRA), None, False),
    "replace": (lambda s: s.replace(0, REPLACEMENT), TOTP.secret, True),
    "delete": (lambda s: s.delete(1), NEW.secret, True),
    "rename": (lambda s: s.rename(1, "Renamed", "dave"), None, True),
    "move": (lambda s: s.move(0, 2), None, False),
    "hotp press": (lambda s: s.set_counter(2, 7), None, False),
    "hotp counter set": (lambda s: s.set_counter(2, 300), None, False),
    "wipe": (lambda s: s.wipe(), TOTP.secret, True),
}


def small_image():
    model, nvm = fram_nvm()
    store = Store(nvm, "fram")
    for account in (TOTP, NEW, HOTP):
        store.add(account)
    store.rename(0, "GitHub", "alice@example.com")
    store.set_counter(2, 6)
    return model.dump()


def check_reboot(store, before, after, where, slots=None):
    """The rebooted store is healthy, holds before or after, and gives codes (in
    ``slots``, else in every slot: equal accounts give equal codes)."""
    assert store.problem is None, (where, store.problem)
    state = accounts(store)
    assert state in (before, after), where
    gives_codes(store, slots)
    return state


@pytest.mark.parametrize("case", CASES)
def test_a_cut_at_every_byte_of_a_small_fram_change_leaves_before_or_after(case):
    operation, dropped, drops_records = CASES[case]
    image = small_image()
    before = accounts(Store(fram_nvm(FramModel(image))[1], "fram"))
    model = FramModel(image)
    store = Store(fram_nvm(model)[1], "fram")
    operation(store)
    steps = model.steps
    after = accounts(store)
    assert steps > 0 and after != before
    if dropped is not None:
        assert dropped not in model.dump()
    outcomes = set()
    for cut in range(steps):
        model = FramModel(image)
        store = Store(fram_nvm(model)[1], "fram")
        model.arm_power_cut(cut)
        with pytest.raises(PowerCut):
            operation(store)
        where = "cut before byte %d of %d" % (cut, steps)
        rebooted = Store(fram_nvm(model)[1], "fram")
        state = check_reboot(rebooted, before, after, where)
        outcomes.add("before" if state == before else "after")
        if state == after and dropped is not None:
            assert dropped not in model.dump(), where  # the reboot finished the zeroing
        rebooted.add(EXTRA)
        assert accounts(Store(fram_nvm(model)[1], "fram")) == state + [EXTRA], where
    # the commit byte is the change's last write unless it drops records (then those
    # are zeroed after it): only such changes can be cut and still load as after
    assert outcomes == ({"before", "after"} if drops_records else {"before"})


def large_image():
    nvm = CutNvm(bytes(FramModel.size))
    store = Store(nvm, "fram")
    for number in range(LARGE):
        store.add(HOTP if number == 210 else typical(number))
    store.rename(5, "Renamed", "early")
    store.delete(3)
    return bytes(nvm.data)


LARGE_CASES = {
    "add": lambda s: s.add(EXTRA),
    "replace": lambda s: s.replace(300, REPLACEMENT),
    "delete": lambda s: s.delete(100),
    "rename": lambda s: s.rename(400, "A longer issuer than before", "someone"),
    "move": lambda s: s.move(410, 0),
    "hotp press": lambda s: s.set_counter(209, 6),
    "wipe": lambda s: s.wipe(),
}


@pytest.fixture(scope="module")
def large():
    image = large_image()
    return image, accounts(Store(bytearray(image), "fram"))


@pytest.mark.parametrize("reverse", [False, True], ids=["address order", "last to first"])
@pytest.mark.parametrize("case", LARGE_CASES)
def test_sampled_cuts_on_a_420_account_fram_store_leave_before_or_after(case, reverse, large):
    operation = LARGE_CASES[case]
    image, before = large
    nvm = CutNvm(image, reverse)
    store = Store(nvm, "fram")
    writes = []
    original = CutNvm.__setitem__

    def record(self, index, value):
        writes.append((self.steps, len(value), index.start))
        original(self, index, value)

    CutNvm.__setitem__ = record
    try:
        operation(store)
    finally:
        CutNvm.__setitem__ = original
    after = accounts(store)
    assert after != before
    cuts = set()
    for first, size, _ in writes:
        cuts.update(range(first, first + min(size, EDGE)))
        cuts.update(range(max(first, first + size - EDGE), first + size))
        cuts.update(range(first, first + size, max(1, size // BETWEEN)))
    cuts = sorted(cuts)
    # at most about SAMPLES of them, and every one-byte write (the commits and invalidations)
    cuts = set(cuts[::max(1, len(cuts) // SAMPLES)])
    cuts.update(first for first, size, at in writes if size == 1 and at < 2 * INDEX_BYTES)
    outcomes = set()
    for cut in sorted(cuts):
        nvm = CutNvm(image, reverse)
        store = Store(nvm, "fram")
        nvm.arm_power_cut(cut)
        with pytest.raises(PowerCut):
            operation(store)
        where = "cut before byte %d of %d" % (cut, nvm.steps)
        rebooted = Store(nvm, "fram")
        state = check_reboot(rebooted, before, after, where,
                             (0, 208, 209, 210, len(rebooted) - 1) if rebooted else ())
        outcomes.add("before" if state == before else "after")
    assert "before" in outcomes
