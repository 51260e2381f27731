"""What both WordPress routes share: the post and media types, the API interface, errors.

:class:`WordPressAPI` is the interface the XML-RPC route (:mod:`publisher.wp_xmlrpc`) and the
REST route (:mod:`publisher.wp_rest`) implement; :mod:`publisher.wordpress` picks one. This
module imports neither ``wordpress_xmlrpc`` nor ``requests``.

Every post carries its reference twice: an HTML comment token in the content (found by the
search both APIs offer: XML-RPC has no other filter) and the ``_clinicseo_reference`` meta
key. The SEO meta keys start with "_" and are dropped by WordPress unless the site runs
``publisher/wp-plugin/clinicseo-meta.php``.

Errors: every failure is ``clinicseo.errors.PublishError(message, transient=...)`` made by
:meth:`AdapterBase._error`, whose message names the route, the URL and the user, never the
password. ``PostMissing`` is a post id WordPress does not know; ``XmlRpcUnavailable`` is
xmlrpc.php answering 405 (disabled), 403 or 404 (blocked).
"""

from __future__ import annotations

import json
import mimetypes
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import urlsplit

from clinicseo.errors import PublishError

META_SEO_TITLE = "_yoast_wpseo_title"
META_DESCRIPTION = "_yoast_wpseo_metadesc"
META_KEYPHRASE = "_yoast_wpseo_focuskw"
META_REFERENCE = "_clinicseo_reference"
TRANSIENT_HTTP = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
Found = TypeVar("Found", "RemotePost", "RemoteMedia")


class PostMissing(PublishError):
    """WordPress has no post with that id (deleted, or never there)."""


class XmlRpcUnavailable(PublishError):
    """The site answers xmlrpc.php with 405 (disabled), 403 or 404 (blocked)."""


def reference_token(reference: str) -> str:
    """The comment each post carries; one word, so WordPress's LIKE search finds it."""
    return f"<!-- clinicseo:{reference} -->"


@dataclass(frozen=True)
class OutgoingPost:
    """What we send. ``date`` is when a 'future' post goes live (tz-aware)."""

    title: str
    html: str
    reference: str
    excerpt: str = ""
    seo_title: str = ""
    slug: str = ""
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    meta_description: str = ""
    keyphrase: str = ""
    jsonld: tuple[dict[str, Any], ...] = ()
    status: str = "publish"
    date: datetime | None = None
    featured_media: str = ""  # a media library id (upload first: see publisher.media)
    # Set by publisher.compose: the meta to send instead of the Yoast defaults below (the
    # SEO plugin's own keys, JSON-LD as meta), and the body as blocks instead of HTML.
    seo_meta: Mapping[str, str] | None = None
    blocks: bool = False
    author_id: str = ""  # the WordPress user of the byline ("": the account's own)
    media_ids: Mapping[str, str] = field(default_factory=dict)  # image URL -> media id

    def content(self) -> str:
        """The body as WordPress stores it: HTML, JSON-LD blocks, then the reference token.
        With ``blocks`` the HTML becomes Gutenberg block markup (``publisher.blocks``)."""
        if self.blocks:
            from publisher.blocks import to_blocks

            # The token in a Custom HTML block: a bare comment would open as an empty
            # Classic block, and the editor keeps a Custom HTML block's text as it is.
            token = f"<!-- wp:html -->\n{reference_token(self.reference)}\n<!-- /wp:html -->"
            return "\n\n".join([to_blocks(self.html, self.media_ids), token])
        parts = [self.html.rstrip()]
        for obj in self.jsonld:
            # One line (wpautop adds <br> at newlines); "</" escaped so it cannot end the tag.
            data = json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")
            parts.append(f'<script type="application/ld+json">{data}</script>')
        parts.append(reference_token(self.reference))
        return "\n".join(parts)

    def meta(self) -> dict[str, str]:
        if self.seo_meta is not None:
            return {**self.seo_meta, META_REFERENCE: self.reference}
        return {
            META_SEO_TITLE: self.seo_title,
            META_DESCRIPTION: self.meta_description,
            META_KEYPHRASE: self.keyphrase,
            META_REFERENCE: self.reference,
        }


@dataclass(frozen=True)
class RemotePost:
    """A post as WordPress holds it. ``status`` is the truth ('future' when scheduled)."""

    id: str
    status: str
    link: str = ""
    title: str = ""
    content: str = ""
    slug: str = ""
    date_gmt: datetime | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    meta: Mapping[str, str] = field(default_factory=dict)
    excerpt: str = ""
    featured_media: str = ""  # the media id, "" when none
    author_id: str = ""

    def has_reference(self, reference: str) -> bool:
        return reference_token(reference) in self.content or (
            self.meta.get(META_REFERENCE) == reference
        )


@dataclass(frozen=True)
class RemoteMedia:
    """An item of the media library: its id and the address its file is served from."""

    id: str
    url: str
    alt: str = ""
    title: str = ""
    caption: str = ""

    @property
    def file_name(self) -> str:
        return PurePosixPath(urlsplit(self.url).path).name


