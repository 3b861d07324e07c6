// Phones: each table row is shown as a card (app.css); label every cell with its column's heading so a
// card still says what each value is. Header rows are the rows with only <th> cells.
(function () {
  "use strict";
  document.querySelectorAll("main table").forEach(function (table) {
    var rows = Array.prototype.slice.call(table.rows), headings = null;
    rows.forEach(function (row) {
      var cells = Array.prototype.slice.call(row.cells);
      if (cells.length && cells.every(function (c) { return c.tagName === "TH"; })) {
        headings = [];
        cells.forEach(function (c) {
          for (var i = 0; i < (c.colSpan || 1); i++) headings.push(c.textContent.trim());
        });
        return;
      }
      if (!headings) return;
      var column = 0;
      cells.forEach(function (c) {
        var label = headings[column];
        if (c.tagName === "TD" && label && !c.hasAttribute("data-label")) c.setAttribute("data-label", label);
        column += c.colSpan || 1;
      });
    });
  });
})();
