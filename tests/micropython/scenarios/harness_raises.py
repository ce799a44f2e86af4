"""The harness's own check: an exception after some output fails the run."""

print("before")


def fail():
    raise ValueError("marker 42")


fail()
