"""Turn paths into articles: find the files, decode them, extract article text from HTML,
read JSONL records. Every problem becomes a ``ScanError`` naming the file (and line), and the
scan goes on with the rest.
"""

from __future__ import annotations

import errno
import io
import json
import math
import os
import re
import stat as stat_mod
import sys
import time
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

# A file whose read takes longer than this (a hung network mount) is given up as an error.
READ_TIMEOUT_S = 60.0
_READ_CHUNK = 1 << 20

# What marks an mtcheck report folder (see outputs/atomic.py) and the files a report writes in it.
REPORT_MARKER = ".mtcheck-report"
REPORT_FILES = {"findings.jsonl", "index.html"}
_PAGES_RE = re.compile(r"articles-[0-9a-f]{8}")
# How a findings.jsonl that mtcheck wrote starts (reports from before the marker file).
_FINDINGS_HEAD = re.compile(rb'\A\{"type": "run", "tool": "mtcheck"')

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
    if first.startswith(b"{") or (first.startswith(b"[") and first[1:].lstrip().startswith(b"{")):
        return "jsonl"  # a JSON array of records too: read as JSONL, it gets the error that says what it is
    if first.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<article")):
        return "html"
    return "text"


def _missing(path: str) -> str:
    """Why ``path`` cannot be opened: a link loop, a broken link, or nothing there."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _loop(path)
        if os.path.islink(path):
            return f"broken symbolic link: {os.readlink(path)} does not exist"
        return f"cannot read: {exc.strerror}" if exc.errno != errno.ENOENT else "no such file or folder"
    return "no such file or folder"


_FILE_TYPES = (
    (stat_mod.S_ISFIFO, "a named pipe (FIFO)"),
    (stat_mod.S_ISSOCK, "a socket"),
    (stat_mod.S_ISCHR, "a character device"),
    (stat_mod.S_ISBLK, "a block device"),
)


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read (only regular files are: a pipe or a device can block
    forever or never end), or None for a regular file."""
    if stat_mod.S_ISREG(mode):
        return None
    for test, name in _FILE_TYPES:
        if test(mode):
            return f"not a regular file: {name}, not read"
    return "not a regular file, not read"


def is_report_file(path: str) -> bool:
    """A file an mtcheck report wrote (``findings.jsonl``, ``index.html``) in a report folder (it
    holds the ``.mtcheck-report`` marker), or a ``findings.jsonl`` that starts with mtcheck's run
    record (reports written before the marker existed). Never an article."""
    folder, name = os.path.split(path)
    if name not in REPORT_FILES:
        return False
    if os.path.isfile(os.path.join(folder or ".", REPORT_MARKER)):
        return True
    if name == "findings.jsonl":
        try:
            with open(path, "rb") as handle:
                return bool(_FINDINGS_HEAD.match(handle.read(64)))
        except OSError:
            return False
    return False


def is_report_pages(folder: str) -> bool:
    """A pages folder of an HTML report (``articles-<8 hex digits>`` with the marker)."""
    return bool(_PAGES_RE.fullmatch(os.path.basename(folder))) and os.path.isfile(os.path.join(folder, REPORT_MARKER))


def _loop(path: str) -> str:
    """Describe a symbolic link loop: a link to itself, or the chain of links that leads back."""
    chain = [os.path.abspath(path)]
    current = chain[0]
    for _ in range(40):  # the kernel's own limit on links followed
        try:
            target = os.readlink(current)
        except OSError:
            break
        current = os.path.normpath(os.path.join(os.path.dirname(current), target))
        if current in chain:
            if current == chain[-1]:
                return "symbolic link loop: the link points back to itself"
            start = chain.index(current)
            names = [os.path.relpath(p, os.path.dirname(chain[0])) for p in chain[start:] + [current]]
            return f"symbolic link loop: {' -> '.join(names)}"
        chain.append(current)
    return "symbolic link loop: too many levels of symbolic links"


def iter_sources(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source | ScanError]:
    """Expand files and folders (recursively, sorted, symlink loops cut) into sources. Only
    regular files become sources; an mtcheck report's own files never do. A file named twice, or
    named and inside a named folder (``scan a/x.txt a/``), is read once: it was scanned, counted
    in its source and reported once per mention."""
    seen: set[str] = set()
    for item in _iter_sources(paths, max_bytes):
        if isinstance(item, Source) and item.path != STDIN:
            key = os.path.abspath(item.path)
            if key in seen:
                continue
            seen.add(key)
        yield item


