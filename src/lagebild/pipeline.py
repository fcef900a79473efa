"""Stages and the runner that checks their order.

A stage is a small callable ``Article -> Article`` that declares which fields it ``requires``
and which it ``assigns`` (like spaCy pipeline components). :class:`Pipeline` refuses an order in
which a stage needs something no earlier stage (nor the source) provides, and it times every
stage so ``lagebild ingest --stats`` can say where the time goes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .errors import InputError, PipelineError
from .model import Article

#: What a freshly read article holds before any stage ran.
SOURCE_FIELDS = frozenset({"raw", "source"})


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, article: Article) -> Article: ...


@dataclass
class FunctionStage:
    """Adapter that turns a plain function into a :class:`Stage`."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    func: Callable[[Article], Article]

    def __call__(self, article: Article) -> Article:
        return self.func(article)


def stage(name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()
          ) -> Callable[[Callable[[Article], Article]], FunctionStage]:
    """Decorator: ``@stage("language", requires=["text"], assigns=["language"])``."""

    def wrap(func: Callable[[Article], Article]) -> FunctionStage:
        return FunctionStage(name, tuple(requires), tuple(assigns), func)

    return wrap


@dataclass
class StageTimes:
    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        self.calls[name] = self.calls.get(name, 0) + 1

    def merge(self, other: StageTimes) -> None:
        for name, sec in other.seconds.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + sec
            self.calls[name] = self.calls.get(name, 0) + other.calls.get(name, 0)


class Pipeline:
    """An ordered, checked list of stages."""

    def __init__(self, stages: Iterable[Stage], provided: Iterable[str] = SOURCE_FIELDS) -> None:
        self.stages: list[Stage] = list(stages)
        self.times = StageTimes()
        available = set(provided)
        for st in self.stages:
            missing = [r for r in st.requires if r not in available]
            if missing:
                raise PipelineError(
                    f"stage {st.name!r} requires {', '.join(missing)}, which no earlier stage assigns "
                    f"(order: {', '.join(s.name for s in self.stages)})"
                )
            available.update(st.assigns)
        self.assigns = frozenset(available)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, article: Article) -> Article:
        for st in self.stages:
            t0 = time.perf_counter()
            try:
                article = st(article)
            except InputError:
                raise
            except Exception as exc:  # noqa: BLE001
                # A stage crashing on odd content is a per-item failure, not a batch failure:
                # the item is rejected with the reason and the batch goes on.
                raise InputError(article.source.source,
                                 f"stage {st.name} failed: {type(exc).__name__}: {exc}") from exc
            finally:
                self.times.add(st.name, time.perf_counter() - t0)
        return article

    def pipe(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self(article)
