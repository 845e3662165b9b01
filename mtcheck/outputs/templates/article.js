// The category filter and click-to-list. An extra: without JS the page shows everything.
(function () {
  var root = document.documentElement;
  root.className = root.className.replace("nojs", "js");
  var muted = (document.body.getAttribute("data-muted") || "").split(" ");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.cat-filter"));
  var marks = Array.prototype.slice.call(document.querySelectorAll(".text mark[data-cats]"));
  var items = Array.prototype.slice.call(document.querySelectorAll("ol.flist li[data-cats]"));
  marks.forEach(function (m) { m.setAttribute("data-class", m.className); });

  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.value] = b.checked; });
    marks.forEach(function (m) {
      var cats = m.getAttribute("data-cats").split(" ");
      var shown = cats.filter(function (c) { return on[c] !== false; });
      if (shown.length === cats.length) { m.className = m.getAttribute("data-class"); return; }
      var keep = m.getAttribute("data-class").split(" ").filter(function (c) {
        return c === "point" || c === "bt-s";
      });
      if (shown.length === 0) {
        keep.push("hl", "off");
      } else {
        keep.push("hl", "c-" + shown[0]);
        if (shown.length > 1) keep.push("multi");
        if (shown.every(function (c) { return muted.indexOf(c) >= 0; })) keep.push("muted");
      }
      m.className = keep.join(" ");
    });
    items.forEach(function (li) { li.hidden = on[li.getAttribute("data-cats")] === false; });
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });

  // Clicking a highlighted span shows its entry in the findings list.
  marks.forEach(function (m) {
    m.addEventListener("click", function () {
      var li = document.getElementById("l-f" + m.getAttribute("data-f"));
      if (li && !li.hidden) { location.hash = li.id; }
    });
  });
})();
