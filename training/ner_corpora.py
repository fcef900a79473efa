"""Readers for the NER corpora we train and evaluate on (GermEval 2014, Europarl, the BIO sets of
``ner_en``/``ner_de_extra``, MEANTIME). Training-time code: the runtime package never imports it.

Every reader yields :class:`TokSent`: the words of one sentence, the entity spans as
``(first_token, end_token, label)`` with labels PER/ORG/LOC/MISC, and the id of the document
the sentence belongs to (needed for document-level consistency and document splits).
Used by ``scripts/train_ner.py``, ``bench/ner_eval.py`` and the tests; the data itself stays
in ``../shared/data`` and is never copied into the project.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: GermEval outer classes kept; ``-deriv``/``-part`` subclasses ("deutsche", "EU-weit") are not
#: names of an entity, so they become O for training (and are reported separately in eval).
GERMEVAL_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}
#: The labels the product emits; a model trained on the 12 GermEval outer classes also predicts
#: the ``-deriv``/``-part`` ones, which are dropped after tagging.
MAIN_LABELS = ("PER", "ORG", "LOC", "MISC")


def outer_label(label: str) -> str:
    """A GermEval outer label in our naming: ``OTH`` -> ``MISC``, ``OTHderiv`` -> ``MISCderiv``;
    the other ``-deriv``/``-part`` classes are kept as they are (training with all 12 classes)."""
    return "MISC" + label[3:] if label.startswith("OTH") else label
#: MEANTIME entity types; products, financial instruments and mixed entities become MISC.
MEANTIME_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "PRO": "MISC", "FIN": "MISC", "MIX": "MISC"}
#: MEANTIME annotates the title and the first five sentences of every document.
MEANTIME_ANNOTATED_SENTENCES = 6
#: Tokens that may stand inside an English name ("Bank of America", "AT&T").
NAME_CONNECTORS = {"of", "&", "for", "de", "du", "von", "van", "der", "la", "-", "'s"}


@dataclass
class TokSent:
    words: list[str]
    spans: list[tuple[int, int, str]]
    doc_id: str = ""
    # Raw outer labels including -deriv/-part (GermEval only), for the official metric.
    full_spans: list[tuple[int, int, str]] = field(default_factory=list)
    #: The corpus has no MISC layer: MISC-like names are unannotated (O), not absent.
    no_misc: bool = False


def bio_to_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIO or IOB1 tags to ``(start, end, label)`` token spans."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, lab = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and lab != label)
        if start >= 0 and (prefix == "O" or begins):
            spans.append((start, i, label))
            start, label = -1, ""
        if begins:
            start, label = i, lab
    return spans


def read_germeval(path: Path) -> Iterator[TokSent]:
    """GermEval 2014 TSV: ``#`` line with source URL, then idx, token, outer, inner."""
    words: list[str] = []
    tags: list[str] = []
    doc = ""
    with path.open(encoding="utf-8") as fh:
        for line in [*fh, "\n"]:
            line = line.rstrip("\n")
            if line.startswith("#\t"):
                doc = line.split("\t")[1]
                continue
            if not line.strip():
                if words:
                    full = bio_to_spans(tags)
                    main = [(s, e, GERMEVAL_MAP[lab]) for s, e, lab in full if lab in GERMEVAL_MAP]
                    yield TokSent(words, main, doc, full)
                words, tags = [], []
                continue
            cols = line.split("\t")
            words.append(cols[1])
            tags.append(cols[2])


def iob_tags(s: TokSent, mask_misc: bool) -> list[str | None]:
    """Token tags for training; ``None`` is "missing" (no loss). With ``mask_misc``, a sentence of
    a set without a MISC layer has its capitalised untagged words (not the first) missing: they
    may be unannotated MISC names, and must not teach the model that such names are O."""
    tags: list[str | None] = ["O"] * len(s.words)
    for a, b, lab in s.spans:
        tags[a] = f"B-{lab}"
        for j in range(a + 1, b):
            tags[j] = f"I-{lab}"
    if mask_misc and s.no_misc:
        for j, w in enumerate(s.words):
            if j > 0 and tags[j] == "O" and w[:1].isupper():
                tags[j] = None
    return tags


def read_bio(path: Path, doc_id: str, no_misc: bool = False) -> Iterator[TokSent]:
    """``token<TAB>BIO tag`` files (GermEval train, ``ner_en/*``, ``ner_de_extra/*``); blank line
    between sentences. The files have no document boundaries: sentences are numbered as docs in
    blocks of 20."""
    words: list[str] = []
    tags: list[str] = []
    n = 0
    with path.open(encoding="utf-8") as fh:
        for line in [*fh, "\n"]:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0]:
                if words:
                    yield TokSent(words, bio_to_spans(tags), f"{doc_id}-{n // 20}", no_misc=no_misc)
                    n += 1
                words, tags = [], []
                continue
            words.append(cols[0])
            tags.append(cols[-1] or "O")


def read_europarl(path: Path) -> Iterator[TokSent]:
    """Europarl NER TSV: token, lemma, POS, chunk, NER (IOB1). Sentences are numbered as docs
    in blocks of 20 (the file has no document boundaries)."""
    words: list[str] = []
    tags: list[str] = []
    n = 0
    with path.open(encoding="utf-8") as fh:
        for line in [*fh, "\n"]:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 5:
                if words:
                    spans = []
                    for s, e, lab in bio_to_spans(tags):
                        # Europarl marks adjectives ("europäischen") as MISC; GermEval calls them
                        # LOCderiv, which we do not predict: harmonise to O.
                        if lab == "MISC" and all(not w[:1].isupper() for w in words[s:e]):
                            continue
                        spans.append((s, e, lab))
                    yield TokSent(words, spans, f"europarl-{n // 20}")
                    n += 1
                words, tags = [], []
                continue
            words.append(cols[0])
            tags.append(cols[4])


