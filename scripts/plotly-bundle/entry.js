// The trace types Tavazon's figures use (tests/governance/test_plotly_bundle.py checks the list
// against the figures built in Python). Scatter is part of the core.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/choropleth'),
    require('plotly.js/lib/scatterpolar'),
    require('plotly.js/lib/indicator'),
    require('plotly.js/lib/funnel'),
]);

module.exports = Plotly;
