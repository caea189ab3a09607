"""Roster files: every mistake is refused with the entry and key named."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w

from sopflow.errors import RosterError
from sopflow.runner.roster import Roster


def _official(**overrides):
    entry = {"role": "Kepala Seksi Operasional", "name": "Rina Marlina", "nip": "198001012005012001",
             "jabatan": "Kepala Seksi Operasional", "signer": {"pkcs12": "rina.p12", "passphrase": "x"}}
    entry.update(overrides)
    return entry


def _write(tmp_path: Path, raw: dict) -> Path:
    (tmp_path / "root.pem").write_text("placeholder")
    path = tmp_path / "roster.toml"
    path.write_text(tomli_w.dumps(raw))
    return path


def _raw(*officials, **signing):
    return {"signing": {"trust": ["root.pem"], **signing}, "official": list(officials or [_official()])}


def test_a_valid_roster_loads_with_acting_officials(tmp_path):
    roster = Roster.load(_write(tmp_path, _raw(_official(acting="Plt."))))
    entry = roster.for_role("Kepala Seksi Operasional")
    assert entry.official.printed_jabatan == "Plt. Kepala Seksi Operasional"
    assert entry.signer.pkcs12 == tmp_path / "rina.p12"
    assert roster.public_dict()["officials"]["Kepala Seksi Operasional"]["acting"] == "Plt."


@pytest.mark.parametrize(
    "raw, where, words",
    [
        (_raw(_official(jabtan="typo")), "official #1", "jabtan"),
        (_raw(_official(nip="12345")), "official #1", "18 digits"),
        (_raw(_official(acting="Pj.")), "official #1", "Plt."),
        (_raw(_official(), _official(name="Orang Lain")), "official #2", "given twice"),
        (_raw(_official(name="")), "official #1", "'name'"),
        (_raw(level="B-X"), "[signing] level", "B-LTA"),
        (_raw(level="B-T"), "[signing]", "time-stamping"),
        ({"official": [_official()]}, "[signing]", "trust root"),
        ({"signing": {"trust": ["missing.pem"]}, "official": [_official()]}, "[signing] trust", "does not exist"),
        (_raw(_official(name="Ṣalāḥ al-Dīn")), "official #1 (Kepala Seksi Operasional) name", "U+1E62"),
        (_raw(_official(name="محمد")), "official #1 (Kepala Seksi Operasional) name", "U+0645"),
        (_raw(_official(jabatan="Kepala\u200bSeksi")), "jabatan", "U+200B"),
        (_raw(_official(pangkat="Penata \u4e2d")), "pangkat", "U+4E2D"),
    ],
)
def test_mistakes_are_named(tmp_path, raw, where, words):
    with pytest.raises(RosterError) as refused:
        Roster.load(_write(tmp_path, raw))
    assert where in (refused.value.where or "")
    assert words in str(refused.value)


STAFF = {"nip": "199002022015022002", "name": "Maya Sari", "jabatan": "Arsiparis", "access": ["arsip"]}


def test_staff_and_officials_get_web_access_but_no_role(tmp_path):
    raw = {**_raw(_official(access=["model"])), "staff": [STAFF]}
    roster = Roster.load(_write(tmp_path, raw))
    assert roster.access_of(STAFF["nip"]) == {"arsip"}
    assert roster.access_of("198001012005012001") == {"model"}
    assert roster.access_of("199999999999999999") == frozenset()
    assert roster.person(STAFF["nip"]).name == "Maya Sari"
    assert roster.person("198001012005012001").name == "Rina Marlina"
    assert roster.person("199999999999999999") is None
    # staff never become part of a case, so they change no case's roster digest
    assert STAFF["nip"] not in str(roster.public_dict())
    assert list(roster.entries) == ["Kepala Seksi Operasional"]


@pytest.mark.parametrize(
    "staff, where, words",
    [
        ({**STAFF, "access": ["arsip", "admin"]}, "staff #1 access", "'admin'"),
        ({**STAFF, "access": "tulis"}, "staff #1 access", "'tulis'"),
        ({**STAFF, "access": [1]}, "staff #1 access", "list of names"),
        ({**STAFF, "nip": "42"}, "staff #1", "18 digits"),
        ({**STAFF, "nip": "198001012005012001"}, "staff #1", "given twice"),
        ({**STAFF, "role": "Kepala Kantor"}, "staff #1", "role"),
        ({k: v for k, v in STAFF.items() if k != "access"}, "staff #1", "'access'"),
    ],
)
def test_staff_mistakes_are_named(tmp_path, staff, where, words):
    with pytest.raises(RosterError) as refused:
        Roster.load(_write(tmp_path, {**_raw(), "staff": [staff]}))
    assert where in (refused.value.where or "")
    assert words in str(refused.value)


def test_missing_roles_are_all_listed_at_start(tmp_path):
    roster = Roster.load(_write(tmp_path, _raw()))
    with pytest.raises(RosterError) as refused:
        roster.require_roles(["Kepala Seksi Operasional", "Kepala Kantor", "Pelaksana"], model="m.bpmn")
    assert "'Kepala Kantor'" in str(refused.value) and "'Pelaksana'" in str(refused.value)


def test_bad_toml_is_located(tmp_path):
    path = tmp_path / "roster.toml"
    path.write_text("[signing\n")
    with pytest.raises(RosterError, match="not valid TOML"):
        Roster.load(path)


def test_latin_1_names_print_in_documents_and_signature_blocks(tmp_path):
    roster = Roster.load(_write(tmp_path, _raw(_official(name="André Françoise Ñuñez, S.E."))))
    assert roster.for_role("Kepala Seksi Operasional").official.name == "André Françoise Ñuñez, S.E."