class WordPressAPI(ABC):
    """One route to one WordPress site. Every method raises PublishError on failure."""

    name: str = ""

    @abstractmethod
    def check_credentials(self) -> str:
        """The user's login name, or PublishError when the site refuses the credentials."""

    @abstractmethod
    def find_by_reference(self, reference: str, *, slug: str = "") -> RemotePost | None:
        """The post carrying this reference (any status but trash), or None.

        Found by the token in the content; REST also tries ``slug`` with the reference meta.
        """

    @abstractmethod
    def create_post(self, post: OutgoingPost) -> RemotePost:
        """Create the post (terms created when missing). Not idempotent: look up first."""

    @abstractmethod
    def get_post(self, post_id: str) -> RemotePost:
        """The post with that id; PostMissing when there is none."""

    @abstractmethod
    def find_media(self, file_name: str) -> RemoteMedia | None:
        """The media item whose file is exactly ``file_name`` (the oldest), or None.

        Items this object already found or uploaded are answered without asking again
        (one publish run sends many posts with the same image)."""

    @abstractmethod
    def upload_media(self, path: Path, file_name: str) -> RemoteMedia:
        """Upload ``path`` as ``file_name``. Not idempotent: call find_media first."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""

    # --- a post's life after it is created (publisher.lifecycle) and the site (preflight) ---
    def update_post(self, post_id: str, post: OutgoingPost) -> RemotePost:
        """Send every field of ``post`` to the existing post ``post_id`` (WordPress keeps a
        revision); PostMissing when it is gone."""
        raise PublishError(f"{self.name}: updating posts is not supported")

    def set_status(self, post_id: str, status: str) -> RemotePost:
        """Move the post to ``status`` ("draft", "private", "publish")."""
        raise PublishError(f"{self.name}: changing a post's status is not supported")

    def get_media(self, media_id: str) -> RemoteMedia:
        """The media item with its alt text, title and caption."""
        raise PublishError(f"{self.name}: reading media is not supported")

    def describe_media(self, media_id: str, *, alt: str, title: str, caption: str) -> None:
        """Set a media item's alt text, title and caption."""
        raise PublishError(f"{self.name}: describing media is not supported")

    def term_names(self, taxonomy: str) -> set[str]:
        """The names of every term in ``taxonomy`` ("category" or "post_tag")."""
        raise PublishError(f"{self.name}: listing terms is not supported")

    def list_posts(self, offset: int, number: int) -> list[RemotePost]:
        """A page of the site's posts in any status but trash, oldest id first."""
        raise PublishError(f"{self.name}: listing posts is not supported")


def oldest(items: Iterable[Found]) -> Found | None:
    """The item with the lowest WordPress id (the first made), or None: where doubles exist,
    every lookup settles on the same one."""
    return min(items, key=lambda item: int(item.id), default=None)


class AdapterBase(WordPressAPI):
    """What both routes share: the address, the user, the media memo and error wording.

    A route implements :meth:`_media_candidates` and :meth:`_upload`; the exact-name match,
    the choice of the oldest and the memo live here.
    """

    def __init__(
        self, url: str, username: str, password: str, *, timeout_s: float, hint: str = ""
    ) -> None:
        self.url = url.rstrip("/")
        self.username = username
        self._password = password
        self.timeout_s = timeout_s
        self._hint = hint  # e.g. "check [wordpress] username and $CLINICSEO_WP_PASSWORD"
        self._media: dict[str, RemoteMedia] = {}  # file name -> item, for this object's life
        self._media_fields: dict[str, RemoteMedia] = {}  # id -> item with alt/title/caption

    def find_media(self, file_name: str) -> RemoteMedia | None:
        if file_name not in self._media:
            found = oldest(m for m in self._media_candidates(file_name) if m.file_name == file_name)
            if found is None:
                return None
            self._media[file_name] = found
        return self._media[file_name]

    def upload_media(self, path: Path, file_name: str) -> RemoteMedia:
        item = self._upload(path, file_name)
        self._media[item.file_name] = item
        return item

    def get_media(self, media_id: str) -> RemoteMedia:
        # One publish run shows one image on many posts: it is read once per run (a
        # description set in between is read back fresh).
        if media_id not in self._media_fields:
            self._media_fields[media_id] = self._get_media(media_id)
        return self._media_fields[media_id]

    def describe_media(self, media_id: str, *, alt: str, title: str, caption: str) -> None:
        self._media_fields.pop(media_id, None)
        self._describe_media(media_id, alt=alt, title=title, caption=caption)

    def _get_media(self, media_id: str) -> RemoteMedia:
        raise PublishError(f"{self.name}: reading media is not supported")

    def _describe_media(self, media_id: str, *, alt: str, title: str, caption: str) -> None:
        raise PublishError(f"{self.name}: describing media is not supported")

    @abstractmethod
    def _media_candidates(self, file_name: str) -> Iterable[RemoteMedia]:
        """Media items that may be ``file_name`` (a search or a scan); the base filters."""

    @abstractmethod
    def _upload(self, path: Path, file_name: str) -> RemoteMedia:
        """Upload ``path`` as ``file_name`` and return the new item."""

    def _error(
        self, what: str, *, transient: bool, cls: type[PublishError] = PublishError
    ) -> PublishError:
        message = f"WordPress {self.name} at {self.url}: {what}"
        if self._password:  # belt and braces: no library message may leak it
            message = message.replace(self._password, "***")
        return cls(message, transient=transient)

    def _read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise self._error(f"cannot read {path}: {exc.strerror}", transient=False) from None

    def _credentials_error(self, detail: str) -> PublishError:
        hint = f"; {self._hint}" if self._hint else ""
        return self._error(
            f"the site refused the credentials of user '{self.username}' ({detail}){hint}",
            transient=False,
        )


def mime_type(file_name: str) -> str:
    """The Content-Type for an upload, guessed from the file name."""
    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def describe(exc: BaseException) -> str:
    """A short cause without the library's nested reprs (urllib3's run to 300+ characters)."""
    text = str(exc)
    errno = re.search(r"\[Errno -?\d+\] [^'\")]+", text)
    if errno:
        return errno.group(0)
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) < 200 else text[:200] + "..."
