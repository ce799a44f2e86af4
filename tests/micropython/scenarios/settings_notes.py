"""The settings.toml key check on the device: the notes for the given lines.

Inputs: ``lines`` (settings.toml lines). Results: unknown_key_notes of the lines.
"""

from scenario import emit, inputs

from totp.settings_keys import unknown_key_notes

emit(unknown_key_notes(inputs()["lines"]))
