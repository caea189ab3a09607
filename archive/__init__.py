"""Case archives: BagIt export and offline verification of a whole case."""

from sopflow.archive.export import export_case
from sopflow.archive.report import CaseCheck, CaseReport, Finding, Kind, RevisionCheck, SignatureCheck, render_text
from sopflow.archive.verify import verify_case

__all__ = [
    "CaseCheck",
    "CaseReport",
    "Finding",
    "Kind",
    "RevisionCheck",
    "SignatureCheck",
    "export_case",
    "render_text",
    "verify_case",
]
