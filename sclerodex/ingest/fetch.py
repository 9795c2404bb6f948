"""Fetching pages and feeds over HTTP(S): the only network access sclerodex makes,
and only to URLs the user gives it (or that their feeds link to).

Every request has a timeout, a size cap, a redirect limit, a content-type
check and a User-Agent that names the tool; a later request for the same URL
is conditional (ETag / Last-Modified), so unchanged pages cost no body.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from sclerodex import __version__
from sclerodex.errors import UnusableSource

USER_AGENT = f"sclerodex/{__version__} (terminal article search; fetches only what its user names)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    """A response: ``body`` is None when the server said 304 Not Modified."""

    url: str
    status: int
    body: bytes | None
    content_type: str
    etag: str | None
    last_modified: str | None


def is_url(text: str) -> bool:
    """Does the user mean a URL (any scheme) rather than a file path?"""
    scheme = urlsplit(text).scheme.lower()
    return len(scheme) > 1 and "://" in text or scheme in ("javascript", "data", "mailto")


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise UnusableSource(f"refusing {scheme}: URLs; only http and https are fetched")


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise UnusableSource(f"redirected to a {urlsplit(newurl).scheme}: URL, which is refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_LimitedRedirects())


def fetch(
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Fetched:
    """GET ``url``; raise UnusableSource with a one-line reason on any failure."""
    check_scheme(url)
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(ACCEPTED_TYPES), "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if content_type not in ACCEPTED_TYPES:
                raise UnusableSource(f"not an article or feed (content type {content_type})")
            body = _read_capped(response, max_bytes)
            return Fetched(
                url=response.geturl(),
                status=response.status,
                body=body,
                content_type=content_type,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(url, 304, None, "", etag, last_modified)
        if error.code in (301, 302, 303, 307, 308):
            raise UnusableSource(f"too many redirects (more than {MAX_REDIRECTS})") from None
        raise UnusableSource(f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise UnusableSource(f"no answer within {timeout:g}s") from None
        raise UnusableSource(f"cannot fetch: {reason}") from None
    except (TimeoutError, socket.timeout):
        raise UnusableSource(f"no answer within {timeout:g}s") from None
    except (ConnectionError, OSError, ValueError) as error:
        raise UnusableSource(f"cannot fetch: {error}") from None


def _read_capped(response, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise UnusableSource(f"larger than the {max_bytes // (1024 * 1024)} MB limit")
    chunks, total = [], 0
    while chunk := response.read(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise UnusableSource(f"larger than the {max_bytes // (1024 * 1024)} MB limit")
        chunks.append(chunk)
    return b"".join(chunks)
