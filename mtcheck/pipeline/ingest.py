"""Turn paths into articles: find the files, decode them, extract article text from HTML,
read JSONL records. Every problem becomes a ``ScanError`` naming the file (and line), and the
scan goes on with the rest.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .records import Article, ScanError

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SCANNED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# Files in a folder that are never articles, even with a text suffix.
SKIPPED_NAMES = {"README.md", "README.txt", "LICENSE.txt", "CHANGELOG.md"}

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
STDIN = "-"

# trafilatura falls back to any text it finds ("Home" from a menu); fewer words than this is a
# page with no article on it, not a very short article.
MIN_HTML_WORDS = 5

# Legacy files in the languages mtcheck knows (de, nl, en) are Windows-1252 or Latin-1. On short
# texts charset-normalizer cannot tell cp1252 from DOS and Mac code pages that also decode
# cleanly ("Köln" read as "K÷ln" in cp775), so cp1252 wins when it is among the near-best guesses.
_PREFERRED_LEGACY = "cp1252"
_CHAOS_MARGIN = 0.1


@dataclass(frozen=True)
class Source:
    """A file (or standard input) that holds one or more articles."""

    path: str
    kind: str  # text | html | jsonl
    data: bytes | None = None  # standard input, read once so that the scan can pass over it twice


def kind_of(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def sniff_kind(data: bytes) -> str:
    """What standard input holds, from its first line: JSONL, HTML or plain text."""
    first = data.lstrip()[:512].lower()
    if first.startswith(b"{"):
        return "jsonl"
    if first.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<article")):
        return "html"
    return "text"


def _missing(path: str) -> str:
    """Why ``path`` cannot be opened: a link loop, a broken link, or nothing there."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link points back to itself"
        if os.path.islink(path):
            return f"broken symbolic link: {os.readlink(path)} does not exist"
        return f"cannot read: {exc.strerror}" if exc.errno != errno.ENOENT else "no such file or folder"
    return "no such file or folder"


def iter_sources(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source | ScanError]:
    """Expand files and folders (recursively, sorted, symlink loops cut) into sources."""
    for raw in paths:
        if raw == STDIN:
            data = sys.stdin.buffer.read(max_bytes + 1)  # read once: the scan passes over it twice
            yield Source(STDIN, sniff_kind(data), data=data)
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _walk(path)
            elif path.exists():
                yield Source(str(path), kind_of(str(path)))
            else:
                yield ScanError(str(path), _missing(str(path)))
        except OSError as exc:
            yield ScanError(str(path), f"cannot read: {exc.strerror or exc}")


def _walk(root: Path) -> Iterator[Source | ScanError]:
    seen: set[tuple[int, int]] = set()
    errors: list[ScanError] = []

    def on_error(exc: OSError) -> None:
        errors.append(ScanError(exc.filename or str(root), f"cannot read folder: {exc.strerror}"))

    for folder, dirnames, filenames in os.walk(root, followlinks=True, onerror=on_error):
        yield from errors
        errors.clear()
        try:
            stat = os.stat(folder)
        except OSError as exc:
            yield ScanError(folder, f"cannot read folder: {exc.strerror}")
            dirnames[:] = []
            continue
        identity = (stat.st_dev, stat.st_ino)
        if identity in seen:  # a symlink loop or a second link to a folder already walked
            yield ScanError(folder, "symbolic link loop: folder already scanned, skipped")
            dirnames[:] = []
            continue
        seen.add(identity)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or name in SKIPPED_NAMES:
                continue
            if Path(name).suffix.lower() not in SCANNED_SUFFIXES:
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full) and not os.path.exists(full):
                yield ScanError(full, _missing(full))
                continue
            yield Source(full, kind_of(name))
    yield from errors


def read_bytes(source: Source, max_bytes: int) -> bytes:
    """Read a source whole, refusing files over ``max_bytes`` (raises ``ValueError``)."""
    if source.data is not None:
        data = source.data
    elif source.path == STDIN:
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        with open(source.path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"too large: over {max_bytes:,} bytes (raise --max-bytes to scan it)")
    return data