@dataclass
class MeantimeDoc:
    doc_id: str
    topic: str
    sentences: list[TokSent]
    #: (sentence index, first token, end token, instance id or "", ent_type) of every named mention
    mentions: list[tuple[int, int, int, str, str]]
    #: MEANTIME annotates only the start of each document (title + first five sentences): the
    #: sentences after ``annotated`` carry no annotation (their names are unlabelled, not O), so
    #: they are neither trained on nor scored.
    annotated: int = 0


def _person_titles() -> set[str]:
    from lagebild.annotate.ner_features import load_cues

    return {w.lower().rstrip(".") for w in load_cues()["en"]["per_words"]} | {"vice", "prime", "chief"}


def _trim_person(words: list[str], start: int, end: int) -> int:
    """Drop a leading title or role ("Chrysler Chief Executive Robert Nardelli" -> the name)."""
    titles = _person_titles()
    last = max((i for i in range(start, end - 1) if words[i].lower().rstrip(".") in titles), default=-1)
    return last + 1 if last >= 0 else start


def _trim_name(words: list[str]) -> tuple[int, int]:
    """MEANTIME named mentions span the whole noun phrase ("spokeswoman Sandy Angers", "the
    Air Force ( USAF"): keep the last run of capitalised tokens before any bracket/comma."""
    cut = len(words)
    for i, w in enumerate(words):
        if i > 0 and w in {"(", ",", ";", ":"}:
            cut = i
            break
    end = cut
    while end > 0 and not (words[end - 1][:1].isupper() or words[end - 1][:1].isdigit()):
        end -= 1
    if end == 0:
        return 0, 0
    start = end - 1
    while start > 0:
        prev = words[start - 1]
        if prev[:1].isupper() or (prev in NAME_CONNECTORS and start - 1 > 0
                                  and words[start - 2][:1].isupper()):
            start -= 1
        else:
            break
    return start, end


def read_meantime(root: Path) -> Iterator[MeantimeDoc]:
    """MEANTIME CAT XML (the intra_cross-doc folder): sentences and trimmed named mentions."""
    for path in sorted(root.glob("*/*.xml")):
        tree = ET.parse(path).getroot()
        tokens = [(t.get("t_id", ""), int(t.get("sentence", "0")), t.text or "") for t in tree.iter("token")]
        sent_ids = sorted({s for _, s, _ in tokens})
        sidx = {s: i for i, s in enumerate(sent_ids)}
        where: dict[str, tuple[int, int]] = {}
        words: list[list[str]] = [[] for _ in sent_ids]
        for tid, s, w in tokens:
            where[tid] = (sidx[s], len(words[sidx[s]]))
            words[sidx[s]].append(w)
        markables = tree.find("Markables")
        relations = tree.find("Relations")
        if markables is None or relations is None:
            continue
        ments = {m.get("m_id", ""): m for m in markables if m.tag == "ENTITY_MENTION"}
        ents = {m.get("m_id", ""): m for m in markables if m.tag == "ENTITY"}
        mentions: list[tuple[int, int, int, str, str]] = []
        for rel in relations:
            target = rel.find("target")
            if rel.tag != "REFERS_TO" or target is None:
                continue
            ent = ents.get(target.get("m_id", ""))
            if ent is None:
                continue
            etype = MEANTIME_MAP.get(ent.get("ent_type", ""), "")
            for src in rel.findall("source"):
                m = ments.get(src.get("m_id", ""))
                if m is None or m.get("syntactic_type") not in ("NAM", "PRE.NAM") or not etype:
                    continue
                pos = [where[a.get("t_id", "")] for a in m.findall("token_anchor")]
                if not pos or len({p[0] for p in pos}) != 1:
                    continue
                si, first = pos[0][0], pos[0][1]
                last = pos[-1][1] + 1
                a, b = _trim_name(words[si][first:last])
                if etype == "PER" and b > a:
                    a = _trim_person(words[si][first:last], a, b)
                if b > a:
                    mentions.append((si, first + a, first + b, ent.get("instance_id", ""), etype))
        sents = []
        for i, ws in enumerate(words):
            spans = sorted({(s, e, t) for si, s, e, _, t in mentions if si == i},
                           key=lambda x: (x[0], -(x[1] - x[0]), x[2]))
            outer: list[tuple[int, int, str]] = []
            for s, e, t in spans:  # keep outer, non-overlapping spans
                if not outer or s >= outer[-1][1]:
                    outer.append((s, e, t))
            sents.append(TokSent(ws, outer, path.stem))
        extent = max([MEANTIME_ANNOTATED_SENTENCES] + [si + 1 for si, *_ in mentions])
        yield MeantimeDoc(path.stem, path.parent.name, sents, mentions, min(extent, len(sents)))


def meantime_split(docs: list[MeantimeDoc]) -> tuple[list[MeantimeDoc], list[MeantimeDoc]]:
    """Document split used everywhere: per topic, documents sorted by name, every third one
    (index % 3 == 2) is held out for evaluation, the rest is training data."""
    train: list[MeantimeDoc] = []
    test: list[MeantimeDoc] = []
    by_topic: dict[str, list[MeantimeDoc]] = {}
    for d in docs:
        by_topic.setdefault(d.topic, []).append(d)
    for topic in sorted(by_topic):
        for i, d in enumerate(sorted(by_topic[topic], key=lambda d: d.doc_id)):
            (test if i % 3 == 2 else train).append(d)
    return train, test


def shared_data() -> Path:
    """``../shared/data`` next to the repository root."""
    return Path(__file__).resolve().parents[1].parent / "shared" / "data"
