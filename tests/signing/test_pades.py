from __future__ import annotations

import io
from datetime import UTC

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from sopflow.signing import (
    SigningLevel,
    TestPki,
    add_archive_timestamp,
    context_for_test_pki,
    sign_pdf,
    verify_pdf,
)
from sopflow.signing.appearance import Appearance, appearance_lines


@pytest.fixture(scope="module")
def contexts(pki: TestPki):
    return {level: context_for_test_pki(pki, level) for level in SigningLevel}


@pytest.mark.parametrize("level", list(SigningLevel))
def test_sign_and_verify_each_level(level, pdf, pki, signers, officials, contexts, make_appearance, make_box):
    official = officials[1]
    context = contexts[level]
    signed = sign_pdf(pdf, signers[official.nip], field=make_box("sign_T1"), appearance=make_appearance(official),
                      reason="Tanda tangan", context=context, location="Jakarta")
    assert signed.startswith(pdf), "earlier revision rewritten"
    report = verify_pdf(signed, trust_roots=context.trust_roots)
    assert report.ok, report.all_problems()
    sig = [s for s in report.signatures if s.kind == "signature"]
    assert len(sig) == 1
    assert (sig[0].signer_name, sig[0].signer_nip) == (official.name, official.nip)
    assert (sig[0].timestamp_time is not None) == level.timestamped
    reader = PdfFileReader(io.BytesIO(signed))
    embedded = reader.embedded_regular_signatures[0]
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    has_dss = "/DSS" in reader.root
    assert has_dss == level.long_term
    assert any(s.kind == "doc_timestamp" for s in report.signatures) == (level is SigningLevel.B_LTA)


def test_three_officials_sign_in_sequence(pdf, signers, officials, contexts, make_appearance, make_box):
    context = contexts[SigningLevel.B_T]
    current = pdf
    for slot, (official, action) in enumerate(zip(officials, ("paraf", "sign", "receive"))):
        before = current
        current = sign_pdf(current, signers[official.nip], field=make_box(f"{action}_T{slot}", slot),
                           appearance=make_appearance(official, action), reason=action, context=context)
        assert current.startswith(before)
    report = verify_pdf(current, trust_roots=context.trust_roots)
    assert report.ok, report.all_problems()
    assert [s.signer_nip for s in report.signatures] == [o.nip for o in officials]
    assert [s.revision for s in report.signatures] == [1, 2, 3]
    assert [s.coverage for s in report.signatures] == ["ENTIRE_REVISION", "ENTIRE_REVISION", "ENTIRE_FILE"]
    assert report.signatures[0].modification_level == "FORM_FILLING"
    assert report.signatures[-1].modification_level == "NONE"


def test_archive_timestamp_makes_lta(pdf, signers, officials, contexts, make_appearance, make_box):
    context = contexts[SigningLevel.B_LT]
    signed = sign_pdf(pdf, signers[officials[0].nip], field=make_box("sign_T1"),
                      appearance=make_appearance(officials[0]), reason="x", context=context)
    archived = add_archive_timestamp(signed, context)
    assert archived.startswith(signed)
    report = verify_pdf(archived, trust_roots=context.trust_roots)
    assert report.ok, report.all_problems()
    assert [s.kind for s in report.signatures] == ["signature", "doc_timestamp"]
    assert report.signatures[0].modification_level == "LTA_UPDATES"


@pytest.mark.parametrize("action, expected", [
    ("paraf", ["Paraf", "Dedi Rudaedi"]),
    ("sign", ["Ditandatangani secara elektronik", "Kepala Seksi", "NIP 198001012005011001"]),
    ("receive", ["Diterima", "Kepala Seksi"]),
    ("file", ["Ditatausahakan", "Dedi Rudaedi, S.E."]),
    ("record", ["Dicatat oleh", "NIP 198001012005011001"]),
])
def test_appearance_text(action, expected, make_appearance):
    from sopflow.officials import Official

    official = Official("Dedi Rudaedi, S.E.", "198001012005011001", "Kepala Seksi Operasional")
    text = "\n".join(appearance_lines(make_appearance(official, action)))
    for part in expected:
        assert part in text


def test_appearance_drawn_in_small_box(pdf, signers, officials, contexts, make_appearance, make_box):
    """The stamp's form XObject fits its 70 x 40 pt widget."""
    official = officials[2]
    signed = sign_pdf(pdf, signers[official.nip], field=make_box("sign_T9"), appearance=make_appearance(official),
                      reason="x", context=contexts[SigningLevel.B_B])
    reader = PdfFileReader(io.BytesIO(signed))
    field = reader.embedded_regular_signatures[0].sig_field
    rect = [float(v) for v in field["/Rect"]]
    assert rect == [72.0, 100.0, 142.0, 140.0]
    stream = field["/AP"]["/N"]
    x1, y1, x2, y2 = (float(v) for v in stream["/BBox"])
    assert (abs(x2 - x1), abs(y2 - y1)) == (70.0, 40.0)
    assert b"Ditandatangani" in stream.data
    page = reader.root["/Pages"]["/Kids"][1]
    assert any(a.get_object().get("/T") == "sign_T9" for a in page["/Annots"])


def test_unknown_action_rejected():
    from datetime import datetime

    from sopflow.errors import SigningError

    with pytest.raises(SigningError, match="unknown signing action"):
        Appearance("approve", "x", "y", "1", datetime.now())


def test_the_signature_block_refuses_what_its_font_would_garble() -> None:
    from datetime import datetime

    from sopflow.errors import SigningError
    from sopflow.signing import stamp_unprintable

    assert stamp_unprintable("André Ñuñez, S.E.") is None
    assert stamp_unprintable("Ṣalāḥ") == 0 and stamp_unprintable("Ali \u00a0") == 4
    with pytest.raises(SigningError, match="U\\+1E62"):
        Appearance(action="sign", jabatan="Kepala", name="Ṣalāḥ", nip="1" * 18,
                   signed_at=datetime(2026, 11, 23, tzinfo=UTC))
