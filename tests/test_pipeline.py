import pytest

from lagebild.errors import InputError, PipelineError
from lagebild.model import Article, Source
from lagebild.pipeline import Pipeline, stage


def _article(text: str = "x") -> Article:
    return Article(source=Source("s", "text", "h"), raw=text)


@stage("upper", requires=["raw"], assigns=["text"])
def upper(a: Article) -> Article:
    a.text = a.raw.upper()
    return a


@stage("count", requires=["text"], assigns=["n"])
def count(a: Article) -> Article:
    a.meta["n"] = len(a.text)
    return a


@stage("boom", requires=["text"], assigns=[])
def boom(a: Article) -> Article:
    raise ValueError("bad content")


def test_stages_run_in_order_and_are_timed():
    pipe = Pipeline([upper, count])
    art = pipe(_article("abc"))
    assert art.text == "ABC" and art.meta["n"] == 3
    assert pipe.times.calls == {"upper": 1, "count": 1}
    assert "n" in pipe.assigns


def test_order_is_checked_when_built():
    with pytest.raises(PipelineError, match="count.*requires text"):
        Pipeline([count, upper])


def test_stage_crash_becomes_per_item_error():
    pipe = Pipeline([upper, boom])
    with pytest.raises(InputError, match="stage boom failed: ValueError"):
        pipe(_article())


@stage("bug", requires=["text"], assigns=[])
def bug(a: Article) -> Article:
    raise ImportError("a missing module")


def test_any_stage_exception_is_contained_per_item():
    with pytest.raises(InputError, match="stage bug failed: ImportError"):
        Pipeline([upper, bug])(_article())
