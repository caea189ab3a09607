"""The creating signature commits to the reserved boxes; later widgets must lie in theirs."""

from __future__ import annotations

import pytest

from sopflow.documents import FieldBox
from sopflow.signing import SigningLevel, TestPki, context_for_test_pki, sign_pdf, verify_pdf
from sopflow.signing.binding import boxes_value, read_boxes

RESERVED = tuple(FieldBox(name=name, page=1, box=(72 + slot * 90, 100, 142 + slot * 90, 140))
                 for slot, name in enumerate(("create_T1", "paraf_T2", "sign_T3")))
OVER_BODY = FieldBox(name="sign_T3", page=0, box=(72, 730, 300, 790))
"""The last signer's widget laid over the body text on the first page."""


@pytest.fixture(scope="module")
def context(pki: TestPki):
    return context_for_test_pki(pki, SigningLevel.B_B)


@pytest.fixture(scope="module")
def sign(signers, officials, context, make_appearance):
    def sign(pdf: bytes, field: FieldBox, official: int = 1, binding: dict[str, str] | None = None) -> bytes:
        return sign_pdf(pdf, signers[officials[official].nip], field=field, appearance=make_appearance(
            officials[official]), reason="Tanda tangan", context=context, binding=binding)
    return sign


@pytest.fixture(scope="module")
def parafed(pdf, sign) -> bytes:
    """Created with the boxes committed, then paraf'd twice in the same box (a return-for-revision loop)."""
    created = sign(pdf, RESERVED[0], 0, {"Purpose": "task", "Boxes": boxes_value(RESERVED)})
    once = sign(created, RESERVED[1], 1)
    return sign(once, FieldBox(name="paraf_T2_2", page=1, box=RESERVED[1].box), 1)


def _strict(pdf: bytes, context):
    """The strict report (document problems; signer trust needs revocation data these B-B signatures lack)."""
    return verify_pdf(pdf, trust_roots=context.trust_roots, strict=True)


def test_boxes_round_trip():
    assert read_boxes({"Boxes": boxes_value(RESERVED)}) == {b.name: b for b in RESERVED}
    assert read_boxes({}) is None
    with pytest.raises(ValueError, match="not \\[page"):
        read_boxes({"Boxes": '{"sign_T3": [0, 1, 2]}'})
    with pytest.raises(ValueError, match="nested too deeply"):
        read_boxes({"Boxes": "[" * 100_000 + "]" * 100_000})


def test_widgets_in_their_reserved_boxes_verify(parafed, sign, context):
    signed = sign(parafed, RESERVED[2], 2)
    report = _strict(signed, context)
    assert report.problems == (), report.problems
    assert [s.field_name for s in report.signatures] == ["create_T1", "paraf_T2", "paraf_T2_2", "sign_T3"]


@pytest.mark.parametrize("field", [OVER_BODY, FieldBox(name="sign_T3", page=0, box=RESERVED[2].box),
                                   FieldBox(name="sign_T3", page=1, box=(72, 40, 142, 80))],
                         ids=["over body text", "reserved rectangle on another page", "beside its box"])
def test_a_widget_away_from_its_reserved_box_is_refused(parafed, sign, context, field):
    report = _strict(sign(parafed, field, 2), context)
    assert any("sign_T3" in p and "not in the box reserved for it on page 2" in p for p in report.problems), \
        report.all_problems
    assert "modified-after-signing" in report.problem_kinds


def test_a_widget_of_an_undeclared_field_is_refused(parafed, sign, context):
    report = _strict(sign(parafed, FieldBox(name="extra_T9", page=1, box=RESERVED[2].box), 2), context)
    assert any("extra_T9" in p and "has no box reserved" in p for p in report.problems), report.all_problems


def test_documents_created_without_committed_boxes_are_judged_as_before(pdf, sign, context):
    created = sign(pdf, RESERVED[0], 0, {"Purpose": "task"})
    report = _strict(sign(created, OVER_BODY, 2), context)
    assert report.problems == (), report.problems
