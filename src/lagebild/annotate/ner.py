"""Named entities (PER, ORG, LOC, MISC) for German and English articles.

The models are spaCy NER components trained here (``scripts/train_ner.py``) and committed under
``lagebild/models/ner_<lang>/``: a hash-embedding CNN with static word vectors, a gazetteer feature
and a cue-word feature (:mod:`lagebild.annotate.ner_features`). After the model, span rules
(:mod:`lagebild.annotate.ner_rules`) fix boundaries and types, and a document-level pass makes the
labels consistent: a name tagged once is tagged the same way everywhere in the document, a
person's surname alone is tagged like the full name, two names tagged as one are split.

Public API: :data:`ner_stage` (requires text, language; assigns entities), :func:`load_model`
(cached per process), :func:`recognize`.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Article, Span
from ..pipeline import stage
from .ner_arch import register as register_architectures
from .ner_features import Featurizer, load_cues
from .ner_rules import (
    adjective_org_names,
    drop_abbreviations,
    extend_designators,
    gazetteer_backoff,
    retype_org_appositions,
    retype_state_names,
    split_adjacent_places,
)

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
#: Languages with a trained model; others fall back to the nearest one (English).
MODEL_LANGS = ("de", "en")
#: The entity types we emit. A German model trained on all GermEval outer classes also predicts
#: ``LOCderiv`` ("deutsche"), ``ORGpart`` ("SPD-Chef") ...: not names of an entity, dropped.
ENTITY_LABELS = frozenset({"PER", "ORG", "LOC", "MISC"})
#: Names shorter than this are not propagated through a document ("EU" is, "A" is not).
MIN_PROPAGATE_CHARS = 2
#: spaCy's own max length guards memory; articles longer than this are processed in slices.
MAX_CHARS = 200_000
#: Longest entity (in tokens) that document consistency propagates or splits: real names are far
#: shorter ("Bundesministerium für Wirtschaft und Klimaschutz" is 5); a run of names the model tags
#: as one span of L tokens cost words x L^2 in the lookup (32,000 characters of names: 332 s).
MAX_NAME_TOKENS = 12

#: Spare rows added to the vectors table when a document has more unseen words than there are
#: spare rows (resizing copies the table, so grow in steps rather than per document).
GROW_ROWS = 2_000

#: Languages whose model is trained on too little data (English: ~1,000 MEANTIME sentences) to
#: find places and people it never saw; there gazetteer matches fill the gaps the model leaves.
GAZETTEER_BACKOFF_LANGS = ("en",)

_LOCK = threading.Lock()


class OovVectors:
    """Static vectors for words missing from the stored table: the same USE-encoder projection the
    training script used for the table (``vectors_proj.npz``).

    They are computed for the docs of one call and removed again afterwards (:meth:`added`), never
    kept across documents: the encoder's floats vary in the last bits with the batch a word is
    encoded in, so a cache would make a document's entities depend on which documents the process
    saw before (different between a serial run, a process pool and Ray actors). Per document the
    batch is the document's own unseen words in their order of appearance, so the result depends
    on the document only. Caching would barely save anything anyway: about 95% of a news article's
    unseen word types are unseen in the articles before it too (10kGNAD: 36 per article, 35 new).
    """

    def __init__(self, path: Path) -> None:
        import numpy as np

        z = np.load(path, allow_pickle=False)
        self.mean, self.proj, self.scale = z["mean"], z["proj"], float(z["scale"])
        self._use: Any = None
        self._base: int | None = None
        self.lock = threading.Lock()

    @contextmanager
    def added(self, nlp: Any, docs: list[Any]) -> Iterator[None]:
        """The docs' unseen words have vectors inside the block (in spare rows after the stored
        table); the caller holds :attr:`lock`, since the rows are shared by the process."""
        vec = nlp.vocab.vectors
        key2row = vec.key2row
        if self._base is None:
            self._base = vec.shape[0]
        new: dict[int, str] = {}
        for doc in docs:
            for tok in doc:
                if tok.lower not in key2row and tok.lower not in new:
                    new[tok.lower] = tok.text
        if not new:
            yield
            return
        if self._use is None:
            from ..encoder import use_encoder

            self._use = use_encoder()
        raw = self._use.encode(list(new.values()))
        rows = ((raw - self.mean) @ self.proj) / self.scale
        if vec.shape[0] < self._base + len(new):
            vec.resize((self._base + len(new) + GROW_ROWS, vec.shape[1]))
        try:
            for i, (key, row) in enumerate(zip(new, rows, strict=True)):
                vec.add(key, vector=row, row=self._base + i)
            yield
        finally:
            for key in new:
                key2row.pop(key, None)


@dataclass
class NerModel:
    nlp: Any
    featurizer: Featurizer | None
    use_gaz: bool
    use_cues: bool
    lang: str
    oov: OovVectors | None = None
    use_rarity: bool = False

    @classmethod
    def load(cls, path: Path) -> NerModel:
        import spacy

        register_architectures()  # the model's config may name our embedding layer
        meta = json.loads((path / "lagebild_ner.json").read_text("utf-8"))
        nlp = spacy.load(path / "pipeline")
        if meta.get("vectors"):
            _vectors_by_lower(nlp)
        feat = None
        if meta.get("gazetteer") or meta.get("cues") or meta.get("rarity"):
            feat = Featurizer.from_path(path / "gazetteer.json.gz", meta["lang"])
        oov = OovVectors(path / "vectors_proj.npz") if (path / "vectors_proj.npz").exists() else None
        return cls(nlp, feat, bool(meta.get("gazetteer")), bool(meta.get("cues")), meta["lang"], oov,
                   bool(meta.get("rarity")))

    def _featurize(self, doc: Any) -> Any:
        if self.featurizer is not None:
            self.featurizer.apply(doc, gaz=self.use_gaz, cues=self.use_cues, rare=self.use_rarity)
        return doc

    def run(self, docs: list[Any]) -> list[Any]:
        """Tag pre-tokenised docs in place (features first, then the spaCy components)."""
        docs = [self._featurize(d) for d in docs]
        if self.oov is not None:
            with self.oov.lock, self.oov.added(self.nlp, docs):
                docs = self._pipe(docs)
        else:
            docs = self._pipe(docs)
        cues = load_cues().get(self.lang, {})
        designators = set(cues.get("org_designators", []))
        heads = set(cues.get("org_apposition_heads", []))
        head_suffixes = tuple(cues.get("org_apposition_suffixes", []))
        # every language's list words: German articles quote English lists and the other way round
        joiners = {w for c in load_cues().values() for w in c.get("list_joiners", [])}
        states = set(cues.get("state_words", []))
        state_suffixes = tuple(cues.get("state_suffixes", []))
        org_suffixes = tuple(cues.get("org_name_suffixes", []))
        for doc in docs:
            if any(e.label_ not in ENTITY_LABELS for e in doc.ents):
                doc.ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
            drop_abbreviations(doc)
            if self.use_gaz:
                split_adjacent_places(doc, joiners)
                if self.lang in GAZETTEER_BACKOFF_LANGS:
                    gazetteer_backoff(doc)
            extend_designators(doc, designators)
            retype_org_appositions(doc, heads, head_suffixes)
            retype_state_names(doc, states, state_suffixes, self.lang)
            if self.lang == "de":
                adjective_org_names(doc, org_suffixes)
        return docs

    def _pipe(self, docs: list[Any]) -> list[Any]:
        for _, proc in self.nlp.pipeline:
            docs = list(proc.pipe(docs, batch_size=64))
        return docs

    def tag_words(self, sentences: list[list[str]]) -> list[Any]:
        from spacy.tokens import Doc

        return self.run([Doc(self.nlp.vocab, words=ws) for ws in sentences])

    def tag_text(self, text: str) -> Any:
        return self.run([self.nlp.make_doc(text)])[0]


def _vectors_by_lower(nlp: Any) -> None:
    """The vectors table is keyed by lowercase form; spaCy does not save that setting."""
    from spacy.attrs import LOWER
    from spacy.vectors import Vectors

    vec = nlp.vocab.vectors
    if vec.attr != LOWER:
        keys = [k for k, _ in sorted(vec.key2row.items(), key=lambda kv: kv[1])]
        nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=vec.data, keys=keys, attr="LOWER")


@lru_cache(maxsize=4)
def load_model(lang: str) -> NerModel:
    """The trained model for ``lang`` (``de`` or ``en``), loaded once per process."""
    lang = lang if lang in MODEL_LANGS else "en"
    with _LOCK:
        return NerModel.load(MODELS_DIR / f"ner_{lang}")


def _propagate_keys(words: list[str], label: str, lang: str) -> list[tuple[tuple[str, ...], str]]:
    keys = [(tuple(words), label)]
    if label == "PER" and len(words) >= 2 and len(words[-1]) > MIN_PROPAGATE_CHARS:
        keys.append(((words[-1],), "PER"))  # surname alone
    if lang == "de":  # genitive "Putins", "Russlands"
        keys += [((*k[:-1], k[-1] + "s"), lab) for k, lab in list(keys) if not k[-1].endswith("s")]
    return keys


#: How often each part of a joined span must be tagged on its own in the document before the
#: span is split into the two names ("dass Putin Pjöngjang besucht": subject and object side by side).
SPLIT_MIN_ALONE = 2


def _votes(docs: list[Any]) -> dict[tuple[str, ...], Counter[str]]:
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for doc in docs:
        for ent in doc.ents:
            votes.setdefault(tuple(t.text for t in ent), Counter())[ent.label_] += 1
    return votes


def split_joined_names(docs: list[Any]) -> None:
    """A span tagged once that is two names the document tags apart, each at least
    ``SPLIT_MIN_ALONE`` times, with different labels, one of them a person ("Putin" PER +
    "Pjöngjang" LOC), is split into the two ("New York Times" stays: no person part; "Kim Jong Un"
    stays: "Jong Un" is never tagged alone). A span not tagged PER that ends in a person the
    document tags apart keeps its label for the part before the person ("die Regierung der
    Republik Quoria Anna Berg"); that person may be tagged apart once when the document also
    tags its first or last word alone as a person ("Korea Kim Jong Un" beside "Kim Jong Un", "Kim")."""
    from spacy.tokens import Span as SpacySpan

    votes = _votes(docs)

    def alone(key: tuple[str, ...]) -> str:
        c = votes.get(key)
        if not c:
            return ""
        lab, n = c.most_common(1)[0]
        return lab if n >= SPLIT_MIN_ALONE else ""

    def person(key: tuple[str, ...]) -> bool:
        c = votes.get(key)
        if not c or c.most_common(1)[0][0] != "PER":
            return False
        part = max(votes.get((key[0],), Counter())["PER"], votes.get((key[-1],), Counter())["PER"])
        return c["PER"] + (part if len(key) > 1 else 0) >= SPLIT_MIN_ALONE

    for doc in docs:
        if not any(len(e) > 1 and sum(votes[tuple(t.text for t in e)].values()) == 1 for e in doc.ents):
            continue
        out = []
        for ent in doc.ents:
            words = tuple(t.text for t in ent)
            cut = None
            if 1 < len(words) <= MAX_NAME_TOKENS and sum(votes[words].values()) == 1:
                for k in range(1, len(words)):
                    left, right = alone(words[:k]), alone(words[k:])
                    if left and right and left != right and "PER" in (left, right):
                        cut = (k, left, right)
                        break
                    if ent.label_ != "PER" and not left and person(words[k:]):
                        cut = (k, ent.label_, right)  # a place/organisation name, then a known person
                        break
            if cut is None:
                out.append(ent)
            else:
                k, left, right = cut
                out += [SpacySpan(doc, ent.start, ent.start + k, label=left),
                        SpacySpan(doc, ent.start + k, ent.end, label=right)]
        doc.ents = out


def make_consistent(docs: list[Any], lang: str) -> list[set[tuple[int, int]]]:
    """Document-level consistency over the docs (sentences) of one document, in place.

    0. a span that joins two names the document tags apart is split (:func:`split_joined_names`);
    1. every distinct entity string gets its majority label; a multi-word name whose first or
       last word is tagged PER on its own more often than the name itself is tagged becomes PER;
    2. untagged, capitalised occurrences of a tagged name (or of a person's surname) are tagged,
       and a shorter tagged part of such an occurrence ("Kim" in "Kim Jong-un") is extended.
    Returns per doc the token spans that were added or extended by step 2.
    """
    from spacy.tokens import Span as SpacySpan

    split_joined_names(docs)
    votes = _votes(docs)
    majority = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    for k, c in votes.items():
        if len(k) > 1 and majority[k] != "PER":
            alone = max(votes.get((k[0],), Counter())["PER"], votes.get((k[-1],), Counter())["PER"])
            if alone > sum(c.values()):
                majority[k] = "PER"
    lookup: dict[tuple[str, ...], str] = {}
    for k, lab in majority.items():
        if len(k) > MAX_NAME_TOKENS or len(" ".join(k)) < MIN_PROPAGATE_CHARS or not k[0][:1].isupper():
            continue
        for key, klab in _propagate_keys(list(k), lab, lang):
            lookup.setdefault(key, klab)
    max_len = max((len(k) for k in lookup), default=0)
    added: list[set[tuple[int, int]]] = []
    for doc in docs:
        # start token -> (end token, label), and per token the start of the entity covering it:
        # the lookups below stay linear in the document's length
        ents = {e.start: (e.end, majority.get(tuple(t.text for t in e), e.label_)) for e in doc.ents}
        owner = [-1] * len(doc)
        for start, (end, _) in ents.items():
            owner[start:end] = [start] * (end - start)
        new: set[tuple[int, int]] = set()
        words = [t.text for t in doc]  # once: a Token/Span object per lookup costs more than the lookup
        i = 0
        while i < len(words):
            hit = 0
            if words[i][:1].isupper():
                for n in range(min(max_len, len(words) - i), 0, -1):
                    found = lookup.get(tuple(words[i : i + n]))
                    if not found:
                        continue
                    inside = {owner[j] for j in range(i, i + n) if owner[j] >= 0}
                    if all(st >= i and ents[st][0] <= i + n and ents[st][0] - st < n and ents[st][1] == found
                           for st in inside):
                        for st in inside:
                            del ents[st]
                        ents[i] = (i + n, found)
                        owner[i : i + n] = [i] * n
                        new.add((i, i + n))
                        hit = n
                    break
            i += max(hit, 1)
        doc.ents = [SpacySpan(doc, st, end, label=lab) for st, (end, lab) in sorted(ents.items())]
        added.append(new)
    return added


def recognize(text: str, lang: str) -> list[Span]:
    """Entity spans (character offsets into ``text``) with ``attrs["source"]``."""
    model = load_model(lang)
    spans: list[Span] = []
    for offset in range(0, max(len(text), 1), MAX_CHARS):
        chunk = text[offset : offset + MAX_CHARS]
        doc = model.tag_text(chunk)
        added = make_consistent([doc], model.lang)[0]
        for ent in doc.ents:
            gaz = doc.user_data.get("gazetteer_spans", set())
            source = ("consistency" if (ent.start, ent.end) in added
                      else "gazetteer" if (ent.start, ent.end) in gaz else "model")
            spans.append(Span(offset + ent.start_char, offset + ent.end_char, ent.label_,
                              {"source": source}))
    return spans


@stage("entities", requires=["text", "language"], assigns=["entities"])
def ner_stage(article: Article) -> Article:
    """Tag entities (the ``link`` stage then groups them into document entities)."""
    spans = recognize(article.text, article.language or "de")
    article.layers["entities"] = spans
    return article
