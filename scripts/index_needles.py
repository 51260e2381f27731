"""Write the needle table the rule packs load instead of deriving every detector's needles.

    .venv/bin/python scripts/index_needles.py

Loads the AU, UK and US packs and writes ``clinicseo/scoring/rules/needles.json``: for each
detector pattern (keyed by a digest of its flags and source), the fixed strings one of which
every match contains (``prefilter.needles``). Run it after changing a detector; a test fails
while the table is stale (loading stays correct, only slower). See
``clinicseo/scoring/claims/compiled.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from clinicseo.scoring.claims.compiled import NEEDLE_TABLE, table_of  # noqa: E402
from clinicseo.scoring.compliance import load_pack  # noqa: E402

OUT = REPO / "clinicseo" / "scoring" / "rules" / NEEDLE_TABLE


def main() -> None:
    patterns = [
        det.pattern for code in ("AU", "UK", "US") for rule in load_pack(code).rules
        for det in rule.detectors
    ]  # fmt: skip
    table = table_of(patterns)
    OUT.write_text(json.dumps(table, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: needles of {len(table)} detector patterns")


if __name__ == "__main__":
    main()
