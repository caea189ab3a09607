"""The SOP document (PermenPAN-RB 35/2012) with its Bagan Arus, drawn from the BPMN model."""

from sopflow.sopdoc.document import APPROVAL_FIELD, PAPERS, SopDocument, build_sop_document, render_sop
from sopflow.sopdoc.flowchart import SymbolCounts
from sopflow.sopdoc.layout import FlowchartLayout, Link, Step, Symbol, layout_flowchart

__all__ = [
    "APPROVAL_FIELD",
    "PAPERS",
    "SopDocument",
    "build_sop_document",
    "render_sop",
    "SymbolCounts",
    "FlowchartLayout",
    "Link",
    "Step",
    "Symbol",
    "layout_flowchart",
]
