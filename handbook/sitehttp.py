"""Serve a built site on 127.0.0.1 for a browser: the one small static server of the project.

Used by `make pdf` (scripts/make_pdf.py), `make bench` (scripts/bench.py, which adds gzip)
and the browser tests (tests/conftest.py). It serves the site under the path of its
site_url (e.g. /ketamine-handbook/, as GitHub Pages does), answers misses with the site's
404.html, logs nothing, and listens only on a free port of the loopback address.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix`, with 404.html for misses."""

    prefix = "/"

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def normal_prefix(prefix: str) -> str:
    """'' or '/' -> '/'; 'a' or '/a' or '/a/' -> '/a/'."""
    return "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"


@contextmanager
def serve(site: Path, prefix: str = "/", handler: type[SiteHandler] = SiteHandler):
    """Serve `site` at http://127.0.0.1:<free port><prefix> in a thread; yields that URL."""
    prefix = normal_prefix(prefix)
    bound = type("Handler", (handler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(bound, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
