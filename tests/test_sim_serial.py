"""Each simulated token has its own serial: from a random id kept in the state file, so
`--state FILE` keeps it across runs and every fresh simulator gets a new one."""

import json

from totp_token.client import Client
from totp_token.sim import Simulator


def serial_of(**options):
    with Simulator(**options) as sim:
        with Client(sim.serial_path) as client:
            return client.hello()["serial"]


def test_fresh_simulators_have_different_serials():
    serials = {serial_of() for _ in range(3)}
    assert len(serials) == 3


def test_a_state_file_keeps_its_serial_and_another_file_has_another(tmp_path):
    first = serial_of(state=str(tmp_path / "one.json"))
    assert serial_of(state=str(tmp_path / "one.json")) == first
    assert serial_of(state=str(tmp_path / "two.json")) != first
    saved = json.loads((tmp_path / "one.json").read_text())
    assert len(saved["id"]) == 32 and first not in saved["id"]  # the serial is derived


def test_a_state_file_from_before_ids_gets_one_and_keeps_it(tmp_path):
    path = tmp_path / "old.json"
    serial_of(state=str(path))
    document = json.loads(path.read_text())
    del document["id"]
    path.write_text(json.dumps(document))
    given = serial_of(state=str(path))
    assert "id" in json.loads(path.read_text())
    assert serial_of(state=str(path)) == given
