"""scripts/sitehttp.py: the static server behind make pdf, make bench and browser tests."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from handbook.sitehttp import normal_prefix, serve


@pytest.mark.parametrize("given, expected", [("", "/"), ("/", "/"), ("a", "/a/"), ("/a", "/a/"), ("/a/b/", "/a/b/")])
def test_prefix_is_normalised(given, expected):
    assert normal_prefix(given) == expected


def test_serves_under_prefix_and_answers_misses_with_404_page(tmp_path):
    (tmp_path / "risks").mkdir()
    (tmp_path / "risks" / "index.html").write_text("risks page")
    (tmp_path / "404.html").write_text("our 404 page")
    with serve(tmp_path, "/handbook/") as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/handbook/")
        assert urllib.request.urlopen(url + "risks/", timeout=5).read() == b"risks page"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + "gone/", timeout=5)
        assert missing.value.code == 404
        assert missing.value.read() == b"our 404 page"
