"""The XML-RPC route to WordPress (python-wordpress-xmlrpc): the only module importing it.

:class:`XmlRpcAPI` implements :class:`publisher.wp_types.WordPressAPI`. The library is
patched for Python 3.11 here (the ``collections.Iterable`` alias) and given our transport:
it sends each request exactly once (the standard library's re-sends a request when the
connection drops, which would re-send ``wp.newPost`` after WordPress made the post), puts
every call under an overall deadline (:mod:`publisher.deadline`), and reads the whole answer
before parsing, so an HTML page is named as such.

Failure modes: library, transport and HTTP errors become ``PublishError``. Transient:
connection refused (``NotSent``) or reset, timeouts and deadlines, HTTP 5xx, 408 and 429, a
maintenance page (even one answered with 200). ``SiteError`` (not transient; the run stops):
bad credentials (401, InvalidCredentialsError), no such host, an answer that is not XML-RPC
(``[wordpress] url`` is wrong). Faults are not transient (404 fault: ``PostMissing``). HTTP
403/404/405 or "XML-RPC disabled" raise ``XmlRpcUnavailable``, on which
:func:`publisher.wordpress.connect`'s fallback switches to REST.
"""

from __future__ import annotations

import collections
import collections.abc
import dataclasses
import http.client
import logging
import threading
import xml.parsers.expat
import xmlrpc.client
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from clinicseo.errors import PublishError
from publisher import deadline
from publisher.wp_types import (
    TRANSIENT_HTTP,
    AdapterBase,
    OutgoingPost,
    PostMissing,
    RemoteMedia,
    RemotePost,
    XmlRpcUnavailable,
    before_sending,
    looks_like_maintenance,
    mime_type,
    oldest,
)

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
from wordpress_xmlrpc.methods import media, options, posts, taxonomies, users  # noqa: E402

log = logging.getLogger(__name__)
T = TypeVar("T")

XMLRPC_UNAVAILABLE_HTTP = frozenset({403, 404, 405})
MEDIA_PAGE = 100  # XML-RPC has no media search: the library is scanned this many at a time
MEDIA_SCAN_MAX = 5000  # and no further (a clinic's library is far smaller)


