"""Draw the claim pairs and timeline entries of the label sets in ``bench/labels/`` (see
``bench/labels/PROTOCOL.md``). Two steps, run with the code version whose output is sampled:

    # 1. the system's claims, links, conflicts and timeline entries of every story with >= 2 articles
    PYTHONPATH=<src of that version> .venv/bin/python bench/claims_sample.py dump --db STORE.db \
        --corpus NAME --out DIR
    # 2. candidate pairs in strata (system links, and unlinked pairs by encoder cosine), a fixed seed
    .venv/bin/python bench/claims_sample.py pairs --dir DIR --out DIR/pairs.jsonl
    # 3. a sample of timeline entries per corpus
    .venv/bin/python bench/claims_sample.py timeline --dir DIR --out DIR/timeline.jsonl

Step 1 writes ``DIR/NAME.json`` (no article texts: ids, offsets, the system's fields, short
snippets for the worksheet). Step 2 writes the pair sample with each stratum's size and sampling
weight (population / sampled) so that recall can be estimated, and ``DIR/worksheet.txt`` to read
and label from. Only ids, offsets, hashes and labels are committed; texts stay in ../shared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

#: Strata of unlinked candidate pairs by encoder cosine of the two claim texts, and how many pairs
#: of each are drawn (all of them when fewer exist). Linked pairs are all taken.
STRATA = ((0.62, 1.01, 60), (0.5, 0.62, 45), (0.38, 0.5, 30), (-1.0, 0.38, 15))
#: Linked pairs drawn per kind of system link (all of them when fewer exist): conflicts, claims
#: shown as corroborated, and carriers merged into one claim within one voice.
LINKED = {"conflict": 80, "corroboration": 100, "same": 30}
#: Unlinked pairs where one side is a denial and the cosine is at least this are a stratum of
#: their own (conflicts are rare: without it recall of conflict links could not be estimated).
DENIAL_STRATUM = (0.3, 35)
#: At most this many mentions per story enter the pair enumeration (the largest stories have
#: hundreds; their pairs would swamp the sample).
MAX_MENTIONS_PER_STORY = 120
SEED = 15


def doc_key(corpus: str, source: str) -> str:
    """A stable article name: corpus + JSONL id or file name (no machine paths)."""
    tail = source.split("#", 1)[1] if "#" in source else Path(source).name
    return f"{corpus}:{tail}"


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _snip(text: str, s: int, e: int, n: int = 400) -> str:
    return re.sub(r"\s+", " ", text[s:e])[:n]


def dump(db: str, corpus: str, out: Path) -> None:
    from lagebild import api
    from lagebild.interfaces.stories_adapter import story_articles
    from lagebild.store.stories import list_stories
    from lagebild.story.build import build_story

    store = api.open_store(db)
    rows = []
    for story in list_stories(store):
        arts = story_articles(store, story)
        if len(arts) < 2:
            continue
        built: Any = build_story(story, arts)  # run under commit 7a9a412: its view is lists of dicts
        keys = {aid: doc_key(corpus, a.source.source if a.source else aid) for aid, a in arts.items()}

        def cite(c: dict[str, Any], arts: dict[str, Any] = arts, keys: dict[str, str] = keys) -> dict[str, Any]:
            a = arts[c["article_id"]]
            return {"doc": keys[c["article_id"]], "start": c["start"], "end": c["end"],
                    "snippet": _snip(a.text, c["start"], c["end"])}

        claims = []
        for c in built.claims:
            carriers = []
            for m in c["carriers"]:
                a = arts[m["article_id"]]
                s, e = m.get("content") or (m["start"], m["end"])
                carriers.append({"doc": keys[m["article_id"]], "start": s, "end": e, "outlet": m.get("outlet"),
                                 "snippet": _snip(a.text, s, e),
                                 "source": _snip(a.text, *m["source_span"]) if m.get("source_span") else None})
            claims.append({"id": c["id"], "stance": c["stance"], "own": c["own"], "source": c["source"],
                           "independent_outlets": c["independent_outlets"],
                           "corroborated_by": c["corroborated_by"], "carriers": carriers})
        conflicts = [{k: v for k, v in c.items() if k != "citations"} | {"citations": [cite(x) for x in c["citations"]]}
                     for c in built.conflicts]
        timeline = [{k: v for k, v in t.items() if k not in ("citations", "label_citation")}
                    | {"citations": [cite(x) for x in t["citations"]], "label_citation": cite(t["label_citation"])}
                    for t in built.timeline]
        docs = {keys[aid]: {"sha": _sha(a.text), "published": a.published.value if a.published else None,
                            "published_origin": a.published.origin if a.published else None,
                            "title": a.title} for aid, a in arts.items()}
        rows.append({"story": story.id, "docs": docs, "claims": claims, "conflicts": conflicts,
                     "timeline": timeline})
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{corpus}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"{corpus}: {len(rows)} stories with >= 2 articles, {sum(len(r['claims']) for r in rows)} claims, "
          f"{sum(len(r['conflicts']) for r in rows)} conflicts, {sum(len(r['timeline']) for r in rows)} timeline entries")


def mentions(story: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for c in story["claims"]:
        for m in c["carriers"]:
            out.append(dict(m, claim=c["id"], stance=c["stance"], own=c["own"]))
    return out


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def linked(story: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(mention key, mention key) -> 'corroboration' | 'same' | 'conflict' for the system's links:
    carriers of one claim from different voices and carriers of claims marked corroborated_by
    each other are shown as corroborated; carriers of one claim in one voice are merged ('same');
    the sides of every conflict."""
    def key(m: dict[str, Any]) -> str:
        return f"{m['doc']}|{m['start']}|{m['end']}"

    by_claim = {c["id"]: c for c in story["claims"]}
    links: dict[tuple[str, str], str] = {}
    for c in story["claims"]:
        group = [c, *(by_claim[o] for o in c["corroborated_by"] if o in by_claim)]
        for x in c["carriers"]:
            for g in group:
                for y in g["carriers"]:
                    if key(x) != key(y) and (g is not c or x["doc"] != y["doc"]):
                        # one voice: the same named outlet (articles naming no outlet are each their own voice)
                        kind = "same" if g is c and x["outlet"] == y["outlet"] and x["outlet"] else "corroboration"
                        links[pair_key(key(x), key(y))] = kind
    for cf in story["conflicts"]:
        if cf["kind"] == "denial":
            ds = [by_claim[i] for i in [cf["denied_by"], *cf.get("also_denied_by", [])]]  # one denier's grouped denials
            sides = [(x, y) for d in ds for x in d["carriers"] for o in cf["asserted_by"] for y in by_claim[o]["carriers"]]
        else:
            ids = cf.get("claims") or []
            sides = [(x, y) for i, a in enumerate(ids) for b in ids[i + 1:] for x in by_claim[a]["carriers"]
                     for y in by_claim[b]["carriers"]]
            if len(ids) == 1:  # a detail conflict between two carriers of one claim
                cs = cf["citations"]
                sides = [({"doc": cs[0]["doc"], "start": cs[0]["start"], "end": cs[0]["end"]},
                          {"doc": cs[1]["doc"], "start": cs[1]["start"], "end": cs[1]["end"]})]
        for x, y in sides:
            links[pair_key(key(x), key(y))] = "conflict"
    return links


