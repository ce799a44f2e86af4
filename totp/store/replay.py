"""Replay of stored records into the account list, shared by boot and every change.

State is ``order`` (account ids in display order) and ``entries`` (id ->
``[Account, run position, run length, presses programmed in the run]``, at the
ENTRY_* positions below). A store with a PIN vault also has the entry
``entries[records.VAULT_ID]``, ``[Vault, ...]`` with the attempt counter in
place of an HOTP counter, and its accounts are ``totp.store.vault.Sealed``
(their ``secret`` is sealed); ``order`` never lists the vault.
"""

from totp.account import HOTP, Account
from totp.const import const
from totp.store import records as rec

MAX_ID = 254
FUTURE = 9  # scan outcome besides those of records.read(): a header of another format
INTERRUPTED = 10  # scan outcome: a compacted log whose base image is incomplete
PROGRAM_PAGE = 256  # flash programs pages in address order, bytes within one in any order

# positions in an entry
ENTRY_ACCOUNT = const(0)  # the Account, its counter without the presses below
ENTRY_AT = const(1)  # log: where the counter run starts; FRAM: where the record is
ENTRY_LENGTH = const(2)  # log: bytes in the counter run; FRAM: bytes of the record
ENTRY_PRESSES = const(3)  # presses programmed in the run (the log's; 0 elsewhere)


