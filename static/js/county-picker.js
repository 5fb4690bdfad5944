// Searchable county pickers: progressive enhancement of <select data-county-picker> with the
// vendored Tom Select (static/vendor/tom-select-*). Typing part of a county's Persian or English
// name (or its province's) narrows the list; in a multiple select the chosen counties stay in view
// as removable chips. Without JavaScript the native <select> works as before. Texts come from the
// select's data attributes, translated by the template: data-placeholder, data-no-results,
// data-remove-label; data-max caps a multiple selection. With data-search-url (more counties
// than a page should carry, counties.pickers) the select holds only the chosen counties and
// typing asks the server, which matches either name, the code, any digits and Arabic letters.
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
    // Tom Select points the label at its own search box; the original select, kept in the page
    // for the form, keeps the label's name so assistive technology can still name it.
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", label.textContent.trim());
    }
    var options = {
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
    };
    var url = select.dataset.searchUrl;
    if (url) {
      options.valueField = "value";
      options.labelField = "text";
      options.loadThrottle = 250;
      options.shouldLoad = function (query) { return query.trim().length > 0; };
      // The server has matched already (Persian digits, Arabic letters): keep its order.
      options.score = function () { return function () { return 1; }; };
      options.load = function (query, callback) {
        var sep = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query), {
          credentials: "same-origin", headers: { "Accept": "application/json" }
        }).then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      };
    }
    var picker = new window.TomSelect(select, options);
    // The hint about Ctrl and Shift is for the native list only.
    if (select.form) {
      select.form.querySelectorAll("[data-native-hint]").forEach(function (el) { el.hidden = true; });
    }
    return picker;
  }

  document.querySelectorAll("select[data-county-picker]").forEach(enhance);
})();
