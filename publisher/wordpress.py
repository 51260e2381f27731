"""The one adapter to WordPress: XML-RPC (python-wordpress-xmlrpc) and the REST API (requests).

Both routes implement :class:`WordPressAPI`: ``check_credentials()``,
``find_by_reference(ref)``, ``create_post(post)``, ``get_post(id)``, and for the media
library ``find_media(file_name)`` and ``upload_media(path, file_name)``. :func:`connect` picks the
route from ``[wordpress] api`` and, with ``fallback_to_rest``, switches from XML-RPC to REST
for good when the site answers XML-RPC with HTTP 405 (disabled), 403 or 404 (blocked).

Every post carries its reference twice: an HTML comment token in the content (found by the
search both APIs offer: XML-RPC has no other filter) and the ``_clinicseo_reference`` meta
key. Neither API refuses duplicates (WordPress renames the slug), so callers look a post up
before creating it. The SEO meta keys start with "_" and are dropped by WordPress unless the
site runs ``publisher/wp-plugin/clinicseo-meta.php``.

Failure modes: every library, transport and HTTP error becomes
``clinicseo.errors.PublishError(message, transient=...)``. Transient: connection refused or
reset, timeouts, HTTP 5xx, 408 and 429. Not transient: bad credentials, 401/403/404, faults,
answers that are not XML-RPC/JSON. ``PostMissing`` (a PublishError) is a post id WordPress
does not know. Messages name the URL and the user, never the password.
"""

from __future__ import annotations

import collections
import collections.abc
import dataclasses
import html
import http.client
import json
import logging
import mimetypes
import re
import xml.parsers.expat
import xmlrpc.client
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests

from clinicseo.config import WordPressConfig
from clinicseo.errors import PublishError

# python-wordpress-xmlrpc 2.3 still uses collections.Iterable (gone since Python 3.10) for
# every list result; restore the alias before the library is used.
if not hasattr(collections, "Iterable"):
    collections.Iterable = collections.abc.Iterable  # type: ignore[attr-defined]

from wordpress_xmlrpc import Client, WordPressPost  # noqa: E402
from wordpress_xmlrpc.exceptions import (  # noqa: E402
    InvalidCredentialsError,
    ServerConnectionError,
    UnsupportedXmlrpcMethodError,
    XmlrpcDisabledError,
)
from wordpress_xmlrpc.methods import media, posts, users  # noqa: E402

log = logging.getLogger(__name__)

META_SEO_TITLE = "_yoast_wpseo_title"
META_DESCRIPTION = "_yoast_wpseo_metadesc"
META_KEYPHRASE = "_yoast_wpseo_focuskw"
META_REFERENCE = "_clinicseo_reference"
TRANSIENT_HTTP = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
XMLRPC_UNAVAILABLE_HTTP = frozenset({403, 404, 405})
MEDIA_PAGE = 100  # XML-RPC has no media search: the library is scanned this many at a time
MEDIA_SCAN_MAX = 5000  # and no further (a clinic's library is far smaller)
T = TypeVar("T")


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

    def content(self) -> str:
        """The body as WordPress stores it: HTML, JSON-LD blocks, then the reference token."""
        parts = [self.html.rstrip()]
        for obj in self.jsonld:
            # One line (wpautop adds <br> at newlines); "</" escaped so it cannot end the tag.
            data = json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")
            parts.append(f'<script type="application/ld+json">{data}</script>')
        parts.append(reference_token(self.reference))
        return "\n".join(parts)

    def meta(self) -> dict[str, str]:
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

    def has_reference(self, reference: str) -> bool:
        return reference_token(reference) in self.content or (
            self.meta.get(META_REFERENCE) == reference
        )


@dataclass(frozen=True)
class RemoteMedia:
    """An item of the media library: its id and the address its file is served from."""

    id: str
    url: str

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


class _Base(WordPressAPI):
    def __init__(
        self, url: str, username: str, password: str, *, timeout_s: float, hint: str = ""
    ) -> None:
        self.url = url.rstrip("/")
        self.username = username
        self._password = password
        self.timeout_s = timeout_s
        self._hint = hint  # e.g. "check [wordpress] username and $CLINICSEO_WP_PASSWORD"
        self._media: dict[str, RemoteMedia] = {}  # file name -> item, for this object's life

    def _remember(self, item: RemoteMedia | None) -> RemoteMedia | None:
        if item is not None:
            self._media[item.file_name] = item
        return item

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


