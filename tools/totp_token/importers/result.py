"""``ImportResult``: what an import found: accounts, warnings, and the sources that failed.

Readers add to one shared result as they go, so a bad line, entry or file is
recorded and skipped while everything good is kept. ``finish()`` adds the
warnings that need every source read first (missing parts of a split export).
"""

from collections.abc import Iterable
from typing import Any

from totp.account import Account

from .fields import account_where


class ImportResult:
    """Accounts (Account list), warnings (str list), failures ((source, message) list)."""

    def __init__(self) -> None:
        self.accounts: list[Account] = []
        self.warnings: list[str] = []
        self.failures: list[tuple[str, str]] = []
        self.found = 0  # accounts read, duplicates included: tells a source found something
        # export batch id -> (part count, set of part indexes given)
        self._batches: dict[int, tuple[int, set[int]]] = {}
        # every field of each account kept: a set, so big imports stay fast
        self._seen: set[tuple[Any, ...]] = set()

    def add(self, account: Account, where: str) -> None:
        self.found += 1
        key = tuple(getattr(account, field) for field in type(account).__slots__)
        if key in self._seen:
            self.warn("%s: the same account was already found; imported once" % where)
            return
        self._seen.add(key)
        self.accounts.append(account)

    def add_with_warnings(self, account: Account, where: str, warnings: Iterable[str]) -> None:
        """``add`` one account read from ``where``, then record its warnings."""
        self.add(account, account_where(where, account.issuer, account.name))
        self.warnings.extend(warnings)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def fail(self, source: str, message: str) -> None:
        self.failures.append((source, message))

    def note_batch_part(self, batch_id: int, batch_size: int, batch_index: int) -> None:
        """Remember one part of a Google Authenticator export split over several QR codes."""
        if batch_size > 1:
            size, given = self._batches.setdefault(batch_id, (batch_size, set()))
            given.add(batch_index)

    def finish(self) -> "ImportResult":
        for batch_id, (size, given) in self._batches.items():
            for index in range(size):
                if index not in given:
                    self.warn("Google Authenticator export %d: part %d of %d not given: its "
                              "accounts are missing; give every QR code of the export"
                              % (batch_id, index + 1, size))
        self._batches = {}
        return self

    def __repr__(self):
        return "ImportResult(%d accounts, %d warnings, %d failures)" % (
            len(self.accounts), len(self.warnings), len(self.failures))
