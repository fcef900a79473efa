"""The current code's claims, links and timeline on the label sets (``bench/claims_eval.py --after``).

    .venv/bin/python bench/claims_after.py dump STORE.db CORPUS OUT_DIR   # per corpus store

``dump`` reads a corpus store (built by ``lagebild ingest`` from the inputs of
``bench/claims_corpora.py``) story by story through the application layer's view and writes it in
the format of ``claims_sample.py dump``, so the same link semantics (``claims_sample.linked``) and
the same timeline sampler apply to the current code. Claim carriers are matched to labelled
mentions by character overlap in the same article.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

#: Two spans of one article are the same mention when they share this share of the shorter one.
MATCH_OVERLAP = 0.5


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _doc_key(corpus: str, source: str) -> str:
    tail = source.split("#", 1)[1] if "#" in source else Path(source).name
    return f"{corpus}:{tail}"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= MATCH_OVERLAP * min(a[1] - a[0], b[1] - b[0])


def _key(m: dict[str, Any]) -> str:
    return f"{m['doc']}|{m['start']}|{m['end']}"


def after_links(folder: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[tuple[str, str], str]]:
    """Mentions per article and the current code's links (mention key pair -> kind), from the dumps
    ``dump_after`` wrote, with the same link semantics as the labelled sample (``claims_sample.linked``)."""
    from claims_sample import linked, mentions

    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    links: dict[tuple[str, str], str] = {}
    for path in sorted(folder.glob("*.json")):
        for story in json.loads(path.read_text(encoding="utf-8")):
            for m in mentions(story):
                by_doc[m["doc"]].append(m)
            links.update(linked(story))
    return by_doc, links


def _matches(by_doc: dict[str, list[dict[str, Any]]], side: dict[str, Any]) -> list[str]:
    return [_key(m) for m in by_doc.get(side["doc"], []) if _overlaps((m["start"], m["end"]), (side["start"], side["end"]))]


def _side(key: str) -> dict[str, Any]:
    doc, start, end = key.rsplit("|", 2)
    return {"doc": doc, "start": int(start), "end": int(end)}


def _fit(x: dict[str, Any], y: dict[str, Any]) -> float:
    """Jaccard overlap of two spans of one article (0 when they do not match)."""
    if x["doc"] != y["doc"] or not _overlaps((x["start"], x["end"]), (y["start"], y["end"])):
        return 0.0
    inter = min(x["end"], y["end"]) - max(x["start"], y["start"])
    return inter / (max(x["end"], y["end"]) - min(x["start"], y["start"]))


def _pair_fit(r: dict[str, Any], a: dict[str, Any], b: dict[str, Any]) -> float:
    straight = min(_fit(r["a"], a), _fit(r["b"], b))
    crossed = min(_fit(r["a"], b), _fit(r["b"], a))
    return max(straight, crossed)


def _label(rows: list[dict[str, Any]], a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """The label of the labelled pair that fits the link best (both sides overlap), if any."""
    best = max(rows, key=lambda r: _pair_fit(r, a, b), default=None)
    return best["label"] if best is not None and _pair_fit(best, a, b) > 0 else None


def after_scores(folder: Path, pairs: list[dict[str, Any]], new_labels: list[dict[str, Any]]) -> None:
    """Precision over every corroboration and conflict link of the current code's dumps in
    ``folder`` (each link labelled through the labelled pair it matches, else through
    ``new_labels``: the second round), recall over the labelled true pairs (weighted as drawn).
    Links with no label yet go to ``folder/unlabelled_links.jsonl``."""
    from claims_eval import TRUE_LABEL, weight
    from claims_sample import pair_key

    by_doc, links = after_links(folder)
    system: dict[str, str] = {}
    for r in pairs:
        ka, kb = _matches(by_doc, r["a"]), _matches(by_doc, r["b"])
        kinds = {links.get(pair_key(x, y)) for x in ka for y in kb}
        system[r["pair"]] = next((k for k in ("conflict", "corroboration", "same") if k in kinds), "none")
    print(f"{'after':<10}{'links':>7}{'right':>7}{'precision':>11}{'true pairs':>12}{'found':>7}{'recall':>8}")
    todo = []
    for kind, truth in TRUE_LABEL.items():
        right = total = 0
        for (x, y), k in links.items():
            if k != kind:
                continue
            a, b = _side(x), _side(y)
            label = _label(pairs, a, b)
            if label is None:
                label = _label(new_labels, a, b)
            if label is None:
                todo.append({"a": a, "b": b, "kind": kind})
                continue
            total += 1
            right += label == truth
        true = [r for r in pairs if r["label"] == truth]
        found = sum(weight(r) for r in true if system[r["pair"]] == kind)
        recall = found / max(1e-9, sum(weight(r) for r in true))
        print(f"  {kind:<14}{total:>5}{right:>7}{right / total if total else float('nan'):>11.2f}"
              f"{len(true):>12}{sum(system[r['pair']] == kind for r in true):>7}{recall:>8.2f}")
    with (folder / "unlabelled_links.jsonl").open("w", encoding="utf-8") as fh:
        for t in todo:
            fh.write(json.dumps(t, ensure_ascii=False) + "\n")
    if todo:
        print(f"{len(todo)} links of the current code have no label yet ({folder / 'unlabelled_links.jsonl'})")


def dump_after(db: Path, corpus: str, out: Path) -> None:
    """The current code's stories in the format of ``claims_sample.py dump`` (so its ``timeline``
    and ``pairs`` steps draw from them the same way)."""
    import re

    from lagebild import api
    from lagebild.app.views import build, build_input, list_stories

    def snip(text: str, s: int, e: int) -> str:
        return re.sub(r"\s+", " ", text[s:e])[:400]

    store = api.open_store(str(db))
    rows = []
    for story in list_stories(store):
        inp = build_input(store, story)
        arts = inp.articles
        if len(arts) < 2:
            continue
        view = build(inp).view
        keys = {aid: _doc_key(corpus, a.source.source if a.source else aid) for aid, a in arts.items()}

        def span(aid: str, s: int, e: int, arts: dict[str, Any] = arts, keys: dict[str, str] = keys) -> dict[str, Any]:
            return {"doc": keys[aid], "start": s, "end": e, "snippet": snip(arts[aid].text, s, e)}

        def cite(c: Any) -> dict[str, Any]:
            return span(c.article_id, c.start, c.end)

        claims = [{"id": c.id, "stance": c.stance, "own": c.own, "source": c.source,
                   "independent_outlets": c.independent_outlets, "corroborated_by": c.corroborated_by,
                   "carriers": [dict(span(m.article_id, *(m.content or (m.start, m.end))), outlet=m.outlet, source=None)
                                for m in c.carriers]} for c in view.claims]
        conflicts = [{"kind": x.kind, "about": x.about, "denied_by": x.denied_by,
                      "also_denied_by": getattr(x, "also_denied_by", []), "asserted_by": x.asserted_by,
                      "claims": x.claims, "values": x.values, "citations": [cite(c) for c in x.citations]}
                     for x in view.conflicts]
        timeline = [{"id": t.id, "date": t.date, "granularity": t.granularity, "expected": t.expected,
                     "until": t.until, "approx": t.approx, "outcome": t.outcome, "label": t.label,
                     "status_text": t.status_text, "date_text": t.date_text,
                     "label_citation": cite(t.label_citation) if t.label_citation else None,
                     "citations": [cite(c) for c in t.citations]} for t in view.timeline]
        docs = {keys[aid]: {"sha": _sha(a.text), "published": a.published.value if a.published else None,
                            "published_origin": a.published.origin if a.published else None, "title": a.title}
                for aid, a in arts.items()}
        rows.append({"story": story.id, "docs": docs, "claims": claims, "conflicts": conflicts, "timeline": timeline})
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{corpus}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{corpus}: {len(rows)} stories with >= 2 articles, {sum(len(r['claims']) for r in rows)} claims, "
          f"{sum(len(r['conflicts']) for r in rows)} conflicts, {sum(len(r['timeline']) for r in rows)} timeline entries")


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 5 or sys.argv[1] != "dump":
        sys.exit("usage: claims_after.py dump STORE.db CORPUS OUT_DIR")
    dump_after(Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4]))
