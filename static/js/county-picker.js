// Searchable county pickers: progressive enhancement of <select data-county-picker> with the
// vendored Tom Select (static/vendor/tom-select-*). Typing part of a county's Persian or English
// name (or its province's) narrows the list; in a multiple select the chosen counties stay in view
// as removable chips. Without JavaScript the native <select> works as before. Texts come from the
// select's data attributes, translated by the template: data-placeholder, data-no-results,
// data-remove-label; data-max caps a multiple selection.
(function () {
  "use strict";
  if (typeof window.TomSelect === "undefined") { return; }

  function message(text) {
    var div = document.createElement("div");
    div.className = "no-results";
    div.textContent = text || "";
    return div;
  }

  function enhance(select) {
    var multiple = select.multiple;
    var max = parseInt(select.dataset.max || "", 10);
    var plugins = {};
    if (multiple) {
      plugins.remove_button = { title: select.dataset.removeLabel || "" };
    }
    // Tom Select points the <label> at its own search box; the original <select>, still read by
    // assistive technology, keeps the label's text as its name.
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label && !select.getAttribute("aria-label")) {
      select.setAttribute("aria-label", label.textContent.trim());
    }
    var picker = new window.TomSelect(select, {
      plugins: plugins,
      maxItems: multiple ? (isNaN(max) ? null : max) : 1,
      maxOptions: null,
      searchField: ["text", "search"],
      allowEmptyOption: true,
      closeAfterSelect: true,
      hidePlaceholder: multiple,
      placeholder: select.dataset.placeholder || undefined,
      render: {
        no_results: function () { return message(select.dataset.noResults); }
      }
    });
    // The hint about Ctrl and Shift is for the native list only.
    if (select.form) {
      select.form.querySelectorAll("[data-native-hint]").forEach(function (el) { el.hidden = true; });
    }
    return picker;
  }

  document.querySelectorAll("select[data-county-picker]").forEach(enhance);
})();