def _iter_sources(paths: Iterable[str], max_bytes: int) -> Iterator[Source | ScanError]:
    for raw in paths:
        if raw == STDIN:
            data = sys.stdin.buffer.read(max_bytes + 1)  # read once: the scan passes over it twice
            yield Source(STDIN, sniff_kind(data), data=data)
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                if is_report_pages(str(path)):
                    yield ScanError(str(path), "pages of an mtcheck HTML report, not articles: not scanned")
                else:
                    yield from _walk(path)
            elif path.exists():
                why = not_regular(os.stat(path).st_mode)
                if why:
                    yield ScanError(str(path), why)
                elif is_report_file(str(path)):
                    yield ScanError(str(path), "an mtcheck report file, not articles: not scanned")
                else:
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
        # An mtcheck report's pages are never articles (nor is its findings.jsonl, below).
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not is_report_pages(os.path.join(folder, d)))
        for name in sorted(filenames):
            if name.startswith(".") or name in SKIPPED_NAMES:
                continue
            if Path(name).suffix.lower() not in SCANNED_SUFFIXES:
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full) and not os.path.exists(full):
                yield ScanError(full, _missing(full))
                continue
            try:
                why = not_regular(os.stat(full).st_mode)
            except OSError as exc:
                yield ScanError(full, f"cannot read: {exc.strerror}")
                continue
            if why:
                yield ScanError(full, why)
                continue
            if is_report_file(full):
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
        data = _read_regular(source.path, max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(f"too large: over {max_bytes:,} bytes (raise --max-bytes to scan it)")
    return data


def _read_regular(path: str, limit: int, timeout: float | None = None) -> bytes:
    """Up to ``limit`` bytes of a regular file, in chunks, within ``timeout`` seconds. Opened
    without blocking and checked on the open descriptor, so that a pipe put in the file's place
    after the walk cannot hang the scan (raises ``ValueError``)."""
    timeout = READ_TIMEOUT_S if timeout is None else timeout
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        why = not_regular(os.fstat(fd).st_mode)
        if why:
            raise ValueError(why)
        deadline = time.monotonic() + timeout
        chunks, size = [], 0
        while size < limit:
            chunk = os.read(fd, min(_READ_CHUNK, limit - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if time.monotonic() > deadline:
                raise ValueError(f"read timed out: more than {timeout:g} s to read the file")
        return b"".join(chunks)
    finally:
        os.close(fd)


# Control bytes that do not occur in text (tab, line feed, form feed and carriage return do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for what looks like UTF-16 text saved without a byte-order mark, else None
    (for the error's words; such a file is not read): in Latin-script
    text every other byte is the high byte of a code point below U+0100, NUL; so NULs fill a third or more of one
    parity of the first 8 kB and never occur at the other (a binary file has NULs at both), and the bytes decode."""
    head = data[:8192]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if even == 0 and odd * 3 >= len(head) // 2:
        encoding = "utf-16-le"
    elif odd == 0 and even * 3 >= len(head) // 2:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError:
        if len(head) == len(data):
            return None
        text = head[:-2].decode(encoding, "ignore")  # the cut may split a surrogate pair
    return None if text.translate(_TEXT_CONTROLS) != text else encoding


# What a binary file is, by its first bytes: the kinds a folder of saved pages or an export holds.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"), (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx, .xlsx, .odt or .epub file)"), (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"), (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"SQLite format 3\x00", "an SQLite database"), (b"\x7fELF", "an executable (ELF)"),
)


def binary_kind(data: bytes) -> str:
    """The error for a binary file: what it is when its first bytes say so ("a PNG image"), else the generic one.
    UTF-16 without a byte-order mark is refused too (its byte order would be a guess), but named."""
    encoding = bomless_utf16(data)
    if encoding:
        return (f"not text: {encoding.upper()} without a byte-order mark, by the NUL in every other byte; save it as "
                "UTF-8, or with a byte-order mark")
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "not text: a WebP image, by its first bytes"
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return f"not text: {kind}, by its first bytes" + (" (decompress it first)" if kind.endswith("compressed data")
                                                               else "")
    return "not text: the file looks binary (NUL or control bytes)"


# Control characters no text holds (all but tab, line feed, form feed and carriage return), for str.translate.
_TEXT_CONTROLS = dict.fromkeys(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 kB: not text."""
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 text has NULs too: let the decoder try it when it carries a BOM.
        return not head.startswith((b"\xff\xfe", b"\xfe\xff"))
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C, not byte by byte
    return len(head) > 0 and controls / len(head) > 0.05


# A valid UTF-8 sequence of two to four bytes (RFC 3629): what legacy 8-bit text almost never holds.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ESCAPED = re.compile("[\udc80-\udcff]+")


# A carriage return not followed by a line feed: the line break of old Mac files (and of some exports).
_LONE_CR = re.compile("\r(?!\n)")


def lone_cr_to_lf(text: str) -> str:
    """``text`` with each lone carriage return made a line feed, so that CR-only files have lines for the
    per-line rules, the segmenter and the report's line numbers, as LF files do. One character for one: every
    offset still points at the same character of the text. CRLF is left as it is (the segmenter reads it)."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


@dataclass
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # bytes that were not UTF-8, each replaced by U+FFFD
    lines: tuple[int, ...] = ()  # the lines (1-based) that hold them

    def __iter__(self):  # text, encoding = decode(data)
        return iter((self.text, self.encoding))


def decode(data: bytes) -> Decoded:
    """Decode bytes to text: a BOM's encoding (BOM removed), else UTF-8, else the encoding
    charset-normalizer finds. Text that is UTF-8 but for a few bytes (a stray Latin-1 phrase
    pasted into a UTF-8 file) stays UTF-8, those bytes replaced by U+FFFD and reported, rather than
    being re-decoded whole as another charset (every umlaut mojibake). Raises ``ValueError`` when
    nothing fits."""
    for bom, encoding in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                          (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding)  # the codec drops the BOM
            except UnicodeDecodeError as exc:
                raise ValueError(f"broken {encoding.upper()}: {exc.reason} at byte {exc.start}") from None
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise ValueError(f"not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other encoding fits")
    best = matches[0]
    for match in matches:
        if match.chaos <= best.chaos + _CHAOS_MARGIN and _PREFERRED_LEGACY in match.could_be_from_charset:
            try:
                return Decoded(data.decode(_PREFERRED_LEGACY), _PREFERRED_LEGACY)
            except UnicodeDecodeError:
                break  # bytes cp1252 leaves undefined: trust charset-normalizer's guess
    return Decoded(str(best), best.encoding)


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few bad bytes: at least as many valid multi-byte sequences as bad bytes (a
    Latin-1 or cp1252 file has next to no valid multi-byte sequence). None otherwise."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if not valid:
        return None
    text = data.decode("utf-8", "surrogateescape")  # each bad byte becomes one lone surrogate
    if text.startswith("\ufeff"):
        text = text[1:]
    text = lone_cr_to_lf(text)  # the lines reported below are those of a CR-only file too
    bad = [(m.start(), m.end()) for m in _ESCAPED.finditer(text)]
    replaced = sum(e - s for s, e in bad)
    if replaced > valid:
        return None
    lines, line, pos = [], 1, 0
    for start, _ in bad:
        line += text.count("\n", pos, start)
        pos = start
        if not lines or lines[-1] != line:
            lines.append(line)
    return Decoded(_ESCAPED.sub(lambda m: "\ufffd" * len(m.group()), text), "utf-8", replaced, tuple(lines))


def replaced_warning(decoded: Decoded, lines: tuple[int, ...] | None = None) -> str:
    """The warning for bytes replaced while decoding: the file's lines that held them (``lines``:
    the lines of one JSONL record instead of the whole file's)."""
    count = f"{decoded.replaced} byte{'s' if decoded.replaced != 1 else ''}" if lines is None else "bytes"
    lines = decoded.lines if lines is None else lines
    where = ", ".join(str(n) for n in lines[:10]) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
    return (f"line{'s' if len(lines) != 1 else ''} {where}: not valid UTF-8, {count} replaced by U+FFFD "
            "(the rest of the file is read as UTF-8)")


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


# libxml2 builds an HTML tree at most this many elements deep and silently drops what lies deeper (the article of a
# page with thousands of unclosed <div>s, or one nested on purpose); with its "huge" option, up to HUGE_DEPTH.
HTML_DEPTH = 256
HUGE_DEPTH = 2048


class HtmlTooDeep(ValueError):
    """The page is nested deeper than the HTML parser reads, even with its huge option."""


def _reaches(tree, depth: int) -> bool:
    """An element ``depth`` levels down from the root (the root is level 1): the parser's limit was hit."""
    return bool(tree.getroottree().getroot().xpath("/*" + "/*" * (depth - 1)))


def _huge_tree(html: str):
    """The page parsed as trafilatura parses it, but with libxml2's huge option (up to HUGE_DEPTH levels)."""
    from lxml.html import HTMLParser, fromstring

    parser = HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False, encoding="utf-8",
                        remove_comments=True, remove_pis=True)
    return fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)


def extract_html(html: str) -> str | None:
    """Main article text of an HTML page (trafilatura), or None when it finds none. Raises ``HtmlTooDeep`` when
    the page is nested deeper than the parser reads."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)  # what trafilatura.extract(html) parses first; parsed here to check its depth
    if tree is None:
        # trafilatura refuses a fragment of one element with no <html> near its start ("<p>...</p>", "<article>...",
        # a CMS export or a saved snippet) as "not HTML"; in a page of its own it is read.
        tree = load_html(f"<html><body>{html}</body></html>")
        if tree is None:
            return None
    if _reaches(tree, HTML_DEPTH):
        # Cut off at the parser's depth limit: read again with the huge option, else say so (the text past the
        # limit would be lost without a word, and "no article text" would be wrong).
        tree = _huge_tree(html)
        if _reaches(tree, HUGE_DEPTH):
            raise HtmlTooDeep(f"HTML nested too deeply: elements over {HUGE_DEPTH:,} levels deep, more than the HTML "
                              "parser (libxml2) reads; no article text read")
    text = trafilatura.extract(
        tree, include_comments=False, include_tables=False, favor_precision=True, deduplicate=False
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
        yield ScanError(source.path, binary_kind(data))
        return
    try:
        decoded = decode(data)
    except ValueError as exc:
        yield ScanError(source.path, str(exc))
        return
    del data  # the text is what is kept (a large file: the bytes are as large again)
    text, encoding = lone_cr_to_lf(decoded.text), decoded.encoding
    if not text.strip():  # UTF-16 blanks, or a lone BOM
        yield ScanError(source.path, "only whitespace: no text to scan")
        return
    meta = {} if encoding == "utf-8" else {"encoding": encoding}
    warnings = [replaced_warning(decoded)] if decoded.replaced else []
    if source.kind == "jsonl":
        yield from _load_jsonl(source.path, text, decoded)
    elif source.kind == "html":
        try:
            extracted = extract_html(text)
        except HtmlTooDeep as exc:
            yield ScanError(source.path, str(exc))
            return
        except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
            yield ScanError(source.path, f"broken HTML: {exc}")
            return
        if not extracted:
            yield ScanError(source.path, f"no article text found in the HTML (trafilatura found fewer than {MIN_HTML_WORDS} words)")
            return
        url = canonical_url(text)
        if url:
            meta["url"] = url  # the page's own address: its host names the source (pipeline/sources.py)
        yield Article(path=source.path, text=extracted, source_format="html", meta=meta, warnings=warnings)
    else:
        yield Article(path=source.path, text=text, source_format="text", meta=meta, warnings=warnings)


def json_error(exc: json.JSONDecodeError, line: str, shift: int = 0) -> str:
    """A JSON decoding error in words: "Invalid control character at" loses its dangling "at", and
    an error past the last character is "at the end of the line", never a column beyond it (``shift``: characters
    dropped from the line's start before parsing, added back to the column)."""
    message = re.sub(r"\s+at$", "", exc.msg)
    where = "at the end of the line" if exc.pos >= len(line) else f"at column {exc.colno + shift}"
    return f"broken JSON: {message} {where}"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value, found: list | None = None):
    """``value`` with every lone surrogate in its strings replaced by U+FFFD; (value, found any)."""
    top = found is None
    found = [] if found is None else found
    if isinstance(value, str):
        if _LONE_SURROGATE.search(value):
            found.append(True)
            value = _LONE_SURROGATE.sub("\ufffd", value)
    elif isinstance(value, list):
        value = [_without_surrogates(v, found) for v in value]
    elif isinstance(value, dict):
        value = {_without_surrogates(k, found): _without_surrogates(v, found) for k, v in value.items()}
    return (value, bool(found)) if top else value


def _finite(value):
    """A metadata value as strict JSON can carry it: Python's parser accepts NaN and Infinity (and
    1e999 becomes infinity), but findings.jsonl written with them is no JSON for jq or a browser,
    so they are kept as their spelling, a string."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def _json_kind(value) -> str:
    """What a JSON value is, in words (a ``text`` field that holds no string)."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "a list" if isinstance(value, list) else "an object"


def record_id(value) -> str:
    """A JSONL record's ``id`` as the string every output shows: a string as it is, any other value as JSON spells
    it (``12``, ``[1]``, ``true``, ``["a", 1]``), never Python's spelling (``True``, ``['a', 1]``, ``nan``)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _whole_json(text: str) -> str | None:
    """The error for a .jsonl file that is one JSON document instead of one record per line (a JSON array, an
    object pretty-printed over many lines: an export saved with the wrong suffix), or None when it is not one."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    hint = "JSON Lines needs one record per line"
    if isinstance(value, list):
        return (f"a JSON array of {len(value):,} item{'s' if len(value) != 1 else ''}, not JSON Lines: {hint} "
                "(jq -c '.[]' turns the array into lines)")
    if isinstance(value, dict):
        lines = text.strip().count("\n") + 1
        return f"one JSON object written over {lines:,} lines, not JSON Lines: {hint} (jq -c . puts it on one)"
    return None


def _load_jsonl(path: str, text: str, decoded: Decoded | None = None) -> Iterator[Article | ScanError]:
    bad_lines = set(decoded.lines) if decoded is not None and decoded.replaced else set()
    first_line_of: dict[str, int] = {}  # id -> the line that first carried it
    first = True
    for number, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        if first:
            first = False
            # A first line that is no record: the whole file may be one JSON document, one error instead of one
            # per line ("broken JSON" on each of a pretty-printed array's thousand lines).
            opens_record = line.strip().startswith("{") and line.strip().endswith("}")  # no parse: most files
            whole = None if opens_record else _whole_json(text)
            if whole:
                yield ScanError(path, whole)
                return
        body_of_line = line.rstrip("\r\n")  # the line's end is no column of it
        # A byte-order mark opening a line other than the first: JSONL files joined with cat, one saved with a BOM.
        shift = 1 if body_of_line.startswith("\ufeff") else 0
        body_of_line = body_of_line[shift:]
        try:
            record = json.loads(body_of_line)
            if isinstance(record, dict):
                # JSON can escape a lone surrogate ("\\ud800"), which no file can hold: U+FFFD instead
                # (one character for one, so offsets are those of the record's text).
                record, surrogates = _without_surrogates(record)
        except json.JSONDecodeError as exc:
            yield ScanError(path, json_error(exc, body_of_line, shift), line=number)
            continue
        except RecursionError:  # '[[[[...' a hundred thousand deep: Python's parser gives up
            yield ScanError(path, "broken JSON: nested too deeply to read", line=number)
            continue
        except ValueError as exc:  # valid JSON Python refuses: an integer of over 4,300 digits
            reason = str(exc).split(";", 1)[0]
            yield ScanError(path, f"unreadable JSON: {reason}", line=number)
            continue
        if not isinstance(record, dict):
            yield ScanError(path, "JSON line is not an object", line=number)
            continue
        body = record.get("text")
        text_field = "text"
        if body is None and isinstance(record.get("sentences"), list):
            body = "\n".join(str(s) for s in record["sentences"])  # WMT-style documents
            text_field = "sentences"
        if body is not None and not isinstance(body, str):
            yield ScanError(path, f"record's 'text' field is {_json_kind(body)}, not a string", line=number)
            continue
        if not isinstance(body, str) or not body.strip():
            yield ScanError(path, "record has no 'text' field with text in it", line=number)
            continue
        body = lone_cr_to_lf(body)  # a record's "\\r" line breaks, as a file's
        article_id = record.get("id")
        # An empty or blank id names nothing ("PATH#" in every output): the record is named by its line instead.
        article_id = record_id(article_id) if article_id is not None else None
        article_id = article_id if article_id and article_id.strip() else f"line-{number}"
        warnings = [replaced_warning(decoded, (number,))] if number in bad_lines else []
        if surrogates:
            warnings.append(f"line {number}: lone surrogate escapes in the record (\\ud800-\\udfff) replaced by U+FFFD")
        first = first_line_of.setdefault(article_id, number)
        if first != number:
            warnings.append(f"line {number}: the id {article_id} is also the id of line {first}: their records carry "
                            "the same id (meta.line tells them apart)")
        # Small scalar fields only (label, system, url...): lists such as the WMT source
        # sentences would copy the corpus into every report.
        meta = {
            k: _finite(v)
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
            id=article_id,
            lang=lang,
            lang_confidence=1.0 if lang else 0.0,
            source_format="jsonl",
            meta=meta,
            warnings=warnings,
        )
