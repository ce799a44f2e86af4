"""What several `totp-token` commands share, so no command imports another.

``prompts``: yes/no questions and tables; ``provision``: the add-and-verify flow
(`add`, `scan --add`); ``found``: showing what sources hold (`parse`, `scan`);
``passwords``: the password for encrypted backups; ``compare`` and ``deleted``:
parts of `list --compare` and `delete`.
"""

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import argparse

# what `totp_token.cli` hands each command's register()
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
