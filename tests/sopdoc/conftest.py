"""Models to render: every seed model in bpmn/, the hand-written fixture, and a large synthetic SOP."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.bpmn import seed_models
from sopflow.model.profile import SopModel, load_model, parse_model
from sopflow.sopdoc import SopDocument, build_sop_document

FIXTURES = Path(__file__).parent / "fixtures"
MODEL_PATHS = [*seed_models(), FIXTURES / "review_loop.bpmn", FIXTURES / "nested_parallel.bpmn"]


def synthetic_model(tasks: int = 30, lanes: int = 6) -> SopModel:
    """A straight SOP of ``tasks`` user tasks passed round ``lanes`` roles."""
    lane_xml = []
    for lane in range(lanes):
        refs = [f"<bpmn:flowNodeRef>T{i}</bpmn:flowNodeRef>" for i in range(tasks) if i % lanes == lane]
        if lane == 0:
            refs += ["<bpmn:flowNodeRef>S</bpmn:flowNodeRef>", "<bpmn:flowNodeRef>E</bpmn:flowNodeRef>"]
        lane_xml.append(f'<bpmn:lane id="L{lane}" name="Pejabat Pelaksana Nomor {lane + 1}">{"".join(refs)}</bpmn:lane>')
    nodes = ['<bpmn:startEvent id="S" name="Mulai" />', '<bpmn:endEvent id="E" name="Selesai" />']
    nodes += [
        f'<bpmn:userTask id="T{i}" name="Mengerjakan langkah nomor {i + 1}"><bpmn:extensionElements>'
        f'<camunda:properties><camunda:property name="durationWorkdays" value="1" />'
        f'<camunda:property name="output" value="Berkas langkah {i + 1}" /></camunda:properties>'
        f"</bpmn:extensionElements></bpmn:userTask>"
        for i in range(tasks)
    ]
    chain = ["S", *[f"T{i}" for i in range(tasks)], "E"]
    flows = [f'<bpmn:sequenceFlow id="F{i}" sourceRef="{a}" targetRef="{b}" />' for i, (a, b) in
             enumerate(zip(chain, chain[1:]))]
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://example.org/sop">
  <bpmn:process id="P_Besar" isExecutable="true">
    <bpmn:extensionElements><camunda:properties>
      <camunda:property name="sop.number" value="SYN99-0030" />
      <camunda:property name="sop.title" value="TATA CARA UJI SOP BESAR" />
      <camunda:property name="sop.unit" value="Kementerian Uji\\nDirektorat Jenderal Uji" />
      <camunda:property name="sop.deadlineWorkdays" value="30" />
    </camunda:properties></bpmn:extensionElements>
    <bpmn:laneSet id="LS">{"".join(lane_xml)}</bpmn:laneSet>
    {"".join(nodes)}
    {"".join(flows)}
  </bpmn:process>
</bpmn:definitions>"""
    return parse_model(xml.encode(), source="synthetic.bpmn")


@pytest.fixture(scope="session")
def rendered() -> dict[str, tuple[SopModel, SopDocument]]:
    """Every model of :data:`MODEL_PATHS` and the synthetic one, rendered once."""
    out: dict[str, tuple[SopModel, SopDocument]] = {}
    for path in MODEL_PATHS:
        model = load_model(path)
        out[path.name] = (model, build_sop_document(model))
    model = synthetic_model()
    out["synthetic"] = (model, build_sop_document(model))
    return out
