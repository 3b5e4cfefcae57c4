// Health panel: draw each weekly-history chart from its json_script data (CSP-safe, no inline
// script). Runs on page load and after every htmx swap, so the fragment works inside the
// account page too; a canvas is drawn once.
(function () {
  if (window.tambookHealthPanel) { window.tambookHealthPanel.drawAll(document); return; }
  var BAND_COLOURS = { Good: "#15803d", Fair: "#b45309", Poor: "#b91c1c", "No data": "#5b6070" };

  function draw(canvas) {
    if (canvas.dataset.drawn || typeof window.Chart === "undefined") { return; }
    var source = document.getElementById(canvas.dataset.healthChart);
    if (!source) { return; }
    var weeks = JSON.parse(source.textContent);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: weeks.map(function (w) { return w.week_start + (w.final ? "" : " (provisional)"); }),
        datasets: [{
          label: "Health score",
          data: weeks.map(function (w) { return w.score; }),
          borderColor: "#1d4ed8",
          pointBackgroundColor: weeks.map(function (w) { return BAND_COLOURS[w.band] || "#5b6070"; }),
          spanGaps: false,
          tension: 0.2
        }]
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { min: 0, max: 100 } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { afterLabel: function (ctx) { return weeks[ctx.dataIndex].band; } } }
        }
      }
    });
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-health-chart]").forEach(draw);
  }

  window.tambookHealthPanel = { drawAll: drawAll };
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.body.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
  drawAll(document);
})();
