// Small form behaviours without inline handlers (the Content-Security-Policy forbids them):
// - a button with data-confirm="text" asks before submitting;
// - a select with data-autosubmit submits its form when changed;
// - a form with data-next-here sends the address shown now as `next` (htmx page and sort
//   links change the address after the page was rendered).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) {
      select.form.submit();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-next-here]");
    var next = form && form.querySelector("input[name=next]");
    if (next) {
      next.value = window.location.pathname + window.location.search + window.location.hash;
    }
  });
})();
