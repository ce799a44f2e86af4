"""How the token cuts the byte stream into request lines, and what it does with bad lines."""

import json

import pytest

from totp import wire

HELLO = b'{"id":9,"op":"time"}'


def _ids(responses):
    return [response["id"] for response in responses]


@pytest.mark.parametrize("terminator", [b"\n", b"\r", b"\r\n"])
def test_any_line_ending_ends_a_request(direct_token, terminator):
    assert _ids(direct_token.raw(HELLO + terminator)) == [9]


def test_several_requests_in_one_read_get_one_answer_each_in_order(direct_token):
    data = b"".join(b'{"id":%d,"op":"time"}\n' % number for number in range(5))
    assert _ids(direct_token.raw(data)) == [0, 1, 2, 3, 4]


def test_a_request_arriving_byte_by_byte(direct_token):
    responses = []
    for byte in HELLO + b"\n":
        responses += direct_token.raw(bytes([byte]))
    assert _ids(responses) == [9]


def test_empty_lines_are_ignored(direct_token):
    assert direct_token.raw(b"\n\r\n\n") == []


@pytest.mark.parametrize("garbage", [
    b"AT\r", b"ATE0\r", b"AT+GCAP\r\n", b"\x00\xff\xfe\x80", b"{", b"null", b"[1,2]",
    b'"op"', b"{'op': 'hello'}", b'{"op":"hello"', b"[" * 1000, b'{"id":1}' * 100,
])
def test_garbage_gets_an_error_then_the_next_request_is_answered(direct_token, garbage):
    answers = direct_token.raw(garbage + b"\n")
    assert len(answers) == 1 and answers[0]["ok"] is False
    assert answers[0]["error"] in (wire.ERR_BAD_JSON, wire.ERR_UNKNOWN_OP)
    assert _ids(direct_token.raw(HELLO + b"\n")) == [9]


@pytest.mark.parametrize("size", [wire.MAX_REQUEST_LINE, 64 * 1024, 300 * 1024])
def test_an_over_long_line_is_dropped_without_buffering_it(direct_token, size):
    answers = []
    chunk = b"x" * 997
    for _ in range(size // len(chunk) + 1):
        answers += direct_token.raw(chunk)
        assert direct_token.server.reader.pending < wire.MAX_REQUEST_LINE
    answers += direct_token.raw(b"\n" + HELLO + b"\n")
    assert [answer.get("error") for answer in answers] == [wire.ERR_TOO_LONG, None]
    assert answers[1]["id"] == 9


def test_the_longest_accepted_line(direct_token):
    padding = wire.MAX_REQUEST_LINE - 1 - len(HELLO) - len(',"pad":""')
    line = HELLO[:-1] + b',"pad":"' + b"p" * padding + b'"}'
    assert len(line) == wire.MAX_REQUEST_LINE - 1
    assert _ids(direct_token.raw(line + b"\n")) == [9]
    assert direct_token.raw(b"p" + line + b"\n")[0]["error"] == wire.ERR_TOO_LONG


def test_half_a_line_then_silence_is_flushed_by_the_next_requests_leading_newline(direct_token):
    assert direct_token.raw(b'{"id":3,"op":"li') == []
    assert direct_token.raw(b"") == []
    answers = direct_token.raw(b"\n" + HELLO + b"\n")
    assert [(answer["id"], answer["ok"]) for answer in answers] == [(None, False), (9, True)]


def test_a_host_that_vanishes_while_the_token_answers(direct_token):
    class GoneStream:
        in_waiting = len(HELLO) + 1

        def read(self, count):
            self.in_waiting = 0
            return HELLO + b"\n"

        def write(self, data):
            raise OSError(5, "host gone")

    direct_token.server.poll(GoneStream())
    assert _ids(direct_token.raw(HELLO + b"\n")) == [9]


def test_error_answers_never_echo_the_request(direct_token):
    line = json.dumps({"id": 1, "op": "add", "issuer": "X", "secret": "JBSWY3DPEHPK3PX!"})
    (answer,) = direct_token.raw(line.encode() + b"\n")
    assert answer["error"] == wire.ERR_BAD_ACCOUNT
    assert "JBSW" not in json.dumps(answer) and "!" not in answer["message"]


def test_a_flood_is_worked_off_over_several_steps_in_order(direct_token):
    direct_token.stream.feed(b"".join(b'{"id":%d,"op":"time"}\n' % number for number in range(400)))
    direct_token.server.poll(direct_token.stream)
    first_step = len(direct_token.stream.responses())
    assert 0 < first_step < 400
    direct_token.drain()
    assert _ids(direct_token.stream.responses()) == list(range(first_step, 400))
