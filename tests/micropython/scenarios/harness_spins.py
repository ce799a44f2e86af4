"""The harness's own check: a scenario that never ends is stopped by the timeout."""

while True:
    pass
