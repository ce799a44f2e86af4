"""`totp-token add` when the token loses power mid-write: nothing stored before is lost.

The token runs over the simulator's flash models (``totp_token.sim.chips.nvm``),
which cut power after a chosen number of write steps. The host must report
the add as failed because the link dropped (exit 2, saying to reconnect and
`list`); after a "reboot" (a new server over the same flash) every account
stored before is intact, and the interrupted one is either whole or absent.
"""

import pytest
from support.presence import call_pressing
from support.protocol_harness import PtyToken, TokenContext
from totp_token.cli import main
from totp_token.sim.chips.nvm import for_port

from totp.store import Store

NOW = 1_760_000_000
BEFORE = ["otpauth://totp/Kept%d:user?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ%s&issuer=Kept%d"
          % (number, "QRSTU"[number], number) for number in range(3)]
NEW = "otpauth://totp/New:user?secret=JBSWY3DPEHPK3PXP&issuer=New&digits=8"


def _steps_of_one_add(port):
    """How many flash steps the add of NEW takes on this medium."""
    nvm = for_port(port)
    with PtyToken(context=TokenContext(nvm=nvm, unix=NOW, port=port)) as token:
        assert main(["--port", token.path, "add", "--yes"] + BEFORE) == 0
        before = nvm.steps
        assert main(["--port", token.path, "add", "--yes", NEW]) == 0
    return nvm.steps - before


@pytest.mark.parametrize("port", ["rp2040", "nrf52840", "esp32"])
@pytest.mark.parametrize("cut_at", [0.0, 0.5, 0.999])
def test_power_cut_during_add(port, cut_at, capsys):
    steps = _steps_of_one_add(port)
    nvm = for_port(port)
    with PtyToken(context=TokenContext(nvm=nvm, unix=NOW, port=port)) as token:
        assert main(["--port", token.path, "add", "--yes"] + BEFORE) == 0
        nvm.arm_power_cut(int(steps * cut_at))
        capsys.readouterr()
        assert main(["--port", token.path, "add", "--yes", NEW]) == 2
        assert type(token.died).__name__ == "PowerCut"
    err = capsys.readouterr().err
    assert "link to the token dropped during 'add'" in err and "totp-token list" in err
    nvm.disarm()
    store = Store(nvm, port=port)  # the reboot
    assert store.problem is None
    labels = [store.get(slot).label() for slot in range(len(store))]
    assert labels[:3] == ["Kept0:user", "Kept1:user", "Kept2:user"]
    assert labels[3:] in ([], ["New:user"])
    with PtyToken(context=TokenContext(nvm=nvm, unix=NOW, port=port)) as token:
        # replacing an account that made it before the cut waits for the owner's press
        assert call_pressing(lambda: main(["--port", token.path, "add", "--yes", "--replace",
                                           NEW]), token.waiting, token.press) == 0
        assert len(token.context.store) == 4
