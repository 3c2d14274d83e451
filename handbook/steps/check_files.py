"""Only reviewed kinds of file reach the site, none of them a link to a machine file.

- No symbolic links anywhere in docs/, includes/ or overrides/: a committed symlink can point
  at /etc/passwd, ~/.ssh or /proc/self/environ, and MkDocs and the snippets extension would
  copy or include what it points to. Checked before anything is read (on_config).
- Every file under docs/ that MkDocs would copy into the site has a type on the allowlist
  below (by suffix, and for code by folder); anything else (.html, .xhtml, .xml, .txt, .json,
  ...) fails the build: a browser opening it directly runs it on the site's origin with no CSP.
- SVG files are parsed as XML, as browsers do when they open one, with DTDs and entities
  refused (defusedxml): no <script> (in any namespace), no <foreignObject>, no event-handler
  attributes, no javascript:, and links and references only inside the file (#id).

Every problem fails the build, naming the file (and, for SVG, the line) and the fix.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_external_ges, feature_external_pes, feature_namespaces

import defusedxml.sax
from defusedxml import DefusedXmlException
from mkdocs.exceptions import PluginError

from handbook.logs import step_logger
from handbook.markdown_source import SNIPPET_LINE, SNIPPET_SUFFIX, snippet_lines

log = step_logger(__name__)

RUNS_AFTER = {"check_config": "the configuration is checked before any file is read"}

NO_LINKS_IN = ("docs", "includes", "overrides")
#: suffix -> folders under docs/ where it may be ("" = anywhere).
ALLOWED = {
    ".md": ("",),
    ".png": ("",), ".jpg": ("",), ".jpeg": ("",), ".gif": ("",), ".webp": ("",), ".avif": ("",),
    ".svg": ("",),
    ".pdf": ("",),
    ".ico": ("assets/",),
    ".css": ("assets/stylesheets/",),
    ".js": ("assets/javascripts/",),
    ".woff2": ("assets/fonts/",),
}
SVG_BANNED = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
SVG_NS = "http://www.w3.org/2000/svg"
_errors: list[str] = []

# ---- Hooks ----


def on_config(config, **kwargs):
    root = Path(config.config_file_path).parent
    links = symlinks(root, [Path(config.docs_dir)] + [root / d for d in NO_LINKS_IN[1:]]
                     + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else []))
    if links:
        for path, target in links:
            log.error(f"{_rel(path, root)}:1: is a symbolic link (to {target}). Links can publish files from "
                      "outside the repository. Fix: commit the file itself, or remove the link.")
        raise PluginError(f"{len(links)} symbolic link(s) in docs/, includes/ or overrides/; listed above.")
    return config


def on_pre_build(config, **kwargs) -> None:
    _errors.clear()


def on_files(files, *, config):
    root = Path(config.config_file_path).parent
    docs = os.path.realpath(config.docs_dir)
    for file in files:
        if not file.abs_src_path or not os.path.realpath(file.abs_src_path).startswith(docs + os.sep):
            continue  # theme and plugin files
        label = _rel(Path(file.abs_src_path), root)
        problem = file_type_problem(file.src_uri)
        if problem:
            _fail(f"{label}:1: {problem}")
            continue
        if file.src_uri.lower().endswith(".svg"):
            for line, message in svg_problems(Path(file.abs_src_path).read_bytes()):
                _fail(f"{label}:{line}: {message}")
    if _errors:
        raise PluginError(f"{len(_errors)} file(s) under docs/ may not be published; each is listed above.")
    return files


def on_page_markdown(markdown, *, page, config, files):
    root = Path(config.config_file_path).parent
    escapes = snippet_escapes(page.file.content_string or "", root)
    for line, name in escapes:
        _fail(f"docs/{page.file.src_uri}:{line}: includes `{name}`, which is not a file in includes/. Snippets come "
              "only from includes/ (never .git/, .env or other files of the build machine). Fix: put the text "
              "in a file in includes/ and include it by its name.")
    if escapes:
        # The build fails at the end; meanwhile the snippets extension never sees these lines.
        names = {name for _, name in escapes}
        kept = []
        for line in markdown.split("\n"):
            match = SNIPPET_LINE.match(line)
            if match and SNIPPET_SUFFIX.sub("", match.group("path")) in names:
                line = ""
            kept.append(line)
        markdown = "\n".join(kept)
    return markdown


def on_post_build(config, **kwargs) -> None:
    if _errors:
        raise PluginError(f"{len(_errors)} file(s) or include(s) may not be published; each is listed above.")


# ---- Helper functions ----




def snippet_escapes(markdown: str, root: Path) -> list[tuple[int, str]]:
    """`(line, name)` of each snippet a page names that is not a file in includes/ (or
    CHANGELOG.md). The snippets extension itself is limited to those (mkdocs.yml base_path);
    this names the page and line when a page tries anything else."""
    allowed_dir = os.path.realpath(root / "includes")
    changelog = os.path.realpath(root / "CHANGELOG.md")
    found = []
    for number, name in snippet_lines(markdown):
        if "://" in name:
            found.append((number, name))
            continue
        target = os.path.realpath(Path(allowed_dir) / name)
        if os.path.realpath(root / name) == changelog:
            continue
        if not target.startswith(allowed_dir + os.sep) or not os.path.isfile(target):
            found.append((number, name))
    return found


def _fail(message: str) -> None:
    _errors.append(message)
    log.error(message)


def _rel(path: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return path.as_posix()


def symlinks(root: Path, folders: list[Path]) -> list[tuple[Path, str]]:
    """Every symbolic link (to a file or a folder) under `folders`, without following any."""
    found = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_symlink():
            found.append((folder, os.readlink(folder)))
            continue
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            for name in dirnames + filenames:
                path = Path(dirpath) / name
                if path.is_symlink():
                    found.append((path, os.readlink(path)))
    return sorted(found)


def file_type_problem(src_uri: str) -> str | None:
    """Why this file under docs/ may not be published, or None if its type is allowed."""
    name = src_uri.lower()
    suffix = Path(name).suffix
    where = ALLOWED.get(suffix)
    if where is None:
        kinds = ", ".join(sorted(ALLOWED))
        return (f"files of type `{suffix or '(none)'}` may not be published: a browser may run or show them "
                f"outside the handbook's pages and its safety notices. Allowed under docs/: {kinds}. "
                "Fix: remove the file, or write the page in Markdown.")
    if "" not in where and not name.startswith(where):
        return (f"`{suffix}` files are theme code and may only be in docs/{' or docs/'.join(where)} "
                "(reviewed by code owners). Fix: move or remove the file.")
    if "/." in "/" + name:
        return "hidden files (starting with a dot) may not be published. Fix: remove the file."
    return None


class _SvgHandler(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[tuple[int, str]] = []
        self._locator = None
        self._style: int | None = None
        self._style_text: list[str] = []

    def setDocumentLocator(self, locator):
        self._locator = locator

    def _line(self) -> int:
        return self._locator.getLineNumber() if self._locator else 1

    def startElementNS(self, name, qname, attrs):
        uri, local = name
        local_l = (local or "").lower()
        if local_l in SVG_BANNED:
            self.problems.append((self._line(), f"an SVG <{qname or local}> element: SVG files may not run code "
                                  "or embed other documents. Fix: export the drawing without scripts "
                                  "(e.g. Inkscape's 'Plain SVG' or svgo)."))
        if uri and uri not in (SVG_NS, "http://www.w3.org/1999/xlink"):
            self.problems.append((self._line(), f"an element in the namespace {uri}: SVG files may hold only SVG. "
                                  "Fix: export as plain SVG."))
        if local_l == "style":
            self._style, self._style_text = self._line(), []
        for (_a_uri, a_local), value in attrs.items():
            a_local_l = (a_local or "").lower()
            value_l = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            if a_local_l.startswith("on"):
                self.problems.append((self._line(), f"an event-handler attribute `{a_local}=`: SVG files may not run code. "
                                      "Fix: remove it."))
            elif "javascript:" in value_l or "vbscript:" in value_l or "data:text/html" in value_l:
                self.problems.append((self._line(), f"a script URL in `{a_local}=`. Fix: remove it."))
            elif a_local_l == "href" and not (value or "").strip().startswith("#"):
                self.problems.append((self._line(), f"`{a_local}=\"{value}\"` points outside the file: SVG files may "
                                      "only refer to their own parts (#id). Fix: embed the image or remove the link."))
            elif a_local_l == "attributename" and value_l in ("href", "xlink:href"):
                self.problems.append((self._line(), "an animation that changes a link: SVG files may not do that. Fix: remove it."))
            elif a_local_l == "style" and re.search(r"url\(|@import|expression\(", value_l):
                self.problems.append((self._line(), "a style that loads another file. Fix: remove it."))

    def characters(self, content):
        if self._style is not None:
            self._style_text.append(content)

    def endElementNS(self, name, qname):
        if (name[1] or "").lower() == "style" and self._style is not None:
            css = "".join(self._style_text).lower()
            if re.search(r"url\(\s*['\"]?(?!#)|@import|expression\(", css):
                self.problems.append((self._style, "an SVG <style> that loads another file. Fix: remove it."))
            self._style = None


def svg_problems(data: bytes) -> list[tuple[int, str]]:
    """`(line, message)` for everything in an SVG file that could run code or load another file.
    The file is parsed as XML (as a browser opening it would), with DTDs and entities refused."""
    handler = _SvgHandler()
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = True
    parser.forbid_entities = True
    parser.forbid_external = True
    parser.setFeature(feature_namespaces, True)
    parser.setFeature(feature_external_ges, False)
    parser.setFeature(feature_external_pes, False)
    parser.setContentHandler(handler)
    try:
        import io

        parser.parse(io.BytesIO(data))
    except DefusedXmlException as exc:
        line = handler._line()
        return handler.problems + [(line, f"a DTD or entity declaration ({type(exc).__name__}): entities can "
                                    "expand into scripts. Fix: export the SVG without a DOCTYPE.")]
    except SAXParseException as exc:
        return handler.problems + [(exc.getLineNumber() or 1, f"not well-formed XML ({exc.getMessage()}); a "
                                    "browser would not show it. Fix: export the SVG again.")]
    return handler.problems
