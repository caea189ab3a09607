"""Task completion cost and state growth, measured in one process.

Usage: ``python bench/bench_task.py [ITERATIONS]`` (default 100). Prints:

1. For every task of one seed SOP case (LIP20-0013): the completion time
   and, measured alone right after it on the same inputs, its raw parts:
   engine step (restore state, run the task, advance, serialize), render,
   sign, verify, persist (blob write plus one transaction updating the case
   state and adding a journal row) and, for the task that ends the case,
   sealing its Lembar Riwayat (render, seal, timestamp, verify). The ratio
   total / sum of parts is the overhead of the completion (target <= 1.3).
2. For a return-for-revision loop (LIP30-0006, Task_TelitiLaporan sent back
   with ``keputusan = "kembalikan"``): persisted state per case and the time
   of one step after 10 and after ITERATIONS returns, with sopflow's bounded
   history and, engine only, with SpiffWorkflow's unbounded task tree.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from sopflow.bpmn import resolve_model, seed_models
from sopflow.demo.run import write_demo_setup
from sopflow.model.forms import load_form
from sopflow.model.profile import load_model
from sopflow.runner import completion
from sopflow.runner import engine as engine_module
from sopflow.runner.cases import CaseService
from sopflow.runner.engine import Engine
from sopflow.runner.roster import Roster
from sopflow.runner.store import CaseRow, JournalRow, Store
from sopflow.signing import open_signer

RETURN = {"keputusan": "kembalikan"}


@dataclass
class _Calls:
    """The last arguments of each wrapped part, to replay it alone."""

    last: dict[str, tuple[Callable[..., Any], tuple, dict, Any]] = field(default_factory=dict)

    def wrap(self, name: str) -> None:
        original = getattr(completion, name)

        def recorded(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            self.last[name] = (original, args, kwargs, result)
            return result

        setattr(completion, name, recorded)

    def replay(self, name: str) -> tuple[float, Any]:
        if name not in self.last:
            return 0.0, None
        function, args, kwargs, _ = self.last[name]
        start = time.perf_counter()
        result = function(*args, **kwargs)
        return time.perf_counter() - start, result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


def _persist_alone(scratch: Store, state: bytes, signed: bytes, seq: int) -> float:
    start = time.perf_counter()
    scratch.blobs.put(signed)
    with scratch.session() as session, session.begin():
        session.execute(update(CaseRow).where(CaseRow.id == "bench").values(state=state, version=seq))
        session.add(JournalRow(case_id="bench", seq=seq, hash="0" * 64, body="{}" * 400))
    return time.perf_counter() - start


def _engine_alone(model, state: bytes, task_id: str, data: dict) -> float:
    start = time.perf_counter()
    engine = Engine(model)
    workflow = engine.restore(state)
    engine.complete(workflow, engine.find_task(workflow, task_id), data)
    engine.save(workflow)
    return time.perf_counter() - start


def completion_costs(service: CaseService, roster: Roster, scratch: Store) -> None:
    calls = _Calls()
    for name in ("render_document", "sign_pdf", "verify_pdf", "_close_case"):
        calls.wrap(name)
    case_id = service.start_case(resolve_model("lip20-0013"), roster)
    model = service.model_of(case_id)
    with scratch.session() as session, session.begin():
        session.add(CaseRow(id="bench", sop_number="", sop_title="", model_name="", model_sha256="",
                            state=b"", roster="{}", journal_head="", created_at=service.clock()))
    print("Completion of every task of one LIP20-0013 case (ms)")
    print(f"{'task':34} {'total':>7} {'engine':>7} {'render':>7} {'sign':>7} {'verify':>7} {'persist':>7}"
          f" {'seal':>7} {'parts':>7} {'ratio':>6}")
    totals, parts_sum, seq = [], [], 0
    while views := service.ready_tasks(case_id):
        view = views[0]
        form = service.form_of(case_id, view.form_key) if view.form_key else None
        data = form.defaults() if form else {}
        with service.store.session() as session:
            state = session.get(CaseRow, case_id).state
        calls.last.clear()
        with open_signer(roster.for_role(view.role or "").signer) as signer:
            start = time.perf_counter()
            completion.complete_task(service, case_id, view.id, data, signer)
            total = time.perf_counter() - start
            engine = _engine_alone(model, state, view.id, form.validate(data) if form else {})
            render, _ = calls.replay("render_document")
            sign, signed = calls.replay("sign_pdf")
            verify, _ = calls.replay("verify_pdf")
            sealing, _ = calls.replay("_close_case")
        with service.store.session() as session:
            new_state = session.get(CaseRow, case_id).state
        seq += 1
        persist = _persist_alone(scratch, new_state, signed, seq)
        parts = engine + render + sign + verify + persist + sealing
        totals.append(total)
        parts_sum.append(parts)
        print(f"{view.spec_id[:34]:34} {_ms(total)} {_ms(engine)} {_ms(render)} {_ms(sign)} {_ms(verify)}"
              f" {_ms(persist)} {_ms(sealing)} {_ms(parts)} {total / parts:6.2f}")
    print(f"{'all ' + str(len(totals)) + ' tasks':34} {_ms(sum(totals))} {'':47} {_ms(sum(parts_sum))}"
          f" {sum(totals) / sum(parts_sum):6.2f}   (target <= 1.30)")
    print(f"median ratio per task: {statistics.median(t / p for t, p in zip(totals, parts_sum)):.2f}")


def _case_bytes(service: CaseService, case_id: str) -> tuple[int, int]:
    """(workflow state bytes, all persisted row bytes: state + journal)."""
    with service.store.session() as session:
        state = len(session.get(CaseRow, case_id).state)
        journal = sum(len(b) for b in session.scalars(select(JournalRow.body).where(JournalRow.case_id == case_id)))
    return state, state + journal


def loop_growth(service: CaseService, roster: Roster, iterations: int) -> None:
    case_id = service.start_case(resolve_model("lip30-0006"), roster)
    marks = sorted({10, iterations})
    returns, seen = 0, {}
    while views := service.ready_tasks(case_id):
        view = views[0]
        form = service.form_of(case_id, view.form_key) if view.form_key else None
        data = form.defaults() if form else {}
        looping = view.spec_id == "Task_TelitiLaporan" and returns < iterations
        if looping:
            data.update(RETURN)
        with open_signer(roster.for_role(view.role or "").signer) as signer:
            start = time.perf_counter()
            completion.complete_task(service, case_id, view.id, data, signer)
            elapsed = time.perf_counter() - start
        if looping:
            returns += 1
            if returns in marks:
                seen[returns] = (elapsed, *_case_bytes(service, case_id), len(service.journal(case_id)))
    print("\nReturn-for-revision loop, LIP30-0006 (signed completions, bounded history)")
    print(f"{'returns':>8} {'journal':>8} {'state B':>9} {'rows B':>9} {'step ms':>8}")
    for mark in marks:
        elapsed, state, rows, entries = seen[mark]
        print(f"{mark:8d} {entries:8d} {state:9d} {rows:9d} {elapsed * 1000:8.1f}")
    print(f"case finished: {service.summary(case_id).status}, journal {len(service.journal(case_id))} entries")


def engine_growth(iterations: int) -> None:
    path = resolve_model("lip30-0006")
    model = load_model(path)
    forms = Path(path).parent.parent / "forms"
    print("\nEngine only, same loop: state bytes and ms per step (restore + complete + save)")
    print(f"{'history':>10} {'returns':>8} {'state B':>9} {'step ms':>8}")
    bounded = engine_module.prune_history
    for label, prune in (("bounded", bounded), ("unbounded", lambda workflow: 0)):
        engine_module.prune_history = prune
        try:
            engine = Engine(model)
            state = engine.save(engine.start())
            returns, marks = 0, sorted({10, iterations})
            while True:
                workflow = engine.restore(state)
                ready = engine.ready_tasks(workflow)
                if not ready:
                    break
                task = ready[0]
                profile = model.tasks[task.spec_id]
                data = load_form(forms / f"{profile.form_key}.form").defaults() if profile.form_key else {}
                looping = task.spec_id == "Task_TelitiLaporan" and returns < iterations
                if looping:
                    data.update(RETURN)
                start = time.perf_counter()
                workflow = engine.restore(state)
                engine.complete(workflow, engine.find_task(workflow, task.id), data)
                state = engine.save(workflow)
                elapsed = time.perf_counter() - start
                if looping:
                    returns += 1
                    if returns in marks:
                        print(f"{label:>10} {returns:8d} {len(state):9d} {elapsed * 1000:8.1f}")
        except RecursionError:
            print(f"{label:>10} RecursionError after {returns} returns")
        finally:
            engine_module.prune_history = bounded


def main(iterations: int = 100) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        roster = Roster.load(write_demo_setup(root / "setup", [load_model(p) for p in seed_models()]))
        service = CaseService(root / "data")
        scratch = Store(root / "scratch")
        try:
            completion_costs(service, roster, scratch)
            loop_growth(service, roster, iterations)
        finally:
            service.close()
            scratch.close()
    engine_growth(iterations)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
