"""German and English TIMEX3 tagging and normalisation, and document dating.

Public API: :func:`tag_timexes`, the pipeline stage :data:`timex_stage` and
:func:`infer_publication_date`. Rules and word lists live per language in ``rules_de`` /
``rules_en`` (data only); matching is in ``tagger``, normalisation in ``resolve`` (``points``, ``relative``, ``context``) and calendar
arithmetic in ``calendar``, shared by all languages.
"""

from .dating import infer_publication_date
from .tagger import tag_timexes, timex_stage

__all__ = ["infer_publication_date", "tag_timexes", "timex_stage"]
