"""The Jinja environment of the web pages and the HTML report (autoescaping, the view helpers as
globals). Separate from :mod:`.app`, so a report renders without loading FastAPI."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

HERE = Path(__file__).resolve().parent


def templates() -> Environment:
    from ...i18n import install
    from ...store.query import snippet_parts
    from ...story.view import ranked_claims
    from .bidi import safe_output
    from .views import script_data, template_helpers

    # finalize: no control characters, bidirectional formatting isolated in every printed string (issue 19)
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True, finalize=safe_output)
    env.globals.update(ranked_claims=ranked_claims, script_data=script_data, snippet_parts=snippet_parts)
    install(env)  # t(), number/date/outlet filters in the page language (lagebild.i18n)
    env.globals.update(template_helpers())
    return env
