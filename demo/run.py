"""``sopflow demo``: everything from nothing, offline.

Creates a test PKI and a roster with one fictional official per role of the
chosen seed models, runs each model to completion with its forms' default
values, exports every finished case as a bag and verifies it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from sopflow.archive.export import export_case
from sopflow.archive.verify import CaseReport, verify_case
from sopflow.bpmn import seed_models
from sopflow.model.profile import SopModel, load_model
from sopflow.officials import Official
from sopflow.runner.cases import CaseService
from sopflow.runner.completion import complete_task
from sopflow.runner.roster import Roster
from sopflow.signing import create_test_pki, issue_seal_certificate, open_signer

__all__ = ["demo_officials", "demo_staff", "DemoCase", "run_demo"]

DEMO_MARKER = ".sopflow-demo"
"""File marking a folder as demo output, so a later demo may replace it."""

PASSPHRASE = "demo-rahasia"
"""Passphrase of the demo's PKCS#12 files (a demo, not a secret)."""
DEMO_SEAL_UNIT = "Kantor Pelayanan Pajak Pratama Demo"
"""The unit whose electronic seal closes the demo's cases."""

_NAMES = (
    "Dra. Sri Wahyuni, M.Si.", "Budi Santoso, S.E., M.M.", "Rina Marlina, S.Kom.", "Agus Prasetyo, S.T.",
    "Dewi Lestari, S.Sos.", "Hendra Gunawan, S.H.", "Yuliana Putri, A.Md.", "Ahmad Fauzi, S.E.",
    "Siti Nurhaliza, S.Psi.", "Eko Wibowo, M.Ak.", "Fitri Handayani, S.Kom.", "Rudi Hartono, S.AB.",
    "Maya Sari, S.I.Kom.", "Dedi Kurniawan, S.ST.", "Lina Marliana, S.E.", "Taufik Hidayat, S.Kom.",
    "Nur Aisyah, S.Pd.", "Bambang Sutrisno, M.Si.", "Indah Permatasari, S.E.", "Joko Susilo, S.T.",
)


def demo_officials(roles: Sequence[str]) -> dict[str, Official]:
    """A fictional official per role, with a well-formed, stable NIP."""
    officials: dict[str, Official] = {}
    for index, role in enumerate(roles):
        digest = int(hashlib.sha256(role.encode("utf-8")).hexdigest(), 16)
        born = f"19{70 + digest % 25:02d}{1 + digest % 12:02d}{1 + digest % 28:02d}"
        appointed = f"20{digest % 15 + 5:02d}{1 + (digest >> 8) % 12:02d}"
        nip = f"{born}{appointed}{1 + index % 2}{index + 1:03d}"
        officials[role] = Official(name=_NAMES[index % len(_NAMES)], nip=nip, jabatan=role)
    return officials


def demo_staff(officials: Iterable[Official]) -> dict[str, Official]:
    """A fictional archivist ("arsip") and analyst ("model") whose NIPs no official has."""
    taken = {o.nip for o in officials}
    staff: dict[str, Official] = {}
    for access, name, jabatan, serial in (("arsip", "Nur Aisyah, S.Hum.", "Arsiparis Ahli Muda", 901),
                                          ("model", "Taufik Hidayat, S.Kom.", "Analis Kebijakan Ahli Muda", 902)):
        nip = f"19880303201503{1 + serial % 2}{serial:03d}"
        while nip in taken:
            serial += 2
            nip = f"19880303201503{1 + serial % 2}{serial:03d}"
        taken.add(nip)
        staff[access] = Official(name=name, nip=nip, jabatan=jabatan)
    return staff


def write_demo_setup(setup_dir: Path, models: Sequence[SopModel], *, level: str = "B-B") -> Path:
    """Create the PKI and a roster covering every lane; return the roster path."""
    roles = list(dict.fromkeys(lane.name for model in models for lane in model.lanes))
    officials = demo_officials(roles)
    pki = create_test_pki(setup_dir / "pki", list(officials.values()), passphrase=PASSPHRASE)
    roster = {
        "signing": {"trust": [str(Path(pki.root_pem).relative_to(setup_dir))], "level": level,
                    "test_pki": str(Path(pki.directory).relative_to(setup_dir))},
        "official": [
            {
                "role": role, "name": o.name, "nip": o.nip, "jabatan": o.jabatan,
                "signer": {"pkcs12": str(Path(pki.p12_by_nip[o.nip]).relative_to(setup_dir)),
                           "passphrase": PASSPHRASE},
            }
            for role, o in officials.items()
        ],
        "staff": [{"nip": s.nip, "name": s.name, "jabatan": s.jabatan, "access": [access]}
                  for access, s in demo_staff(officials.values()).items()],
        "seal": {"name": DEMO_SEAL_UNIT,
                 "signer": {"pkcs12": str(issue_seal_certificate(pki, DEMO_SEAL_UNIT).relative_to(setup_dir)),
                            "passphrase": PASSPHRASE}},
    }
    path = setup_dir / "roster.toml"
    path.write_text(tomli_w.dumps(roster), encoding="utf-8")
    return path


@dataclass(frozen=True)
class DemoCase:
    """One case the demo ran."""

    case_id: str
    """Case id."""
    sop: str
    """SOP number and title."""
    tasks: int
    """Tasks completed."""
    documents: int
    """Documents produced."""
    archive: Path
    """Exported bag."""
    report: CaseReport
    """Verification verdict."""


def finish_case(service: CaseService, case_id: str, roster: Roster, *,
                progress: Callable[[str], None] = lambda _msg: None) -> int:
    """Complete every task of a case with its form's default values, each signed by the rostered official;
    returns how many were completed (the last one seals the Lembar Riwayat)."""
    completed = 0
    while ready := service.ready_tasks(case_id):
        task = ready[0]
        form = service.form_of(case_id, task.form_key) if task.form_key else None
        with open_signer(roster.for_role(task.role or "").signer) as signer:
            done = complete_task(service, case_id, task.id, form.defaults() if form else {}, signer)
        completed += 1
        progress(f"  {completed:2d}. {task.role}: {task.name} -> {done.document} r{done.revision}")
    return completed


def run_demo(
    out_dir: Path,
    models: Sequence[Path] | None = None,
    *,
    level: str = "B-B",
    progress: Callable[[str], None] = lambda _msg: None,
) -> list[DemoCase]:
    """Run the demo into ``out_dir`` and return one verdict per case."""
    paths = list(models) if models else seed_models()
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / DEMO_MARKER).write_text("Output of `sopflow demo`; a later demo run replaces this folder.\n")
    loaded = [load_model(p) for p in paths]
    progress(f"Menyiapkan PKI uji dan daftar pejabat untuk {len(loaded)} SOP")
    roster = Roster.load(write_demo_setup(out_dir / "setup", loaded, level=level))
    service = CaseService(out_dir / "data")
    results = []
    try:
        for path, model in zip(paths, loaded):
            case_id = service.start_case(path, roster)
            progress(f"Kasus {case_id}: {model.number} {model.title}")
            completed = finish_case(service, case_id, roster, progress=progress)
            archive = export_case(service, case_id, out_dir / case_id)
            report = verify_case(archive, roster.trust_roots)
            results.append(DemoCase(case_id=case_id, sop=f"{model.number} {model.title}", tasks=completed,
                                    documents=len(service.documents(case_id)), archive=archive, report=report))
    finally:
        service.close()
    return results
