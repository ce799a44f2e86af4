"""The presence screen: every question, for every button layout, fits the panel."""

import pytest

from totp import screens
from totp.app import refuse_hint
from totp.buttons import type_button


@pytest.mark.parametrize("buttons", [1, 2, 3])
@pytest.mark.parametrize("action", sorted(screens.PRESS_TITLES))
def test_every_question_fits_and_names_both_answers(action, buttons):
    label = "A" * 64  # the longest label: cut to the line, never wrapped
    lines = screens.press_lines(action, label, type_button(buttons), refuse_hint(buttons), 15)
    assert len(lines) <= len(screens.Layout(32).message_ys)
    assert all(len(line) <= screens.COLUMNS for line in lines)
    assert lines[0].startswith(screens.PRESS_TITLES[action]) and lines[0].endswith("15s")
    assert lines[2].endswith(": yes") and lines[3].endswith(": no")


@pytest.mark.parametrize(("buttons", "yes", "no"), [(3, "B", "A or C"), (2, "B", "A"),
                                                    (1, "hold A", "tap A")])
def test_the_buttons_named_match_the_layout(buttons, yes, no):
    assert (type_button(buttons), refuse_hint(buttons)) == (yes, no)
