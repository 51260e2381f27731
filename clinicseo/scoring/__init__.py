"""Scoring: Yoast-equivalent readability and SEO checks, health-claims compliance, textstat.

Public API::

    score_document(body, *, fmt="html", keyphrase=None, title=None, description=None,
                   slug=None, site_url=None, jurisdiction="AU", thresholds=None,
                   extra_checks=()) -> dict
    score_file(path, **same keyword arguments) -> dict   # never raises for bad input
    plain_text(body, fmt="html") -> str                  # what every check's spans index

Only this package imports textstat (see :mod:`clinicseo.scoring.metrics`, which keeps it
offline). Heavy imports happen on first use, so importing this package is cheap.
"""

from __future__ import annotations

from clinicseo.scoring.core import score_document
from clinicseo.scoring.document import plain_text
from clinicseo.scoring.files import score_file

__all__ = ["plain_text", "score_document", "score_file"]
