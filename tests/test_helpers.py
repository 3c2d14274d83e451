"""The shared helpers: one way each to read front matter, code fences, page URLs and Chromium."""

from __future__ import annotations

import pytest

from handbook import chromium, fences, frontmatter, urls
from handbook.steps.check_headings import heading_problems


def test_front_matter_is_split_as_mkdocs_does_with_the_line_offset():
    source = "---\ntitle: Risks\nreviewer: Pharmacist\n---\n\n# Risks\n"
    meta, body, offset = frontmatter.split(source)
    assert meta["title"] == "Risks" and body.startswith("# Risks") and offset == 5
    assert frontmatter.key_line(source, "reviewer") == 3
    assert frontmatter.split("# No front matter\n") == ({}, "# No front matter\n", 0)


def test_a_longer_fence_may_show_a_shorter_one():
    text = "````\n```\n# not a heading\n```\n````\n# Title"
    assert [line for _i, line in fences.lines_outside_code(text)] == ["# Title"]


def test_check_headings_honours_fence_length():
    # Before: check_headings toggled on any ``` line, so the inner one "closed" the fence.
    body = "# Title\n\n````md\n```\n# Example H1 inside code\n```\n````\n"
    assert heading_problems(body) == []


@pytest.mark.parametrize(("src", "url", "built"), [
    ("index.md", "", "index.html"), ("risks.md", "risks/", "risks/index.html"), ("a/index.md", "a/", "a/index.html"),
])
def test_page_urls(src, url, built):
    assert urls.page_url(src) == url and urls.built_file(src) == built


def test_chromium_rule():
    assert chromium.find({"CHROMIUM": "/x/chrome"}, is_executable=lambda p: True) == "/x/chrome"
    with pytest.raises(FileNotFoundError):
        chromium.find({"CHROMIUM": "/nope"}, is_executable=lambda p: False)
    assert chromium.find({}, is_executable=lambda p: p == chromium.DEBIAN_CHROMIUM) == chromium.DEBIAN_CHROMIUM
    assert chromium.find({"PATH": "/bin"}, is_executable=lambda p: False, which=lambda n, path: None) is None


@pytest.mark.xdist_group("self-check")
def test_loadgroup_schedules_by_the_group_in_the_node_id(request):
    """`make test` runs `-n 2 --dist loadgroup`: a grouped test's node id must carry "@group",
    or xdist spreads the group over both workers (pytest 9 + xdist 3.8 did, silently)."""
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run with --dist loadgroup (make test runs it so)")
    assert request.node.nodeid.endswith("@self-check"), request.node.nodeid