# --- XML-RPC ------------------------------------------------------------------------------------


class _TimeoutTransport(xmlrpc.client.Transport):
    """The library waits forever on a hung server by default; this one gives up."""

    def __init__(self, timeout_s: float) -> None:
        super().__init__()
        self._timeout_s = timeout_s

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        conn = super().make_connection(host)
        conn.timeout = self._timeout_s
        return conn


class _SafeTimeoutTransport(xmlrpc.client.SafeTransport):
    def __init__(self, timeout_s: float) -> None:
        super().__init__()
        self._timeout_s = timeout_s

    def make_connection(self, host: Any) -> http.client.HTTPSConnection:
        conn = super().make_connection(host)
        conn.timeout = self._timeout_s
        return conn


class XmlRpcAPI(_Base):
    name = "xmlrpc"

    def __init__(
        self, url: str, username: str, password: str, *, timeout_s: float = 30.0, hint: str = ""
    ) -> None:
        super().__init__(url, username, password, timeout_s=timeout_s, hint=hint)
        self.endpoint = f"{self.url}/xmlrpc.php"
        self._client: Client | None = None

    def check_credentials(self) -> str:
        return str(self._call(users.GetProfile()).username)

    def find_by_reference(self, reference: str, *, slug: str = "") -> RemotePost | None:
        found = self._call(posts.GetPosts({"s": reference, "number": 20}))
        hits = [self._remote(p) for p in found]
        hits = [p for p in hits if p.has_reference(reference)]
        return min(hits, key=lambda p: int(p.id)) if hits else None

    def create_post(self, post: OutgoingPost) -> RemotePost:
        wp = WordPressPost()
        wp.title = post.title
        wp.content = post.content()
        wp.excerpt = post.excerpt
        wp.post_status = post.status
        if post.slug:
            wp.slug = post.slug
        terms = {"category": list(post.categories), "post_tag": list(post.tags)}
        wp.terms_names = {k: v for k, v in terms.items() if v}
        wp.custom_fields = [{"key": k, "value": v} for k, v in post.meta().items() if v]
        if post.date is not None:
            wp.date = post.date.astimezone(UTC).replace(tzinfo=None)  # naive UTC, or it shifts
        if post.featured_media:
            wp.thumbnail = post.featured_media
        post_id = str(self._call(posts.NewPost(wp)))
        sent = RemotePost(
            id=post_id, status=post.status, title=post.title, content=wp.content,
            slug=post.slug, date_gmt=post.date, categories=tuple(sorted(post.categories)),
            tags=tuple(sorted(post.tags)), meta=post.meta(),
        )  # fmt: skip
        try:  # NewPost answers with the id only; ask for the address and what WordPress made
            back = self._call(posts.GetPost(post_id, ["post_id", "link", "post_name", "post_status",
                                                      "post_date_gmt"]))  # fmt: skip
        except PublishError as exc:  # the post exists: hand back its id all the same
            log.warning("created post %s but could not read it back: %s", post_id, exc)
            return sent
        got = self._remote(back)
        return dataclasses.replace(
            sent, link=got.link, slug=got.slug, status=got.status, date_gmt=got.date_gmt
        )

    def get_post(self, post_id: str) -> RemotePost:
        return self._remote(self._call(posts.GetPost(str(post_id))))

    def find_media(self, file_name: str) -> RemoteMedia | None:
        if file_name in self._media:
            return self._media[file_name]
        hits: list[RemoteMedia] = []
        for offset in range(0, MEDIA_SCAN_MAX, MEDIA_PAGE):
            page = self._call(media.GetMediaLibrary({"number": MEDIA_PAGE, "offset": offset}))
            items = [RemoteMedia(str(m.id), str(m.link)) for m in page]
            hits += [m for m in items if m.file_name == file_name]
            if len(page) < MEDIA_PAGE:
                break
        return self._remember(min(hits, key=lambda m: int(m.id)) if hits else None)

    def upload_media(self, path: Path, file_name: str) -> RemoteMedia:
        item = {"name": file_name, "type": _mime(file_name), "bits": xmlrpc.client.Binary(
            self._read(path)), "overwrite": False}  # fmt: skip
        made = self._call(media.UploadFile(item))
        uploaded = RemoteMedia(str(made["id"]), str(made["url"]))
        self._remember(uploaded)
        return uploaded

    def _remote(self, p: Any) -> RemotePost:
        date = getattr(p, "date", None)
        date_gmt = date.replace(tzinfo=UTC) if isinstance(date, datetime) else None
        status = str(getattr(p, "post_status", ""))
        # GetPost reports scheduled posts as 'publish'; the date tells the truth.
        if status == "publish" and date_gmt is not None and date_gmt > datetime.now(UTC):
            status = "future"
        terms = getattr(p, "terms", []) or []
        fields = getattr(p, "custom_fields", []) or []
        return RemotePost(
            id=str(p.id),
            status=status,
            link=str(getattr(p, "link", "") or ""),
            title=str(getattr(p, "title", "") or ""),
            content=str(getattr(p, "content", "") or ""),
            slug=str(getattr(p, "slug", "") or ""),
            date_gmt=date_gmt,
            categories=tuple(sorted(t.name for t in terms if t.taxonomy == "category")),
            tags=tuple(sorted(t.name for t in terms if t.taxonomy == "post_tag")),
            meta={str(f["key"]): str(f["value"]) for f in fields},
        )

    def _call(self, method: Any) -> Any:
        with self._translate():
            if self._client is None:
                transport_cls = (
                    _SafeTimeoutTransport
                    if self.endpoint.startswith("https")
                    else _TimeoutTransport
                )
                self._client = Client(
                    self.endpoint, self.username, self._password,
                    transport=transport_cls(self.timeout_s),
                )  # fmt: skip
            return self._client.call(method)

    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except PublishError:
            raise
        except InvalidCredentialsError as exc:
            raise self._credentials_error(str(exc)) from None
        except XmlrpcDisabledError:
            raise self._error(
                "XML-RPC is disabled", transient=False, cls=XmlRpcUnavailable
            ) from None
        except ServerConnectionError as exc:  # Client(): an HTTP error from mt.supportedMethods
            cause = exc.__context__
            if isinstance(cause, xmlrpc.client.ProtocolError):
                raise self._protocol_error(cause) from None
            raise self._error(f"cannot connect: {exc}", transient=True) from None
        except xmlrpc.client.ProtocolError as exc:
            raise self._protocol_error(exc) from None
        except xmlrpc.client.Fault as exc:
            if exc.faultCode == 404:
                raise self._error(exc.faultString, transient=False, cls=PostMissing) from None
            hint = " (is php-xml installed on the server?)" if exc.faultCode == -32700 else ""
            raise self._error(
                f"fault {exc.faultCode}: {exc.faultString}{hint}", transient=False
            ) from None
        except (xml.parsers.expat.ExpatError, UnsupportedXmlrpcMethodError) as exc:
            raise self._error(
                f"{self.endpoint} did not answer as WordPress XML-RPC ({exc})", transient=False
            ) from None
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timeout, DNS
            raise self._error(
                f"cannot reach {self.endpoint}: {_describe(exc)}", transient=True
            ) from None

    def _protocol_error(self, exc: xmlrpc.client.ProtocolError) -> PublishError:
        what = f"HTTP {exc.errcode} {exc.errmsg}"
        if exc.errcode in XMLRPC_UNAVAILABLE_HTTP:
            return self._error(
                f"XML-RPC is disabled or blocked ({what})", transient=False, cls=XmlRpcUnavailable
            )
        if exc.errcode == 401:
            return self._credentials_error(what)
        return self._error(what, transient=exc.errcode in TRANSIENT_HTTP)


