// Build the partial plotly.js bundle Tavazon serves: only the trace types it draws
// (entry.js), minified, written to static/vendor/plotly/plotly.min.js. See README.md.
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { version } = require('plotly.js/package.json');

const traces = 'scatter, bar, histogram, choropleth, scatterpolar, indicator, funnel';

esbuild
    .build({
        entryPoints: ['./entry.js'],
        outfile: '../../static/vendor/plotly/plotly.min.js',
        format: 'iife',
        globalName: 'Plotly',
        bundle: true,
        minify: true,
        sourcemap: false,
        banner: {
            js: `/*! plotly.js v${version} (Tavazon's partial bundle: ${traces}) | MIT License | Copyright 2012-2026, Plotly, Inc. | built by scripts/plotly-bundle */`,
        },
        plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
        alias: { stream: 'stream-browserify' },
        define: { global: 'window', 'define.amd': 'false' },
        target: 'es2016',
        logLevel: 'warning',
    })
    .then(() => console.log(`plotly.js v${version}: ${traces}`))
    .catch((error) => {
        console.error(error.message);
        process.exit(1);
    });
