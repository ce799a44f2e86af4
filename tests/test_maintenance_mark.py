"""The one-shot maintenance mark (totp.maintenance): set by the unlocked token, taken by
boot.py once, never found in memory that holds anything else."""

import os

from totp import maintenance

SLEEP_MEMORY_BYTES = 256  # alarm.sleep_memory on an RP2040 (CircuitPython 10.2.1)


def test_a_mark_is_found_once_then_gone():
    memory = bytearray(SLEEP_MEMORY_BYTES)
    maintenance.request(memory)
    assert maintenance.take(memory) is True
    assert maintenance.take(memory) is False
    assert bytes(memory) == bytes(SLEEP_MEMORY_BYTES)


def test_memory_without_the_mark_reads_as_no_request_and_the_mark_area_is_cleared():
    for fill in (bytes(SLEEP_MEMORY_BYTES), b"\xff" * SLEEP_MEMORY_BYTES,
                 os.urandom(SLEEP_MEMORY_BYTES)):
        memory = bytearray(fill)
        assert maintenance.take(memory) is False
        assert memory[:len(maintenance.MARK)] == bytes(len(maintenance.MARK))
        assert memory[len(maintenance.MARK):] == fill[len(maintenance.MARK):]


def test_a_half_written_mark_is_no_request():
    memory = bytearray(SLEEP_MEMORY_BYTES)
    memory[:len(maintenance.MARK) - 1] = maintenance.MARK[:-1]
    assert maintenance.take(memory) is False


def test_no_sleep_memory_is_no_request():
    assert maintenance.take(None) is False
    assert maintenance.take(bytearray(4)) is False
