/* Billing charts (CSP-safe: data from json_script, no inline script). Works on full pages and on
   fragments htmx swaps in (the account page pulls the billing panel). */
(function () {
  "use strict";
  const palette = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#65a30d", "#db2777"];

  function read(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function mrrChart(canvas, data) {
    const datasets = [{ type: "line", label: data.total_label, data: data.total.map(Number), borderColor: "#111827",
      backgroundColor: "#111827", tension: 0.2 }];
    Object.keys(data.products).forEach(function (key, i) {
      datasets.push({ type: "bar", label: data.product_label + " · " + key, data: data.products[key].map(Number),
        backgroundColor: palette[i % palette.length], stack: "products" });
    });
    return new window.Chart(canvas, { data: { labels: data.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true } } } });
  }

  function runwayChart(canvas, data) {
    return new window.Chart(canvas, { type: "line", data: { labels: data.labels, datasets: [
      { label: "Available credit", data: data.available.map(Number), borderColor: "#2563eb", yAxisID: "y" },
      { label: "Runway (days)", data: data.runway_days, borderColor: "#dc2626", yAxisID: "days" },
    ] }, options: { responsive: true, maintainAspectRatio: false,
      scales: { y: { position: "left" }, days: { position: "right", grid: { drawOnChartArea: false } } } } });
  }

  function draw(root) {
    if (!window.Chart) { return; }
    (root || document).querySelectorAll("canvas[data-billing-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      const data = read(canvas.dataset.source);
      if (!data) { return; }
      canvas.dataset.drawn = "1";
      (canvas.dataset.billingChart === "mrr" ? mrrChart : runwayChart)(canvas, data);
    });
  }

  if (!window.tambookBillingCharts) {
    window.tambookBillingCharts = draw;
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
    document.addEventListener("htmx:load", function (event) { draw(event.target); });
  }
  draw(document);
})();