# --- REST ---------------------------------------------------------------------------------------


class _HttpError(PublishError):
    def __init__(self, message: str, *, transient: bool, status: int = 0, body: Any = None):
        super().__init__(message, transient=transient)
        self.status = status
        self.body = body


class RestAPI(_Base):
    name = "rest"

    def __init__(
        self, url: str, username: str, password: str, *, timeout_s: float = 30.0, hint: str = ""
    ) -> None:
        super().__init__(url, username, password, timeout_s=timeout_s, hint=hint)
        self._session = requests.Session()
        self._session.auth = (username, password)
        self._session.headers["User-Agent"] = "clinicseo-publisher/0.1"
        self._term_ids: dict[tuple[str, str], int] = {}
        self._authenticated = False

    def close(self) -> None:
        self._session.close()

    def check_credentials(self) -> str:
        me = self._request("GET", "/wp/v2/users/me", params={"context": "edit"})
        self._authenticated = True
        return str(me.get("username") or me.get("slug") or self.username)

    def _ensure_auth(self) -> None:
        # Bad credentials look anonymous to REST, and anonymous requests fail with unrelated
        # errors (status=any is a 400); one probe per object turns that into a clear cause.
        if not self._authenticated:
            self.check_credentials()

    def find_by_reference(self, reference: str, *, slug: str = "") -> RemotePost | None:
        self._ensure_auth()
        hits = [p for p in self._posts({"search": reference}) if p.has_reference(reference)]
        if not hits and slug:  # the token edited away: the reference meta still says it is ours
            hits = [p for p in self._posts({"slug": slug}) if p.has_reference(reference)]
        return min(hits, key=lambda p: int(p.id)) if hits else None

    def create_post(self, post: OutgoingPost) -> RemotePost:
        self._ensure_auth()
        body: dict[str, Any] = {
            "title": post.title,
            "content": post.content(),
            "excerpt": post.excerpt,
            "status": post.status,
            "categories": [self._term_id("categories", n) for n in post.categories],
            "tags": [self._term_id("tags", n) for n in post.tags],
            "meta": post.meta(),
        }
        if post.slug:
            body["slug"] = post.slug
        if post.date is not None:
            body["date_gmt"] = post.date.astimezone(UTC).replace(tzinfo=None).isoformat()
        if post.featured_media:
            body["featured_media"] = int(post.featured_media)
        return self._remote(
            self._request("POST", "/wp/v2/posts", params={"_embed": "wp:term"}, json=body)
        )

    def get_post(self, post_id: str) -> RemotePost:
        self._ensure_auth()
        data = self._request(
            "GET", f"/wp/v2/posts/{post_id}", params={"context": "edit", "_embed": "wp:term"}
        )
        return self._remote(data)

    def _posts(self, params: dict[str, Any]) -> list[RemotePost]:
        base = {"status": "any", "context": "edit", "per_page": 20, "_embed": "wp:term"}
        return [self._remote(p) for p in self._request("GET", "/wp/v2/posts", params=base | params)]

    def _term_id(self, taxonomy: str, name: str) -> int:
        key = (taxonomy, name.casefold())
        if key not in self._term_ids:
            found = self._request(
                "GET", f"/wp/v2/{taxonomy}", params={"search": name, "per_page": 100}
            )
            for term in found:
                if html.unescape(term["name"]).casefold() == name.casefold():
                    self._term_ids[key] = int(term["id"])
                    break
            else:
                try:
                    made = self._request("POST", f"/wp/v2/{taxonomy}", json={"name": name})
                    self._term_ids[key] = int(made["id"])
                except _HttpError as exc:  # made meanwhile, or a name search missed it
                    data = exc.body.get("data") if isinstance(exc.body, dict) else None
                    if not (isinstance(data, dict) and data.get("term_id")):
                        raise
                    self._term_ids[key] = int(data["term_id"])
        return self._term_ids[key]

    def find_media(self, file_name: str) -> RemoteMedia | None:
        if file_name in self._media:
            return self._media[file_name]
        self._ensure_auth()
        # WordPress titles an upload after its file name, so the stem finds it.
        found = self._request(
            "GET", "/wp/v2/media",
            params={"search": PurePosixPath(file_name).stem, "per_page": 100, "context": "edit"},
        )  # fmt: skip
        items = [RemoteMedia(str(m["id"]), str(m.get("source_url", ""))) for m in found]
        hits = [m for m in items if m.file_name == file_name]
        return self._remember(min(hits, key=lambda m: int(m.id)) if hits else None)

    def upload_media(self, path: Path, file_name: str) -> RemoteMedia:
        self._ensure_auth()
        upload = {"file": (file_name, self._read(path), _mime(file_name))}
        made = self._request("POST", "/wp/v2/media", files=upload)
        uploaded = RemoteMedia(str(made["id"]), str(made["source_url"]))
        self._remember(uploaded)
        return uploaded

    def _remote(self, p: dict[str, Any]) -> RemotePost:
        terms = [t for group in p.get("_embedded", {}).get("wp:term", []) for t in group]
        names = {(t["taxonomy"], t["id"]): html.unescape(t["name"]) for t in terms}
        raw_date = p.get("date_gmt")
        return RemotePost(
            id=str(p["id"]),
            status=str(p.get("status", "")),
            link=str(p.get("link", "")),
            title=_raw(p.get("title")),
            content=_raw(p.get("content")),
            slug=str(p.get("slug", "")),
            date_gmt=datetime.fromisoformat(raw_date).replace(tzinfo=UTC) if raw_date else None,
            categories=tuple(sorted(names.get(("category", i), str(i)) for i in p["categories"])),
            tags=tuple(sorted(names.get(("post_tag", i), str(i)) for i in p["tags"])),
            meta={k: str(v) for k, v in (p.get("meta") or {}).items()},
        )

    def _request(self, method: str, route: str, **kwargs: Any) -> Any:
        # ?rest_route= works with and without pretty permalinks.
        params = {"rest_route": route, **kwargs.pop("params", {})}
        try:
            r = self._session.request(
                method, f"{self.url}/", params=params, timeout=self.timeout_s, **kwargs
            )
        except requests.RequestException as exc:
            raise self._error(
                f"cannot reach {self.url}: {_describe(exc)}", transient=True
            ) from None
        try:
            body = r.json()
        except ValueError:
            body = None
        if r.status_code >= 400:
            code = body.get("code", "") if isinstance(body, dict) else ""
            what = f"HTTP {r.status_code} {code or r.reason}".strip()
            if isinstance(body, dict) and body.get("message") and r.status_code < 500:
                what += f": {html.unescape(str(body['message']))[:200]}"
            if r.status_code == 404 and code == "rest_post_invalid_id":
                raise self._error(what, transient=False, cls=PostMissing)
            if r.status_code in (401, 403) and code in (
                "rest_not_logged_in", "rest_cannot_create", "incorrect_password",
                "invalid_username", "rest_forbidden", "rest_cannot_view", "",
            ):  # fmt: skip
                raise self._credentials_error(what)
            message = f"{self._error(what, transient=False)}"
            raise _HttpError(
                message, transient=r.status_code in TRANSIENT_HTTP, status=r.status_code, body=body
            )
        if body is None:
            raise self._error(
                f"{r.url.split('?')[0]} did not answer with JSON (HTTP {r.status_code}); "
                "is [wordpress] url the site root?",
                transient=False,
            )
        return body


