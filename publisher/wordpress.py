"""The public face of the WordPress adapter: :func:`connect`, :func:`open_api`, the fallback.

The routes live in :mod:`publisher.wp_xmlrpc` (python-wordpress-xmlrpc) and
:mod:`publisher.wp_rest` (requests); the shared types in :mod:`publisher.wp_types`, all
re-exported here, so callers import from ``publisher.wordpress`` only.

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

Every call has an overall deadline (``[wordpress] timeout_s``, :mod:`publisher.deadline`)
and is sent once: neither transport re-sends a request by itself.

Failure modes: every library, transport and HTTP error becomes
``clinicseo.errors.PublishError(message, transient=...)``. Transient: connection refused or
reset, timeouts and deadlines, HTTP 5xx, 408 and 429, maintenance pages (even answered with
200); ``NotSent`` marks the transient ones whose request cannot have arrived. Not transient:
faults and other 4xx; ``SiteError`` for what no post can get past (credentials refused, no
such host, a URL that is not WordPress). ``PostMissing`` is a post id WordPress does not
know. Messages name the URL and the user, never the password. :func:`open_api` raises
ConfigError when the password's environment variable is unset.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from clinicseo.config import Config, WordPressConfig, read_secret
from publisher.wp_rest import RestAPI
from publisher.wp_types import (
    META_DESCRIPTION,
    META_KEYPHRASE,
    META_REFERENCE,
    META_SEO_TITLE,
    NotSent,
    OutgoingPost,
    PostMissing,
    RemoteMedia,
    RemotePost,
    SiteError,
    WordPressAPI,
    XmlRpcUnavailable,
    reference_token,
)
from publisher.wp_xmlrpc import XmlRpcAPI

__all__ = [
    "META_DESCRIPTION",
    "META_KEYPHRASE",
    "META_REFERENCE",
    "META_SEO_TITLE",
    "OutgoingPost",
    "PostMissing",
    "RemoteMedia",
    "RemotePost",
    "NotSent",
    "RestAPI",
    "SiteError",
    "WordPressAPI",
    "XmlRpcAPI",
    "XmlRpcUnavailable",
    "connect",
    "open_api",
    "reference_token",
]

log = logging.getLogger(__name__)
T = TypeVar("T")


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

    def update_post(self, post_id: str, post: OutgoingPost) -> RemotePost:
        return self._do(lambda api: api.update_post(post_id, post))

    def set_status(self, post_id: str, status: str) -> RemotePost:
        return self._do(lambda api: api.set_status(post_id, status))

    def get_media(self, media_id: str) -> RemoteMedia:
        return self._do(lambda api: api.get_media(media_id))

    def describe_media(self, media_id: str, *, alt: str, title: str, caption: str) -> None:
        return self._do(
            lambda api: api.describe_media(media_id, alt=alt, title=title, caption=caption)
        )

    def term_names(self, taxonomy: str) -> set[str]:
        return self._do(lambda api: api.term_names(taxonomy))

    def list_posts(self, offset: int, number: int) -> list[RemotePost]:
        return self._do(lambda api: api.list_posts(offset, number))

    def close(self) -> None:
        self._primary.close()
        self._fallback.close()


def connect(
    wp: WordPressConfig, password: str, *, stop: threading.Event | None = None
) -> WordPressAPI:
    """The API for ``[wordpress]``. No network here: the first call connects.

    Each call is bounded by ``timeout_s`` as a whole; once ``stop`` is set, a call in flight
    ends at once and no new one starts (the scheduler sets it on SIGTERM).
    """
    hint = f"check [wordpress] username and the password in ${wp.password_env}"
    args = (wp.url, wp.username, password)
    rest = RestAPI(*args, timeout_s=wp.timeout_s, hint=hint, stop=stop)
    if wp.api == "rest":
        return rest
    xml = XmlRpcAPI(*args, timeout_s=wp.timeout_s, hint=hint, stop=stop)
    return _FallbackAPI(xml, rest) if wp.fallback_to_rest else xml


@contextmanager
def open_api(
    config: Config, given: WordPressAPI | None = None, *, stop: threading.Event | None = None
) -> Iterator[WordPressAPI]:
    """``given`` as is (the caller closes it); else a new API for ``[wordpress]``, closed after.

    The password comes from the environment variable ``[wordpress] password_env`` names.
    """
    if given is not None:
        yield given
        return
    password = read_secret(config.wordpress.password_env, "[wordpress] password_env")
    api = connect(config.wordpress, password, stop=stop)
    try:
        yield api
    finally:
        api.close()
