// Visit rounds: a print button for the route sheet, and the coverage charts
// drawn from the tables beside them (no inline script: the numbers live in
// the <table>). Without JavaScript the tables still read and the browser's
// own print works.
(function () {
  "use strict";
  document.querySelectorAll(".js-print").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  if (typeof Chart === "undefined") { return; }
  document.querySelectorAll("canvas.coverage-chart").forEach(function (canvas) {
    var table = document.getElementById(canvas.dataset.table);
    if (!table) { return; }
    var labels = [], ideal = [], max = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var cells = row.querySelectorAll("td");
      labels.push(row.dataset.week);
      ideal.push(parseFloat(cells[1].textContent));
      max.push(parseFloat(cells[2].textContent));
    });
    new Chart(canvas, {
      type: "line",
      data: {
        labels: labels,
        datasets: [
          { label: "Within ideal interval (%)", data: ideal, borderColor: "#1e7d4f", backgroundColor: "#1e7d4f" },
          { label: "Within maximum interval (%)", data: max, borderColor: "#1f4e79", backgroundColor: "#1f4e79" },
        ],
      },
      options: { scales: { y: { min: 0, max: 100 } }, animation: false },
    });
  });
})();
