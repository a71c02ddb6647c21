// Charts of the Assessment tab, drawn from the tables beside them (no
// inline script: the numbers live in the <table>, the windows in the
// canvas's data attributes). Without JavaScript the tables still read.
(function () {
  "use strict";
  var COLOURS = {
    target: "#b03a2e",
    buffer: "#d68910",
    control: "#2874a6",
    control_buffer: "#7d8b96",
    band_upper: "#b7950b",
  };

  function readTable(table) {
    var areas = Array.prototype.map.call(
      table.querySelectorAll("thead th[data-area]"),
      function (th) { return th.dataset.area; }
    );
    var labels = [];
    var values = areas.map(function () { return []; });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      labels.push(row.dataset.period);
      row.querySelectorAll("td").forEach(function (cell, i) {
        var text = cell.textContent.replace(/[−]/g, "-").replace(/[^0-9.\-]/g, "");
        values[i].push(text === "" ? null : Number(text));
      });
    });
    return { areas: areas, labels: labels, values: values };
  }

  // Shades the baseline and response windows and marks the response start.
  var windows = {
    id: "windows",
    beforeDatasetsDraw: function (chart) {
      var el = chart.canvas.dataset;
      var labels = chart.data.labels;
      var x = chart.scales.x;
      var area = chart.chartArea;
      var ctx = chart.ctx;
      function at(label) { return x.getPixelForValue(labels.indexOf(label)); }
      var start = labels.indexOf(el.baselineStart);
      var first = labels.indexOf(el.firstResponse);
      var end = labels.indexOf(el.responseEnd);
      ctx.save();
      if (start >= 0 && first >= 0) {
        ctx.fillStyle = "rgba(178, 186, 187, 0.25)";
        ctx.fillRect(at(el.baselineStart), area.top, at(el.firstResponse) - at(el.baselineStart), area.bottom - area.top);
      }
      if (first >= 0 && end >= 0) {
        ctx.fillStyle = "rgba(130, 224, 170, 0.25)";
        ctx.fillRect(at(el.firstResponse), area.top, at(el.responseEnd) - at(el.firstResponse), area.bottom - area.top);
        ctx.strokeStyle = "#1b2631";
        ctx.setLineDash([4, 3]);
        ctx.beginPath();
        ctx.moveTo(at(el.firstResponse), area.top);
        ctx.lineTo(at(el.firstResponse), area.bottom);
        ctx.stroke();
      }
      ctx.restore();
    },
  };

  function draw(canvas) {
    var table = document.getElementById(canvas.dataset.table);
    if (!table || typeof Chart === "undefined") { return; }
    var data = readTable(table);
    var wrap = canvas.parentElement.querySelector(".js-replaced");
    if (wrap) { wrap.hidden = true; }
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.areas.map(function (area, i) {
          return {
            label: table.querySelectorAll("thead th[data-area]")[i].textContent,
            data: data.values[i],
            borderColor: COLOURS[area] || "#333",
            backgroundColor: COLOURS[area] || "#333",
            borderDash: area === "band_upper" ? [3, 3] : [],
            pointRadius: 1.5,
            spanGaps: false,
          };
        }),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true } },
      },
      plugins: [windows],
    });
    canvas.dataset.drawn = "yes";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas.measure-chart").forEach(draw);
  });
})();