def _cut_off(buf, pos, limit):
    """Whether a base that stops reading at ``pos`` looks like a compaction cut off
    there: programming stopped inside the record at ``pos`` or the page after it,
    so everything from one record and one page on is still erased."""
    after = (pos // PROGRAM_PAGE + 2) * PROGRAM_PAGE + rec.MAX_UNITS * rec.ALIGN
    return after >= limit or rec.first_unerased(buf, after, limit) == limit


def ticks(run_bytes):
    """HOTP presses recorded in a counter run."""
    # presses program the run in order; count up to the last programmed byte
    # so a damaged byte can only move the counter forward, never back
    count = len(run_bytes)
    while count and run_bytes[count - 1] == rec.ERASED:
        count -= 1
    return count


def with_fields(acct, issuer=None, name=None, counter=None):
    """A validated copy of ``acct`` (an Account or a Sealed one) with some fields changed."""
    return type(acct)(acct.secret, acct.issuer if issuer is None else issuer,
                   acct.name if name is None else name, acct.kind, acct.algorithm,
                   acct.digits, acct.period, acct.counter if counter is None else counter)


def counted(entry):
    """The entry's account with the presses of its run counted in."""
    acct = entry[ENTRY_ACCOUNT]
    return with_fields(acct, counter=acct.counter + entry[ENTRY_PRESSES])


def apply(order, entries, rtype, fields, run_at, run_bytes, max_id=MAX_ID):
    """Replay one record onto (order, entries); entries: id -> [Account, run_at, run, ticks]."""
    ident = fields[rec.FIELD_ID]
    if ident == rec.VAULT_ID:
        _apply_vault(entries, rtype, fields, run_at, run_bytes)
        return
    if rtype == rec.ACCOUNT:
        kind = Account
        if rec.VAULT_ID in entries:  # a vault keeps every secret sealed
            from totp.store.vault import Sealed

            kind = Sealed
        acct = kind(fields[rec.ACCOUNT_SECRET], fields[rec.ACCOUNT_ISSUER],
                       fields[rec.ACCOUNT_NAME], fields[rec.ACCOUNT_KIND],
                       fields[rec.ACCOUNT_ALGORITHM], fields[rec.ACCOUNT_DIGITS],
                       fields[rec.ACCOUNT_PERIOD], fields[rec.ACCOUNT_COUNTER])
        run = fields[rec.ACCOUNT_RUN]
        if ident > max_id or (run and acct.kind != HOTP):
            raise rec.RecordError("bad account record")
        if ident not in entries:
            order.append(ident)
        entries[ident] = [acct, run_at, run, ticks(run_bytes)]
        return
    entry = entries.get(ident)
    if entry is None:
        raise rec.RecordError("record for an account that does not exist")
    acct = entry[ENTRY_ACCOUNT]
    if rtype == rec.DELETE:
        del entries[ident]
        order.remove(ident)
    elif rtype == rec.RENAME:
        entries[ident] = [with_fields(acct, fields[rec.RENAME_ISSUER], fields[rec.RENAME_NAME]),
                          entry[ENTRY_AT], entry[ENTRY_LENGTH], entry[ENTRY_PRESSES]]
    elif rtype == rec.MOVE:
        if fields[rec.MOVE_TO] >= len(order):
            raise rec.RecordError("move past the end")
        order.remove(ident)
        order.insert(fields[rec.MOVE_TO], ident)
    elif rtype == rec.COUNTER and acct.kind == HOTP:
        entries[ident] = [with_fields(acct, counter=fields[rec.COUNTER_VALUE]), run_at,
                          fields[rec.COUNTER_RUN], ticks(run_bytes)]
    else:
        raise rec.RecordError("unexpected record")


def _apply_vault(entries, rtype, fields, run_at, run_bytes):
    from totp.store.vault import Vault  # only a store with a vault needs it

    if rtype == rec.VAULT:
        if entries and rec.VAULT_ID not in entries:
            raise rec.RecordError("vault after plaintext accounts")
        entries[rec.VAULT_ID] = [Vault(fields[rec.VAULT_LOCK], fields[rec.VAULT_ITERATIONS],
                                       fields[rec.VAULT_ATTEMPTS], fields[rec.VAULT_SALT],
                                       fields[rec.VAULT_KEY]),
                                 run_at, fields[rec.VAULT_RUN], ticks(run_bytes)]
        return
    entry = entries.get(rec.VAULT_ID)
    if entry is None or rtype != rec.ATTEMPTS:
        raise rec.RecordError("unexpected vault record")
    entries[rec.VAULT_ID] = [entry[ENTRY_ACCOUNT].with_attempts(fields[rec.COUNTER_VALUE]),
                             run_at, fields[rec.COUNTER_RUN], ticks(run_bytes)]


def scan(buf, start, limit, order, entries, snapshot):
    """Replay the records in ``buf[start:limit]`` onto (order, entries).

    Returns ``(outcome, where, header, end)``: outcome OK, TORN (a snapshot cut
    short), DAMAGED (``where`` is the first bad byte), FUTURE (``header`` is
    then the other format's version, else the header's sequence number or
    None) or INTERRUPTED (a compacted log whose base does not read whole);
    ``end`` is where the next record would go. A log skips torn records; a
    snapshot must end with an END record, and so must the base of a compacted
    log (a log whose header number is above 0), before its appended records.
    """
    pos = start
    header = None
    base = snapshot  # account records up to an END record are expected
    view = memoryview(buf)  # records are read through it without copies
    while pos < limit:
        outcome, rtype, payload, end = rec.read(view, pos, limit)
        if outcome == rec.BLANK:
            break
        if outcome == rec.TORN:
            if snapshot:
                return rec.TORN, pos, header, pos
            if base:
                return (INTERRUPTED if _cut_off(buf, pos, limit) else rec.DAMAGED), pos, header, pos
            pos = end
            continue
        try:
            if outcome == rec.DAMAGED:
                if base and not snapshot and header is not None and _cut_off(buf, pos, limit):
                    return INTERRUPTED, pos, header, pos
                raise rec.RecordError("bad frame")
            fields = rec.parse(rtype, payload)
            run = rec.run_length(rtype, fields)
            if end + run > limit or (snapshot and run):
                raise rec.RecordError("counter run past the end")
            if header is None:
                if rtype != rec.HEADER:
                    raise rec.RecordError("no header")
                header = fields[rec.HEADER_SEQ]
                if header is None:
                    return FUTURE, pos, fields[rec.HEADER_VERSION], pos
                base = snapshot or header > 0
            elif base and rtype == rec.END:
                if fields[rec.END_COUNT] != len(order):
                    raise rec.RecordError("account count")
                pos = end
                if snapshot:
                    break
                base = False
                continue
            elif base and rtype != rec.ACCOUNT and rtype != rec.VAULT:
                raise rec.RecordError("not a snapshot record")
            else:
                apply(order, entries, rtype, fields, end, view[end:end + run])
        except (ValueError, IndexError):  # RecordError, AccountError, bad UTF-8
            return rec.DAMAGED, pos, header, pos
        pos = end + run
    if base and not snapshot and header is not None:
        return (INTERRUPTED if _cut_off(buf, pos, limit) else rec.DAMAGED), pos, header, pos
    if snapshot and (header is None or rtype != rec.END):
        # no END: cut short by a power failure if nothing follows, else damage
        if rec.first_unerased(buf, pos, limit) < limit:
            return rec.DAMAGED, pos, header, pos
        return rec.TORN, pos, header, pos
    stray = rec.first_unerased(buf, pos, limit)
    if stray < limit:
        return rec.DAMAGED, stray, header, stray
    return rec.OK, pos, header, pos