def pairs(folder: Path, out: Path) -> None:
    from lagebild.story.similarity import embed

    rng = random.Random(SEED)
    linked_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    pool: dict[int, list[dict[str, Any]]] = defaultdict(list)
    denial_pool: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        corpus = path.stem
        for story in json.loads(path.read_text(encoding="utf-8")):
            ms = mentions(story)
            if len(ms) > MAX_MENTIONS_PER_STORY:
                ms = rng.sample(ms, MAX_MENTIONS_PER_STORY)
            if len(ms) < 2:
                continue
            vecs = embed([m["snippet"] for m in ms])
            cos = vecs @ vecs.T
            links = linked(story)
            for i in range(len(ms)):
                for j in range(i + 1, len(ms)):
                    a, b = ms[i], ms[j]
                    ka, kb = (f"{m['doc']}|{m['start']}|{m['end']}" for m in (a, b))
                    if ka == kb:
                        continue
                    link = links.get(pair_key(ka, kb))
                    if a["doc"] == b["doc"] and link is None and "denial" not in (a["stance"], b["stance"]):
                        continue  # same article, not linked, no denial: no candidate
                    row = {"corpus": corpus, "story": story["story"], "a": a, "b": b, "cosine": round(float(cos[i, j]), 3),
                           "system": link or "none"}
                    if link:
                        linked_rows[link].append(row)
                    elif "denial" in (a["stance"], b["stance"]) and cos[i, j] >= DENIAL_STRATUM[0]:
                        denial_pool.append(row)
                    else:
                        k = next(n for n, (lo, hi, _) in enumerate(STRATA) if lo <= cos[i, j] < hi)
                        pool[k].append(row)
    sample = []
    for kind, n in LINKED.items():
        drawn = rng.sample(linked_rows[kind], min(n, len(linked_rows[kind])))
        sample += [dict(r, stratum=f"linked-{kind}", population=len(linked_rows[kind]), drawn=len(drawn))
                   for r in drawn]
    drawn = rng.sample(denial_pool, min(DENIAL_STRATUM[1], len(denial_pool)))
    sample += [dict(r, stratum="denial", population=len(denial_pool), drawn=len(drawn)) for r in drawn]
    for k, (lo, hi, n) in enumerate(STRATA):
        drawn = rng.sample(pool[k], min(n, len(pool[k])))
        sample += [dict(r, stratum=f"cos[{lo},{hi})", population=len(pool[k]), drawn=len(drawn)) for r in drawn]
    with out.open("w", encoding="utf-8") as fh:
        for n, r in enumerate(sample):
            fh.write(json.dumps(dict(r, pair=f"p{n + 1:03d}"), ensure_ascii=False) + "\n")
    with (out.parent / "worksheet.txt").open("w", encoding="utf-8") as fh:
        for n, r in enumerate(sample):
            fh.write(f"\n## p{n + 1:03d} [{r['stratum']}; system={r['system']}; cos={r['cosine']}] {r['corpus']} {r['story']}\n")
            for side in ("a", "b"):
                m = r[side]
                fh.write(f"  {side}: {m['doc']} ({m['outlet']}) {m['stance']} src={m['source']!r}\n     {m['snippet']}\n")
    print(f"{len(sample)} pairs: linked {({k: len(v) for k, v in linked_rows.items()})}, denial pool {len(denial_pool)}, "
          + ", ".join(f"{STRATA[k][:2]}: {len(pool[k])}" for k in range(len(STRATA))))


