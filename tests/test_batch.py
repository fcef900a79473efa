"""Batch engines give the serial ingest's results: same articles, folded duplicates, stories."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lagebild.app.ingest import IngestReport, ingest
from lagebild.batch import run_batch
from lagebild.settings import load_settings
from lagebild.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What must agree between engines: articles with their annotations, sources with how they
    were folded, the article -> event -> story assignment and the clusters."""
    conn = sqlite3.connect(db)
    try:
        def q(sql: str) -> list[tuple[Any, ...]]:
            return sorted(conn.execute(sql).fetchall())

        return {
            "articles": q("SELECT id, title, published, published_granularity, language, outlet, data FROM articles"),
            "sources": q("SELECT source, article_id, kind, folded, similarity FROM sources"),
            "rejected": q("SELECT source, error FROM rejected"),
            "assignments": q("SELECT article_id, event_id, similarity FROM story_assignments"),
            "events": q("SELECT id, story_id, title, first_seen, last_seen, n_articles, status, merged_into"
                        " FROM story_events"),
            "stories": q("SELECT id, title, first_seen, last_seen, n_events, n_articles, status, merged_into"
                         " FROM story_stories"),
        }
    finally:
        conn.close()


def counts(report: IngestReport) -> tuple[int, ...]:
    return report.files, report.items, report.new, report.folded, report.unchanged, len(report.rejected)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Seeds, the bundled example corpus and a folder with an exact copy, a near copy and an
    unusable file, so folding and rejection go through the batch path too."""
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds not present")
    extra = tmp_path_factory.mktemp("extra")
    first = sorted(seeds.glob("*.txt"))[0]
    shutil.copy(first, extra / "copy.txt")
    text = first.read_text("utf-8")
    (extra / "near.txt").write_text(text.rsplit("\n", 2)[0] + "\nEin neuer letzter Satz steht hier.\n", "utf-8")
    (extra / "empty.txt").write_text("", "utf-8")
    return [seeds, ROOT / "examples" / "corpus", extra]


@pytest.fixture(scope="module")
def serial(inputs: list[Path], tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[IngestReport, dict[str, list[tuple[Any, ...]]]]:
    db = tmp_path_factory.mktemp("serial") / "s.db"
    cfg = load_settings(db=str(db))
    with SQLiteStore(db) as store:
        report = ingest(inputs, store, cfg)
    return report, snapshot(db)


def _batch(inputs: list[Path], db: Path, engine: str) -> IngestReport:
    cfg = load_settings(db=str(db))
    with SQLiteStore(db) as store:
        return run_batch(inputs, store, cfg, engine=engine, workers=2)


def test_local_engine_equals_serial_ingest(inputs: list[Path], serial: Any, tmp_path: Path) -> None:
    report, expected = serial
    assert report.folded >= 2 and report.rejected  # the fixture exercises folding and rejection
    db = tmp_path / "local.db"
    got = _batch(inputs, db, "local")
    assert counts(got) == counts(report)
    snap = snapshot(db)
    for key in expected:
        assert snap[key] == expected[key], key
    # per-stage timings come back from the workers; the driver adds its own steps
    for name in ("extract", "timex", "entities", "quotes", "store", "cluster"):
        assert got.times.seconds.get(name, 0.0) > 0.0, name
    # workers annotate before folding, so an exact duplicate inside one run is annotated there too
    # (the serial ingest reuses the earlier article's annotation); never fewer calls than serial
    assert got.times.calls["entities"] >= report.times.calls["entities"]
    # a second run finds every item unchanged and annotates nothing
    again = _batch(inputs, db, "local")
    assert again.new == 0 and again.folded == 0 and again.unchanged == report.stored
    assert "entities" not in again.times.calls
    assert snapshot(db)["stories"] == expected["stories"]


def test_unknown_engine_is_refused(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "x.db") as store, pytest.raises(ValueError, match="unknown batch engine"):
        run_batch([tmp_path], store, load_settings(db=str(tmp_path / "x.db")), engine="spark")


def test_batch_command_prints_summary_and_stats(tmp_path: Path) -> None:
    from lagebild.interfaces.cli import app

    doc = tmp_path / "in" / "a.txt"
    doc.parent.mkdir()
    doc.write_text("Streik im Hafen\n\nDie Hafenarbeiter in Hamburg haben am Montag ihre Arbeit "
                   "niedergelegt. Die Gewerkschaft fordert höhere Löhne, teilte ein Sprecher mit.\n", "utf-8")
    db = str(tmp_path / "b.db")
    res = CliRunner().invoke(app, ["batch", str(doc.parent), "--engine", "serial", "--db", db, "--stats"])
    assert res.exit_code == 0, res.output
    assert "1 neu" in res.output and "serial" in res.output  # German by default (ui_language)
    assert "entities" in res.output and "cluster" in res.output
    missing = CliRunner().invoke(app, ["batch", str(tmp_path / "missing.txt"), "--engine", "serial", "--db", db])
    assert missing.exit_code == 1


@pytest.fixture(scope="session")
def ray_cluster() -> Any:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_ray_engine_equals_serial_ingest(inputs: list[Path], serial: Any, ray_cluster: Any, tmp_path: Path,
                                        capfd: pytest.CaptureFixture[str]) -> None:
    report, expected = serial
    db = tmp_path / "ray.db"
    got = _batch(inputs, db, "ray")
    assert ray_cluster.is_initialized()  # the engine used the running cluster and left it up
    assert "Execution plan" not in capfd.readouterr().err  # Ray Data's INFO lines stay out of the user's terminal
    assert counts(got) == counts(report)
    snap = snapshot(db)
    for key in expected:
        assert snap[key] == expected[key], key
