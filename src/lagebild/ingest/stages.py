"""The ingest stages of the per-article pipeline besides extraction and cleaning: a minimum text
length and the content-hash id."""

from __future__ import annotations

from ..errors import EmptyInputError
from ..model import Article, content_id
from ..pipeline import Stage, stage


def min_length_stage(min_chars: int) -> Stage:
    @stage("min-length", requires=["text"], assigns=[])
    def check(article: Article) -> Article:
        if len(article.text.strip()) < min_chars:
            raise EmptyInputError(article.source.source,
                                  f"too little text after cleaning ({len(article.text.strip())} characters,"
                                  f" minimum {min_chars}, setting min_text_chars)")
        return article

    return check


@stage("id", requires=["text"], assigns=["id"])
def id_stage(article: Article) -> Article:
    article.id = content_id(article.text)
    return article
