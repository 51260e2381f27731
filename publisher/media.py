"""Article images: the assets a draft references go to the media library once, at send time.

A draft names its image by a stable address, ``<img src="{site_url}/wp-content/uploads/
clinicseo/<file>">`` (the library's ``material.toml`` ``[image]``, or a picture imported from
a writer's .docx), where ``<file>`` is a file in one of the asset folders
(:func:`clinicseo.media_store.asset_folders`: the clinic's library, imported images, the
built-in library). The draft's text never changes (an approval holds for the exact text);
instead, right before a post is created, :func:`attach_assets`:

1. finds each such ``src`` in the outgoing HTML whose file exists in an asset folder
   (any other ``src`` is left alone: an external image is not ours to upload);
2. looks the file up in the media library by its upload name, ``<stem>-<sha256[:10]>
   <suffix>``: the content hash means a retry, a crash or a second post reuses the item
   (exactly once, like posts), and a redrawn asset is uploaded as a new item instead of
   silently reusing the old picture; only when there is none is it uploaded;
3. rewrites each ``src`` to the media item's URL (plain string replacement of the quoted
   attribute: deterministic, nothing else in the HTML moves) and makes the first image
   the featured image.

The returned mapping ``{src: {"id", "url", "file"}}`` is recorded with the publication.
Failure modes: WordPress errors are PublishError from the adapter (transient or not); an
asset that cannot be read is a permanent PublishError naming the file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from clinicseo.errors import PublishError
from clinicseo.media_store import ASSET_PATH, find_asset
from clinicseo.media_store import BUILT_IN_ASSETS as ASSETS_DIR  # re-exported for callers
from publisher.wordpress import OutgoingPost, RemoteMedia, WordPressAPI

_IMG_SRC = re.compile(r"""<img\b[^>]*?\bsrc=(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Asset:
    """An image the draft references: its ``src`` as written and the file behind it."""

    src: str
    path: Path

    @property
    def upload_name(self) -> str:
        """The media library file name: the asset's name plus a hash of its bytes."""
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()[:10]
        return f"{self.path.stem}-{digest}{self.path.suffix.lower()}"


def asset_name(src: str) -> str | None:
    """The asset file a ``src`` names (``.../wp-content/uploads/clinicseo/x.png`` -> "x.png"),
    or None when the address is not under that folder or is not a plain file name."""
    path = unquote(urlsplit(html.unescape(src)).path)
    if not path.startswith(ASSET_PATH):
        return None
    name = path[len(ASSET_PATH) :]
    if not name or "/" in name or name.startswith("."):
        return None  # no sub-folders, no "..": only files that sit in the assets folder
    return name


def referenced_assets(body: str, folders: tuple[Path, ...] = (ASSETS_DIR,)) -> list[Asset]:
    """The known assets the HTML's ``<img src>`` attributes name, in order, each once; each
    file from the first of `folders` that has it."""
    found: dict[str, Asset] = {}
    for match in _IMG_SRC.finditer(body):
        src = match.group(2)
        name = asset_name(src)
        if name is None or src in found:
            continue
        path = find_asset(name, folders)
        if path is not None:
            found[src] = Asset(src, path)
    return list(found.values())


def rewrite_sources(body: str, urls: dict[str, str]) -> str:
    """Replace each quoted ``src="old"`` with ``src="new"``; everything else stays as is."""
    for old, new in urls.items():
        attr = html.escape(new, quote=True)
        body = body.replace(f'src="{old}"', f'src="{attr}"').replace(
            f"src='{old}'", f"src='{attr}'"
        )
    return body


def ensure_uploaded(api: WordPressAPI, asset: Asset) -> tuple[RemoteMedia, bool]:
    """The media item holding this asset, uploading it only when the library lacks it.
    Returns (item, uploaded_now)."""
    try:
        name = asset.upload_name
    except OSError as exc:
        raise PublishError(f"cannot read the image {asset.path}: {exc.strerror}") from None
    existing = api.find_media(name)
    if existing is not None:
        return existing, False
    return api.upload_media(asset.path, name), True


def attach_assets(
    api: WordPressAPI, post: OutgoingPost, folders: tuple[Path, ...] = (ASSETS_DIR,)
) -> tuple[OutgoingPost, dict[str, dict[str, Any]]]:
    """The post with its asset images in the media library, ``src`` rewritten to them and
    the first one featured; and {src: {"id", "url", "file", "uploaded"}} for the record."""
    assets = referenced_assets(post.html, folders)
    if not assets:
        return post, {}
    record: dict[str, dict[str, Any]] = {}
    for asset in assets:
        item, uploaded = ensure_uploaded(api, asset)
        described = describe(api, item, figure_text(post.html, asset.src), uploaded=uploaded)
        record[asset.src] = {
            "id": item.id, "url": item.url, "file": asset.path.name, "uploaded": uploaded,
            **({"alt": described["alt"]} if described else {}),
        }  # fmt: skip
    return with_media(post, record), record


def with_media(post: OutgoingPost, record: dict[str, dict[str, Any]]) -> OutgoingPost:
    """The post as :func:`attach_assets` sends it, given what its images became (its record,
    in the order of the HTML): ``src`` rewritten, the first image featured, the media ids
    known (for the image blocks). The read-back compares against this."""
    if not record:
        return post
    body = rewrite_sources(post.html, {src: r["url"] for src, r in record.items()})
    featured = post.featured_media or next(iter(record.values()))["id"]
    ids = {r["url"]: r["id"] for r in record.values()}
    return dataclasses.replace(post, html=body, featured_media=featured, media_ids=ids)


def figure_text(body: str, src: str) -> dict[str, str]:
    """The alt text and caption the article gives the image at ``src`` ({} when not found)."""
    at = body.find(f'src="{src}"')
    if at < 0:
        return {}
    tag_start = body.rfind("<img", 0, at)
    tag = body[tag_start : body.find(">", at) + 1]
    alt = re.search(r'\balt="([^"]*)"', tag)
    cap = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", body[at : at + 2000], re.DOTALL)
    caption = re.sub(r"<[^>]+>", "", cap.group(1)).strip() if cap else ""
    return {"alt": html.unescape(alt.group(1)) if alt else "", "caption": html.unescape(caption)}


def describe(
    api: WordPressAPI, item: RemoteMedia, text: dict[str, str], *, uploaded: bool
) -> dict[str, str]:
    """Give the media item the article's alt text, a title (the alt text, not a file name)
    and caption: at upload, and on an item found without alt text. Returns what was set."""
    if not text.get("alt"):
        return {}
    if not uploaded and api.get_media(item.id).alt:
        return {}
    fields = {"alt": text["alt"], "title": text["alt"], "caption": text.get("caption", "")}
    api.describe_media(item.id, **fields)
    return fields
