"""Model loading refuses every DTD/entity declaration, in any encoding and wherever it stands.

The same model is written in UTF-8 (with and without BOM), UTF-16 and UTF-32
(both byte orders, with and without BOM), ISO-8859-1 and UTF-7, with the
declaration right after the XML declaration or after a long comment: every
variant is refused as ``xml-hostile`` by ``load_model`` and ``sopflow check``,
and the same model without the declaration loads in every encoding.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sopflow import messages
from sopflow.errors import HostileXmlError, ModelError, XmlSyntaxError
from sopflow.model.check import check_file
from sopflow.model.profile import load_model

GOOD = Path(__file__).parent / "fixtures" / "good.bpmn"
ENCODINGS = {
    # name: (python codec, byte-order mark, declared encoding)
    "utf-8": ("utf-8", b"", "UTF-8"),
    "utf-8-bom": ("utf-8", codecs.BOM_UTF8, "UTF-8"),
    "utf-16-le-bom": ("utf-16-le", codecs.BOM_UTF16_LE, "UTF-16"),
    "utf-16-be-bom": ("utf-16-be", codecs.BOM_UTF16_BE, "UTF-16"),
    "utf-16-le": ("utf-16-le", b"", "UTF-16LE"),
    "utf-16-be": ("utf-16-be", b"", "UTF-16BE"),
    "utf-32-le-bom": ("utf-32-le", codecs.BOM_UTF32_LE, "UTF-32"),
    "utf-32-be-bom": ("utf-32-be", codecs.BOM_UTF32_BE, "UTF-32"),
    "utf-32-le": ("utf-32-le", b"", "UTF-32LE"),
    "utf-32-be": ("utf-32-be", b"", "UTF-32BE"),
    "iso-8859-1": ("latin-1", b"", "ISO-8859-1"),
    "utf-7": ("utf-7", b"", "UTF-7"),
}
LAUGHS = ('<!DOCTYPE bpmn:definitions [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
          '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')
PLACES = {"after-declaration": "", "after-long-comment": "<!-- " + "panjang " * 20_000 + "-->\n"}


def _body() -> str:
    return GOOD.read_text("utf-8").split("?>", 1)[1].lstrip("\n")


def _write(path: Path, encoding: str, prolog: str) -> Path:
    codec, bom, declared = ENCODINGS[encoding]
    text = f'<?xml version="1.0" encoding="{declared}"?>\n{prolog}{_body()}'
    path.write_bytes(bom + text.encode(codec))
    return path


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_doctype_is_refused_in_every_encoding(encoding: str, place: str, tmp_path: Path) -> None:
    model = _write(tmp_path / "hostile.bpmn", encoding, PLACES[place] + LAUGHS)
    with pytest.raises(HostileXmlError, match=messages.MODEL_DOCTYPE):
        load_model(model)
    findings = check_file(model)
    assert [(f.rule, f.severity) for f in findings] == [("xml-hostile", "error")]
    assert findings[0].line == PLACES[place].count("\n") + 2


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_same_model_without_a_doctype_loads_in_every_encoding(encoding: str, tmp_path: Path) -> None:
    model = load_model(_write(tmp_path / "good.bpmn", encoding, ""))
    reference = load_model(GOOD)
    assert model.tasks.keys() == reference.tasks.keys()
    assert [lane.name for lane in model.lanes] == [lane.name for lane in reference.lanes]
    assert model.properties == reference.properties


def test_utf7_hidden_doctype_is_refused(tmp_path: Path) -> None:
    model = tmp_path / "utf7.bpmn"
    hidden = "+ADw-!DOCTYPE d +AFs-+ADw-!ENTITY e SYSTEM +ACI-file:///etc/passwd+ACI-+AD4-+AF0-+AD4-\n"
    model.write_bytes(f'<?xml version="1.0" encoding="UTF-7"?>\n{hidden}{_body()}'.encode("ascii"))
    with pytest.raises(HostileXmlError):
        load_model(model)


@pytest.mark.parametrize("declared", ["x-no-such-encoding", "rot13", "base64", "undefined", "UTF-16"])
def test_unreadable_or_mismatched_encodings_are_refused(declared: str, tmp_path: Path) -> None:
    model = tmp_path / "odd.bpmn"
    model.write_bytes(f'<?xml version="1.0" encoding="{declared}"?>\n{_body()}'.encode())
    with pytest.raises(HostileXmlError, match="pengodean"):
        load_model(model)
    assert [f.rule for f in check_file(model)] == ["xml-hostile"]


def test_bytes_invalid_in_their_encoding_are_a_syntax_finding(tmp_path: Path) -> None:
    model = tmp_path / "bad.bpmn"
    model.write_bytes(GOOD.read_bytes().replace(b"<bpmn:definitions", b"\xff\xfe\xfd<bpmn:definitions", 1))
    with pytest.raises(XmlSyntaxError):
        load_model(model)
    assert [f.rule for f in check_file(model)] == ["xml-syntax"]


def test_a_fifo_or_device_is_never_read(tmp_path: Path) -> None:
    fifo = tmp_path / "model.bpmn"
    os.mkfifo(fifo)
    not_regular = messages.FILE_NOT_REGULAR.split("}")[1].split(";")[0]
    with pytest.raises(ModelError, match=not_regular):
        load_model(fifo)
    with pytest.raises(ModelError, match=not_regular):
        load_model(Path("/dev/zero"))
    assert [f.rule for f in check_file(fifo)] == ["file-unreadable"]


def test_check_cli_reports_every_hostile_file_without_crashing(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    for encoding in ENCODINGS:
        _write(folder / f"{encoding}.bpmn", encoding, PLACES["after-long-comment"] + LAUGHS)
    result = subprocess.run([sys.executable, "-m", "sopflow.cli.main", "check", str(folder), "--json"],
                            check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    findings = json.loads(result.stdout)["data"]
    assert {Path(f["file"]).stem: f["rule"] for f in findings} == {e: "xml-hostile" for e in ENCODINGS}