#: Timeline entries drawn per corpus for labelling (all of them when fewer exist).
TIMELINE_PER_CORPUS = {"seeds": 40, "demo": 40, "fundus": 10, "wikinews": 40, "gnad": 0}


def timeline(folder: Path, out: Path) -> None:
    """A sample of timeline entries per corpus, and ``worksheet_timeline.txt`` to label them."""
    rng = random.Random(SEED)
    rows = []
    for path in sorted(folder.glob("*.json")):
        corpus = path.stem
        entries = [(story, t) for story in json.loads(path.read_text(encoding="utf-8")) for t in story["timeline"]]
        drawn = rng.sample(entries, min(TIMELINE_PER_CORPUS.get(corpus, 0), len(entries)))
        for story, t in drawn:
            rows.append({"corpus": corpus, "story": story["story"], "entry": t["id"], "date": t["date"],
                         "granularity": t["granularity"], "expected": t["expected"], "until": t.get("until"),
                         "approx": t.get("approx"), "outcome": t.get("outcome"), "label": t["label"],
                         "label_citation": t["label_citation"], "citations": t["citations"],
                         "docs": {c["doc"]: story["docs"][c["doc"]] for c in t["citations"]},
                         "population": len(entries), "drawn": len(drawn)})
    with out.open("w", encoding="utf-8") as fh:
        for n, r in enumerate(rows):
            fh.write(json.dumps(dict(r, item=f"t{n + 1:03d}"), ensure_ascii=False) + "\n")
    with (out.parent / "worksheet_timeline.txt").open("w", encoding="utf-8") as fh:
        for n, r in enumerate(rows):
            fh.write(f"\n## t{n + 1:03d} {r['corpus']} {r['story']} {r['entry']}: {r['date']} ({r['granularity']})"
                     f"{' EXPECTED' if r['expected'] else ''}{' until ' + r['until'] if r['until'] else ''}"
                     f"{' approx ' + r['approx'] if r['approx'] else ''}\n  label: {r['label']}\n")
            for c in r["citations"]:
                d = r["docs"][c["doc"]]
                fh.write(f"  cite {c['doc']} (published {d['published']} via {d['published_origin']}): {c['snippet']}\n")
    print(f"{len(rows)} timeline entries")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--db", required=True)
    d.add_argument("--corpus", required=True)
    d.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("pairs")
    p.add_argument("--dir", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    t = sub.add_parser("timeline")
    t.add_argument("--dir", type=Path, required=True)
    t.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.db, args.corpus, args.out)
    elif args.cmd == "pairs":
        pairs(args.dir, args.out)
    else:
        timeline(args.dir, args.out)


if __name__ == "__main__":
    main()
