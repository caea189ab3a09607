"""Dates and times in the unit's own zone (WIB, WITA, WIT); the journal in UTC; one clock per completion."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from support import complete, ready, snapshot

from sopflow.archive import export_case, render_text, verify_case
from sopflow.errors import CaseError, ModelError
from sopflow.localtime import format_time, unit_date, unit_time
from sopflow.model.check import check_file
from sopflow.model.profile import load_model
from sopflow.runner.cases import CaseService
from sopflow.runner.clock import fixed_clock
from sopflow.runner.roster import Roster

FIXTURES = Path(__file__).parent / "fixtures"
UTC = UTC


def _unit(tmp: Path, zone: str | None, place: str = "Jayapura") -> Path:
    """The one-task fixture model for a unit in ``zone`` (no ``sop.timeZone`` when ``None``)."""
    folder = tmp / f"unit-{(zone or 'default').replace('/', '-')}"
    if not folder.exists():
        shutil.copytree(FIXTURES / "forms", folder / "forms")
        extra = f'<camunda:property name="sop.place" value="{place}" />'
        if zone:
            extra += f'<camunda:property name="sop.timeZone" value="{zone}" />'
        xml = (FIXTURES / "catatan.bpmn").read_text("utf-8").replace(
            '<camunda:property name="sop.deadlineWorkdays" value="2" />',
            f'<camunda:property name="sop.deadlineWorkdays" value="2" />{extra}')
        (folder / "catatan.bpmn").write_text(xml, "utf-8")
    return folder / "catatan.bpmn"


@pytest.mark.parametrize(
    "moment,zone,local_day,printed",
    [
        (datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "Asia/Jakarta", date(2026, 11, 23), "23/11/2026 06:30 WIB"),
        (datetime(2026, 11, 23, 16, 59, tzinfo=UTC), "Asia/Jakarta", date(2026, 11, 23), "23/11/2026 23:59 WIB"),
        (datetime(2026, 11, 23, 17, 0, tzinfo=UTC), "Asia/Jakarta", date(2026, 11, 24), "24/11/2026 00:00 WIB"),
        (datetime(2026, 11, 22, 16, 0, tzinfo=UTC), "Asia/Makassar", date(2026, 11, 23), "23/11/2026 00:00 WITA"),
        (datetime(2026, 11, 22, 15, 59, tzinfo=UTC), "Asia/Makassar", date(2026, 11, 22), "22/11/2026 23:59 WITA"),
        (datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "Asia/Jayapura", date(2026, 11, 23), "23/11/2026 08:30 WIT"),
        (datetime(2026, 11, 22, 15, 0, tzinfo=UTC), "Asia/Jayapura", date(2026, 11, 23), "23/11/2026 00:00 WIT"),
        (datetime(2026, 12, 31, 15, 30, tzinfo=UTC), "Asia/Jayapura", date(2027, 1, 1), "01/01/2027 00:30 WIT"),
    ],
)
def test_local_day_and_time_at_the_day_boundary(moment, zone, local_day, printed) -> None:
    assert unit_date(moment, zone) == local_day
    assert format_time(moment, zone) == printed
    assert unit_time(moment.replace(tzinfo=None), zone) == unit_time(moment, zone), "naive reads as UTC"


def test_the_model_names_the_zone_and_a_wrong_one_is_refused(tmp_path) -> None:
    assert load_model(_unit(tmp_path, None)).time_zone == "Asia/Jakarta"
    assert load_model(_unit(tmp_path, "Asia/Jayapura")).time_zone == "Asia/Jayapura"
    wrong = _unit(tmp_path, "Asia/Tokyo")
    with pytest.raises(ModelError, match="Asia/Tokyo") as info:
        _ = load_model(wrong).time_zone
    assert "Asia/Makassar" in (info.value.hint or "")
    assert any("Asia/Tokyo" in f.message and f.severity == "error" for f in check_file(wrong))


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.mark.parametrize(
    "zone,place,moment,date_line,stamp",
    [
        ("Asia/Jakarta", "Jakarta", datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "Jakarta, 23 November 2026",
         "23/11/2026 06:30 WIB"),
        ("Asia/Makassar", "Makassar", datetime(2026, 11, 22, 16, 30, tzinfo=UTC), "Makassar, 23 November 2026",
         "23/11/2026 00:30 WITA"),
        ("Asia/Jayapura", "Jayapura", datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "Jayapura, 23 November 2026",
         "23/11/2026 08:30 WIT"),
    ],
)
def test_a_unit_dates_its_documents_in_its_zone_and_the_archive_verifies(
    tmp_path, roster, zone, place, moment, date_line, stamp
) -> None:
    service = CaseService(tmp_path / "data", clock=fixed_clock(moment))
    case_id = service.start_case(_unit(tmp_path, zone, place), roster)
    complete(service, roster, ready(service, case_id), {"nama": "Yosephina Wamafma", "uraian": "Apel pagi"})
    (entry,) = service.journal(case_id)
    assert entry["time"] == moment.isoformat() and entry["time"].endswith("+00:00")
    bag = export_case(service, case_id, tmp_path / "bag")
    report = verify_case(bag, [roster.trust_roots[0]], workers=1)
    assert report.ok, report.findings
    (signature,) = report.revisions[0].signatures
    assert signature.signing_time == moment, "the signature claims the completion's moment"
    assert stamp in render_text(report)
    (pdf,) = (bag / "data" / "documents").rglob("r1.pdf")
    text = _pdf_text(pdf)
    assert date_line in text
    assert stamp in text, "the signature block prints the local time with its zone"
    service.close()


def test_deadlines_count_working_days_in_the_units_zone(tmp_path, roster) -> None:
    # Thursday 26 November 2026 16:30 UTC: still Thursday 23:30 in Jakarta, already Friday 01:30 in Jayapura
    moment = datetime(2026, 11, 26, 16, 30, tzinfo=UTC)
    service = CaseService(tmp_path / "data", clock=fixed_clock(moment))
    wib = service.start_case(_unit(tmp_path, "Asia/Jakarta", "Jakarta"), roster)
    wit = service.start_case(_unit(tmp_path, "Asia/Jayapura"), roster)
    assert service.summary(wib).due_date == date(2026, 11, 30)   # Fri 27, Mon 30
    assert service.summary(wit).due_date == date(2026, 12, 1)    # Mon 30, Tue 1
    service.close()


def test_a_clock_earlier_than_the_cases_last_event_is_refused(tmp_path, roster) -> None:
    started = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    model = _unit(tmp_path, "Asia/Jayapura")
    case_id = CaseService(tmp_path / "data", clock=fixed_clock(started)).start_case(model, roster)
    earlier = CaseService(tmp_path / "data", clock=fixed_clock(datetime(2026, 11, 22, 2, 0, tzinfo=UTC)))
    before = snapshot(earlier, case_id)
    with pytest.raises(CaseError, match="lebih awal"):
        complete(earlier, roster, ready(earlier, case_id), {"nama": "Budi"})
    assert snapshot(earlier, case_id) == before


def test_a_test_clock_cannot_sign_with_a_timestamp(tmp_path, roster_path) -> None:
    text = roster_path.read_text("utf-8").replace('level = "B-B"', 'level = "B-T"')
    assert 'level = "B-T"' in text
    timestamped = tmp_path / "roster-bt.toml"
    timestamped.write_text(text, "utf-8")
    for name in ("pki",):
        (tmp_path / name).symlink_to(roster_path.parent / name)
    roster = Roster.load(timestamped)
    service = CaseService(tmp_path / "data", clock=fixed_clock(datetime(2026, 3, 17, 9, 0, tzinfo=UTC)))
    case_id = service.start_case(_unit(tmp_path, "Asia/Jayapura"), roster)
    before = snapshot(service, case_id)
    with pytest.raises(CaseError, match="SOPFLOW_TODAY"):
        complete(service, roster, ready(service, case_id), {"nama": "Budi"})
    assert snapshot(service, case_id) == before
