// The basic bundle: the trace types of entry.js less the maps (choropleth and the geo code it
// brings), for pages whose charts are no map; static/js/charts.js picks the bundle a page needs.
// tests/governance/test_plotly_bundle.py checks both lists against the figures built in Python.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/scatterpolar'),
    require('plotly.js/lib/indicator'),
    require('plotly.js/lib/funnel'),
]);

module.exports = Plotly;
