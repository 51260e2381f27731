"""`clinicseo evidence`: the regulator evidence pack for a published post, as JSON and HTML."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from clinicseo import evidence, store
from clinicseo.cli import cli
from clinicseo.config import Config
from clinicseo.scoring import score_document

BODY = "<p>Microneedling is completely safe. <script>alert(1)</script></p>"


def published_draft(db: Path) -> int:
    conn = store.connect(db)
    scored = score_document(BODY)
    draft = {"topic": "microneedling", "variant": "a", "title": "Microneedling <b>", "slug": "m",
             "keyphrase": "microneedling", "html": BODY, **scored}  # fmt: skip
    (i,) = store.insert_drafts(conn, [draft], by="generator")
    h = store.get_draft(conn, i)["text_hash"]
    store.transition(conn, i, store.DRAFT, by="dr-lee", action="override",
                     note="claims_safety: qualified in the risks section",
                     override_by="dr-lee", override_reason="qualified")  # fmt: skip
    store.transition(conn, i, store.APPROVED, by="mia", action="approved", approved_hash=h)
    store.transition(conn, i, store.SCHEDULED, by="mia", action="scheduled")
    store.transition(conn, i, store.PUBLISHING, by="scheduler", action="publishing")
    pub = store.start_publication(conn, i, "rest")
    store.finish_publication(conn, pub, outcome="published", wordpress_id="42")
    store.transition(conn, i, store.PUBLISHED, by="scheduler", action="published",
                     wordpress_id="42", wordpress_url="https://clinic.example/m")  # fmt: skip
    conn.close()
    return i


def test_the_pack_holds_what_a_regulator_asks_for(tmp_path: Path) -> None:
    i = published_draft(tmp_path / "c.db")
    conn = store.connect(tmp_path / "c.db")
    e = evidence.pack(conn, i, generated_at="2026-12-02T12:00:00Z")
    assert e["text"]["html"] == BODY and len(e["text"]["text_hash"]) == 64
    (version,) = e["versions"]
    assert version["text_hash"] == e["text"]["text_hash"] and version["html"] == BODY
    assert version["by"] == "generator"
    assert e["compliance"]["rule_pack"] and e["compliance"]["rule_pack"][0].startswith("20")
    safety = next(c for c in e["compliance"]["checks"] if c["id"] == "claims_safety")
    assert safety["findings"][0]["text"] == "completely safe"
    assert [(o["by"], o["note"]) for o in e["overrides"]] == [
        ("dr-lee", "claims_safety: qualified in the risks section")
    ]
    assert [a["by"] for a in e["approvals"]] == ["mia", "mia"]
    sent = e["sent_to_wordpress"]
    assert sent["approved_text_is_current"] and sent["wordpress_id"] == "42"
    assert sent["attempts"][0]["outcome"] == "published"
    assert e["live_since"] == sent["attempts"][0]["finished_at"]


def test_the_command_writes_json_and_escaped_html_for_all_published(
    tmp_path: Path, make_config: Callable[..., Config]
) -> None:
    config = make_config()
    i = published_draft(Path(config.database.path))
    config_file = str(tmp_path / "clinic.toml")
    out = tmp_path / "evidence"
    result = CliRunner().invoke(cli, ["evidence", "--all", "--out", str(out), "--config",
                                      config_file], obj=None)  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads((out / f"draft-{i}.json").read_text())
    assert data["format"] == evidence.FORMAT and data["draft"]["id"] == i
    page = (out / f"draft-{i}.html").read_text()
    assert "Rule pack:" in page and "dr-lee" in page
    assert "<script>alert(1)</script>" not in page and "Microneedling &lt;b&gt;" in page
    bad = CliRunner().invoke(cli, ["evidence", "--out", str(out), "--config", config_file])
    assert bad.exit_code != 0


def test_every_stored_version_is_in_the_pack_with_its_findings_now(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "c.db")
    scored = score_document(BODY)
    draft = {"topic": "t", "variant": "a", "title": "T", "slug": "t", "keyphrase": "k",
             "html": BODY, **scored}  # fmt: skip
    (i,) = store.insert_drafts(conn, [draft], by="generator")
    edited = "<p>Microneedling is considered safe when performed by a trained nurse.</p>"
    store.update_draft_text(conn, i, {"html": edited}, score_document(edited), by="ann")
    e = evidence.pack(conn, i, generated_at="now")
    assert [(v["by"], v["html"]) for v in e["versions"]] == [("generator", BODY), ("ann", edited)]
    assert e["versions"][1]["text_hash"] == e["text"]["text_hash"]
    safety = next(c for c in e["compliance"]["checks"] if c["id"] == "claims_safety")
    assert safety["findings"] == []  # the findings judged the current text
    assert e["history"][-1]["note"].endswith(f"rule pack {e['compliance']['rule_pack'][0]}")
    assert e["live_since"] is None and e["sent_to_wordpress"]["attempts"] == []
