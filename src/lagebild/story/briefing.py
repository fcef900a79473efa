"""Extractive briefings: the few sentences that tell a story or event, diverse, each cited.

Sentences come from the articles in the material's main language (German material gives a
German briefing). Each candidate is scored by how central it is (cosine to the centroid of all
candidate sentence embeddings), how early it stands in its article (news put the gist first) and
how many other articles say the same; Maximal Marginal Relevance (Carbonell & Goldstein 1998)
then picks sentences that are relevant and unlike the ones already picked. "What is new since T"
uses only articles published after T.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..model import Article
from .outlets import voice_label
from .similarity import embed, lang_of, sentences, trim, words
from .view import BriefingItem, Citation

#: Sentences in a story briefing and in an event briefing.
STORY_SENTENCES = 6
EVENT_SENTENCES = 3
#: MMR trade-off: weight of relevance against redundancy (0.7 is the usual summarisation choice).
MMR_LAMBDA = 0.7
#: Bonus for the first sentences of an article (lead): 1/(1+rank) times this.
LEAD_WEIGHT = 0.15
#: Bonus for sentences other articles repeat (share of articles with a close paraphrase).
SUPPORT_WEIGHT = 0.2
#: Cosine above which two sentences say the same (paraphrase or wire copy).
SAME_COSINE = 0.8
#: A candidate sentence needs this many words and at most this many characters (shorter lines
#: are headings, credits and captions; longer ones are run-on paragraphs without a full stop).
MIN_WORDS = 7
MAX_CHARS = 420
_ENDS = (".", "!", "“", "”", '"', "»", "«", "'")


@dataclass
class Candidate:
    article: Article
    start: int
    end: int
    rank: int  # position of the sentence in its article

    @property
    def text(self) -> str:
        return self.article.text[self.start:self.end]


def main_language(articles: list[Article]) -> str:
    counts = Counter(lang_of(a) for a in articles)
    return counts.most_common(1)[0][0] if counts else "de"


def _pub_key(article: Article) -> str:
    """Publication date padded to minutes for comparisons ("2023-09" -> "2023-09-01T00:00")."""
    if article.published is None:
        return ""
    return pad_iso(article.published.value)


def pad_iso(value: str) -> str:
    template = "0000-01-01T00:00"
    value = value.strip().replace(" ", "T")[:16]
    return value + template[len(value):]


def candidates(articles: list[Article]) -> list[Candidate]:
    out: list[Candidate] = []
    for a in articles:
        rank = 0
        for s in sentences(a):
            start, end = trim(a.text, s.start, s.end)
            end = min(s.end, end + 1) if end < s.end and a.text[end] in ".!" else end
            text = a.text[start:end]
            n = sum(1 for x, _ in words(a.text, start, end) if a.text[x].isalpha())
            if n < MIN_WORDS or len(text) > MAX_CHARS or text.rstrip().endswith("?"):
                continue
            if not text.rstrip().endswith(_ENDS):
                continue
            out.append(Candidate(a, start, end, rank))
            rank += 1
    return out


def summarize(articles: list[Article], k: int = STORY_SENTENCES, since: str | None = None,
              language: str | None = None) -> list[BriefingItem]:
    """Up to ``k`` cited sentences; with ``since``, only from articles published after it."""
    lang = language or main_language(articles)
    pool = [a for a in articles if lang_of(a) == lang]
    if since is not None:
        cut = pad_iso(since)
        pool = [a for a in pool if _pub_key(a) > cut]
    cands = candidates(pool)
    if not cands:
        return []
    vecs = embed([c.text for c in cands])
    centroid = vecs.mean(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
    sims = vecs @ vecs.T
    n_articles = len({c.article.id for c in cands})
    art_idx = np.array([hash(c.article.id) for c in cands])
    relevance = vecs @ centroid
    for i, c in enumerate(cands):
        others = {cands[j].article.id for j in np.nonzero(sims[i] >= SAME_COSINE)[0]
                  if art_idx[j] != art_idx[i]}
        relevance[i] += LEAD_WEIGHT / (1 + c.rank) + SUPPORT_WEIGHT * len(others) / max(n_articles - 1, 1)
    chosen: list[int] = []
    while len(chosen) < min(k, len(cands)):
        best, best_score = -1, -np.inf
        for i in range(len(cands)):
            if i in chosen:
                continue
            redundancy = max((float(sims[i, j]) for j in chosen), default=0.0)
            if redundancy >= SAME_COSINE:
                continue
            mmr = MMR_LAMBDA * float(relevance[i]) - (1 - MMR_LAMBDA) * redundancy
            if mmr > best_score:
                best, best_score = i, mmr
        if best < 0:
            break
        chosen.append(best)
    picked = sorted((cands[i] for i in chosen), key=lambda c: (_pub_key(c.article) or "~", c.article.id, c.start))
    return [BriefingItem(c.text, Citation(c.article.id, c.start, c.end), voice_label(c.article),
                         c.article.published.value if c.article.published else None)
            for c in picked]
