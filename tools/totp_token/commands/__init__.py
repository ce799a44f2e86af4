"""One module per `totp-token` subcommand; each exposes ``register(subparsers)``."""
