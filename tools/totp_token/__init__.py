"""Host side of totp-token (CPython only): the CLI, importers, serial client, simulator, deploy."""
