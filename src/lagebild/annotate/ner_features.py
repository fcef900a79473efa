"""Token features for the NER model: gazetteer matches and cue words.

The features are strings written into two token attributes the NER pipeline does not use
otherwise (``tag_`` for the gazetteer, ``lemma_`` for the cue class); the model's
``MultiHashEmbed`` embeds them like any other attribute (see ``scripts/ner_*.cfg``). They are
computed *before* the spaCy pipeline runs, identically at training and at run time.

Gazetteers are built at training time (``training/gazetteer.py``) and stored next to the model as
``gazetteer.json.gz``, so run time needs none of the packages they come from. Cue words are
general lexicon data in ``lagebild/data/ner_cues.json``.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Longest gazetteer entry in tokens; longer place names are rare and costly to look up.
MAX_GAZ_TOKENS = 4
#: Shortest word whose genitive "-s" is stripped for a gazetteer lookup ("Russlands").
MIN_GAZ_CHARS = 3
#: Minimum length of a compound before a role suffix ("Kremlchef" = "Kreml" + "chef").
MIN_COMPOUND_HEAD = 3

#: Words whose cue feature is remembered (bounded so a long-running process keeps its memory).
CUE_MEMO_MAX = 200_000

NO_FEATURE = "-"
DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@lru_cache(maxsize=1)
def load_cues() -> dict[str, dict[str, list[str]]]:
    data = json.loads((DATA_DIR / "ner_cues.json").read_text("utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=200_000)
def rarity(word: str, lang: str) -> str:
    """Word-frequency bucket of the lowercased word (Zipf scale, ``wordfreq``): a capitalised word
    that is rare as a word ("Z0", "Z1") is more likely a name than a common noun ("Z5")."""
    import wordfreq

    if not word[:1].isalpha():
        return NO_FEATURE
    return f"Z{min(int(wordfreq.zipf_frequency(word.lower(), lang)), 6)}"


class Featurizer:
    """Computes the gazetteer and cue feature of every token of a sentence or document."""

    def __init__(self, gazetteer: dict[str, list[str]], lang: str, tokenize: Any = None) -> None:
        self.lang = lang
        self._cue_memo: dict[str, str] = {}
        self.entries: dict[tuple[str, ...], str] = {}
        self.max_len: dict[str, int] = {}
        for label, names in gazetteer.items():
            for name in names:
                toks = tuple(t.text for t in tokenize(name)) if tokenize else tuple(name.split())
                if not toks or len(toks) > MAX_GAZ_TOKENS:
                    continue
                prev = self.entries.get(toks)
                self.entries[toks] = label if prev in (None, label) else "AMB"
                self.max_len[toks[0]] = max(self.max_len.get(toks[0], 0), len(toks))
        cues = load_cues().get(lang, {})
        self.per_words = set(cues.get("per_words", []))
        self.per_suffixes = tuple(cues.get("per_suffixes", []))
        self.org_words = set(cues.get("org_words", []))
        self.org_suffixes = tuple(cues.get("org_suffixes", []))
        self.loc_words = set(cues.get("loc_words", []))
        self.loc_suffixes = tuple(cues.get("loc_suffixes", []))

    @classmethod
    def from_path(cls, path: Path, lang: str, tokenize: Any = None) -> Featurizer:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            gaz = json.load(fh)
        return cls(gaz, lang, tokenize)

    def gazetteer(self, words: list[str]) -> list[str]:
        """Longest-match gazetteer labels with position: ``LOC-B``, ``LOC-I``, ``FIRST-B`` ..."""
        feats = [NO_FEATURE] * len(words)
        i = 0
        while i < len(words):
            n = min(self.max_len.get(words[i], 0), len(words) - i)
            hit = 0
            while n > 0:
                label = self.entries.get(tuple(words[i : i + n]))
                if label:
                    feats[i] = f"{label}-B"
                    for j in range(i + 1, i + n):
                        feats[j] = f"{label}-I"
                    hit = n
                    break
                n -= 1
            if not hit and self.lang == "de" and len(words[i]) > MIN_GAZ_CHARS and words[i][-1] == "s":
                # German genitive: "Russlands" -> "Russland"
                label = self.entries.get((words[i][:-1],))
                if label:
                    feats[i] = f"{label}-G"
            i += max(hit, 1)
        return feats

    def cue(self, word: str) -> str:
        if word in self.per_words:
            return "CUE_PER"
        if word in self.org_words:
            return "CUE_ORG"
        if word in self.loc_words:
            return "CUE_LOC"
        low = word.lower()
        for suffixes, label in ((self.per_suffixes, "CUE_PER"), (self.org_suffixes, "CUE_ORG"),
                                (self.loc_suffixes, "CUE_LOC")):
            for suf in suffixes:
                if low.endswith(suf) and len(low) - len(suf) >= MIN_COMPOUND_HEAD and word[:1].isupper():
                    return f"{label}_X"
        return NO_FEATURE

    def cues(self, words: list[str]) -> list[str]:
        # memoised per word: the suffix scan costs ~0.1 ms a word and running text repeats words
        memo = self._cue_memo
        if len(memo) > CUE_MEMO_MAX:
            memo.clear()
        out = []
        for w in words:
            c = memo.get(w)
            if c is None:
                c = memo[w] = self.cue(w)
            out.append(c)
        return out

    def apply(self, doc: Any, gaz: bool = True, cues: bool = True, rare: bool = False) -> Any:
        """Write the features into ``token.tag_`` (gazetteer), ``token.lemma_`` (cue) and
        ``token.dep_`` (word rarity)."""
        words = [t.text for t in doc]
        if rare:
            for tok in doc:
                tok.dep_ = rarity(tok.text, self.lang)
        if gaz:
            for tok, f in zip(doc, self.gazetteer(words), strict=True):
                tok.tag_ = f
        if cues:
            for tok, f in zip(doc, self.cues(words), strict=True):
                tok.lemma_ = f
        return doc
