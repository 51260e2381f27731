"""What the compliance patterns find in one sentence: the helper the family-of-meaning tests
(tests/test_compliance_family_*.py) share."""

from __future__ import annotations

import html

from clinicseo.scoring.compliance import load_pack, run
from clinicseo.scoring.document import parse

PACKS = ("AU", "UK", "US")
# A page with a full risks section, so R7's page-level finding stays out of the way.
RISKS = (
    "<h2>Risks and recovery</h2><p>Common side effects are redness, swelling and tenderness "
    "for one to three days; rarer risks are infection and pigment change. Recovery takes a "
    "few days.</p>"
)


def rules_in(
    sentence: str, jurisdiction: str, page: str = RISKS, *, use_model: bool = False
) -> set[str]:
    """The rules whose findings the patterns alone (or with ``use_model``, the patterns and
    the model) place inside ``sentence``, judged as the first paragraph of a page that goes
    on with ``page``."""
    doc = parse(f"<p>{html.escape(sentence, quote=False)}</p>{page}")
    end = len(sentence)
    return {
        f["rule"]
        for c in run(doc, load_pack(jurisdiction), use_model=use_model)
        for f in c["findings"]
        if f["where"] == "text" and f["span"] is not None and f["span"][1] <= end
    }
