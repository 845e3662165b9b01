"""The HTML report in a real browser (headless Debian chromium): the page renders its highlights,
its own script runs, a script injected through the article text does not, and a screenshot is
taken. Skipped only when no chromium binary is installed (.ci/run installs one)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from mtcheck.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary found")

INJECTED = (
    '<script>document.title = "PWNED-1"</script>\n'
    '"><img src=x onerror="document.title = \'PWNED-2\'"> </textarea><svg onload="document.title=\'PWNED-3\'">\n'
)


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", f"--user-data-dir={profile}",
        "--hide-scrollbars", *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """A real scan of the seeds plus one article carrying markup that must stay inert."""
    seeds_dir = SEEDS
    src = tmp_path_factory.mktemp("src")
    for seed in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(seed, src / seed.name)
    mt = (seeds_dir / "000_a35475a38765537f.txt").read_text(encoding="utf-8")
    paragraphs = mt.split("\n\n")
    evil = "\n\n".join(paragraphs[:6] + [INJECTED] + paragraphs[6:])
    (src / "evil.txt").write_text(evil, encoding="utf-8")
    out = tmp_path_factory.mktemp("report")
    main(["scan", str(src), "--out", str(out), "--quiet"])
    assert (out / "index.html").is_file()
    return out


def page_of(out: Path, name: str) -> Path:
    return next(out.glob(f"articles-*/{name}*.html"))


def test_dom_has_highlights_and_the_injected_script_did_not_run(report, tmp_path):
    page = page_of(report, "evil")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert '<html lang="en" class="js">' in dom  # the report's own script ran...
    assert "PWNED" not in dom.split("</title>")[0]  # ...the injected ones did not set the title
    assert "<title>" in dom and "evil.txt" in dom.split("</title>")[0]
    assert dom.count('<mark class="hl') >= 5
    assert "<img" not in dom and "<svg" not in dom
    assert "&lt;script&gt;document.title" in dom  # shown as text


def test_index_renders_in_the_browser(report, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", (report / "index.html").as_uri()).stdout
    assert 'class="js"' in dom
    assert dom.count("<tr>") >= 7  # header + six articles
    assert "evil.txt" in dom and "000_a35475a38765537f.txt" in dom


def test_screenshot_of_the_mt_article(report, tmp_path):
    shot = tmp_path / "page.png"
    chromium(tmp_path, "--window-size=1280,900", f"--screenshot={shot}", page_of(report, "000_a35475").as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 900)
    # Not a blank page: the decoded pixels hold many distinct byte values (text, colours).
    chunks, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    assert len(set(pixels)) > 64


HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>harness</title></head><body>
<iframe id="page" src="%s"></iframe><pre id="out">not run</pre>
<script>
document.getElementById("page").addEventListener("load", function () {
  var d = this.contentDocument, r = {};
  try {
    var box = d.querySelector("input.cat-filter");
    r.cat = box.value;
    var only = d.querySelectorAll('.text mark[data-cats="' + box.value + '"]');
    r.only = only.length;
    r.offBefore = d.querySelectorAll("mark.off").length;
    box.checked = false;
    box.dispatchEvent(new Event("change"));
    r.offAfter = Array.prototype.filter.call(only, function (m) { return m.classList.contains("off"); }).length;
    r.itemsHidden = d.querySelectorAll('ol.flist li[hidden]').length;
    r.items = d.querySelectorAll('ol.flist li[data-cats="' + box.value + '"]').length;
    r.othersOff = d.querySelectorAll("mark.off").length - r.offAfter;
    box.checked = true;
    box.dispatchEvent(new Event("change"));
    r.offRestored = d.querySelectorAll("mark.off").length;
  } catch (e) { r.error = String(e); }
  document.getElementById("out").textContent = JSON.stringify(r);
});
</script></body></html>"""


def test_category_filter_hides_and_restores_highlights(report, tmp_path):
    """Untick a category in the legend (through a harness page that drives the report in a frame)."""
    import json
    import re

    harness = tmp_path / "harness.html"
    harness.write_text(HARNESS % page_of(report, "000_a35475").as_uri(), encoding="utf-8")
    dom = chromium(tmp_path, "--allow-file-access-from-files", "--dump-dom", harness.as_uri()).stdout
    r = json.loads(re.search(r'<pre id="out">([^<]*)</pre>', dom).group(1).replace("&quot;", '"'))
    assert "error" not in r, r
    assert r["only"] > 0 and r["offBefore"] == 0
    assert r["offAfter"] == r["only"]  # every span of that category alone loses its highlight
    assert r["itemsHidden"] == r["items"] > 0  # and its findings leave the list
    assert r["othersOff"] == 0 and r["offRestored"] == 0


SORT_HARNESS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>harness</title></head><body>
<iframe id="page" src="%s"></iframe><pre id="out">not run</pre>
<script>
document.getElementById("page").addEventListener("load", function () {
  var d = this.contentDocument, r = {};
  function column(i) {
    return Array.prototype.map.call(d.querySelectorAll("#articles tbody tr"), function (tr) {
      return parseFloat(tr.cells[i].getAttribute("data-v"));
    });
  }
  try {
    var buttons = d.querySelectorAll("#articles thead button");
    var words = Array.prototype.findIndex.call(buttons, function (b) { return b.textContent.trim() === "words"; });
    r.initialScores = column(2);
    buttons[words].click();
    r.first = column(words);
    buttons[words].click();
    r.second = column(words);
  } catch (e) { r.error = String(e); }
  document.getElementById("out").textContent = JSON.stringify(r);
});
</script></body></html>"""


def test_index_table_sorts_by_a_column(report, tmp_path):
    import json
    import re

    harness = tmp_path / "sort.html"
    harness.write_text(SORT_HARNESS % (report / "index.html").as_uri(), encoding="utf-8")
    dom = chromium(tmp_path, "--allow-file-access-from-files", "--dump-dom", harness.as_uri()).stdout
    r = json.loads(re.search(r'<pre id="out">([^<]*)</pre>', dom).group(1).replace("&quot;", '"'))
    assert "error" not in r, r
    assert r["initialScores"] == sorted(r["initialScores"], reverse=True)  # worst first, no JS needed
    assert len(r["first"]) == 6 and len(set(r["first"])) > 1
    assert r["first"] == sorted(r["first"], reverse=True)
    assert r["second"] == sorted(r["second"])
