"""``sopflow demo``: run the seed SOPs end to end and verify them."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from sopflow import messages
from sopflow.cli.runtime import emit_verdict, errors_to_exit, json_option, out_dir_option
from sopflow.runner.roster import LEVELS


@click.command()
@out_dir_option("Directory for the PKI, roster, database and finished cases (must be new or empty).",
                default="sopflow-demo")
@click.option("--sop", "sops", multiple=True, metavar="NUMBER_OR_FILE",
              help="Run only these seed SOPs (e.g. LIP20-0013) or model files; repeatable. Default: all seeds.")
@click.option("--level", type=click.Choice(LEVELS), default="B-B", show_default=True, help="PAdES level to sign at.")
@json_option
def demo(out_dir: Path, sops: tuple[str, ...], level: str, as_json: bool) -> None:
    """Create a test PKI and roster, run seed SOPs to completion, export and verify each case.

    Exit status is 0 only when every case verifies.
    """
    from sopflow.demo.run import run_demo

    with errors_to_exit(as_json=as_json):
        _prepare(out_dir)
        models = _select(sops)
        progress = (lambda _m: None) if as_json else (lambda m: click.echo(m, err=True))
        results = run_demo(out_dir, models, level=level, progress=progress)
    ok = bool(results) and all(r.report.ok for r in results)
    if not as_json:
        click.echo("")
        for r in results:
            click.echo(f"{r.case_id}  {r.sop}")
            click.echo(messages.DEMO_CASE_LINE.format(
                tasks=r.tasks, documents=r.documents, signatures=r.report.signature_count,
                verdict=messages.DEMO_VERDICT_OK if r.report.ok else messages.DEMO_VERDICT_BAD))
            click.echo(messages.DEMO_ARCHIVE_LINE.format(archive=r.archive))
            for document in _final_documents(r.archive):
                click.echo(f"    {document}")
            for problem in [*r.report.problems, *(p for c in r.report.revisions for p in c.problems)]:
                click.echo(f"    ! {problem}")
        click.echo("")
        click.echo(messages.DEMO_RECHECK.format(archive=results[0].archive, root=out_dir / "setup" / "pki" / "root.pem")
                   if results else messages.DEMO_NOTHING_RUN)
    data = {"cases": [{"case": r.case_id, "sop": r.sop, "tasks": r.tasks, "documents": r.documents,
                       "archive": r.archive, "report": r.report.to_dict()} for r in results]}
    emit_verdict(ok, data, kind="verification-failed", message=messages.DEMO_FAILED, as_json=as_json)


def _select(sops: tuple[str, ...]) -> list[Path]:
    from sopflow.bpmn import resolve_model, seed_models

    seeds = seed_models()
    if not sops:
        return seeds
    chosen = []
    for wanted in sops:
        path = resolve_model(wanted)
        if path is None:
            names = ", ".join(s.name.split("_")[0].upper() for s in seeds)
            raise click.BadParameter(messages.DEMO_SOP_UNKNOWN.format(wanted=wanted, seeds=names), param_hint="--sop")
        chosen.append(path)
    return chosen


def _prepare(out_dir: Path) -> None:
    """Replace an earlier demo's output; refuse any other non-empty folder."""
    if not out_dir.exists() or not any(out_dir.iterdir()):
        return
    from sopflow.demo.run import DEMO_MARKER

    if not (out_dir / DEMO_MARKER).is_file():
        raise click.UsageError(messages.DEMO_OUT_NOT_EMPTY.format(out=out_dir))
    shutil.rmtree(out_dir)


def _final_documents(archive: Path) -> list[Path]:
    """The last revision of each naskah dinas in an archive (activity records left out)."""
    finals = []
    for folder in sorted((archive / "data" / "documents").iterdir()):
        revisions = [p for p in folder.glob("r*.pdf") if p.stem[1:].isdigit()]
        if revisions and not folder.name.startswith("catatan_"):
            finals.append(max(revisions, key=lambda p: int(p.stem[1:])))
    return finals
