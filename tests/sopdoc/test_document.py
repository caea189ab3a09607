"""The rendered SOP document, checked from the PDF itself (pypdf text, page boxes, fonts)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from sopflow.errors import ModelError
from sopflow.model.profile import parse_model, split_unit_lines
from sopflow.sopdoc import build_sop_document
from sopflow.sopdoc.procedure import procedure_items
from sopflow.sopdoc.styles import register_fonts, style
from sopflow.templates import terbilang

from .conftest import MODEL_PATHS

NAMES = [p.name for p in MODEL_PATHS] + ["synthetic"]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="session")
def page_texts(rendered) -> dict[str, list[str]]:
    return {
        name: [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(doc.pdf)).pages]
        for name, (_, doc) in rendered.items()
    }


@pytest.mark.parametrize("name", NAMES)
def test_header_on_every_page(name, rendered, page_texts):
    model, doc = rendered[name]
    texts = page_texts[name]
    assert len(texts) == doc.pages
    for number, text in enumerate(texts, start=1):
        assert "Standard Operating Procedure" in text
        assert _flat(model.title) in text
        assert model.unit_lines[-1] in text
        assert re.search(rf"Nomor\s*:\s*{re.escape(model.number)}", text)
        assert "Revisi" in text and "Tanggal" in text
        assert re.findall(r"Halaman\s*:\s*(\d+) dari (\d+)", text) == [(str(number), str(doc.pages))]


@pytest.mark.parametrize("name", NAMES)
def test_sections_tasks_and_deadline(name, rendered, page_texts):
    model, doc = rendered[name]
    text = " ".join(page_texts[name])
    headings = ["Deskripsi", "Dasar Hukum", "Pihak yang Terkait", "Input", "Output", "Prosedur Kerja",
                "Bagan Arus (Flowchart)"]
    positions = [text.find(f"{h} :") for h in headings]
    assert -1 not in positions and positions == sorted(positions)
    bagan = positions[-1]
    # Every step in Prosedur Kerja (from the tasks' documentation, else "Role activity"), then every row
    # of the table, in the same order.
    cursor = 0
    for label, sentence in procedure_items(model, doc.layout):
        words = " ".join(sentence.split()[:8])
        found = text.find(_flat(f"{label}. {words}"), cursor)
        assert cursor <= found < bagan, (label, words)
        cursor = found
    cursor = bagan
    for row in doc.layout.rows:
        found = text.find(_flat(row.activity)[:40], cursor + 1)  # names may repeat
        assert found > cursor, row.activity
        cursor = found
    if model.deadline_workdays is not None:
        days = model.deadline_workdays
        assert f"Paling lama {days} ({terbilang(days)}) hari kerja" in text


@pytest.mark.parametrize("name", NAMES)
def test_table_pages_show_every_lane_and_the_headings(name, rendered, page_texts):
    model, doc = rendered[name]
    reader = PdfReader(io.BytesIO(doc.pdf))
    assert doc.table_pages and list(doc.table_pages) == list(range(doc.table_pages[0], doc.pages + 1))[
        : len(doc.table_pages)
    ]
    for number in doc.table_pages:
        text = page_texts[name][number - 1]
        for heading in ("No", "Kegiatan", "Pelaksana", "Mutu Baku", "Kelengkapan", "Waktu", "Output",
                        "Keterangan"):
            assert heading in text
        for lane in model.lanes:
            assert _flat(lane.name) in text, (number, lane.name)
        box = reader.pages[number - 1].mediabox
        assert (box.width > box.height) == (len(model.lanes) >= 4)


@pytest.mark.parametrize("name", NAMES)
def test_symbol_counts_match_the_model(name, rendered, page_texts):
    model, doc = rendered[name]
    kinds = [e.kind for e in model.elements.values()]
    terminators = kinds.count("startEvent") + kinds.count("endEvent")
    gateways = sum(k.endswith("Gateway") for k in kinds)
    page_of = {row: n for n, plan in enumerate(doc.plans) for row in plan.page.rows}
    crossing = sum(page_of[doc.layout.rows_of(link)[0]] != page_of[doc.layout.rows_of(link)[1]]
                   for link in doc.layout.links)
    symbols = doc.symbols
    assert symbols.capsules == terminators
    assert symbols.diamonds == gateways
    assert symbols.rectangles == len(kinds) - terminators - gateways
    assert symbols.rectangles >= len(model.tasks)
    assert symbols.arrows == len(model.flows) + crossing
    assert symbols.connectors == 2 * crossing
    assert crossing >= len(doc.table_pages) - 1  # the flow always continues across a page break
    # Every connector label is printed twice, once on each side of the break.
    labels = [s.label for plan in doc.plans for s in plan.shapes if s.kind == "connector"]
    assert sorted(set(labels)) == sorted(labels[::1])[::2] if labels else True
    for label in set(labels):
        assert labels.count(label) == 2


@pytest.mark.parametrize("name", NAMES)
def test_arrows_never_cross_other_symbols(name, rendered):
    _, doc = rendered[name]
    for plan in doc.plans:
        for arrow in plan.arrows:
            first, last = arrow.points[0], arrow.points[-1]
            for shape in plan.shapes:
                b = shape.box
                inside = b.cx - b.w / 2 - 0.5, b.top - 0.5, b.cx + b.w / 2 + 0.5, b.bottom + 0.5
                if any(inside[0] <= x <= inside[2] and inside[1] <= y <= inside[3] for x, y in (first, last)):
                    continue  # the arrow's own source or target
                for (x0, y0), (x1, y1) in zip(arrow.points, arrow.points[1:]):
                    overlaps_x = min(x0, x1) < b.cx + b.w / 2 - 0.5 and max(x0, x1) > b.cx - b.w / 2 + 0.5
                    overlaps_y = min(y0, y1) < b.bottom - 0.5 and max(y0, y1) > b.top + 0.5
                    assert not (overlaps_x and overlaps_y), (name, arrow.flow_id, shape.element_id or shape.label)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("name", NAMES)
def test_arrow_labels_are_clear_of_every_line_and_symbol(name, rendered):
    _, doc = rendered[name]
    for plan in doc.plans:
        labelled = [a for a in plan.arrows if a.label]
        for arrow in labelled:
            box = arrow.label_box
            assert box is not None and box[2] - box[0] > 3, (name, arrow.flow_id)
            for other in plan.arrows:
                for (x0, y0), (x1, y1) in zip(other.points, other.points[1:]):
                    segment = (min(x0, x1) - 0.3, min(y0, y1) - 0.3, max(x0, x1) + 0.3, max(y0, y1) + 0.3)
                    assert not _overlap(box, segment), (name, arrow.label, "crossed by", other.flow_id)
            for shape in plan.shapes:
                b = shape.box
                assert not _overlap(box, (b.cx - b.w / 2, b.top, b.cx + b.w / 2, b.bottom)), (name, arrow.label)
            for other in labelled:
                assert other is arrow or not _overlap(box, other.label_box)


@pytest.mark.parametrize("name", NAMES)
def test_off_page_connectors_keep_their_column(name, rendered):
    _, doc = rendered[name]
    columns: dict[str, set[int]] = {}
    for plan in doc.plans:
        for shape in plan.shapes:
            if shape.kind == "connector":
                columns.setdefault(shape.label, set()).add(shape.box.column)
    assert all(len(found) == 1 for found in columns.values()), columns


@pytest.mark.parametrize("name", NAMES)
def test_approval_is_never_alone_nor_past_the_margin(name, rendered):
    model, doc = rendered[name]
    if doc.approval_field is None:
        return
    page = doc.approval_field.page + 1
    assert page in doc.table_pages  # it follows table rows on the same page
    reader = PdfReader(io.BytesIO(doc.pdf))
    width = float(reader.pages[page - 1].mediabox.width)
    right: list[float] = []
    register_fonts()

    font = style("approval").fontName

    def visit(text, cm, tm, _font, size):
        if any(line in text for line in split_unit_lines(model.properties["sop.approver"])):
            right.append(cm[4] + tm[4] + stringWidth(text.strip(), font, size))

    reader.pages[page - 1].extract_text(visitor_text=visit)
    assert right and max(right) <= width - 14 * mm + 0.5  # inside the 14 mm margin


def test_large_sop_paginates_with_connectors(rendered, page_texts):
    model, doc = rendered["synthetic"]
    assert len(model.tasks) == 30 and len(model.lanes) == 6
    assert len(doc.table_pages) >= 3
    breaks = len(doc.table_pages) - 1
    assert doc.symbols.connectors == 2 * breaks  # a straight flow: one pair per page break
    for plan, number in zip(doc.plans, doc.table_pages):
        assert plan.page.continued_from == (number != doc.table_pages[0])
        assert plan.page.continues == (number != doc.table_pages[-1])
        text = page_texts["synthetic"][number - 1]
        connectors = [s.label for s in plan.shapes if s.kind == "connector"]
        assert len(connectors) == plan.page.continued_from + plan.page.continues
        for label in connectors:
            assert re.search(rf"(^|\s){label}(\s|$)", text)
    assert "Paling lama 30 (tiga puluh) hari kerja" in " ".join(page_texts["synthetic"])


def test_approval_block_and_embedded_fonts(rendered, page_texts):
    model, doc = rendered["review_loop.bpmn"]
    last = page_texts["review_loop.bpmn"][doc.approval_field.page]
    for line in ("Disahkan oleh", "a.n. Direktur Jenderal", "Sekretaris Direktorat Jenderal", "Dedi Rudaedi",
                 "NIP 195309231976101001"):
        assert line in last
    x1, y1, x2, y2 = doc.approval_field.box
    assert x2 - x1 > 100 and y2 - y1 > 30
    reader = PdfReader(io.BytesIO(doc.pdf))
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        used = set(re.findall(rb"/(F\d+(?:\+\d+)?) [\d.]+ Tf", page.get_contents().get_data()))
        assert used
        for name in used:
            font = fonts[f"/{name.decode()}"].get_object()
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded


def test_document_is_reproducible(rendered):
    model, doc = rendered["review_loop.bpmn"]
    assert build_sop_document(model).pdf == doc.pdf


def test_missing_number_is_a_located_model_error(rendered):
    model, _ = rendered["review_loop.bpmn"]
    xml = model.xml.replace(b'name="sop.number" value="TST01-0001"', b'name="sop.number" value=""')
    broken = parse_model(xml, source="broken.bpmn")
    with pytest.raises(ModelError) as error:
        build_sop_document(broken)
    assert "sop.number" in str(error.value) and "broken.bpmn:" in str(error.value)


def test_creation_date_is_the_sop_date_or_today(rendered):
    """Not reportlab's reproducible-mode 2000-01-01: ``sop.date`` when it is a date, else the day of rendering."""
    import datetime

    _, doc = rendered["review_loop.bpmn"]  # sop.date = "21 Juni 2013"
    info = PdfReader(io.BytesIO(doc.pdf)).metadata
    assert info["/CreationDate"].startswith("D:20130621") and info["/ModDate"].startswith("D:20130621")
    _, undated = rendered["synthetic"]
    today = datetime.date.today().strftime("%Y%m%d")
    assert PdfReader(io.BytesIO(undated.pdf)).metadata["/CreationDate"].startswith(f"D:{today}")
