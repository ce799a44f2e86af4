"""The external test corpus: found only through the TOTP_TOKEN_CORPUS environment variable.

The corpus is data other projects published (RFC and Steam known answers,
Google Authenticator exports, photos of QR codes, broken files). It lives
outside the repository; the `test_corpus_*.py` modules read it and are
collected only when the variable names it. Every other test makes its own data.
"""

import json
import os
from pathlib import Path

ENV = "TOTP_TOKEN_CORPUS"
MODULE_PREFIX = "test_corpus_"
HOW_TO_RUN = "to run them, set %s to the corpus folder (.ci/run does)" % ENV


class CorpusMissing(Exception):
    """TOTP_TOKEN_CORPUS is set but does not name a folder."""


def corpus_root() -> Path | None:
    """The corpus folder named by TOTP_TOKEN_CORPUS, or None when the variable is unset."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    root = Path(value).expanduser().resolve()
    if not root.is_dir():
        raise CorpusMissing("%s=%s is not a folder: point it at the corpus or unset it"
                            % (ENV, value))
    return root


def corpus_path(*parts: str) -> Path:
    """A file in the corpus; only the corpus modules call this, and only when it is set."""
    root = corpus_root()
    if root is None:
        raise CorpusMissing("%s is not set: %s" % (ENV, HOW_TO_RUN))
    return root.joinpath(*parts)


def corpus_json(*parts: str):
    return json.loads(corpus_path(*parts).read_text(encoding="utf-8"))


def is_corpus_module(path: Path) -> bool:
    return path.name.startswith(MODULE_PREFIX) and path.suffix == ".py"
