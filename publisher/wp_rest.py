"""The REST route to WordPress (``/wp/v2`` through requests): the only module talking REST.

:class:`RestAPI` implements :class:`publisher.wp_types.WordPressAPI`, authenticated with an
application password (HTTP basic auth). Routes go through ``?rest_route=`` so the site needs
no pretty permalinks. Categories and tags are looked up by name and created when missing.

Each request is sent once: urllib3 retries nothing (``Retry(0, read=False)``, stated on the
session's adapters rather than left to defaults), so a POST whose answer was lost is never
re-sent below :mod:`publisher.sender`. Every request runs under an overall deadline
(:mod:`publisher.deadline`): the pools hand each connection they use to it.

Failure modes: transport and HTTP errors become ``PublishError``. Transient: connection
refused (``NotSent``) or reset, timeouts and deadlines, HTTP 5xx, 408 and 429, a maintenance
page (even one answered with 200). ``SiteError`` (not transient; the run stops): bad
credentials (401/403), no such host, no REST route or answers that are not JSON
(``[wordpress] url`` not the site root). Other 4xx are not transient;
``rest_post_invalid_id`` is ``PostMissing``.
"""

from __future__ import annotations

import html
import threading
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.retry import Retry

from clinicseo.errors import PublishError
from publisher import deadline
from publisher.wp_types import (
    TRANSIENT_HTTP,
    AdapterBase,
    OutgoingPost,
    PostMissing,
    RemoteMedia,
    RemotePost,
    SiteError,
    before_sending,
    looks_like_maintenance,
    mime_type,
    oldest,
)


class _WatchedPool(HTTPConnectionPool):
    def _make_request(self, conn: Any, *args: Any, **kwargs: Any) -> Any:
        deadline.watch(conn)  # the call's deadline may cut this connection
        return super()._make_request(conn, *args, **kwargs)


class _WatchedHTTPSPool(HTTPSConnectionPool):
    def _make_request(self, conn: Any, *args: Any, **kwargs: Any) -> Any:
        deadline.watch(conn)
        return super()._make_request(conn, *args, **kwargs)


class _OnceAdapter(HTTPAdapter):
    """Sends each request once (no urllib3 retry of any kind) on connections the call's
    deadline can cut."""

    def __init__(self) -> None:
        super().__init__(max_retries=Retry(total=0, read=False, redirect=False))

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedPool, "https": _WatchedHTTPSPool,
        }  # fmt: skip


class _HttpError(PublishError):
    def __init__(self, message: str, *, transient: bool, status: int = 0, body: Any = None):
        super().__init__(message, transient=transient)
        self.status = status
        self.body = body


