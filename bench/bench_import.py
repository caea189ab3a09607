"""Agreement of ``sopflow sop import`` drafts with the hand-made seed models.

Usage: ``python bench/bench_import.py``. Imports each seed SOP text of
``tests/importer/sop_texts`` and compares the draft with the hand-made model of
the same SOP number in ``bpmn/`` on six aspects, each a score from 0 to 1:

- lanes: matched role names / roles of either model (Jaccard);
- tasks/lane: per matched role, min/max of the two task counts, averaged;
- actions: multiset overlap of task actions (create, paraf, sign ...);
- documents: Jaccard of the document types acted on (nota_dinas, laporan ...);
- loops: min/max of the number of conditional (loop-back) flows, 1 when both have none;
- parallel: min/max of the number of parallel splits, 1 when both have none.

Prints one row per seed, the mean per aspect and the import time.
"""

from __future__ import annotations

import difflib
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sopflow.bpmn import resolve_model
from sopflow.importer.draft import import_sop
from sopflow.importer.infer import DOCUMENT_TYPES
from sopflow.model.profile import SopModel, load_model

TEXTS = Path(__file__).resolve().parents[1] / "tests" / "importer" / "sop_texts"
ASPECTS = ("lanes", "tasks/lane", "actions", "documents", "loops", "parallel")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", name.lower()).strip()


def _lane_pairs(hand: SopModel, draft: SopModel) -> list[tuple[str, str]]:
    pairs, free = [], [lane.name for lane in draft.lanes]
    for lane in hand.lanes:
        scored = [(difflib.SequenceMatcher(None, _norm(lane.name), _norm(other)).ratio()
                   + (0.5 if _norm(lane.name) in _norm(other) or _norm(other) in _norm(lane.name) else 0), other)
                  for other in free]
        if scored and max(scored)[0] >= 0.75:
            best = max(scored)[1]
            pairs.append((lane.name, best))
            free.remove(best)
    return pairs


def _ratio(a: int, b: int) -> float:
    return 1.0 if a == b == 0 else min(a, b) / max(a, b)


def _document_types(model: SopModel) -> set[str]:
    types = set()
    for task in model.tasks.values():
        if task.document:
            types.add(next((t for _, t in DOCUMENT_TYPES if task.document.startswith(t)), task.document))
    return types


def compare(hand: SopModel, draft: SopModel) -> dict[str, float]:
    """The six agreement scores of ``draft`` against ``hand``."""
    pairs = _lane_pairs(hand, draft)
    lanes = len(pairs) / (len(hand.lanes) + len(draft.lanes) - len(pairs))
    per_lane = [_ratio(sum(t.lane == h for t in hand.tasks.values()), sum(t.lane == d for t in draft.tasks.values()))
                for h, d in pairs]
    hand_actions = Counter(t.action for t in hand.tasks.values())
    draft_actions = Counter(t.action for t in draft.tasks.values())
    actions = sum((hand_actions & draft_actions).values()) / max(sum((hand_actions | draft_actions).values()), 1)
    hand_docs, draft_docs = _document_types(hand), _document_types(draft)
    documents = len(hand_docs & draft_docs) / max(len(hand_docs | draft_docs), 1)
    loops = _ratio(sum(1 for f in hand.flows if f.condition), sum(1 for f in draft.flows if f.condition))
    splits = [sum(1 for e in m.elements.values() if e.kind == "parallelGateway"
                  and sum(f.source == e.id for f in m.flows) > 1) for m in (hand, draft)]
    return {"lanes": lanes, "tasks/lane": sum(per_lane) / max(len(per_lane), 1), "actions": actions,
            "documents": documents, "loops": loops, "parallel": _ratio(*splits)}


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for text in sorted(TEXTS.glob("*.txt")):
            hand_path = resolve_model(text.stem)
            if hand_path is None:
                print(f"{text.stem}: no hand-made model", file=sys.stderr)
                return 1
            started = time.perf_counter()
            result = import_sop(text, Path(tmp) / text.stem / "draft.bpmn")
            elapsed = time.perf_counter() - started
            hand, draft = load_model(hand_path), load_model(result.model)
            scores = compare(hand, draft)
            rows.append(scores)
            print(f"{text.stem:<13} " + "  ".join(f"{a} {scores[a]:.2f}" for a in ASPECTS)
                  + f"  | mean {sum(scores.values()) / len(scores):.2f}  tasks {len(draft.tasks)}/{len(hand.tasks)}"
                  f" (draft/hand)  {elapsed * 1000:.0f} ms")
    means = {a: sum(r[a] for r in rows) / len(rows) for a in ASPECTS}
    print(f"{'mean':<13} " + "  ".join(f"{a} {means[a]:.2f}" for a in ASPECTS)
          + f"  | mean {sum(means.values()) / len(means):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