def _mime(file_name: str) -> str:
    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def _raw(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("raw", value.get("rendered", "")))
    return str(value or "")


def _describe(exc: BaseException) -> str:
    """A short cause without the library's nested reprs (urllib3's run to 300+ characters)."""
    if isinstance(exc, requests.Timeout):
        return "timed out"
    text = str(exc)
    errno = re.search(r"\[Errno -?\d+\] [^'\")]+", text)
    if errno:
        return errno.group(0)
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) < 200 else text[:200] + "..."


# --- the factory --------------------------------------------------------------------------------


class _FallbackAPI(WordPressAPI):
    """XML-RPC first; on XmlRpcUnavailable switch to REST for the rest of this object's life."""

    def __init__(self, primary: XmlRpcAPI, fallback: RestAPI) -> None:
        self._primary = primary
        self._fallback = fallback
        self._current: WordPressAPI = primary

    @property
    def name(self) -> str:  # type: ignore[override]
        return self._current.name

    def _do(self, call: Callable[[WordPressAPI], T]) -> T:
        if self._current is self._primary:
            try:
                return call(self._primary)
            except XmlRpcUnavailable as exc:
                log.warning("%s; falling back to the REST API", exc)
                self._current = self._fallback
        return call(self._fallback)

    def check_credentials(self) -> str:
        return self._do(lambda api: api.check_credentials())

    def find_by_reference(self, reference: str, *, slug: str = "") -> RemotePost | None:
        return self._do(lambda api: api.find_by_reference(reference, slug=slug))

    def create_post(self, post: OutgoingPost) -> RemotePost:
        return self._do(lambda api: api.create_post(post))

    def get_post(self, post_id: str) -> RemotePost:
        return self._do(lambda api: api.get_post(post_id))

    def find_media(self, file_name: str) -> RemoteMedia | None:
        return self._do(lambda api: api.find_media(file_name))

    def upload_media(self, path: Path, file_name: str) -> RemoteMedia:
        return self._do(lambda api: api.upload_media(path, file_name))

    def close(self) -> None:
        self._fallback.close()


def connect(wp: WordPressConfig, password: str) -> WordPressAPI:
    """The API for ``[wordpress]``. No network here: the first call connects."""
    hint = f"check [wordpress] username and the password in ${wp.password_env}"
    args = (wp.url, wp.username, password)
    rest = RestAPI(*args, timeout_s=wp.timeout_s, hint=hint)
    if wp.api == "rest":
        return rest
    xml = XmlRpcAPI(*args, timeout_s=wp.timeout_s, hint=hint)
    return _FallbackAPI(xml, rest) if wp.fallback_to_rest else xml
