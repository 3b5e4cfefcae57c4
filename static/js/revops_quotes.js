// Quote builder (issue 15): add/remove option columns (up to five) and fill amounts from the
// usage projection. External file: the CSP forbids inline script.
(function () {
  "use strict";
  function optionCount() { return document.querySelectorAll("#options fieldset.option").length; }

  document.addEventListener("click", function (event) {
    var remove = event.target.closest("[data-remove-option]");
    if (remove) {
      var fieldset = document.getElementById(remove.getAttribute("data-remove-option"));
      if (fieldset && optionCount() > 1) { fieldset.remove(); }
      return;
    }
    var use = event.target.closest("[data-use-projection]");
    if (use) {
      var monthly = parseFloat(use.getAttribute("data-use-projection"));
      document.querySelectorAll("#options fieldset.option").forEach(function (fs) {
        var amount = fs.querySelector("input[name$='-credit_amount']");
        var years = fs.querySelector("input[name$='-term_years']");
        var n = parseInt(years && years.value, 10) || 1;
        if (amount) {
          amount.value = (monthly * 12 * n).toFixed(2);
          amount.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    }
  });

  // The "Add an option" button asks for the next index; stop at the maximum.
  document.addEventListener("htmx:configRequest", function (event) {
    var button = event.detail.elt;
    if (button && button.id === "add-option") {
      var max = parseInt(button.getAttribute("data-max"), 10);
      if (optionCount() >= max) { event.preventDefault(); return; }
      var next = parseInt(button.getAttribute("data-next-index"), 10);
      event.detail.parameters.index = next;
      event.detail.parameters.count = optionCount();
      button.setAttribute("data-next-index", String(next + 1));
    }
  });
  document.addEventListener("htmx:afterSwap", function () {
    var button = document.getElementById("add-option");
    if (button) { button.disabled = optionCount() >= parseInt(button.getAttribute("data-max"), 10); }
  });
})();
