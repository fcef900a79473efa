"""Text from articles in HTML: control characters removed, bidirectional formatting isolated.

A right-to-left override (U+202E) in a title would otherwise reverse everything after it on the
line — other titles, dates, link texts — until the end of the enclosing block; a NUL is a parse
error. :func:`safe_output` is the Jinja ``finalize`` of the page and report templates: every plain
string an expression prints passes through it (values already marked safe, our own markup, do
not). Text holding directional formatting characters or right-to-left letters is wrapped in
FSI … PDI (the plain-text form of ``<bdi>``, usable in attributes too), with stray closers dropped
and open embeddings closed, so nothing inside can reach outside. Markup made from article text by
a filter (``join`` of outlet names) loses its directional formatting characters instead (wrapping
would break markup such as ``tojson`` output).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

#: C0 controls except tab, line feed, form feed and carriage return: NUL and the others are HTML
#: parse errors (NUL is replaced by U+FFFD or dropped, depending on where it is).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: Explicit directional formatting: embeddings LRE RLE, overrides LRO RLO, PDF; isolates LRI RLI FSI, PDI.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
PDF = "\u202c"
ISOLATES = frozenset("\u2066\u2067\u2068")
FSI, PDI = "\u2068", "\u2069"
#: Text that needs isolation: directional formatting, or a right-to-left letter (Hebrew, Arabic,
#: Syriac, Thaana, NKo …, their presentation forms, and the RTL planes' scripts), which would pull
#: neighbouring digits and punctuation into its run.
_NEEDS_ISOLATION = re.compile("[\u202a-\u202e\u2066-\u2069\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"
                              "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def isolate(text: str) -> str:
    """``text`` that cannot change the direction of anything around it: FSI + text + PDI, where
    the text's closers without an opener are dropped and its openers without a closer are closed."""
    out: list[str] = []
    stack: list[bool] = []  # True: an isolate is open, False: an embedding or override
    isolates = 0
    for ch in text:
        if ch in EMBEDDINGS or ch in ISOLATES:
            iso = ch in ISOLATES
            stack.append(iso)
            isolates += iso
        elif ch == PDF:
            if not stack or stack[-1]:
                continue  # closes nothing of this text (or would close across an isolate): dropped
            stack.pop()
        elif ch == PDI:
            if not isolates:
                continue  # would close an isolate of the page: dropped
            while not stack.pop():  # a PDI also closes the embeddings opened inside its isolate
                pass
            isolates -= 1
        out.append(ch)
    closers = "".join(PDI if iso else PDF for iso in reversed(stack))
    return FSI + "".join(out) + closers + PDI


def safe_text(text: str) -> str:
    """``text`` without C0 controls, isolated when it holds directional formatting or RTL letters."""
    text = _CONTROLS.sub("", text)
    return isolate(text) if _NEEDS_ISOLATION.search(text) else text


def safe_output(value: Any) -> Any:
    """Jinja ``finalize``: plain strings through :func:`safe_text`; markup without controls and
    directional formatting; other values as they are."""
    if isinstance(value, Markup):
        return Markup(_BIDI.sub("", _CONTROLS.sub("", value))) if _CONTROLS.search(value) or _BIDI.search(value) \
            else value
    if isinstance(value, str):
        return safe_text(value)
    return value
