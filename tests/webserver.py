"""A small HTTP server on 127.0.0.1 for tests: pages, feeds, ETags, counters."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:16] + '"'


@dataclass
class Site:
    """What the server serves, and what it was asked."""

    resources: dict[str, Resource] = field(default_factory=dict)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    bodies_sent: list[str] = field(default_factory=list)

    def reset_counts(self) -> None:
        self.requests.clear()
        self.bodies_sent.clear()


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.site.requests.append((self.path, dict(self.headers)))
        resource = self.site.resources.get(self.path)
        if resource is None:
            self.send_error(404, "Not Found")
            return
        if resource.location:
            self.send_response(resource.status)
            self.send_header("Location", resource.location)
            self.end_headers()
            return
        if resource.status != 200:
            self.send_error(resource.status)
            return
        if self.headers.get("If-None-Match") == resource.etag:
            self.send_response(304)
            self.send_header("ETag", resource.etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        self.send_header("ETag", resource.etag)
        self.end_headers()
        self.wfile.write(resource.body)
        self.site.bodies_sent.append(self.path)


class TestServer:
    """``with TestServer() as server:`` serves ``server.site`` at ``server.url``."""

    __test__ = False

    def __init__(self):
        self.site = Site()
        handler = type("Handler", (_Handler,), {"site": self.site})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> TestServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class RawServer:
    """A TCP server on 127.0.0.1 whose every connection is handled by
    ``behave(connection)``: for servers that misbehave below HTTP."""

    __test__ = False

    def __init__(self, behave):
        import socket

        self.behave = behave
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.listener.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection) -> None:
        try:
            connection.settimeout(30)
            connection.recv(65536)  # the request
            self.behave(connection, self.stopping)
        except OSError:
            pass
        finally:
            connection.close()

    def __enter__(self) -> RawServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.thread.join()
        self.listener.close()