# Control bytes that do not occur in text (tab, line feed, form feed and carriage return do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 kB: not text."""
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 text has NULs too: let the decoder try it when it carries a BOM.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C, not byte by byte
    return len(head) > 0 and controls / len(head) > 0.05


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes to text: a BOM's encoding (BOM removed), else UTF-8, else the encoding
    charset-normalizer finds. Returns (text, encoding); raises ``ValueError`` when nothing fits."""
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                          (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding  # the codec drops the BOM
            except UnicodeDecodeError as exc:
                raise ValueError(f"broken {encoding.upper()}: {exc.reason} at byte {exc.start}") from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ValueError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other encoding fits")
    best = matches[0]
    for match in matches:
        if match.chaos <= best.chaos + _CHAOS_MARGIN and _PREFERRED_LEGACY in match.could_be_from_charset:
            try:
                return data.decode(_PREFERRED_LEGACY), _PREFERRED_LEGACY
            except UnicodeDecodeError:
                break  # bytes cp1252 leaves undefined: trust charset-normalizer's guess
    return str(best), best.encoding


# <link rel="canonical" href="..."> or <meta property="og:url" content="...">, attributes in either order.
# Bounded quantifiers only: the page is untrusted input.
_CANONICAL_RES = (
    re.compile(r"""<link\b[^>]{0,500}?\brel\s*=\s*["']?canonical\b[^>]{0,500}?\bhref\s*=\s*["']([^"'\s>]{1,500})""", re.I),
    re.compile(r"""<link\b[^>]{0,500}?\bhref\s*=\s*["']([^"'\s>]{1,500})["'][^>]{0,500}?\brel\s*=\s*["']?canonical\b""", re.I),
    re.compile(r"""<meta\b[^>]{0,500}?\bproperty\s*=\s*["']og:url["'][^>]{0,500}?\bcontent\s*=\s*["']([^"'\s>]{1,500})""", re.I),
)


def canonical_url(html: str) -> str | None:
    """The page's canonical URL (or og:url) when it names an absolute http(s) address."""
    head = html[:200_000]  # it sits in <head>
    for pattern in _CANONICAL_RES:
        m = pattern.search(head)
        if m and m.group(1).lower().startswith(("http://", "https://")):
            return m.group(1)
    return None


def extract_html(html: str) -> str | None:
    """Main article text of an HTML page (trafilatura), or None when it finds none."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True, deduplicate=False
    )
    if not text or len(re.findall(r"\w+", text)) < MIN_HTML_WORDS:
        return None
    return text


def load(source: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ScanError]:
    """All articles in one source, or the errors that stop them."""
    try:
        data = read_bytes(source, max_bytes)
    except ValueError as exc:
        yield ScanError(source.path, str(exc))
        return
    except OSError as exc:
        yield ScanError(source.path, f"cannot read: {exc.strerror or exc}")
        return
    if not data.strip():
        yield ScanError(source.path, "empty file: no text to scan" if not data else "only whitespace: no text to scan")
        return
    if looks_binary(data):
        yield ScanError(source.path, "not text: the file looks binary (NUL or control bytes)")
        return
    try:
        text, encoding = decode(data)
    except ValueError as exc:
        yield ScanError(source.path, str(exc))
        return
    if not text.strip():  # UTF-16 blanks, or a lone BOM
        yield ScanError(source.path, "only whitespace: no text to scan")
        return
    meta = {} if encoding == "utf-8" else {"encoding": encoding}
    if source.kind == "jsonl":
        yield from _load_jsonl(source.path, text)
    elif source.kind == "html":
        try:
            extracted = extract_html(text)
        except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
            yield ScanError(source.path, f"broken HTML: {exc}")
            return
        if not extracted:
            yield ScanError(source.path, f"no article text found in the HTML (trafilatura found fewer than {MIN_HTML_WORDS} words)")
            return
        url = canonical_url(text)
        if url:
            meta["url"] = url  # the page's own address: its host names the source (pipeline/sources.py)
        yield Article(path=source.path, text=extracted, source_format="html", meta=meta)
    else:
        yield Article(path=source.path, text=text, source_format="text", meta=meta)


def _load_jsonl(path: str, text: str) -> Iterator[Article | ScanError]:
    for number, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ScanError(path, f"broken JSON: {exc.msg} at column {exc.colno}", line=number)
            continue
        if not isinstance(record, dict):
            yield ScanError(path, "JSON line is not an object", line=number)
            continue
        body = record.get("text")
        text_field = "text"
        if body is None and isinstance(record.get("sentences"), list):
            body = "\n".join(str(s) for s in record["sentences"])  # WMT-style documents
            text_field = "sentences"
        if not isinstance(body, str) or not body.strip():
            yield ScanError(path, "record has no 'text' field with text in it", line=number)
            continue
        article_id = record.get("id")
        # Small scalar fields only (label, system, url...): lists such as the WMT source
        # sentences would copy the corpus into every report.
        meta = {
            k: v
            for k, v in record.items()
            if k not in ("text", "id") and isinstance(v, (str, int, float, bool)) and len(str(v)) <= 500
        }
        meta["line"] = number
        meta["text_field"] = text_field
        # A record that names its language (ISO 639-1, as in WMT data) is taken at its word.
        lang = record.get("lang")
        lang = lang.lower() if isinstance(lang, str) and len(lang) == 2 and lang.isalpha() else None
        yield Article(
            path=path,
            text=body,
            id=str(article_id) if article_id is not None else f"line-{number}",
            lang=lang,
            lang_confidence=1.0 if lang else 0.0,
            source_format="jsonl",
            meta=meta,
        )
