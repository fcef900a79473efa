"""The Ray engine: the per-article stages as Ray Data ``map_batches`` over an actor pool.

Each dataset row is one chunk of stream elements (pickled, see :mod:`.worker`); the callable
class :class:`RayAnnotator` builds the pipeline and loads the models once per actor. The
dataset keeps its order (``preserve_order``), so the driver receives the chunks in input order
and replays the serial ingest's batches (:class:`lagebild.batch.engine.Writer`). ``ray`` is an
optional dependency (``lagebild[ray]``).
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from ..pipeline import StageTimes
from ..threads import thread_env
from .worker import Annotator, Element

#: Log level of Ray's own Python loggers during a run: Ray Data logs every dataset's plan and
#: finish at INFO and warns that progress bars are off (we draw our own); errors still show.
RAY_LOG_LEVEL = logging.ERROR

#: Rows (chunks) per map_batches call: one, so a chunk is the unit of work and of ordering.
ROWS_PER_CALL = 1


class RayAnnotator:
    """Ray Data callable class: models load in ``__init__``, once per actor."""

    def __init__(self, cfg_blob: bytes, annotate: bool) -> None:
        self.annotator = Annotator(pickle.loads(cfg_blob), annotate)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        outs, times = [], []
        for blob in batch["chunk"]:
            out, t = self.annotator.run(pickle.loads(blob))
            outs.append(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
            times.append(pickle.dumps(t, protocol=pickle.HIGHEST_PROTOCOL))
        return {"seq": batch["seq"], "out": np.array(outs, dtype=object), "times": np.array(times, dtype=object)}


def ray_results(chunks: Iterable[list[Element]], cfg: Any, annotate: bool, workers: int,
                address: str | None) -> Iterator[tuple[list[Element], StageTimes]]:
    """Chunks through a Ray Data actor pool of ``workers`` actors, results in input order.

    Joins the cluster at ``address`` when given, uses a running ``ray.init`` when there is one,
    otherwise starts a local cluster (and shuts it down afterwards)."""
    import ray

    started = False
    import ray.data  # configures its loggers on import; quieten them after that

    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(RAY_LOG_LEVEL)
    if not ray.is_initialized():
        env = {"env_vars": thread_env()}
        if address:
            ray.init(address=address, runtime_env=env, include_dashboard=False, log_to_driver=False,
                     logging_level=RAY_LOG_LEVEL)
        else:
            ray.init(num_cpus=workers, runtime_env=env, include_dashboard=False, log_to_driver=False,
                     logging_level=RAY_LOG_LEVEL)
        started = True
    try:
        # The driver reads and pre-filters the input (it owns the store connection); the chunks
        # go to the object store as one dataset.
        rows = [{"seq": i, "chunk": pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL)}
                for i, c in enumerate(chunks)]
        if not rows:
            return
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        ds = ray.data.from_items(rows, override_num_blocks=min(len(rows), max(workers * 4, 1)))
        mapped = ds.map_batches(RayAnnotator, fn_constructor_args=(pickle.dumps(cfg), annotate),
                            batch_size=ROWS_PER_CALL, batch_format="numpy",
                            compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1)
        for expect, row in enumerate(mapped.iter_rows()):
            if int(row["seq"]) != expect:  # preserve_order guarantees this; never merge out of order
                raise RuntimeError(f"ray returned chunk {row['seq']} where {expect} was due")
            yield pickle.loads(row["out"]), pickle.loads(row["times"])
    finally:
        if started:
            ray.shutdown()
