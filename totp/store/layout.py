"""The interface every storage layout implements: where a store's records go on one medium.

``Store`` keeps the account list and checks every request; a layout turns the
list and one change into bytes on its medium and back. The layouts are the
append-only log (``totp.store.log``, RP2040/RP2350 flash), snapshot copies
(``totp.store.copies``, nRF52840 and ESP32) and records with a two-copy index
(``totp.store.fram``, an I2C FRAM). The defaults below are those of a layout
that never compacts and keeps no counter run; the log overrides them.

State passed in and out is ``order`` (account ids in display order) and
``entries`` (id -> entry, positions ``totp.store.replay.ENTRY_*``).
"""

from totp.store.replay import MAX_ID


class Layout:
    run = 0  # erased counter bytes an HOTP record is given (one per press)
    compacts = False  # whether space comes back only by compaction
    deletes_at_once = True  # whether a delete removes the secret from the medium at once
    used = 0  # bytes in use, as used_bytes() reports them
    max_id = MAX_ID  # the highest account id its records can hold

    def reset(self):
        """Forget every position: the state of an erased (or wiped) medium."""
        raise NotImplementedError

    def total_bytes(self):
        """Bytes the accounts may use in all."""
        raise NotImplementedError

    def free(self, for_add=False):
        """Bytes free now; ``for_add``: less what is kept back for later changes."""
        raise NotImplementedError

    def load(self, buf):
        """Read the medium's bytes ``buf``: ``(order, entries, problem, notice)``.

        ``problem`` (damage that stops changes) and ``notice`` (damage survived)
        are texts or None, and never hold a secret.
        """
        raise NotImplementedError

    def fits(self, record, run, for_add):
        """Whether ``record`` and ``run`` counter bytes fit without a compaction."""
        return True  # write() works out the room itself and raises StoreFull

    def spare_after_compaction(self, order, entries, for_add):
        """Bytes a compaction would leave free; only asked when fits() said no."""
        return 0

    def compact(self, order, entries):
        """Rewrite the medium with only the live accounts: ``(order, entries, problem, notice)``."""
        return order, entries, None, None

    def write(self, record, rtype, fields, run, order, entries, for_add):
        """Make ``record`` (parsed as ``rtype``, ``fields``) durable, atomically against a
        power cut at any byte, then apply it; returns the new ``(order, entries)``.
        Raises StoreFull when it does not fit."""
        raise NotImplementedError

    def rewrite(self, order, entries, new_entries):
        """Replace every record with those of ``new_entries`` (same ``order``; positions
        in them are ignored) as one change: ``(order, entries, problem, notice)``. What
        ``entries`` held is gone from the medium once it returns (the PIN vault's
        first seal). On the log it is a compaction, the one change a cut can lose."""
        raise NotImplementedError

    def press(self, entry):
        """Count one HOTP press (or PIN attempt: the vault's entry) for ``entry`` in
        place; False when the caller must write a counter record instead."""
        return False

    def wipe(self):
        """Erase every account; a power cut during it leaves all of them or none."""
        raise NotImplementedError
