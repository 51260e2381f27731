"""Pictures inside a writer's .docx: kept with their alt text, checked against hostile files,
and published to the real local WordPress once, like the library's own pictures."""

from __future__ import annotations

import io
import json
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from clinicseo import store
from clinicseo.config import Config
from clinicseo.errors import InputError
from clinicseo.import_images import MAX_IMAGE_BYTES, sniff
from clinicseo.importing import import_files, read_article
from clinicseo.media_store import asset_folders, imported_media_dir
from publisher.jobs import publish_due
from scripts.local_wordpress import LocalWordPress
from tests.test_import import BODY, RISKS

NOW = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
ALT = "A practitioner holding a microneedling pen"


def png(width: int = 40, height: int = 30, colour: tuple[int, int, int] = (200, 80, 90)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def png_header(width: int, height: int, padding: int = 0) -> bytes:
    """A PNG whose header claims `width` x `height` (nothing decodes it: an image bomb), with
    `padding` bytes of an ancillary chunk (compresses to almost nothing inside a .docx)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pad = chunk(b"zzZz", b"\0" * padding) if padding else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + pad
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def docx_with_pictures(
    path: Path, pictures: list[tuple[bytes, str]], title: str, text: tuple[str, ...] = (BODY,)
) -> Path:
    """A .docx as a writer makes it: a title, text, and each picture with its alt text (Word's
    "Alt Text" is the drawing's descr)."""
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=0)
    for paragraph in text:
        doc.add_paragraph(paragraph)
    for data, alt in pictures:
        shape = doc.add_paragraph().add_run().add_picture(io.BytesIO(data))
        if alt:
            shape._inline.docPr.set("descr", alt)
    doc.add_heading("Risks and recovery", level=1)
    doc.add_paragraph(RISKS)
    doc.save(str(path))
    return path


def replace_media(path: Path, data: bytes) -> Path:
    """The same .docx with its first picture's bytes swapped, its stated type kept."""
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = data if item.filename.startswith("word/media/") else src.read(item)
            dst.writestr(item, body)
    path.write_bytes(out.getvalue())
    return path


def test_a_pictures_alt_text_size_and_address_are_kept(tmp_path: Path) -> None:
    picture = png()
    article = read_article(docx_with_pictures(tmp_path / "a.docx", [(picture, ALT)], "Pens"),
                           "https://clinic.example")
    (name,) = article.images
    assert article.images[name] == picture
    assert name.startswith("a-practitioner-holding-a-microneedling-pen-") and name.endswith(".png")
    src = f"https://clinic.example/wp-content/uploads/clinicseo/{name}"
    assert f'src="{src}"' in article.html and f'alt="{ALT}"' in article.html
    assert 'width="40"' in article.html and 'height="30"' in article.html
    assert article.notes == []
    assert sniff(picture) == ("image/png", 40, 30)


def test_hostile_pictures_refuse_the_import_with_a_clear_message(
    make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    config = make_config()
    conn = store.connect(config.database.path)

    def refused(path: Path, *needles: str) -> None:
        with pytest.raises(InputError) as caught:
            import_files(conn, config, [path], topic="microneedling", keyphrase=None, by="Sam")
        message = str(caught.value)
        assert path.name in message and "\n" not in message
        for needle in needles:
            assert needle in message, message
        assert store.list_drafts(conn) == []
        assert not imported_media_dir(config).exists()  # nothing kept

    bomb = docx_with_pictures(tmp_path / "bomb.docx", [(png_header(60_000, 60_000), "Big")],
                              "Bomb")
    refused(bomb, 'image 1 ("Big")', "60000 x 60000 pixels", "nothing was imported")
    disguised = replace_media(docx_with_pictures(tmp_path / "html.docx", [(png(), "X")], "T"),
                              b"<html><script>alert(1)</script></html>")
    refused(disguised, "labelled image/png", "not a PNG, JPEG, GIF or WebP")
    huge = docx_with_pictures(tmp_path / "huge.docx",
                              [(png_header(10, 10, padding=MAX_IMAGE_BYTES), "Pad")], "T")
    assert huge.stat().st_size < 100_000  # small on disk, 10 MB once unpacked
    refused(huge, "larger than 10 MB")


def test_a_picture_that_is_no_web_image_is_left_out_and_said(tmp_path: Path) -> None:
    from PIL import Image

    tiff = io.BytesIO()
    Image.new("RGB", (20, 20)).save(tiff, "TIFF")
    path = docx_with_pictures(tmp_path / "scan.docx", [(tiff.getvalue(), "Scan"), (png(), "")],
                              "Scans")
    article = read_article(path)
    assert article.html.count("<img") == 1 and len(article.images) == 1
    assert any('image 1 ("Scan") is image/tiff, not a web image; left out' in n
               for n in article.notes)
    assert any("image 2 has no alt text" in n for n in article.notes)


# Two articles two writers might send: different words, each long enough to publish.
ARTICLES = {
    "microneedling pens": (
        "Microneedling pens are the tools a practitioner uses to make many fine channels in "
        "the skin. The pen moves a small head of sterile needles up and down very fast, and "
        "the depth is set for each area of the face.",
        "A clinic pen uses a new sealed cartridge for every person. The practitioner cleans "
        "the skin first, numbs it with a cream, and then moves the pen in short lines. Most "
        "sessions take under an hour, and the skin looks pink for a day or two.",
        "Ask which pen the clinic uses, how the depth is chosen, and how the cartridges are "
        "thrown away. A good answer is calm and clear. If the answers are vague, book "
        "somewhere else.",
    ),
    "microneedling at home": (
        "Microneedling at home means rolling or stamping short needles over your own skin. "
        "Home rollers are sold online, but their needles are shorter and they blunt quickly, "
        "so they bend and tear rather than make clean channels.",
        "Cleaning is the hard part. A roller that is not cleaned well can carry germs into "
        "the skin, and spots, rashes or infection can follow. Sharing a roller is never safe, "
        "even with family.",
        "If you still want to try it, talk to the clinic team first. They can look "
        "at your skin, tell you what to expect, and say whether a clinic treatment would "
        "suit you better.",
    ),
}


def publish_imported(conn: sqlite3.Connection, config: Config, draft_id: int) -> None:
    d = store.get_draft(conn, draft_id)
    store.transition(conn, draft_id, store.APPROVED, by="t", action="approved",
                     approved_hash=d["text_hash"])
    store.transition(conn, draft_id, store.SCHEDULED, by="t", action="scheduled",
                     publish_at=store.iso(NOW - timedelta(minutes=1)))


def media_items(wp: LocalWordPress) -> list[dict[str, Any]]:
    r = wp.rest("GET", "/wp/v2/media", params={"per_page": 100, "context": "edit"})
    r.raise_for_status()
    return list(r.json())


@pytest.mark.wordpress
def test_an_imported_picture_is_published_once_with_its_alt_text(
    wp_config: Callable[..., Config], clean_wordpress: LocalWordPress, tmp_path: Path,
) -> None:
    config = wp_config()
    conn = store.connect(config.database.path)
    picture = png(64, 48)
    ids = []
    for n, (topic, text) in enumerate(ARTICLES.items()):
        doc = docx_with_pictures(tmp_path / f"{n}.docx", [(picture, ALT)],
                                 f"{topic.capitalize()}, explained", text)
        (draft_id,), _ = import_files(conn, config, [doc], topic=topic, keyphrase=None,
                                      by="Sam Writer")
        ids.append(draft_id)
    (kept,) = imported_media_dir(config).iterdir()  # one picture, one file
    assert kept.read_bytes() == picture and kept.parent in asset_folders(config)
    for draft_id in ids:
        publish_imported(conn, config, draft_id)

    summary = publish_due(conn, config, NOW, retry_wait_s=0.01)
    assert [r.outcome for r in summary.results] == ["published", "published"], summary.results
    (item,) = media_items(clean_wordpress)  # two posts, one upload
    assert item["alt_text"] == ALT
    served = requests.get(item["source_url"], timeout=10)
    assert served.status_code == 200 and served.content == picture
    for draft_id in ids:
        done = store.get_draft(conn, draft_id)
        post = clean_wordpress.post(done["wordpress_id"])
        assert f'src="{item["source_url"]}"' in post["content"]
        assert f'alt="{ALT}"' in post["content"]
        assert post["featured_media"] == item["id"]
        (record,) = json.loads(store.list_publications(conn, draft_id)[0]["media"]).values()
        assert record["file"] == kept.name
        assert "/wp-content/uploads/clinicseo/" in done["html"]  # the approved text unchanged


def test_the_review_app_shows_an_imported_picture(
    make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    from clinicseo.review import create_app
    from clinicseo.review.auth import add_user

    config = make_config()
    conn = store.connect(config.database.path)
    picture = png()
    (draft_id,), _ = import_files(
        conn, config, [docx_with_pictures(tmp_path / "a.docx", [(picture, ALT)], "Pens")],
        topic="microneedling pens", keyphrase=None, by="Sam")
    add_user(conn, "ed", "correct horse", "editor")
    client = create_app(config).test_client()
    csrf = client.get("/login").text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/login", data={"name": "ed", "password": "correct horse", "csrf_token": csrf})
    page = client.get(f"/drafts/{draft_id}").text
    (name,) = [p.name for p in imported_media_dir(config).iterdir()]
    assert f'src="/assets/{name}"' in page
    shown = client.get(f"/assets/{name}")
    assert shown.status_code == 200 and shown.data == picture
    assert client.get("/assets/..%2Fclinicseo.db").status_code == 404


def test_the_clinics_library_pictures_are_found_before_the_built_in_ones(
    make_config: Callable[..., Config], tmp_path: Path,
) -> None:
    from clinicseo.library_check import init_library
    from publisher.media import ASSETS_DIR, referenced_assets

    library = init_library(tmp_path / "library")
    redrawn = png(12, 12, (10, 120, 200))
    (library / "assets" / "microneedling-session.png").write_bytes(redrawn)
    (library / "assets" / "clinic-room.png").write_bytes(png(8, 8))
    config = make_config(generate={"templates_dir": "library"})
    body = ('<img src="https://clinic.example/wp-content/uploads/clinicseo/'
            'microneedling-session.png"><img src="https://clinic.example/wp-content/uploads/'
            'clinicseo/clinic-room.png">')
    found = referenced_assets(body, asset_folders(config))
    assert [a.path for a in found] == [library / "assets" / "microneedling-session.png",
                                       library / "assets" / "clinic-room.png"]
    assert found[0].path.read_bytes() == redrawn
    # without the clinic's library only the built-in picture is known
    assert [a.path for a in referenced_assets(body)] == [ASSETS_DIR / "microneedling-session.png"]
