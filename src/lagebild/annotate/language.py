"""Language identification with py3langid, restricted to the languages news here comes in."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..model import Article
from ..pipeline import stage

#: Languages the identifier may answer; a closed set avoids exotic guesses on short or odd text.
CANDIDATE_LANGUAGES = ("de", "en", "fr", "es", "it", "nl", "pl", "ru", "uk", "tr", "pt", "sv", "da", "cs")
#: Characters looked at: the lead decides the language, and long texts cost time for nothing.
LANGID_SAMPLE_CHARS = 3000
#: Normalised probability below which the guess is reported as unsure (falls back to the default).
MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(CANDIDATE_LANGUAGES))
    return ident


def identify(text: str, default: str = "de") -> tuple[str, float]:
    """(language code, confidence). Falls back to ``default`` when the text gives no clear answer."""
    sample = text[:LANGID_SAMPLE_CHARS]
    if not sample.strip():
        return default, 0.0
    lang, prob = _identifier().classify(sample)
    if prob < MIN_CONFIDENCE:
        return default, float(prob)
    return str(lang), float(prob)


@stage("language", requires=["text"], assigns=["language"])
def language_stage(article: Article) -> Article:
    if article.language:  # given by the source (JSONL field, HTML lang): keep, but check it is sane
        article.language = article.language.split("-")[0].lower()[:2]
        return article
    article.language, article.language_score = identify(article.text)
    return article
