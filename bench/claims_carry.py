"""Carry timeline labels over to a fresh AFTER sample (``claims_sample.py timeline``), for a new round.

    .venv/bin/python bench/claims_carry.py SAMPLE.jsonl OUT.jsonl

An entry of SAMPLE that is identical to one labelled before (same label citation, date,
expected/happened, cited sentences) in ``timeline_entries.jsonl`` or any ``timeline_entries_*.jsonl``
keeps that verdict (noted "same entry as …"); the others are written with verdict ``None`` and
listed on stdout with their label and cited snippets, to be read and labelled by hand
(``bench/labels/PROTOCOL.md``). Reading a second time never changes a carried verdict.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

LABELS = Path(__file__).resolve().parent / "labels"


def _key(r: dict[str, Any]) -> tuple[Any, ...]:
    lc = r.get("label_citation") or {}
    cites = tuple(sorted((c["doc"], c["start"], c["end"]) for c in r.get("citations") or []))
    return (lc.get("doc"), lc.get("start"), lc.get("end"), r["date"], bool(r["expected"]), cites)


def known() -> dict[tuple[Any, ...], tuple[str, str]]:
    """Entry key -> (verdict, where it was labelled) over every labelled timeline file."""
    out: dict[tuple[Any, ...], tuple[str, str]] = {}
    for path in sorted(LABELS.glob("timeline_entries*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if r.get("verdict") in ("right", "wrong"):
                    out.setdefault(_key(r), (r["verdict"], f"{r['item']} ({path.stem})"))
    return out


def _stored(r: dict[str, Any]) -> dict[str, Any]:
    """A sample row as the label files keep it: ids, offsets, hashes; no article text."""
    def span(c: dict[str, Any]) -> dict[str, Any]:
        return {"doc": c["doc"], "start": c["start"], "end": c["end"]}

    keep = ("item", "corpus", "date", "granularity", "expected", "until", "approx", "population", "drawn")
    return {**{k: r.get(k) for k in keep},
            "label_citation": span(r["label_citation"]) if r.get("label_citation") else None,
            "citations": [span(c) for c in r.get("citations") or []],
            "docs": {d: {"sha": v.get("sha"), "published": v.get("published")} for d, v in (r.get("docs") or {}).items()},
            "verdict": None, "note": ""}


def main(sample: Path, out: Path) -> None:
    labelled = known()
    rows = [json.loads(x) for x in sample.read_text(encoding="utf-8").splitlines() if x.strip()]
    todo = 0
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            hit = labelled.get(_key(r))
            r = _stored(r)
            if hit:
                r["verdict"], r["note"] = hit[0], f"same entry as {hit[1]}"
            else:
                todo += 1
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} entries, {len(rows) - todo} carried, {todo} to read")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: claims_carry.py SAMPLE.jsonl OUT.jsonl")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
