"""Build the outside calibration files: real public articles we did not write.

    .venv/bin/python benchmarks/yoast/make_outside.py NHS_REPO

NHS_REPO is a git clone of github.com/EneaK9/NHS_Project, whose scraper/nhs_conditions_dataset
holds NHS website condition pages (Open Government Licence v3.0, which allows commercial
reuse). Text under a non-commercial licence (e.g. CC BY-NC-SA, as the OpenStax textbooks) must
not be added: this is a commercial product's repository. Each article keeps its source URL and
licence. They are written as HTML the way a page reaches the scorer: section titles as
H2/H3, paragraphs, lists; images, photo credits, cookie banners and survey boxes left out;
paragraphs with link texts glued together by the scraper ("takeparacetamoloribuprofento")
left out, as they are not text anyone wrote.

Writes tests/data/calibration/outside.jsonl (held back: never tuned on) and
outside_tune.jsonl (for tuning). Every other article, in name order, goes to each file,
so both have the same mix; the held-back file gets the first of each pair. Run once; the
Yoast results beside them come from benchmarks/yoast/run.py.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "tests" / "data" / "calibration"
NHS_DIR = "scraper/nhs_conditions_dataset"
OGL = "Open Government Licence v3.0"
NHS_ARTICLES = 60  # 30 held back, 30 to tune on
_GLUED = re.compile(r"[a-z]{19,}")
_SKIP_SECTIONS = ("Support links", "Help us improve our website", "Contents", "Cookies on")


def git(repo: Path, *args: str, check: bool = True) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=check).stdout  # fmt: skip


def nhs_pages(repo: Path) -> list[dict[str, Any]]:
    """Every NHS page the clone's history holds, newest version of each. (The history
    walk stops at a missing object in a shallow clone: what it listed is used.)"""
    listed = git(repo, "log", "--all", "--name-only", "--format=", check=False).split()
    paths = sorted({p for p in listed if p.startswith(NHS_DIR) and p.endswith(".json")})
    pages = []
    for path in paths:
        for commit in git(repo, "log", "--all", "--format=%H", "--", path, check=False).split():
            try:
                pages.append(json.loads(git(repo, "show", f"{commit}:{path}")))
                break
            except subprocess.CalledProcessError:
                continue  # a version deleted in that commit: try the one before
    return pages


def _keep(paragraph: str) -> bool:
    p = paragraph.strip()
    return bool(p) and not (
        p.startswith("<") or "http" in p or "nhs.uk" in p or "PHOTO LIBRARY" in p.upper()
        or p.startswith(("Page last reviewed", "Back to", "©")) or _GLUED.search(p)
    )  # fmt: skip


def _is_item(p: str) -> bool:
    """A bullet of a Do / Don't list: starts in lower case, no full stop at the end."""
    return p[:1].islower() and not p.rstrip().endswith((".", "?", "!"))


def nhs_article(page: dict[str, Any]) -> dict[str, Any] | None:
    parts: list[str] = []
    for section in page["sections"]:
        title = section["title"].strip()
        if title.startswith(_SKIP_SECTIONS[:3]):
            continue
        paras = [p.strip() for p in section["paragraphs"] if _keep(p)]
        if title.startswith("Cookies on"):
            title = ""  # the page's introduction sits in the cookie banner's section
            paras = [p for p in paras if "cookie" not in p.lower() and "analytics" not in p]
        if not paras:
            continue
        if title:
            parts.append(f"<h2>{html.escape(title, quote=False)}</h2>")
        items: list[str] = []
        for p in paras + [""]:
            if p and _is_item(p):
                items.append(f"<li>{html.escape(p, quote=False)}</li>")
                continue
            if items:
                parts.append("<ul>" + "".join(items) + "</ul>")
                items = []
            if p:
                parts.append(f"<p>{html.escape(p, quote=False)}</p>")
    body = "".join(parts)
    if len(re.sub(r"<[^>]+>", " ", body).split()) < 150:
        return None
    url = page["url"]
    # A sub-page's title is "Causes - Psoriasis" (with the scraper's line breaks): the
    # condition's name is the keyphrase, the whole title the SEO title.
    title = " ".join(page["title"].split())
    name = title.rsplit(" - ", 1)[-1]
    first = re.sub(r"<[^>]+>", "", next((p for p in parts if p.startswith("<p>")), ""))
    return {
        "voice": "nhs", "source": url, "licence": OGL, "keyphrase": name.lower(),
        "title": f"{title} - NHS", "description": html.unescape(first)[:156],
        "slug": url.rstrip("/").rsplit("/", 1)[-1], "html": body,
    }  # fmt: skip


def main() -> None:
    nhs = [a for a in map(nhs_article, nhs_pages(Path(sys.argv[1]))) if a][:NHS_ARTICLES]
    held, tune = nhs[0::2], nhs[1::2]
    for name, rows, prefix in (("outside.jsonl", held, "oh"), ("outside_tune.jsonl", tune, "ot")):
        with (OUT / name).open("w", encoding="utf-8") as fh:
            for i, row in enumerate(rows):
                split = "outside-held" if prefix == "oh" else "outside-tune"
                fh.write(json.dumps({"id": f"{prefix}{i:03d}", "split": split, **row}) + "\n")
        print(f"wrote {len(rows)} articles to {name}")


if __name__ == "__main__":
    main()
