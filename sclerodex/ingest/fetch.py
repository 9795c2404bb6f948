"""Fetching pages and feeds over HTTP(S): the only network access sclerodex makes,
and only to URLs the user gives it (or that their feeds link to).

Every request has a deadline for the whole exchange (a server that drips one
byte a second is cut off like one that never answers), a size cap (also on
what a compressed body expands to), a redirect limit, a content-type check and
a User-Agent naming the tool.  A later request for the same URL is
conditional (ETag / Last-Modified), so an unchanged page costs no body.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from sclerodex import __version__
from sclerodex.errors import SourceGone, UnusableSource
from sclerodex.ingest.kinds import ACCEPTED_TYPES
from sclerodex.ingest.limits import DEFAULT_MAX_BYTES, too_large

USER_AGENT = f"sclerodex/{__version__} (terminal article search; fetches only what its user names)"
DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
ALLOWED_SCHEMES = ("http", "https")
_CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)
_GONE = (404, 410)  # the page is not there: "update --prune" may remove its article


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
    return (len(scheme) > 1 and "://" in text) or scheme in ("javascript", "data", "mailto", "about")


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise UnusableSource(f"refusing {scheme}: URLs; only http and https are fetched")


def fetch(
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Fetched:
    """GET ``url`` within ``timeout`` seconds in all; raise UnusableSource with
    a one-line reason on any failure."""
    check_scheme(url)
    deadline = time.monotonic() + timeout
    conditional = {}
    if etag:
        conditional["If-None-Match"] = etag
    if last_modified:
        conditional["If-Modified-Since"] = last_modified
    for _ in range(MAX_REDIRECTS + 1):
        result = _exchange(url, conditional, deadline, timeout, max_bytes)
        if isinstance(result, Fetched):
            return result
        url = urljoin(url, result)
        if urlsplit(url).scheme.lower() not in ALLOWED_SCHEMES:
            raise UnusableSource(f"redirected to a {urlsplit(url).scheme}: URL, which is refused")
        conditional = {}
    raise UnusableSource(f"too many redirects (more than {MAX_REDIRECTS})")


def _exchange(url: str, conditional: dict, deadline: float, timeout: float, max_bytes: int) -> Fetched | str:
    """One request; a Fetched, or the Location of a redirect."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise UnusableSource("URL has no host")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise UnusableSource(f"no complete answer within {timeout:g}s")
    try:
        port = parts.port
    except ValueError:
        raise UnusableSource("URL has an invalid port") from None
    if parts.scheme.lower() == "https":
        connection = http.client.HTTPSConnection(parts.hostname, port, timeout=remaining, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=remaining)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": ", ".join(ACCEPTED_TYPES),
        "Accept-Encoding": "gzip, deflate",
        **conditional,
    }
    watchdog = threading.Timer(remaining, _cut_off, (connection,))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        if response.status in _REDIRECTS:
            location = response.getheader("Location")
            if not location:
                raise UnusableSource(f"HTTP {response.status} redirect without a Location")
            return location
        if response.status == 304:
            return Fetched(url, 304, None, "", response.getheader("ETag"), response.getheader("Last-Modified"))
        if response.status in _GONE:
            raise SourceGone(f"HTTP {response.status} {response.reason}".rstrip())
        if response.status != 200:
            raise UnusableSource(f"HTTP {response.status} {response.reason}".rstrip())
        content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if content_type not in ACCEPTED_TYPES:
            raise UnusableSource(f"not an article or feed (content type {content_type or 'missing'})")
        try:
            body = _read_body(response, max_bytes)
        finally:
            if time.monotonic() >= deadline:  # the watchdog cut the body short
                raise UnusableSource(f"no complete answer within {timeout:g}s")
        return Fetched(url, 200, body, content_type, response.getheader("ETag"), response.getheader("Last-Modified"))
    except UnusableSource:
        raise
    except (socket.timeout, TimeoutError):
        raise UnusableSource(f"no complete answer within {timeout:g}s") from None
    except ssl.SSLError as error:
        raise UnusableSource(f"TLS error: {error.reason or error}") from None
    except http.client.IncompleteRead:
        raise UnusableSource("the server closed the connection before the end of the body") from None
    except (http.client.HTTPException, OSError, ValueError) as error:
        if time.monotonic() >= deadline:
            raise UnusableSource(f"no complete answer within {timeout:g}s") from None
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise UnusableSource(f"cannot fetch: {reason}") from None
    finally:
        watchdog.cancel()
        connection.close()


def _cut_off(connection: http.client.HTTPConnection) -> None:
    """The deadline passed: shut the socket so a blocked read returns."""
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _read_body(response: http.client.HTTPResponse, max_bytes: int) -> bytes:
    """The body, decompressed if it came compressed, never more than ``max_bytes``."""
    declared = response.getheader("Content-Length")
    if declared and declared.strip().isdigit() and int(declared) > max_bytes:
        raise too_large(max_bytes)
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj()
    elif encoding == "identity":
        inflater = None
    else:
        raise UnusableSource(f"unsupported content encoding {encoding}")
    chunks, total, received = [], 0, 0
    while chunk := response.read(_CHUNK):
        received += len(chunk)
        if inflater is not None:
            try:
                chunk = inflater.decompress(chunk, max_bytes + 1 - total)
            except zlib.error:
                raise UnusableSource("corrupt compressed body") from None
            if inflater.unconsumed_tail:
                raise too_large(max_bytes)
        total += len(chunk)
        if total > max_bytes:
            raise too_large(max_bytes)
        chunks.append(chunk)
    if declared and declared.strip().isdigit() and received < int(declared):
        raise UnusableSource("the server closed the connection before the end of the body")
    return b"".join(chunks)
