"""The per-article half of a batch run: what a worker process (or Ray actor) holds and does.

A worker builds the ingest pipeline once and loads the models once (``Annotator.__init__``), then
turns chunks of stream elements into processed ones. Stream elements keep the input order and
carry everything the driver needs: ``("item", Article | Rejection)`` and ``("file", path)`` (a
file is finished; the driver counts it and reports progress). Items the driver already knows to
be unchanged arrive as ``Rejection(..., error="unchanged")`` and pass through untouched, as do
the readers' rejections.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..model import Article, Rejection
from ..pipeline import StageTimes
from ..threads import limit_threads

Element = tuple[str, Any]


def load_models(annotate: bool) -> None:
    """Load every model the annotate stages use lazily, so the first chunk does not pay for it
    and a fork-started pool shares the loaded pages with the driver (copy-on-write).
    Loading only: no text is annotated, so no per-process cache (e.g. NER's out-of-vocabulary
    vectors) differs from a serial run's."""
    if not annotate:
        return
    from ..annotate.language import identify
    from ..annotate.ner import load_model
    from ..annotate.quotes.tagger import load_tagger
    from ..encoder import use_encoder

    identify("Guten Tag, wie geht es?")  # loads the language model; identification keeps no state
    load_model("de")
    load_tagger()
    use_encoder().encode(["."])  # loads tokenizer and weights; the encoder keeps no state


class Annotator:
    """Pipeline and models of one worker; ``run`` processes one chunk of stream elements."""

    def __init__(self, cfg: Any, annotate: bool = True) -> None:
        from ..app.pipeline import build_pipeline

        limit_threads()
        self.pipe = build_pipeline(cfg, annotate=annotate)
        load_models(annotate)

    def run(self, chunk: list[Element]) -> tuple[list[Element], StageTimes]:
        """Processed elements in the same order, and the stage times this chunk took."""
        start = StageTimes(dict(self.pipe.times.seconds), dict(self.pipe.times.calls))
        out: list[Element] = []
        for kind, payload in chunk:
            if kind == "item" and isinstance(payload, Article):
                payload = self.process(payload)
            out.append((kind, payload))
        return out, _delta(self.pipe.times, start)

    def process(self, item: Article) -> Article | Rejection:
        try:
            article = self.pipe(item)
        except InputError as exc:
            return Rejection(exc.source, exc.reason, type(exc).__name__)
        article.raw = ""  # only the extract stage reads it; no need to ship it back
        return article


def _delta(now: StageTimes, before: StageTimes) -> StageTimes:
    out = StageTimes()
    for name, sec in now.seconds.items():
        calls = now.calls.get(name, 0) - before.calls.get(name, 0)
        if calls:
            out.seconds[name] = sec - before.seconds.get(name, 0.0)
            out.calls[name] = calls
    return out


# -- process-pool entry points (module level so they pickle by name) ----------------------------
_ANNOTATOR: Annotator | None = None


def init_process(cfg: Any, annotate: bool) -> None:
    global _ANNOTATOR
    _ANNOTATOR = Annotator(cfg, annotate)


def run_chunk(chunk: list[Element]) -> tuple[list[Element], StageTimes]:
    assert _ANNOTATOR is not None, "init_process did not run in this worker"
    return _ANNOTATOR.run(chunk)
