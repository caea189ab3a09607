"""The journal hash chain detects edits, drops, inserts and reordering."""

from __future__ import annotations

import copy

from sopflow.runner.journal import GENESIS, chain_problems, seal


def _chain(n: int) -> list[dict]:
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        entry = seal({"seq": seq, "task": f"T{seq}", "doc_sha256": f"{seq:064x}"}, prev=prev)
        entries.append(entry)
        prev = entry["hash"]
    return entries


def test_intact_chain_has_no_problem():
    assert chain_problems(_chain(4)) == []


def test_edited_entry_is_detected_at_its_line():
    entries = _chain(4)
    entries[2] = {**entries[2], "task": "forged"}
    problems = chain_problems(entries)
    assert [p.line for p in problems] == [3]
    assert "edited" in problems[0].message


def test_dropped_entry_breaks_the_chain():
    entries = _chain(4)
    del entries[1]
    lines = {p.line for p in chain_problems(entries)}
    assert 2 in lines


def test_reordered_entries_break_the_chain():
    entries = _chain(4)
    entries[1], entries[2] = entries[2], entries[1]
    assert chain_problems(entries)


def test_resealed_forgery_still_breaks_the_next_link():
    entries = copy.deepcopy(_chain(3))
    body = {k: v for k, v in entries[1].items() if k not in ("hash", "prev", "v")}
    body["task"] = "forged"
    entries[1] = seal(body, prev=entries[0]["hash"])
    problems = chain_problems(entries)
    assert [p.line for p in problems] == [3]


def test_unicode_line_separators_in_data_stay_inside_their_entry():
    from sopflow.runner.journal import canonical_json, read_jsonl

    text = "a\u2028b\u2029c\x85d\x1ce\x1df\x1eg\x0bh\x0ci"
    first = seal({"seq": 1, "data": {"uraian": text}}, prev=GENESIS)
    second = seal({"seq": 2, "data": {}}, prev=first["hash"])
    lines = "".join(canonical_json(e) + "\n" for e in (first, second))
    assert "\u2028" in lines, "written as typed, not escaped"
    entries = read_jsonl(lines, source="journal.jsonl")
    assert entries == [first, second] and chain_problems(entries) == []
