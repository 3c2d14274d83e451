"""scripts/linkcheck_external.py: collects external links per page; checks them online."""

from __future__ import annotations

import http.server
import importlib.util
import threading

from conftest import ROOT

spec = importlib.util.spec_from_file_location("linkcheck_external", ROOT / "scripts" / "linkcheck_external.py")
linkcheck = importlib.util.module_from_spec(spec)
spec.loader.exec_module(linkcheck)


def test_collects_https_links_with_their_pages(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="https://doi.org/10.1/x#frag">x</a><a href="../b/">b</a>')
    (tmp_path / "index.html").write_text('<a href="https://doi.org/10.1/x">x</a><a href="tel:988">988</a>')
    assert linkcheck.external_links(tmp_path) == {"https://doi.org/10.1/x": {"a/index.html", "index.html"}}


def test_dead_link_is_reported_and_live_one_is_not():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200 if self.path == "/live" else 404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        assert linkcheck.status_of(base + "/live", timeout=5) is None
        assert linkcheck.status_of(base + "/gone", timeout=5) == "HTTP 404"
    finally:
        server.shutdown()
