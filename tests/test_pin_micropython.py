"""The PIN wheel and the lock under real MicroPython 1.27 and CPython, over the vault
stand-in (tests/support/pin_store.py), from the scenario files pin_lock.py (a wrong PIN
counted, the right one unlocking, the idle lock with ticks that wrap, the maintenance
mark) and pin_attach.py (the lock in front of the app's methods)."""

from support.mpy import PIN_STORE, run_scenario


def test_the_lock_and_the_wheel_under_each_interpreter(interpreter):
    given = {"pin": "86420975", "wrong": "11111111", "lock_minutes": 1}
    results = run_scenario("pin_lock", given, interpreter, libs=(PIN_STORE,)).results
    assert results["entering"] is True
    assert results["wrong"] == 2 and results["left"] == 9
    assert results["lines"][0] == "Wrong PIN"
    assert results["right"] == 1
    assert results["digits_left"] == [0] * 12
    assert results["early"] is False and results["idle"] is True
    assert results["checked"] == ["11111111", "86420975"]
    assert results["mark"] == [True, False]


def test_attach_puts_the_lock_in_front_of_the_apps_methods_under_each_interpreter(
        interpreter):
    results = run_scenario("pin_attach", {"pin": "11223344"}, interpreter,
                           libs=(PIN_STORE,)).results
    assert results["is_lock"] is True
    assert results["calls"] == ["step"]  # the press went to the wheel, not the app
    assert results["choice"] == 1
    assert results["shown"][0][0].startswith("Enter PIN")  # the lock drew, not the app
