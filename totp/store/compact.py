"""Compaction of the append-only log (``totp.store.log``), apart so it costs heap only
once a board first compacts: the live accounts built in RAM as one base image, then
written with one erase and program of the sector (the module text of
``totp.store.log`` says why that write is the one risky moment). ``compact_store``
is the ``Store``'s side of it, the rest the layout's."""

from totp.account import HOTP
from totp.store import LOG_RESERVE
from totp.store import records as rec
from totp.store.errors import StoreDamaged, StoreError, StoreFull
from totp.store.log import COUNTER_RUN, ROOM_ADVICE
from totp.store.replay import ENTRY_ACCOUNT, ENTRY_PRESSES, counted

NO_POWER = "the token reclaims space only on USB power: plug it into a computer or charger"


def compact_store(store, by_hand):
    """Compact ``store``'s log if its owner allows it now (``store.may_compact``), saying
    so first (``store.before_compact``); a change made by hand spends no wear budget."""
    if not store.may_compact():
        raise StoreFull(0, store._layout.free(), NO_POWER)
    if not by_hand:
        store._spend(1)
    store.before_compact()
    try:
        store._order, store._entries, problem, store.notice = store._layout.compact(
            store._order, store._entries)
    except StoreError:
        raise
    except Exception:
        store._load()  # the medium failed mid-write: believe only what it holds now
        raise
    store.compactions += 1
    if problem is not None:
        store._refuse(problem)
        raise StoreDamaged(problem)


def image(layout, order, entries):
    """The compacted log of the live accounts (without the erased space after it)."""
    vault = entries.get(rec.VAULT_ID)
    if vault is None:
        parts = [rec.header(layout._generation + 1)]
    else:  # the vault first: the accounts after it replay as sealed
        parts = [rec.header(layout._generation + 1, rec.VAULT_FORMAT_VERSION),
                 vault[ENTRY_ACCOUNT].record(vault[ENTRY_ACCOUNT].attempts
                                             + vault[ENTRY_PRESSES], COUNTER_RUN),
                 b"\xff" * COUNTER_RUN]
    for ident in order:
        acct = counted(entries[ident])
        run = COUNTER_RUN if acct.kind == HOTP else 0
        parts.append(rec.account(ident, acct, run))
        parts.append(b"\xff" * run)
    parts.append(rec.end(len(order)))
    return b"".join(parts)


def spare_after_compaction(layout, order, entries, for_add):
    """Bytes a compaction would leave free (less the reserve for an add)."""
    spare = layout._size - len(image(layout, order, entries))
    return max(0, spare - LOG_RESERVE if for_add else spare)


def compact(layout, order, entries):
    """Rewrite the sector with only the live accounts: ``(order, entries, problem, notice)``."""
    size = layout._size
    data = image(layout, order, entries)
    if len(data) > size:
        raise StoreFull(len(data) - size, 0, ROOM_ADVICE)
    # built whole in RAM first: the erase-to-programmed window is one nvm write
    layout._nvm[0:size] = data + b"\xff" * (size - len(data))
    return layout.load(layout._nvm[0:size])
