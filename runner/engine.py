"""SpiffWorkflow behind a small interface: parse, start, step, save, restore.

The model is parsed from the hardened tree (never re-read by SpiffWorkflow),
conditions run in the sandbox, and workflow state is SpiffWorkflow's own
serializer JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from sopflow.errors import CaseError, ModelError
from sopflow.model.expressions import SandboxScriptEngine
from sopflow.model.profile import SopModel
from sopflow.model.safe_xml import parse_xml
from sopflow.runner.history import prune_history

__all__ = ["ReadyTask", "Engine"]


@dataclass(frozen=True)
class ReadyTask:
    """A user task waiting for its official."""

    id: str
    """SpiffWorkflow task id (UUID)."""
    spec_id: str
    """BPMN element id."""
    name: str
    """Task name."""
    lane: str | None
    """Role that must act."""


_SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG))


@lru_cache(maxsize=32)
def _parse(xml: bytes, source: str, process_id: str) -> tuple[Any, dict[str, Any]]:
    parser = CamundaParser()
    try:
        parser.add_bpmn_xml(parse_xml(xml, source=source), filename=source)
        spec = parser.get_spec(process_id)
        subprocesses = parser.get_subprocess_specs(process_id)
    except SpiffWorkflowException as exc:
        raise ModelError(f"SpiffWorkflow cannot parse the model: {exc}", where=source,
                         hint="run `sopflow check` on the model for located findings") from None
    return spec, subprocesses


class Engine:
    """Runs one model's workflows."""

    def __init__(self, model: SopModel):
        self.model = model
        self.spec, self.subprocesses = _parse(model.xml, model.source, model.process_id)
        self.script_engine = SandboxScriptEngine()

    def start(self) -> BpmnWorkflow:
        """A new workflow advanced to its first user tasks."""
        workflow = BpmnWorkflow(self.spec, self.subprocesses, script_engine=self.script_engine)
        self._advance(workflow)
        return workflow

    def restore(self, state: bytes) -> BpmnWorkflow:
        """A workflow from :meth:`save` output."""
        workflow = _SERIALIZER.deserialize_json(state.decode("utf-8"))
        workflow.script_engine = self.script_engine
        return workflow

    @staticmethod
    def save(workflow: BpmnWorkflow) -> bytes:
        """Serialize workflow state."""
        return _SERIALIZER.serialize_json(workflow).encode("utf-8")

    @staticmethod
    def ready_tasks(workflow: BpmnWorkflow) -> list[ReadyTask]:
        """User tasks ready to be completed, in tree order."""
        return [
            ReadyTask(id=str(t.id), spec_id=t.task_spec.name, name=t.task_spec.bpmn_name or t.task_spec.name,
                      lane=t.task_spec.lane)
            for t in workflow.get_tasks(state=TaskState.READY, manual=True)
        ]

    @staticmethod
    def find_task(workflow: BpmnWorkflow, task_id: str) -> Task:
        """The task with this id, whatever its state.

        :raises CaseError: unknown id.
        """
        try:
            task = workflow.get_task_from_id(UUID(task_id))
        except (ValueError, KeyError):
            task = None
        if task is None:
            raise CaseError(f"no task {task_id} in this case", hint="list ready tasks with `sopflow task list`")
        return task

    def complete(self, workflow: BpmnWorkflow, task: Task, data: Mapping[str, Any]) -> None:
        """Merge form data into the task, run it, and advance to the next wait state."""
        task.data.update(data)
        try:
            task.run()
            self._advance(workflow)
        except SpiffWorkflowException as exc:
            raise ModelError(f"the workflow failed after task {task.task_spec.name}: {exc}",
                             where=f"{self.model.source}: {task.task_spec.name}") from None

    @staticmethod
    def _advance(workflow: BpmnWorkflow) -> None:
        """Run engine steps to the next wait state, then drop history no live task needs."""
        workflow.do_engine_steps()
        workflow.refresh_timers()
        workflow.do_engine_steps()
        prune_history(workflow)
