"""The host client against a token on a real pseudo-terminal."""

import os
import threading

import pytest
from serial.tools.list_ports_common import ListPortInfo
from support.presence import call_pressing
from support.protocol_harness import NOW, PtyToken, TokenContext
from totp_token.client import Client, connect
from totp_token.errors import PortError, ProtocolError, TokenError, TokenRefused
from totp_token.ports import ENV_PORT, find_port

from totp import wire
from totp.account import Account
from totp.codes import code_at


def test_hello_add_list_and_code_over_a_pty(pty_token):
    account = Account(b"12345678901234567890", issuer="ACME", name="bob", digits=8)
    pty_token.context.clock.unix = 59
    asked = []
    with connect(pty_token.path, on_wait=lambda op, waiting: asked.append(waiting)) as client:
        assert client.hello_info["protocol"] == wire.PROTOCOL_VERSION
        slot = client.add(account)
        assert client.accounts()[slot]["issuer"] == "ACME"
        answer = call_pressing(lambda: client.code(slot), pty_token.waiting, pty_token.press)
    assert answer["code"] == code_at(account, 59) == "94287082"
    (waiting,) = asked
    assert (waiting["action"], waiting["label"], waiting["button"]) == ("code", "ACME:bob", "B")


def test_the_client_says_what_to_press_and_waits_past_its_usual_timeout(pty_token, capsys):
    with connect(pty_token.path, timeout=0.5) as client:
        client.add(Account(b"12345678901234567890", issuer="ACME", name="bob"))

        def press_late():
            import time

            time.sleep(1.0)  # longer than the client's usual timeout
            pty_token.press()

        answer = call_pressing(lambda: client.request(wire.OP_DELETE, slot=0), pty_token.waiting,
                               press_late)
    assert answer["ok"] and answer["slot"] == 0
    assert "Press B on the token to delete ACME:bob (15 s)..." in capsys.readouterr().err


def test_a_refusal_on_the_token_changes_nothing_and_says_so(pty_token):
    with connect(pty_token.path, on_wait=lambda op, waiting: None) as client:
        client.add(Account(b"12345678901234567890", issuer="ACME", name="bob"))
        with pytest.raises(TokenRefused, match="refused on the token") as refused:
            call_pressing(lambda: client.request(wire.OP_DELETE, slot=0), pty_token.waiting,
                          lambda: pty_token.press(yes=False))
        assert refused.value.code == wire.ERR_NO_PRESS
        assert len(client.accounts()) == 1


def test_a_second_program_cannot_open_the_port_and_is_told_why(pty_token):
    with Client(pty_token.path):
        with pytest.raises(TokenError, match="another program has .* open.*close it"):
            Client(pty_token.path)
    with Client(pty_token.path) as again:  # free once the first closed it
        assert again.request(wire.OP_TIME)["time"] == NOW


def test_an_answer_that_repeats_a_key_is_refused_not_believed(pty_token):
    with Client(pty_token.path) as client:
        request_id = next(client._ids) + 1
        with pty_token.lock:  # a forged answer ahead of the real one
            os.write(pty_token.master, b'{"id":%d,"ok":false,"ok":true,"time":1}\n' % request_id)
        with pytest.raises(ProtocolError, match="repeats the key 'ok'"):
            client.request(wire.OP_TIME)


def test_the_client_skips_garbage_and_stale_answers_to_find_its_own(pty_token):
    with Client(pty_token.path) as client:
        stale = next(client._ids)  # an earlier request that timed out
        with pty_token.lock:  # noise the token "sent" before this request was answered
            os.write(pty_token.master, b'\x00garbage\n{"id":%d,"ok":true,"stale":1}\n{"id":1\n'
                     % stale)
            os.write(pty_token.master, b'{"id":null,"ok":false,"error":"bad_json"}\n')
            os.write(pty_token.master, b"[1,2]\n" + b"z" * (wire.MAX_RESPONSE_LINE + 50) + b"\n")
        answer = client.request(wire.OP_TIME)
        assert answer == {"id": stale + 1, "ok": True, "time": NOW, "clock_valid": True}


