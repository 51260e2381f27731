"""Rendering article variants from the template library (clinicseo/templates/).

Golden files: a fixed topic rendered with a fixed seed must match tests/data/expected/render/.
After an intended template change, regenerate them in the same commit:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render.py
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import NoMaterial, TemplateFailure
from clinicseo.library import TEMPLATES_DIR
from clinicseo.render import TopicBrief, render_variants

EXPECTED = Path(__file__).parent / "data" / "expected" / "render"
DRAFT_KEYS = {
    "topic", "variant", "title", "seo_title", "slug", "meta_description", "keyphrase",
    "excerpt", "html", "categories", "tags", "jsonld",
}  # fmt: skip
BANNED = re.compile(
    r"\b(guarantee\w*|permanent\w*|painless|pain-free|risk-free|no downtime|best|leading|"
    r"premier|trusted expert|generally safe|safe|cure\w*|eliminat\w*|prp|platelet|botox|"
    r"clinically proven|youthful|100%)\b",
    re.I,
)


@pytest.fixture
def config(make_config: Callable[..., Config]) -> Config:
    return make_config()


def _golden(name: str, data: object) -> None:
    path = EXPECTED / name
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run UPDATE_GOLDEN=1 pytest tests/test_render.py"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)


def test_golden_variants_for_the_seed_topic(config: Config) -> None:
    drafts = render_variants(
        TopicBrief.from_text("microneedling and inflammation"), 3, config=config, seed=7
    )
    _golden("microneedling-and-inflammation.json", drafts)


def test_golden_woven_competitor_topic(config: Config) -> None:
    row = {
        "key": "microneedling acne scars",
        "label": "microneedling acne scars",
        "score": 3.2,
        "competitors": ["a", "b"],
        "evidence": [],
        "questions": [
            "How long does redness last after microneedling?",
            "How much does microneedling cost in Melbourne?",  # no material: left out
            "Can microneedling help acne scars?",
        ],
        "brief": {"headings": ["Aftercare tips", "Recovery after your session"]},
        "covered_by_us": False,
    }
    drafts = render_variants(TopicBrief.from_topic(row), 2, config=config, seed=7)
    _golden("microneedling-acne-scars.json", drafts)
    for d in drafts:
        assert d["keyphrase"] == "microneedling for acne scars"
        assert "microneedling for acne scars" in d["title"].lower()
        assert "/acne-scars/" in d["variant"]  # the topic fixes the audience
        assert "How long does redness last after microneedling?" in d["html"]
        assert "acne scars in mind" in d["html"]  # the angle's introduction
        assert "cost" not in d["html"].lower()
        # the topic's lead section comes first after the introduction and figure
        first_h2 = re.search(r"<h2>(.*?)</h2>", d["html"]).group(1)  # type: ignore[union-attr]
        assert "microneedling for acne scars" in first_h2.lower()


def test_same_seed_same_drafts_and_other_seed_differs(config: Config) -> None:
    topic = TopicBrief.from_text("microneedling and inflammation")
    a = render_variants(topic, 4, config=config)
    b = render_variants(topic, 4, config=config)
    c = render_variants(topic, 4, config=config, seed=config.generate.seed + 1)
    assert a == b
    assert [d["variant"] for d in a] != [d["variant"] for d in c]


def test_drafts_are_complete_and_compliant(config: Config, tmp_path: Path) -> None:
    drafts = render_variants(
        TopicBrief.from_text("microneedling and inflammation"), 12, config=config
    )
    assert len({d["variant"] for d in drafts}) == 12
    assert len({d["title"] for d in drafts}) == 12  # each variant its own title
    # the keyphrase is worked into titles as a person would: not every one opens with it
    assert 0 < sum(d["title"].lower().startswith(d["keyphrase"]) for d in drafts) < 12
    for d in drafts:
        assert set(d) == DRAFT_KEYS
        assert 121 <= len(d["meta_description"]) <= 156
        assert d["keyphrase"].lower() in d["meta_description"].lower()
        assert d["keyphrase"] in d["title"].lower()
        assert d["slug"] == "microneedling-and-inflammation"
        assert d["categories"] == list(config.generate.categories)
        first_p = re.search(r"<p>(.*?)</p>", d["html"], re.S).group(1)  # type: ignore[union-attr]
        assert d["keyphrase"] in first_p.lower()
        assert re.search(r"<h2>Risks and recovery[^<]*</h2>", d["html"]), d["variant"]
        assert "results vary" in d["html"].lower()
        assert not BANNED.search(d["html"] + d["title"] + d["meta_description"]), BANNED.search(
            d["html"]
        )
        for page in config.clinic.service_pages:
            assert f'href="{page.url}"' in d["html"]  # internal links
        assert 'href="https://pubmed.ncbi.nlm.nih.gov/' in d["html"] or "doi.org" in d["html"]
        assert re.search(r'<img [^>]*alt="[^"]*' + d["keyphrase"], d["html"])
        types = [j["@type"] for j in d["jsonld"]]
        assert types[0] == "MedicalWebPage"
        assert d["jsonld"][0]["author"]["name"] == config.generate.author
        assert ("FAQPage" in types) == ("<h3>" in d["html"])
        for j in d["jsonld"]:
            assert "reviewedBy" not in j and "lastReviewed" not in j
    # the drafts are exactly what the store takes
    conn = store.connect(config.database.path)
    store.migrate(conn)
    ids = store.insert_drafts(conn, drafts)
    assert [store.get_draft(conn, i)["html"] for i in ids] == [d["html"] for d in drafts]


@pytest.mark.parametrize(
    ("text", "keyphrase"),
    [
        ("microneedling and inflammation", "microneedling and inflammation"),
        ("microneedling fine lines", "microneedling for fine lines"),
        ("Microneedling aftercare", "microneedling aftercare"),
        ("is microneedling safe?", "microneedling side effects"),
    ],
)
def test_drafts_pass_the_scoring_checks(config: Config, text: str, keyphrase: str) -> None:
    from clinicseo.scoring import score_document

    for d in render_variants(TopicBrief.from_text(text), 6, config=config):
        assert d["keyphrase"] == keyphrase
        result = score_document(
            d["html"],
            keyphrase=d["keyphrase"],
            title=d["seo_title"],
            description=d["meta_description"],
            slug=d["slug"],
            site_url=config.clinic.site_url,
            jurisdiction=config.clinic.jurisdiction,
            thresholds=config.scoring,
        )
        not_good = [(c["id"], c["message"]) for c in result["checks"] if c["status"] != "good"]
        assert result["approvable"], (d["variant"], not_good)
        assert not [c for c in not_good if c[0].startswith("claims_")], d["variant"]
        assert result["scores"]["readability"] >= config.scoring.min_readability
        assert result["scores"]["seo"] >= config.scoring.min_seo


def test_free_text_question_shapes_the_draft_but_is_not_printed(config: Config) -> None:
    question = "Is microneedling safe?"
    asked = ("How long does redness last?",)
    (d,) = render_variants(
        TopicBrief(label=question, keyphrase=question, questions=asked), 1, config=config
    )
    assert d["keyphrase"] == "microneedling side effects"  # the risks angle leads
    assert "How long does redness last after microneedling?" in d["html"]  # our FAQ wording
    assert question not in d["html"] and "safe" not in d["html"].lower()
    assert "side effects and risks first" in d["html"]  # the angle's introduction


@pytest.mark.parametrize(
    "text", ["hair transplant", "liposuction costs", "microneedling melbourne", "PRP facial"]
)
def test_off_library_topic_raises_no_material(config: Config, text: str) -> None:
    with pytest.raises(NoMaterial) as err:
        render_variants(TopicBrief.from_text(text), 2, config=config)
    assert "covers microneedling" in str(err.value)


@pytest.mark.parametrize(
    ("risks_source", "line"),
    [
        ("<h2>Risks and recovery</h2>\n<p>Fine.</p>\n<p>{{ no_such_value }}</p>\n", 3),
        ("<h2>Risks and recovery</h2>\n{% if %}\n", 2),  # a syntax error
    ],
)
def test_template_failure_names_file_and_line(
    config: Config, tmp_path: Path, risks_source: str, line: int
) -> None:
    broken = tmp_path / "templates"  # a folder per case: the library is loaded once per folder
    shutil.copytree(TEMPLATES_DIR, broken)
    for alt in (broken / "sections" / "risks").glob("*.html.j2"):
        alt.write_text(risks_source)
    with pytest.raises(TemplateFailure) as err:
        render_variants(
            TopicBrief.from_text("microneedling"), 1, config=config, templates_dir=broken
        )
    assert re.search(rf"sections/risks/[abc]\.html\.j2:{line}\b", str(err.value)), str(err.value)


@pytest.mark.parametrize("text", ["rosacea", "rosacea triggers", "sensitive skin"])
def test_topic_without_the_treatment_is_not_bent_into_an_angle(config: Config, text: str) -> None:
    """Issue 14: "rosacea" was written as "Microneedling for sensitive skin"."""
    with pytest.raises(NoMaterial) as err:
        render_variants(TopicBrief.from_text(text), 2, config=config)
    message = str(err.value)
    assert f"clinicseo brief '{text}'" in message  # where a writer's article comes in
    if text != "rosacea triggers":  # that one is refused already: "trigger" is unknown
        assert "does not name the treatment" in message
    if text == "rosacea":
        assert "'microneedling and rosacea'" in message  # the nearest article it can write


def test_the_treatment_with_a_condition_is_still_written(config: Config) -> None:
    (d,) = render_variants(TopicBrief.from_text("microneedling for rosacea"), 1, config=config)
    assert d["keyphrase"] == "microneedling and rosacea"
