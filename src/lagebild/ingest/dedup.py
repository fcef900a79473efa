"""Near-duplicate folding with MinHash LSH (datasketch), backed by the store.

Band keys live in the store (``lsh_bands``), so folding works across runs and processes without
rebuilding an in-memory index, and a batch engine can group candidates by band key.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

_TOKEN = re.compile(r"\w+", re.UNICODE)
#: Seed and hashing scheme of the MinHash permutations; fixed so signatures stored by one run
#: (or one datasketch release) compare with the next.
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"
#: Shingle hash: CRC-32 is stable across processes and five times faster than datasketch's SHA-1;
#: its weaker mixing does not matter because MinHash permutes the values again.
SHINGLE_HASH = zlib.crc32


@dataclass(frozen=True)
class Fingerprint:
    signature: bytes
    bands: tuple[tuple[int, bytes], ...]
    minhash: MinHash


@lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that minimise false positives and negatives at ``threshold`` (datasketch)."""
    b, r = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(b), int(r)


def shingles(text: str, size: int) -> set[bytes]:
    words = _TOKEN.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> object:
    """The permutation table, made once per process instead of once per article."""
    return MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def fingerprint(text: str, *, threshold: float, num_perm: int, shingle_size: int) -> Fingerprint:
    mh = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashfunc=SHINGLE_HASH,
                 permutations=_permutations(num_perm))
    mh.update_batch(list(shingles(text, shingle_size)))
    b, r = lsh_params(threshold, num_perm)
    values = mh.hashvalues.astype(np.uint64)
    bands = tuple(
        (i, hashlib.blake2b(values[i * r : (i + 1) * r].tobytes(), digest_size=8).digest()) for i in range(b))
    return Fingerprint(values.tobytes(), bands, mh)


def similarity(fp: Fingerprint, signature: bytes, num_perm: int) -> float:
    other = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME, hashfunc=SHINGLE_HASH,
                    hashvalues=np.frombuffer(signature, dtype=np.uint64), permutations=_permutations(num_perm))
    return float(fp.minhash.jaccard(other))
