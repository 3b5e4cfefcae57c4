// The TAM Quota Tracker's charts, fed by the page's json_script (CSP: no inline script).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("quota-chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var byMonth = document.getElementById("quota-attainment-chart");
    if (byMonth) {
      new Chart(byMonth, {
        type: "bar",
        data: { labels: data.months, datasets: [{ label: "Attainment if the quarter ended after the month", data: data.attainment_by_month }] },
        options: { responsive: true, plugins: { legend: { display: true } } }
      });
    }
    var byAccount = document.getElementById("quota-accounts-chart");
    if (byAccount) {
      new Chart(byAccount, {
        type: "bar",
        data: { labels: data.accounts, datasets: [{ label: "Contribution", data: data.contribution_by_account }] },
        options: { indexAxis: "y", responsive: true }
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