class _NotXmlRpc(Exception):
    """The answer was not XML-RPC (an HTML page: a maintenance page, or not WordPress)."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        super().__init__(f"HTTP {status}, {headers.get('content-type', 'no content type')}")
        self.status, self.headers = status, headers
        self.body = body.decode("utf-8", "replace")


class _SendFailed(ConnectionError):
    """The request could not be sent whole (connect or send failed): nothing can have been
    processed, since the server waits for the whole body."""


class _Transport(xmlrpc.client.Transport):
    """Sends each request once, bounds each read and the whole call, names non-XML answers.

    The standard library's ``request`` re-sends a request once when the connection drops
    (RemoteDisconnected, ECONNRESET, EPIPE): for ``wp.newPost`` whose answer was lost, that
    is a second post made below our find-before-create. Here a drop is an error, and
    :mod:`publisher.sender` decides what may be sent again.
    """

    def __init__(self, timeout_s: float) -> None:
        super().__init__()
        self._timeout_s = timeout_s

    def make_connection(self, host: Any) -> Any:
        conn = super().make_connection(host)
        conn.timeout = self._timeout_s  # per read; the whole call is bounded by deadline
        deadline.watch(conn)
        return conn

    def request(self, host: Any, handler: Any, request_body: Any, verbose: bool = False) -> Any:
        return self.single_request(host, handler, request_body, verbose)

    def send_request(self, host: Any, handler: Any, request_body: Any, debug: Any) -> Any:
        try:
            return super().send_request(host, handler, request_body, debug)
        except OSError as exc:  # connecting or sending failed: no whole request arrived
            raise _SendFailed(str(exc)) from exc

    def parse_response(self, response: Any) -> Any:
        body = response.read()
        if response.getheader("Content-Encoding", "") == "gzip":
            body = xmlrpc.client.gzip_decode(body)
        if b"<methodResponse" not in body[:500]:  # an HTML page, even a well-formed one
            headers = {k.lower(): v for k, v in response.getheaders()}
            raise _NotXmlRpc(response.status, headers, body)
        parser, unmarshaller = self.getparser()
        parser.feed(body)
        parser.close()
        return unmarshaller.close()


class _SafeTransport(_Transport, xmlrpc.client.SafeTransport):
    pass


class XmlRpcAPI(AdapterBase):
    name = "xmlrpc"

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        timeout_s: float = 30.0,
        hint: str = "",
        stop: threading.Event | None = None,
    ) -> None:
        super().__init__(url, username, password, timeout_s=timeout_s, hint=hint, stop=stop)
        self.endpoint = f"{self.url}/xmlrpc.php"
        self._client: Client | None = None
        self._transport: _Transport | None = None

    def close(self) -> None:
        if self._client is not None:  # the transport keeps its HTTP connection open
            self._client.server("close")()

    def check_credentials(self) -> str:
        return str(self._call(users.GetProfile()).username)

    def find_by_reference(self, reference: str, *, slug: str = "") -> RemotePost | None:
        found = self._call(posts.GetPosts({"s": reference, "number": 20}))
        return oldest(p for p in map(self._remote, found) if p.has_reference(reference))

    def create_post(self, post: OutgoingPost) -> RemotePost:
        wp = WordPressPost()
        wp.title = post.title
        wp.content = post.content()
        wp.excerpt = post.excerpt
        wp.post_status = post.status
        if post.author_id:
            wp.user = post.author_id
        if post.slug:
            wp.slug = post.slug
        terms = {"category": list(post.categories), "post_tag": list(post.tags)}
        wp.terms_names = {k: v for k, v in terms.items() if v}
        wp.custom_fields = [{"key": k, "value": v} for k, v in post.meta().items() if v]
        if post.date is not None:
            wp.date = post.date.astimezone(UTC).replace(tzinfo=None)  # naive UTC, or it shifts
        if post.featured_media:
            wp.thumbnail = post.featured_media
        if self._client is None:  # connecting is not sending: a failure here left nothing
            self._client = before_sending(lambda: self._limited(self._connect))
        if self._transport is not None:  # a fresh connection: a stale kept-alive one would
            self._transport.close()  # fail the create after sending, an uncertain outcome
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

    def update_post(self, post_id: str, post: OutgoingPost) -> RemotePost:
        wp = WordPressPost()  # every field set: a partial struct would rename it "Untitled"
        wp.title, wp.content, wp.excerpt = post.title, post.content(), post.excerpt
        wp.post_status = post.status
        if post.slug:
            wp.slug = post.slug
        terms = {"category": list(post.categories), "post_tag": list(post.tags)}
        wp.terms_names = {k: v for k, v in terms.items() if v}
        # A custom field without its meta id is added beside the old value, not replacing it.
        ids = self._meta_ids(post_id)
        wp.custom_fields = [
            {"key": k, "value": v, **({"id": ids[k]} if k in ids else {})}
            for k, v in post.meta().items() if v or k in ids
        ]  # fmt: skip
        if post.featured_media:
            wp.thumbnail = post.featured_media
        if post.author_id:
            wp.user = post.author_id
        self._call(posts.EditPost(str(post_id), wp))
        return self.get_post(post_id)

    def set_status(self, post_id: str, status: str) -> RemotePost:
        wp = WordPressPost()
        del wp.title, wp.post_type  # only the status changes (see the notes' gotcha 3)
        wp.post_status = status
        self._call(posts.EditPost(str(post_id), wp))
        return self.get_post(post_id)

    def _meta_ids(self, post_id: str) -> dict[str, str]:
        return {key: meta_id for key, (meta_id, _value) in self._fields(post_id).items()}

    def _fields(self, post_id: str) -> dict[str, tuple[str, str]]:
        """The custom fields WordPress shows this user: key -> (meta id, value)."""
        got = self._call(posts.GetPost(str(post_id), ["custom_fields"]))
        fields = getattr(got, "custom_fields", []) or []
        return {str(f["key"]): (str(f["id"]), str(f["value"])) for f in fields}

    def _get_media(self, media_id: str) -> RemoteMedia:
        # wp.getPost reads an attachment too: title, caption (excerpt) and alt in one call.
        item = self._call(posts.GetPost(str(media_id), ["post_title", "post_excerpt", "guid",
                                                         "custom_fields"]))  # fmt: skip
        fields = {str(f["key"]): str(f["value"]) for f in getattr(item, "custom_fields", []) or []}
        return RemoteMedia(
            str(media_id), str(getattr(item, "guid", "") or ""),
            alt=fields.get("_wp_attachment_image_alt", ""),
            title=str(getattr(item, "title", "") or ""),
            caption=str(getattr(item, "excerpt", "") or ""),
        )  # fmt: skip

    def _describe_media(self, media_id: str, *, alt: str, title: str, caption: str) -> None:
        # wp.editPost works on attachments; the alt text is the protected meta
        # _wp_attachment_image_alt, which lands only where the companion plugin registers it.
        wp = WordPressPost()
        del wp.post_type
        wp.title, wp.excerpt = title, caption
        ids = self._meta_ids(media_id)
        key = "_wp_attachment_image_alt"
        wp.custom_fields = [{"key": key, "value": alt, **({"id": ids[key]} if key in ids else {})}]
        self._call(posts.EditPost(str(media_id), wp))

    def term_names(self, taxonomy: str) -> set[str]:
        return {str(t.name) for t in self._call(taxonomies.GetTerms(taxonomy))}

    def list_posts(self, offset: int, number: int) -> list[RemotePost]:
        found = self._call(posts.GetPosts({
            "number": number, "offset": offset, "orderby": "ID", "order": "ASC",
            "post_status": ["publish", "future", "draft", "pending", "private"],
        }))  # fmt: skip
        return [self._remote(p) for p in found]

    def profile(self) -> dict[str, Any]:
        """The account's login name and roles (wp.getProfile)."""
        me = self._call(users.GetProfile())
        return {"username": str(me.username), "roles": list(getattr(me, "roles", []) or [])}

    def site_options(self) -> dict[str, str]:
        """The options any logged-in user may read: software_version, time_zone, blog_url..."""
        return {str(o.name): str(o.value) for o in self._call(options.GetOptions([]))}

    def _media_candidates(self, file_name: str) -> Iterator[RemoteMedia]:
        for offset in range(0, MEDIA_SCAN_MAX, MEDIA_PAGE):
            page = self._call(media.GetMediaLibrary({"number": MEDIA_PAGE, "offset": offset}))
            yield from (RemoteMedia(str(m.id), str(m.link)) for m in page)
            if len(page) < MEDIA_PAGE:
                break

    def _upload(self, path: Path, file_name: str) -> RemoteMedia:
        item = {"name": file_name, "type": mime_type(file_name), "bits": xmlrpc.client.Binary(
            self._read(path)), "overwrite": False}  # fmt: skip
        made = self._call(media.UploadFile(item))
        return RemoteMedia(str(made["id"]), str(made["url"]))

    def _remote(self, p: Any) -> RemotePost:
        date = getattr(p, "date", None)
        date_gmt = date.replace(tzinfo=UTC) if isinstance(date, datetime) else None
        status = str(getattr(p, "post_status", ""))
        # GetPost reports scheduled posts as 'publish'; the date tells the truth.
        if status == "publish" and date_gmt is not None and date_gmt > datetime.now(UTC):
            status = "future"
        terms = getattr(p, "terms", []) or []
        fields = getattr(p, "custom_fields", []) or []
        thumb = getattr(p, "thumbnail", None)
        featured = str(thumb.get("attachment_id", "")) if isinstance(thumb, dict) else ""
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
            excerpt=str(getattr(p, "excerpt", "") or ""),
            featured_media=featured,
            author_id=str(getattr(p, "user", "") or ""),
        )

    def _call(self, method: Any) -> Any:
        if self._client is None:
            self._client = self._limited(self._connect)
        client = self._client
        return self._limited(lambda: client.call(method))

    def _connect(self) -> Client:
        """The library's client: one round trip (mt.supportedMethods) on our transport."""
        https = self.endpoint.startswith("https")
        transport = (_SafeTransport if https else _Transport)(self.timeout_s)
        client = Client(self.endpoint, self.username, self._password, transport=transport)
        self._transport = transport
        return client

    def _limited(self, call: Callable[[], T]) -> T:
        """``call()`` under the overall deadline, its failures translated."""
        with deadline.limit(self.timeout_s, self._stop) as lim:
            if lim.reason:
                raise self._stopped_before_sending()
            try:
                with self._translate():
                    return call()
            except PublishError:
                if lim.reason:  # whatever the library made of the cut connection
                    raise self._cut_short(lim.reason) from None
                raise

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
        except _NotXmlRpc as exc:
            if looks_like_maintenance(exc.status, exc.headers, exc.body):
                raise self._maintenance(exc.status) from None
            raise self._not_xmlrpc(str(exc)) from None
        except (
            xml.parsers.expat.ExpatError,
            xmlrpc.client.ResponseError,
            UnsupportedXmlrpcMethodError,
        ) as exc:
            raise self._not_xmlrpc(str(exc) or type(exc).__name__) from None
        except _SendFailed as exc:
            raise self._network_error(exc, self.endpoint, sent=False) from None
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timeout, DNS
            raise self._network_error(exc, self.endpoint) from None

    def _not_xmlrpc(self, what: str) -> PublishError:
        # XmlRpcUnavailable (a SiteError): the fallback then tries REST, which tells a
        # blocked xmlrpc.php (a security plugin's page) from a URL that is not WordPress.
        return self._error(
            f"{self.endpoint} did not answer as WordPress XML-RPC ({what}); check [wordpress] url",
            transient=False,
            cls=XmlRpcUnavailable,
        )

    def _protocol_error(self, exc: xmlrpc.client.ProtocolError) -> PublishError:
        what = f"HTTP {exc.errcode} {exc.errmsg}"
        if exc.errcode in XMLRPC_UNAVAILABLE_HTTP:
            return self._error(
                f"XML-RPC is disabled or blocked ({what})", transient=False, cls=XmlRpcUnavailable
            )
        if exc.errcode == 401:
            return self._credentials_error(what)
        return self._error(what, transient=exc.errcode in TRANSIENT_HTTP)
