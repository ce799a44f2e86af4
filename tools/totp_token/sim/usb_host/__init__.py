"""The laptop at the other end of the simulated USB cable: the keyboard host that turns
HID reports into text, and the pipes behind the serial ports (the data port a real
pseudo-terminal). They belong to the machine, not to a firmware run: they outlive reboots."""
