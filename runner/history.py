"""Bounded workflow history: the live task tree keeps only what running tasks need.

SpiffWorkflow keeps every completed task in its task tree, so a
return-for-revision loop deepens the tree with every iteration: the state
grows, and the recursive walks over ancestors (``is_descendant_of``,
``find_ancestor``) end in ``RecursionError`` after a few hundred steps. The
case journal is the full history; the workflow only needs

- every unfinished task with everything below it (predicted tasks, waiting
  joins),
- the finished parent of each of those (a task inherits its parent's data
  when it becomes ready, and a parallel join checks the parent of each
  waiting branch),
- the finished tasks where live branches part (their common ancestors),
- while a parallel join waits, the finished (cancelled) instances of that
  join and their parents: SpiffWorkflow counts the branches that arrived,
  and merges their data, from them.

Everything else is dropped after each step, and the kept finished tasks are
re-linked to their nearest kept ancestor, so the tree's size and depth are
bounded by the model, not by the number of completed steps.
"""

from __future__ import annotations

from uuid import UUID

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from SpiffWorkflow.workflow import Workflow

__all__ = ["prune_history"]


def prune_history(workflow: BpmnWorkflow) -> int:
    """Drop finished tasks no unfinished task depends on, in the workflow and its subprocesses.

    :returns: the number of tasks removed.
    """
    removed = _prune(workflow)
    for task_id, subprocess in list(workflow.subprocesses.items()):
        if task_id not in workflow.tasks and not any(task_id in w.tasks for w in workflow.subprocesses.values()):
            del workflow.subprocesses[task_id]
            continue
        removed += _prune(subprocess)
    return removed


def _live(task: Task) -> bool:
    return task.has_state(TaskState.NOT_FINISHED_MASK)


def _prune(workflow: Workflow) -> int:
    root: Task = workflow.task_tree
    live = [t for t in workflow.tasks.values() if _live(t)]
    if not live:
        return 0
    keep: set[UUID] = {root.id}
    # live tasks whose parent is finished head a subtree kept whole
    tops = [t for t in live if t.parent is None or not _live(t.parent)]
    for top in tops:
        stack = [top]
        while stack:
            task = stack.pop()
            keep.add(task.id)
            stack.extend(task.children)
        if top.parent is not None:
            keep.add(top.parent.id)
    # a join still waiting counts the branches that arrived by their cancelled join tasks
    joining = {t.task_spec.name for t in live if t.state == TaskState.WAITING and isinstance(t.task_spec, Join)}
    for task in workflow.tasks.values():
        if task.task_spec.name in joining and not _live(task):
            keep.add(task.id)
            if task.parent is not None:
                keep.add(task.parent.id)
    order = _preorder(workflow.task_tree)
    # finished ancestors where kept paths part
    leads: set[UUID] = set()
    for task in reversed(order):
        branches = sum(1 for child in task._children if child in leads)
        if branches > 1:
            keep.add(task.id)
        if branches or task.id in keep:
            leads.add(task.id)
    if len(keep) == len(workflow.tasks):
        return 0
    _relink(workflow, order, keep)
    dropped = [task_id for task_id in workflow.tasks if task_id not in keep]
    for task_id in dropped:
        del workflow.tasks[task_id]
    if workflow.last_task is not None and workflow.last_task.id not in keep:
        workflow.last_task = None
    return len(dropped)


def _preorder(root: Task) -> list[Task]:
    order: list[Task] = []
    stack = [root]
    while stack:
        task = stack.pop()
        order.append(task)
        stack.extend(reversed(task.children))
    return order


def _relink(workflow: Workflow, order: list[Task], keep: set[UUID]) -> None:
    """Point each kept task at its nearest kept ancestor; children lists in tree order."""
    new_parent: dict[UUID, UUID | None] = {}
    for task in order:
        if task.id not in keep:
            continue
        ancestor = task.parent
        while ancestor is not None and ancestor.id not in keep:
            ancestor = ancestor.parent
        new_parent[task.id] = ancestor.id if ancestor is not None else None
    children: dict[UUID, list[UUID]] = {task_id: [] for task_id in new_parent}
    for task in order:
        if task.id in new_parent and new_parent[task.id] is not None:
            children[new_parent[task.id]].append(task.id)  # type: ignore[index]
    for task_id, parent_id in new_parent.items():
        task = workflow.tasks[task_id]
        task._parent = parent_id
        task._children = children[task_id]