class RestAPI(AdapterBase):
    name = "rest"

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
        self._session = requests.Session()
        for prefix in ("http://", "https://"):
            self._session.mount(prefix, _OnceAdapter())
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
        found = oldest(p for p in self._posts({"search": reference}) if p.has_reference(reference))
        if found is None and slug:  # the token edited away: the reference meta says it is ours
            found = oldest(p for p in self._posts({"slug": slug}) if p.has_reference(reference))
        return found

    def create_post(self, post: OutgoingPost) -> RemotePost:
        before_sending(self._ensure_auth)  # these steps send no post: nothing can land
        body: dict[str, Any] = {
            "title": post.title,
            "content": post.content(),
            "excerpt": post.excerpt,
            "status": post.status,
            "categories": before_sending(lambda: [self._term_id("categories", n)
                                                  for n in post.categories]),
            "tags": before_sending(lambda: [self._term_id("tags", n) for n in post.tags]),
            "meta": post.meta(),
            **({"author": int(post.author_id)} if post.author_id else {}),
        }  # fmt: skip
        if post.slug:
            body["slug"] = post.slug
        if post.date is not None:
            body["date_gmt"] = post.date.astimezone(UTC).replace(tzinfo=None).isoformat()
        if post.featured_media:
            body["featured_media"] = int(post.featured_media)
        # A fresh connection: a kept-alive one the server dropped meanwhile would fail the
        # create after sending it, an uncertain outcome that costs a landing-window wait.
        self._session.close()
        return self._remote(
            self._request("POST", "/wp/v2/posts", params={"_embed": "wp:term"}, json=body)
        )

    def get_post(self, post_id: str) -> RemotePost:
        self._ensure_auth()
        data = self._request(
            "GET", f"/wp/v2/posts/{post_id}", params={"context": "edit", "_embed": "wp:term"}
        )
        return self._remote(data)

    def update_post(self, post_id: str, post: OutgoingPost) -> RemotePost:
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
        if post.featured_media:
            body["featured_media"] = int(post.featured_media)
        if post.author_id:
            body["author"] = int(post.author_id)
        self._request("POST", f"/wp/v2/posts/{post_id}", json=body)
        return self.get_post(post_id)

    def set_status(self, post_id: str, status: str) -> RemotePost:
        self._ensure_auth()
        self._request("POST", f"/wp/v2/posts/{post_id}", json={"status": status})
        return self.get_post(post_id)

    def _get_media(self, media_id: str) -> RemoteMedia:
        self._ensure_auth()
        m = self._request("GET", f"/wp/v2/media/{media_id}", params={"context": "edit"})
        return RemoteMedia(
            str(m["id"]), str(m.get("source_url", "")), alt=str(m.get("alt_text") or ""),
            title=_raw(m.get("title")), caption=_raw(m.get("caption")),
        )  # fmt: skip

    def _describe_media(self, media_id: str, *, alt: str, title: str, caption: str) -> None:
        self._ensure_auth()
        self._request("POST", f"/wp/v2/media/{media_id}",
                      json={"alt_text": alt, "title": title, "caption": caption})  # fmt: skip

    def term_names(self, taxonomy: str) -> set[str]:
        route = {"category": "categories", "post_tag": "tags"}[taxonomy]
        names: set[str] = set()
        for page in range(1, 100):
            found = self._request("GET", f"/wp/v2/{route}",
                                  params={"per_page": 100, "page": page, "hide_empty": False})
            names |= {html.unescape(t["name"]) for t in found}
            if len(found) < 100:
                break
        return names

    def list_posts(self, offset: int, number: int) -> list[RemotePost]:
        self._ensure_auth()
        return self._posts({"offset": offset, "per_page": min(number, 100), "orderby": "id",
                            "order": "asc", "status": "publish,future,draft,pending,private"})

    def index(self) -> dict[str, Any]:
        """The site's REST index (anonymous): name, url, timezone_string, gmt_offset and the
        namespaces, which say which plugins are active."""
        data = self._request("GET", "/", auth=lambda r: r)  # no credentials: a wrong one 401s
        return data if isinstance(data, dict) else {}

    def companion_info(self) -> dict[str, Any]:
        """What the companion plugin (publisher/wp-plugin) says of itself: its version."""
        data = self._request("GET", "/clinicseo/v1/info", auth=lambda r: r)
        return data if isinstance(data, dict) else {}

    def find_user(self, name: str) -> dict[str, Any] | None:
        """The user whose display name, login or slug is ``name`` (case-insensitive), or None.
        Lists what this account may see (an Author sees the users with published posts)."""
        self._ensure_auth()
        try:
            found = self._request("GET", "/wp/v2/users",
                                  params={"search": name, "per_page": 100, "context": "edit"})
        except _HttpError:  # no list_users: the public view
            found = self._request("GET", "/wp/v2/users", params={"search": name, "per_page": 100})
        want = name.casefold()
        for user in found:
            names = (user.get("name"), user.get("username"), user.get("slug"))
            if any(str(n or "").casefold() == want for n in names):
                return dict(user)
        return None

    def me(self) -> dict[str, Any]:
        """The account as WordPress sees it, with its roles and capabilities."""
        me = self._request("GET", "/wp/v2/users/me", params={"context": "edit"})
        self._authenticated = True
        return dict(me)

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

    def _media_candidates(self, file_name: str) -> list[RemoteMedia]:
        self._ensure_auth()
        # WordPress titles an upload after its file name, so the stem finds it.
        found = self._request(
            "GET", "/wp/v2/media",
            params={"search": PurePosixPath(file_name).stem, "per_page": 100, "context": "edit"},
        )  # fmt: skip
        return [RemoteMedia(str(m["id"]), str(m.get("source_url", ""))) for m in found]

    def _upload(self, path: Path, file_name: str) -> RemoteMedia:
        self._ensure_auth()
        upload = {"file": (file_name, self._read(path), mime_type(file_name))}
        made = self._request("POST", "/wp/v2/media", files=upload)
        return RemoteMedia(str(made["id"]), str(made["source_url"]))

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
            excerpt=_raw(p.get("excerpt")),
            featured_media=str(p.get("featured_media") or "") if p.get("featured_media") else "",
            author_id=str(p.get("author") or ""),
        )

    def _request(self, method: str, route: str, **kwargs: Any) -> Any:
        # ?rest_route= works with and without pretty permalinks.
        params = {"rest_route": route, **kwargs.pop("params", {})}
        with deadline.limit(self.timeout_s, self._stop) as lim:
            if lim.reason:
                raise self._stopped_before_sending()
            try:
                r = self._session.request(
                    method, f"{self.url}/", params=params, timeout=self.timeout_s, **kwargs
                )
            except requests.RequestException as exc:
                if lim.reason:
                    raise self._cut_short(lim.reason) from None
                raise self._network_error(exc, self.url) from None
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
            if r.status_code == 404 and code in ("rest_no_route", ""):
                raise self._error(
                    f"{what}: no WordPress REST API there; check [wordpress] url",
                    transient=False, cls=SiteError,
                )  # fmt: skip
            if body is None and looks_like_maintenance(r.status_code, r.headers, r.text):
                raise self._maintenance(r.status_code)
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
            if looks_like_maintenance(r.status_code, r.headers, r.text):
                raise self._maintenance(r.status_code)
            raise self._error(
                f"{r.url.split('?')[0]} did not answer with JSON (HTTP {r.status_code}); "
                "is [wordpress] url the site root?",
                transient=False,
                cls=SiteError,
            )
        return body


def _raw(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("raw", value.get("rendered", "")))
    return str(value or "")
