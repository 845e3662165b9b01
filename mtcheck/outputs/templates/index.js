// Sort the articles table by a column (click again to reverse). An extra: the HTML is already worst first.
(function () {
  var root = document.documentElement;
  root.className = root.className.replace("nojs", "js");
  var table = document.getElementById("articles");
  if (!table) return;
  var body = table.tBodies[0];
  var buttons = Array.prototype.slice.call(table.tHead.querySelectorAll("button"));
  buttons.forEach(function (button, col) {
    var th = button.parentNode;
    button.addEventListener("click", function () {
      var numeric = button.getAttribute("data-type") === "num";
      var descending = th.getAttribute("aria-sort") !== "descending";
      buttons.forEach(function (b) { b.parentNode.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
        var d = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return descending ? -d : d;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
