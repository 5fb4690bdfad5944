// Draw every Plotly figure placed by the {% plotly_chart %} tag. No network: plotly.js and the
// topojson it asks for are served by Tavazon itself.
(function () {
  "use strict";
  var topojsonURL = document.documentElement.dataset.topojsonUrl;
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
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { draw(evt.target); });
})();
