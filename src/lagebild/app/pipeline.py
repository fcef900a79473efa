"""The per-article pipeline, assembled in one place: ingest stages, then the annotate stages and the
in-document ``link`` stage, then the content id."""

from __future__ import annotations

from ..ingest.clean import make_clean_stage
from ..ingest.extract import extract_stage
from ..ingest.stages import id_stage, min_length_stage
from ..pipeline import Pipeline, Stage
from ..settings import Settings


def annotation_stages() -> list[Stage]:
    """The annotate stages in order: entities (and their in-document linking) come before quotes,
    so sources can be matched to entities."""
    from ..annotate.language import language_stage
    from ..annotate.ner import ner_stage
    from ..annotate.quotes import quotes_stage
    from ..annotate.sentences import sentences_stage
    from ..annotate.timex import timex_stage
    from ..link.stage import link_stage

    return [language_stage, sentences_stage, timex_stage, ner_stage, link_stage, quotes_stage]


def build_pipeline(cfg: Settings, *, annotate: bool = True) -> Pipeline:
    """extract → clean → min-length → (language → sentences → timex → entities → link → quotes) → id."""
    stages: list[Stage] = [extract_stage, make_clean_stage(cfg.max_text_chars), min_length_stage(cfg.min_text_chars)]
    stages += annotation_stages() if annotate else []
    stages.append(id_stage)
    return Pipeline(stages)
