"""The harness's own check that the interpreter has room for real work: 24 MiB."""

from scenario import emit

blocks = [bytearray(1 << 20) for _ in range(24)]
emit(len(blocks))
