"""Figures: do generated titles and headings read as a person wrote them, on topics we did
not pick?

    .venv/bin/python benchmarks/headings.py [--variants 8]

For each topic, a batch of `--variants` drafts is rendered and scored the way `clinicseo
generate` does it (real SQLite store, the built-in library), and the script counts: H2s in
"<Keyphrase>: …" form (the SEO-template shape Google's spam policies warn about), distinct
titles in the batch, and the Yoast checks keyphrase_in_title (good/ok) and
keyphrase_in_subheadings (good). Topics:

* the seed topic (the figure first measured: 0 of 81 such H2s, 8 of 8 titles);
* every other angle the library has material for;
* real competitor topics: the labels, headings and questions of public clinic pages
  (benchmarks/data/competitor_headings.py, the held-out sites), woven in as `generate
  --gaps` weaves a crawled topic;
* the gap topics with no material (chemical peel, rosacea, skin barrier): refused, as they
  should be — those go to a brief and a writer.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.data.competitor_headings import PAGES  # noqa: E402
from benchmarks.meanings import held_out  # noqa: E402
from clinicseo import drafting, store  # noqa: E402
from clinicseo.config import load_config  # noqa: E402
from clinicseo.errors import NoMaterial  # noqa: E402
from clinicseo.render import TopicBrief, render_variants  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "clinic.toml"
SEED = "microneedling and inflammation"
ANGLES = ["microneedling aftercare", "microneedling for acne scars",
          "microneedling for sensitive skin", "microneedling for ageing skin",
          "microneedling side effects", "microneedling research", "microneedling benefits",
          "how microneedling works"]
# Competitor pages (held-out sites) whose topic the library has material for: label -> url
COMPETITOR = {
    "microneedling recovery": "https://ddooks.com/what-does-recovery-from-a-microneedling-treatment-really-look-like",  # noqa: E501
    "microneedling sessions for acne scars": "https://www.malkaspa.com/how-many-microneedling-sessions-for-acne-scars",  # noqa: E501
    "sunscreen after microneedling": "https://proneedling.com/sunscreen-after-microneedling/",
    "skin needling": "https://www.skinbydermalnursehanna.com/post/skin-needling-is-it-worth-the-hype",  # noqa: E501
    "microneedling aftercare tips": "https://www.fifthelementesthetics.com/pages/microneedling-aftercare",  # noqa: E501
    "risks of microneedling": "https://visualfoodie.com/understanding-the-risks-of-microneedling",
    "dermaroller or clinical microneedling": "https://saffronsageliving.com/blog/diy-dermaroller-v-clinical-microneedling",  # noqa: E501
    "professional vs home microneedling": "https://www.droracle.ai/articles/717513/how-does-professional-micro-needling-compare-to-home-micro",  # noqa: E501
}
GAPS = ["chemical peel", "rosacea", "skin barrier"]
_TAGS = re.compile(r"<[^>]+>")


def competitor_topic(label: str, url: str) -> TopicBrief:
    rows = [h for h, _ in PAGES[url]]
    return TopicBrief(label=label, keyphrase=label,
                      questions=tuple(h for h in rows if h.endswith("?")),
                      headings=tuple(h for h in rows if not h.endswith("?")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variants", type=int, default=8)
    args = parser.parse_args()
    for url in COMPETITOR.values():
        assert held_out(url), url  # pages nothing was tuned on
    with tempfile.TemporaryDirectory() as tmp:
        text = EXAMPLE.read_text().replace('path = "data/clinicseo.db"',
                                           f'path = "{tmp}/bench.db"')
        (Path(tmp) / "clinic.toml").write_text(text)
        config = load_config(Path(tmp) / "clinic.toml")
        conn = store.connect(config.database.path)
        topics = [("seed", TopicBrief.from_text(SEED))]
        topics += [("angle", TopicBrief.from_text(t)) for t in ANGLES]
        topics += [("competitor", competitor_topic(k, u)) for k, u in COMPETITOR.items()]
        topics += [("gap", TopicBrief.from_text(t)) for t in GAPS]
        print(f"{'kind':<10} {'topic':<38} {'H2s':>4} {'kp: H2':>6} {'titles':>6} {'kp: title':>9} "
              f"{'kp title ok':>11} {'kp subheads':>11}  keyphrase written to")
        total: Counter[str] = Counter()
        for kind, topic in topics:
            try:
                drafts = render_variants(topic, args.variants, config=config)
            except NoMaterial:
                print(f"{kind:<10} {topic.label:<38} refused: no material (brief + writer)")
                continue
            scored = drafting.score_batch(conn, config, drafts)
            h2s = [_TAGS.sub("", h) for d in drafts for h in re.findall(r"<h2>(.*?)</h2>",
                                                                         d["html"])]
            kp = {d["keyphrase"].lower() for d in drafts}
            colon = sum(1 for h in h2s if any(h.lower().startswith(k + ":") for k in kp))
            titles = len({d["title"] for d in drafts})
            colon_titles = sum(1 for d in drafts if d["title"].lower().startswith(
                d["keyphrase"].lower() + ":"))
            checks = [{c["id"]: c.get("status") for c in s["checks"]} for s in scored]
            title_ok = sum(1 for c in checks if c.get("keyphrase_in_title") in ("good", "ok"))
            sub_good = sum(1 for c in checks if c.get("keyphrase_in_subheadings") == "good")
            n = len(drafts)
            print(f"{kind:<10} {topic.label:<38} {len(h2s):>4} {colon:>6} {titles:>3}/{n:<2} "
                  f"{colon_titles:>6}/{n:<2} {title_ok:>8}/{n:<2} {sub_good:>8}/{n:<2}  "
                  f"{', '.join(sorted(kp))}")
            if kind != "seed":
                total.update(h2s=len(h2s), colon=colon, titles=titles, drafts=n,
                             colon_titles=colon_titles,
                             title_ok=title_ok, sub_good=sub_good, topics=1)
        print(f"other topics ({total['topics']}): {total['colon']} of {total['h2s']} H2s in "
              f"'<Keyphrase>: ...' form; {total['titles']} of {total['drafts']} titles distinct "
              f"within their batch, {total['colon_titles']} in '<Keyphrase>: ...' form; "
              f"keyphrase_in_title good/ok {total['title_ok']}/"
              f"{total['drafts']}; keyphrase_in_subheadings good {total['sub_good']}/"
              f"{total['drafts']}")


if __name__ == "__main__":
    main()
