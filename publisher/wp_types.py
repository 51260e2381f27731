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
password. ``PostMissing`` is a post id WordPress does not know. ``SiteError`` is a fault of
the site or the settings, not of one post (credentials refused, ``[wordpress] url`` not a
WordPress site, no such host): no other post can go either, so the run stops at the first.
``XmlRpcUnavailable`` (a SiteError) is xmlrpc.php answering 405 (disabled), 403 or 404
(blocked). ``NotSent`` is a transient failure before the request left (connection refused,
stopped before sending): nothing can have reached WordPress. Any other transient failure of
a create may have landed (see :mod:`publisher.jobs`).

Every call runs under an overall deadline of ``timeout_s`` (:mod:`publisher.deadline`), not
only a per-read timeout, and ends at once when ``stop`` is set.
"""

from __future__ import annotations

import json
import mimetypes
import re
import socket
import ssl
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping
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
# urllib3's names for a connection that was never made (nothing was sent on it)
CONNECT_FAILURES = frozenset({"NewConnectionError", "ConnectTimeoutError", "ConnectTimeout"})
TRANSIENT_HTTP = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
Found = TypeVar("Found", "RemotePost", "RemoteMedia")
T = TypeVar("T")


class PostMissing(PublishError):
    """WordPress has no post with that id (deleted, or never there)."""


class SiteError(PublishError):
    """The site or the settings are wrong (credentials, URL, host): no post can go."""


class XmlRpcUnavailable(SiteError):
    """The site answers xmlrpc.php with 405 (disabled), 403 or 404 (blocked)."""


class NotSent(PublishError):
    """The request never left (refused, stopped before sending): nothing reached WordPress."""


MAINTENANCE = re.compile(r"maintenance|briefly unavailable|be right back|back soon", re.I)
HEADINGS = re.compile(r"<(title|h1|h2)\b[^>]*>(.*?)</\1\s*>", re.I | re.S)


def looks_like_maintenance(status: int, headers: Mapping[str, str], body: str) -> bool:
    """A maintenance page (often answered with 200): a Retry-After header, or a title or
    heading saying so. Headings only: a site that is not WordPress may well mention
    "maintenance" in its text, and that must stay a wrong URL, not a transient fault."""
    if any(k.lower() == "retry-after" for k in headers):
        return True
    return any(MAINTENANCE.search(text) for _, text in HEADINGS.findall(body[:20000]))


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
        self,
        url: str,
        username: str,
        password: str,
        *,
        timeout_s: float,
        hint: str = "",
        stop: threading.Event | None = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.username = username
        self._password = password
        self.timeout_s = timeout_s  # the overall limit of one call (publisher.deadline)
        self._stop = stop  # set: calls in flight end at once, none starts
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

    def _cut_short(self, reason: str | None) -> PublishError:
        """The error for a call :mod:`publisher.deadline` ended (``reason`` from its Limit)."""
        if reason == "stopped":
            return self._error("stopped: clinicseo is shutting down", transient=True)
        return self._error(
            f"no complete answer within {self.timeout_s:g} s ([wordpress] timeout_s, the "
            "limit for a whole call)",
            transient=True,
        )

    def _stopped_before_sending(self) -> PublishError:
        return self._error("stopped before sending: clinicseo is shutting down",
                           transient=True, cls=NotSent)  # fmt: skip

    def _network_error(self, exc: BaseException, where: str, *, sent: bool = True) -> PublishError:
        """A transport failure, named: refused (not sent), no such host (the URL is wrong),
        a certificate refused (the URL or the site is wrong), else transient; ``NotSent``
        when the request cannot have reached the server whole (``sent`` False, or the
        connection was never made)."""
        causes = list(chain(exc))
        host = urlsplit(self.url).hostname or self.url
        for cause in causes:
            if isinstance(cause, ConnectionRefusedError):
                return self._error(f"cannot reach {where}: Connection refused", transient=True,
                                   cls=NotSent)  # fmt: skip
            if isinstance(cause, socket.gaierror):
                if cause.errno == socket.EAI_AGAIN:  # the resolver failed: try again later
                    return self._error(f"cannot resolve {host} ({cause.strerror})",
                                       transient=True, cls=NotSent)  # fmt: skip
                return self._error(
                    f"no such host {host} ({cause.strerror}); check [wordpress] url",
                    transient=False, cls=SiteError,
                )  # fmt: skip
            if isinstance(cause, ssl.SSLCertVerificationError):
                return self._error(
                    f"the certificate of {host} was refused ({cause.verify_message}); check "
                    "[wordpress] url", transient=False, cls=SiteError,
                )  # fmt: skip
        if any(isinstance(c, TimeoutError) for c in causes) or "Timeout" in type(exc).__name__:
            what = f"no data for {self.timeout_s:g} s ([wordpress] timeout_s)"
        else:
            what = describe(exc)
        unsent = not sent or any(type(c).__name__ in CONNECT_FAILURES for c in causes)
        return self._error(f"cannot reach {where}: {what}", transient=True,
                           cls=NotSent if unsent else PublishError)  # fmt: skip

    def _maintenance(self, status: int) -> PublishError:
        return self._error(
            f"the site answered with a maintenance page (HTTP {status})",
            transient=True,
        )

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
            cls=SiteError,
        )


def mime_type(file_name: str) -> str:
    """The Content-Type for an upload, guessed from the file name."""
    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def before_sending(call: Callable[[], T]) -> T:
    """``call()``, a step a create takes before its request leaves (connect, credentials,
    terms): its transient failure is ``NotSent``, since no post can have landed."""
    try:
        return call()
    except PublishError as exc:
        if exc.transient and not isinstance(exc, NotSent):
            raise NotSent(str(exc), transient=True) from None
        raise


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception behind it (causes, contexts, urllib3's ``reason``, and
    exceptions carried in ``args``, as requests wraps urllib3's)."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [e.__cause__, e.__context__, getattr(e, "reason", None), *e.args]


def describe(exc: BaseException) -> str:
    """A short cause without the library's nested reprs (urllib3's run to 300+ characters)."""
    text = str(exc)
    errno = re.search(r"\[Errno -?\d+\] [^'\")]+", text)
    if errno:
        return errno.group(0)
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) < 200 else text[:200] + "..."
