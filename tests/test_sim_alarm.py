"""The simulated ``alarm.sleep_memory``: 256 bytes of RAM that a reset keeps and a power-on
clears, indexed like CircuitPython's ``SleepMemory``."""

import pytest
from support.sim_drives import make_drive
from totp_token.sim import Simulator, boards
from totp_token.sim.circuitpython import alarm as sim_alarm
from totp_token.sim.machine import Machine

# boot.py reports what it finds (the maintenance flag is read there); code.py counts its
# runs in sleep_memory[0] and resets itself until the count reaches 3
BOOT_PY = """
import alarm
print("boot sees %d" % alarm.sleep_memory[0])
"""
CODE_PY = """
import alarm, microcontroller, time
memory = alarm.sleep_memory
memory[0] += 1
print("code run %d of %d bytes" % (memory[0], len(memory)))
if memory[0] < 3:
    microcontroller.reset()
while True:
    time.sleep(0.05)
"""
THREE_RUNS = ("boot sees 0\ncode run 1 of 256 bytes\nboot sees 1\ncode run 2 of 256 bytes\n"
              "boot sees 2\ncode run 3 of 256 bytes\n")


def test_sleep_memory_survives_a_reset_and_is_cleared_by_a_power_cycle(tmp_path):
    drive = make_drive(tmp_path / "d", code=CODE_PY, boot=BOOT_PY, libs=())
    with Simulator(drive=drive) as sim:
        assert "".join(sim.machine.console_lines) == THREE_RUNS
        assert sim.machine.sleep_memory[0] == 3
        del sim.machine.console_lines[:]
        sim.reboot()  # the power goes and comes back: the count starts again
        assert "".join(sim.machine.console_lines) == THREE_RUNS
        assert sim.take_errors() == []


def sleep_memory():
    machine = Machine(boards.profile(boards.DEFAULT_BOARD))

    class Context:
        pass

    ctx = Context()
    ctx.machine = machine
    return machine, sim_alarm.build(ctx)


def test_the_module_offers_sleep_memory_only():
    _, alarm = sleep_memory()
    assert sorted(n for n in vars(alarm) if not n.startswith("_")) == [
        "SleepMemory", "sleep_memory", "wake_alarm"]
    assert alarm.wake_alarm is None
    with pytest.raises(TypeError):
        alarm.SleepMemory()
    with pytest.raises(AttributeError):
        alarm.sleep_memory.no_such_thing = 1


def test_sleep_memory_reads_and_writes_like_circuitpython():
    machine, alarm = sleep_memory()
    memory = alarm.sleep_memory
    assert len(memory) == 256 and bool(memory)
    memory[0] = 0xA5
    memory[-1] = 7
    memory[10:14] = b"PIN!"
    assert machine.sleep_memory[0] == 0xA5 and machine.sleep_memory[255] == 7
    assert memory[10:14] == bytearray(b"PIN!") and isinstance(memory[10:14], bytearray)
    assert memory[0] == 0xA5 and memory[-1] == 7
    assert bytes(memory)[10:14] == b"PIN!"  # iterable by index, as on the board


@pytest.mark.parametrize("change, error, message", [
    (lambda m: m.__setitem__(0, 256), ValueError, "0-255"),
    (lambda m: m.__setitem__(0, -1), ValueError, "0-255"),
    (lambda m: m.__setitem__(256, 1), IndexError, "out of range"),
    (lambda m: m.__getitem__(-257), IndexError, "out of range"),
    (lambda m: m.__setitem__(slice(0, 4), b"abc"), ValueError, "different lengths"),
    (lambda m: m.__setitem__(slice(0, 2), [1, 2]), NotImplementedError, "array/bytes"),
    (lambda m: m.__getitem__(slice(0, 8, 2)), NotImplementedError, "step=1"),
    (lambda m: m.__delitem__(0), TypeError, "deletion"),
])
def test_sleep_memory_refuses_what_circuitpython_refuses(change, error, message):
    machine, alarm = sleep_memory()
    with pytest.raises(error, match=message):
        change(alarm.sleep_memory)
    assert machine.sleep_memory == bytearray(256)


def test_a_new_machine_starts_with_zeroed_sleep_memory():
    machine, _ = sleep_memory()
    assert machine.sleep_memory == bytearray(256)
