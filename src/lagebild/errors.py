"""The one exception tree of lagebild.

Every error the package raises on purpose derives from :class:`LagebildError`, so that
interfaces (CLI, API) can catch one type and turn it into a clear message.
"""

from __future__ import annotations


class LagebildError(Exception):
    """Base of all errors raised by lagebild on purpose."""


class ConfigError(LagebildError):
    """A setting is unknown or its value cannot be parsed."""


class PipelineError(LagebildError):
    """Stages are in an order that cannot work (a stage needs what no earlier stage assigns)."""


class InputError(LagebildError):
    """One input item cannot be turned into an article; the batch goes on.

    ``source`` names the item (path, path#record, URL), ``reason`` says why in words a user reads.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class BinaryInputError(InputError):
    """The item holds binary data, not text."""


class EmptyInputError(InputError):
    """The item has no text worth keeping."""


class TooLargeInputError(InputError):
    """The item is larger than the ``max_item_bytes`` setting allows."""


class EncodingInputError(InputError):
    """The item's bytes cannot be decoded as text."""


class MalformedInputError(InputError):
    """The item's container (HTML, XML, JSON, WARC) is broken beyond recovery."""


class UnsupportedInputError(InputError):
    """No source reader knows this kind of item."""


class TimeBudgetError(InputError):
    """Processing one item took longer than the ``max_item_seconds`` setting allows."""


class ProcessingError(InputError):
    """Processing or storing one item failed unexpectedly; the item is rejected, the run goes on."""


class MissingLayerError(LagebildError):
    """Code after the pipeline needs an annotation layer the article does not have.

    Nothing re-annotates outside the pipeline: the message names the stage that assigns the layer.
    """

    def __init__(self, article_id: str, layer: str, stage: str | None = None) -> None:
        stage = stage or layer
        super().__init__(f"article {article_id or '(no id)'} has no {layer!r} layer: it is assigned by the "
                         f"{stage!r} stage, which did not run on it (re-ingest it with annotation)")
        self.article_id = article_id
        self.layer = layer
        self.stage = stage


class StoreError(LagebildError):
    """The store cannot be opened, migrated or written."""


class NotFoundError(LagebildError):
    """A requested record (article, story, entity) does not exist."""


class StillBuildingError(LagebildError):
    """A story's view is being built for the first time; come back in ``retry_after`` seconds."""

    def __init__(self, story_id: str, retry_after: int = 5) -> None:
        super().__init__(f"story {story_id!r} is being built; try again in a few seconds")
        self.story_id = story_id
        self.retry_after = retry_after


class QueryError(LagebildError):
    """A search query cannot be parsed (for example a broken FTS5 expression)."""
