// Draw every Plotly figure placed by the {% plotly_chart %} tag. No network: plotly.js and the
// topojson it asks for are served by Tavazon itself. Under Persian, every number plotly.js writes
// (axis ticks, legends, colour bars, annotations, hover labels) is shown in Persian digits with
// the Persian decimal, thousands and percent signs, as the rest of the page.
(function () {
  "use strict";
  var topojsonURL = document.documentElement.dataset.topojsonUrl;
  var persian = (document.documentElement.lang || "").slice(0, 2) === "fa";
  var DIGITS = "۰۱۲۳۴۵۶۷۸۹";

  function persianText(text) {
    return text
      .replace(/(\d),(?=\d)/g, "$1٬")
      .replace(/(\d)\.(?=\d)/g, "$1٫")
      .replace(/%/g, "٪")
      .replace(/[0-9]/g, function (d) { return DIGITS[+d]; });
  }

  function persianise(el) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentNode && node.parentNode.closest && node.parentNode.closest("svg")
          ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var node;
    while ((node = walker.nextNode())) {
      var localised = persianText(node.nodeValue);
      if (localised !== node.nodeValue) { node.nodeValue = localised; }
    }
  }

  function draw(root) {
    root.querySelectorAll(".plotly-chart[data-figure]").forEach(function (el) {
      if (el.dataset.drawn) { return; }
      var source = document.getElementById(el.dataset.figure);
      if (!source || !window.Plotly) { return; }
      var figure = JSON.parse(source.textContent);
      el.dataset.drawn = "1";
      window.Plotly.newPlot(el, figure.data, figure.layout, {
        responsive: true,
        displaylogo: false,
        topojsonURL: topojsonURL,
        modeBarButtonsToRemove: ["sendDataToCloud"]
      }).then(function () {
        if (!persian) { return; }
        persianise(el);
        el.on("plotly_afterplot", function () { persianise(el); });
        el.on("plotly_hover", function () {
          window.requestAnimationFrame(function () { persianise(el); });
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { draw(evt.target); });
})();