def test_answers_queued_for_an_earlier_host_are_not_taken_as_new(pty_token):
    with pty_token.lock:
        os.write(pty_token.master, b'{"id":1,"ok":false,"error":"bad_json","message":"old"}\n' * 3)
    with connect(pty_token.path) as client:
        assert client.request(wire.OP_TIME)["time"] == NOW


def test_a_refusal_keeps_the_token_error_code(pty_token):
    with Client(pty_token.path) as client:
        with pytest.raises(TokenRefused, match="no accounts.*totp-token list") as refused:
            client.request(wire.OP_DELETE, slot=3)
    # a slot that does not exist is the user's mistake, not the token's: exit 1
    assert refused.value.code == wire.ERR_NO_SLOT and refused.value.exit_code == 1


def test_a_silent_port_times_out_with_a_clear_error():
    master, slave = os.openpty()
    try:
        with Client(os.ttyname(slave), timeout=1) as client:
            # the message names the client's own timeout, not a default
            with pytest.raises(TokenError, match="did not answer 'hello' within 1 s: check it"):
                client.hello()
    finally:
        os.close(master)
        os.close(slave)


def test_a_link_that_drops_mid_request_is_reported_as_such():
    master, slave = os.openpty()
    path = os.ttyname(slave)
    os.close(slave)
    client = Client(path, timeout=3)

    def unplug_once_asked():
        os.read(master, 100)  # the request arrived; the token "loses power"
        os.close(master)

    threading.Thread(target=unplug_once_asked, daemon=True).start()
    with pytest.raises(TokenError, match="dropped during 'add'.*totp-token list"):
        client.add(Account(b"secret-bytes-here!!!", issuer="X"))
    client.close()


def test_an_over_long_request_is_refused_before_sending(pty_token):
    with Client(pty_token.path) as client:
        with pytest.raises(ProtocolError, match="line limit"):
            client.request(wire.OP_HELLO, pad="p" * wire.MAX_REQUEST_LINE)


def test_a_protocol_version_mismatch_says_what_to_update():
    class FutureToken(TokenContext):
        def info(self):
            return {"board": "x", "serial": "1", "protocol": 99}

    with PtyToken(context=FutureToken()) as future:
        with pytest.raises(ProtocolError, match="protocol 99.*update"):
            connect(future.path)


def test_an_unopenable_port_names_the_path():
    with pytest.raises(TokenError, match="cannot open /dev/does-not-exist"):
        Client("/dev/does-not-exist")


def _port(device, interface):
    info = ListPortInfo(device, skip_link_detection=True)
    info.interface = interface
    return info


DATA = _port("/dev/ttyACM1", "CircuitPython CDC2 control")
DATA2 = _port("/dev/ttyACM3", "CircuitPython CDC2 control")
CONSOLE = _port("/dev/ttyACM0", "CircuitPython CDC control")


@pytest.mark.parametrize(("explicit", "environ", "data", "consoles", "expected"), [
    ("/dev/given", {ENV_PORT: "/dev/env"}, [DATA], [], "/dev/given"),
    (None, {ENV_PORT: "/dev/env"}, [DATA], [], "/dev/env"),
    (None, {}, [DATA], [CONSOLE], "/dev/ttyACM1"),
    (None, {}, [DATA, DATA2], [], PortError("several .*ttyACM1.*ttyACM3.*--port")),
    (None, {}, [], [CONSOLE], PortError("ttyACM0.*maintenance mode.*without holding A")),
    (None, {}, [], [], PortError("no token found.*--port PATH or TOTP_TOKEN_PORT")),
])
def test_finding_the_port(explicit, environ, data, consoles, expected):
    def find():
        return find_port(explicit, environ, lambda: data, lambda: consoles)

    if isinstance(expected, Exception):
        with pytest.raises(PortError, match=str(expected)):
            find()
    else:
        assert find() == expected


def test_labels_travel_as_utf8_and_come_back_unchanged(pty_token):
    labels = [("Ünïcødé", "\U0001f600 smile"), ("日本語", "\u202eRTL"), ('quo"te\\', "tab?")]
    with connect(pty_token.path) as client:
        for issuer, name in labels:
            client.add(Account(b"0123456789", issuer=issuer, name=name))
        assert [(e["issuer"], e["account"]) for e in client.accounts()] == labels
