"""Canonical entities: cross-document merging quality (MEANTIME) and the entity list of a folder.

    .venv/bin/python bench/entity_linking.py                 # MEANTIME B-cubed
    .venv/bin/python bench/entity_linking.py --texts ../shared/seeds --lang de   # list entities

MEANTIME (English Wikinews, 120 documents, 4 topics): the gold named mentions (NAM/PRE.NAM,
trimmed to the name) with their gold type are given to :class:`EntityIndex` document by document;
its canonical entities are scored with B-cubed against the gold cross-document instances, next to
two baselines (exact string match across documents; within-document resolution only).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training.ner_corpora import read_meantime, shared_data  # noqa: E402

from lagebild.link.entities import EntityIndex, resolve_in_document  # noqa: E402
from lagebild.model import Article, Source, Span, content_id  # noqa: E402


def b_cubed(gold: dict[str, str], system: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed P/R/F1 over the mentions in ``gold`` (mention -> cluster id)."""
    g_members: dict[str, set[str]] = {}
    s_members: dict[str, set[str]] = {}
    for m, c in gold.items():
        g_members.setdefault(c, set()).add(m)
        s_members.setdefault(system[m], set()).add(m)
    p = sum(len(g_members[gold[m]] & s_members[system[m]]) / len(s_members[system[m]]) for m in gold)
    r = sum(len(g_members[gold[m]] & s_members[system[m]]) / len(g_members[gold[m]]) for m in gold)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r)


def meantime_articles() -> tuple[list[Article], dict[str, str]]:
    """Articles whose ``entities`` layer holds MEANTIME's gold named mentions; gold instance map."""
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for doc in read_meantime(shared_data() / "meantime_en" / "intra_cross-doc_annotation"):
        offsets: list[list[tuple[int, int]]] = []
        parts: list[str] = []
        pos = 0
        for sent in doc.sentences:
            offs = []
            for w in sent.words:
                offs.append((pos, pos + len(w)))
                parts.append(w)
                pos += len(w) + 1
            offsets.append(offs)
        text = " ".join(parts)
        spans: list[Span] = []
        seen: set[tuple[int, int]] = set()
        for si, a, b, inst, label in doc.mentions:
            start, end = offsets[si][a][0], offsets[si][b - 1][1]
            if not inst or (start, end) in seen:
                continue
            seen.add((start, end))
            spans.append(Span(start, end, label))
            gold[f"{doc.doc_id}:{start}:{end}"] = inst
        art = Article(source=Source(doc.doc_id, "text", ""), raw=text, text=text, id=doc.doc_id, language="en")
        art.layers["entities"] = spans
        articles.append(art)
    return articles, gold


def meantime_table() -> None:
    articles, gold = meantime_articles()
    exact: dict[str, str] = {}
    in_doc: dict[str, str] = {}
    ours: dict[str, str] = {}
    index = EntityIndex()
    for art in articles:
        spans = art.spans("entities")
        for s in spans:
            exact[f"{art.id}:{s.start}:{s.end}"] = f"{s.label}:{s.text_of(art.text)}"
        for ent in resolve_in_document(art.text, [Span(s.start, s.end, s.label) for s in spans], "en"):
            for s in ent.spans:
                in_doc[f"{art.id}:{s.start}:{s.end}"] = f"{art.id}:{ent.key}"
        for (start, end), eid in index.add(art, [Span(s.start, s.end, s.label) for s in spans]).items():
            ours[f"{art.id}:{start}:{end}"] = eid
    ours = {m: index.resolve(e) for m, e in ours.items()}  # entities merged later on
    print(f"load average {os.getloadavg()[0]:.1f}\n")
    n_chains = len(set(gold.values()))
    print(f"## MEANTIME cross-document entity coreference: {len(gold)} gold named mentions with a "
          f"cross-document instance, {n_chains} gold entities, {len(articles)} documents\n")
    print("| system | B3 P | B3 R | B3 F1 | entities |\n|---|---|---|---|---|")
    for name, system in (("exact string (+type) across documents", exact),
                         ("within-document resolution only", in_doc),
                         ("EntityIndex (ours)", ours)):
        p, r, f = b_cubed(gold, system)
        print(f"| {name} | {p:.3f} | {r:.3f} | **{f:.3f}** | {len(set(system.values()))} |")


def list_entities(folder: Path, lang: str, as_json: bool) -> None:
    from lagebild.annotate.ner import ner_stage

    index = EntityIndex()
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8")
        art = Article(source=Source(str(path), "text", ""), raw=text, text=text, id=content_id(text),
                      language=lang)
        ner_stage(art)
        index.add(art)
    ents = index.ranked()
    if as_json:
        print(json.dumps([e.to_dict() for e in ents], ensure_ascii=False, indent=1))
        return
    print("| entity | type | mentions | docs | aliases |\n|---|---|---|---|---|")
    for e in ents:
        docs = len({m[0] for m in e.mentions})
        aliases = ", ".join(f"{a} ({n})" for a, n in e.aliases.most_common())
        print(f"| {e.name} | {e.label} | {len(e.mentions)} | {docs} | {aliases} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=Path, help="folder of .txt articles: list their canonical entities")
    ap.add_argument("--lang", default="de")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.texts:
        list_entities(args.texts, args.lang, args.json)
    elif shared_data().exists():
        meantime_table()
    else:
        print("../shared/data missing: nothing to evaluate")


if __name__ == "__main__":
    main()
