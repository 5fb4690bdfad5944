// Build the partial plotly.js bundles Tavazon serves, minified, into static/vendor/plotly/:
// plotly.min.js with every trace type its figures draw (entry.js), and plotly-basic.min.js
// without the maps (entry-basic.js), for pages whose charts are no map. See README.md.
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const InlineCSSPlugin = require('esbuild-plugin-inline-css');
const { version } = require('plotly.js/package.json');

const BUNDLES = [
    {
        entry: './entry.js',
        outfile: '../../static/vendor/plotly/plotly.min.js',
        traces: 'scatter, bar, choropleth, scatterpolar, indicator, funnel',
    },
    {
        entry: './entry-basic.js',
        outfile: '../../static/vendor/plotly/plotly-basic.min.js',
        traces: 'scatter, bar, scatterpolar, indicator, funnel',
    },
];

// plotly.js's registry inlines maplibre-gl's stylesheet (83 KB) for the "map" trace types,
// which Tavazon never draws: an empty module stands in for it.
const noMaplibreCss = {
    name: 'no-maplibre-css',
    setup(build) {
        build.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/ }, () => ({
            path: 'maplibre-gl.css',
            namespace: 'no-maplibre-css',
        }));
        build.onLoad({ filter: /.*/, namespace: 'no-maplibre-css' }, () => ({
            contents: '',
            loader: 'js',
        }));
    },
};

function build({ entry, outfile, traces }) {
    return esbuild
        .build({
            entryPoints: [entry],
            outfile,
            format: 'iife',
            globalName: 'Plotly',
            bundle: true,
            minify: true,
            sourcemap: false,
            banner: {
                js: `/*! plotly.js v${version} (Tavazon's partial bundle: ${traces}) | MIT License | Copyright 2012-2026, Plotly, Inc. | built by scripts/plotly-bundle */`,
            },
            plugins: [noMaplibreCss, InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
            alias: { stream: 'stream-browserify' },
            define: { global: 'window', 'define.amd': 'false' },
            target: 'es2016',
            logLevel: 'warning',
        })
        .then(() => console.log(`plotly.js v${version} -> ${outfile}: ${traces}`));
}

Promise.all(BUNDLES.map(build)).catch((error) => {
    console.error(error.message);
    process.exit(1);
});
