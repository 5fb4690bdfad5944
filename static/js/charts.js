// Draw every Plotly figure placed by the {% plotly_chart %} tag. No network: plotly.js and the
// topojson it asks for are served by Tavazon itself. Under Persian, every number plotly.js writes
// (axis ticks, legends, colour bars, annotations, hover labels) is shown in Persian digits with
// the Persian decimal, thousands and percent signs, as the rest of the page.
//
// plotly.js is not a parser-blocking script: this file loads it (templates/governance/_plotly.html
// names the two bundles), the basic bundle when no chart of the page is a map (data-geo), the full
// one otherwise. It is asked for at once when a chart is on the first screen, else once the page
// has loaded, so the page's own content comes first. Charts are then drawn one at a time: those
// on or near the screen first, the others in the browser's idle time, so none holds up the page.
(function () {
  "use strict";
  var topojsonURL = document.documentElement.dataset.topojsonUrl;
  var bundles = (document.currentScript || {}).dataset || {};
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

  // Phones: a chart narrower than this gets a layout that fits (see fitNarrow and pullIn).
  var NARROW = 576;

  // Before drawing, on a narrow chart: a horizontal legend under the axes goes above them, clear
  // of the (then rotated) tick labels; a map's colour bar lies under the map instead of taking a
  // quarter of its width, and the map's "no data" legend moves above the map to make room.
  function fitNarrow(el, figure) {
    if (el.clientWidth >= NARROW) { return; }
    var layout = figure.layout || (figure.layout = {});
    var legend = layout.legend;
    var map = !!layout.geo;
    if (legend && legend.orientation === "h" && (map || legend.y === undefined || legend.y < 0)) {
      legend.y = 1.02;
      legend.yanchor = "bottom";
    }
    // Small multiples: each title over its own small chart, wrapped to that chart's width.
    (layout.annotations || []).forEach(function (note) {
      var axis = layout[String(note.xref || "").replace(/^x(\d*)( domain)?$/, "xaxis$1")];
      var domain = (axis && axis.domain) || (note.xref === "paper" && subplotDomain(layout, note.x));
      if (!domain || typeof note.text !== "string" || note.text.indexOf("<br>") >= 0) { return; }
      var size = Math.min((note.font && note.font.size) || 13, 13);
      var chars = Math.floor(el.clientWidth * (domain[1] - domain[0]) / (0.6 * size));
      if (chars > 0 && note.text.length > chars) {
        note.font = Object.assign({}, note.font, { size: size });
        note.text = wrapTitle(note.text, Math.max(6, chars));
      }
    });
    if (!map) { return; }
    (figure.data || []).forEach(function (trace) {
      if (!trace.colorbar || trace.showscale === false) { return; }
      var title = trace.colorbar.title || {};
      trace.colorbar.orientation = "h";
      trace.colorbar.x = 0.5;
      trace.colorbar.xanchor = "center";
      trace.colorbar.y = -0.02;
      trace.colorbar.yanchor = "top";
      trace.colorbar.len = 0.9;
      trace.colorbar.title = { text: title.text, side: "top" };
    });
  }

  // The x domain of the subplot whose middle is at paper position x (a subplot title's place).
  function subplotDomain(layout, x) {
    var found = null;
    Object.keys(layout).forEach(function (key) {
      var domain = /^xaxis\d*$/.test(key) && layout[key] && layout[key].domain;
      if (domain && domain.length === 2 && Math.abs((domain[0] + domain[1]) / 2 - x) < 0.01) {
        found = domain;
      }
    });
    return found;
  }

  // Split a title into lines (plotly.js writes <br> as a line break) of about `chars` characters.
  function wrapTitle(text, chars) {
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > chars) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines.join("<br>");
  }

  // After drawing: an axis title longer than its side of the chart is wrapped; then, if any text
  // (a rotated tick label, a radar's category name) still pokes out of the chart's box, the
  // margin on that side grows by as much, so nothing is cut off by the card's edge.
  function pullIn(el) {
    var full = el._fullLayout;
    if (!full) { return Promise.resolve(); }
    var update = {};
    el.querySelectorAll(".infolayer g[class$='title'] text").forEach(function (node) {
      var match = /^g-([xy]\d*)title$/.exec(node.parentNode.getAttribute("class") || "");
      if (!match) { return; }
      var name = match[1].charAt(0) + "axis" + match[1].slice(1);
      var axis = full[name], layoutAxis = el.layout[name];
      if (!axis || !layoutAxis || !layoutAxis.title || !layoutAxis.title.text) { return; }
      var text = layoutAxis.title.text, box = node.getBoundingClientRect();
      var edge = el.getBoundingClientRect(), middle = box.left + box.width / 2;
      // An x title is centred under its axis: it has twice the room to the nearer edge.
      if (match[1].charAt(0) === "y") {  // clear of its own tick labels, however they measured
        var overlap = 0;
        el.querySelectorAll("." + match[1] + "tick text").forEach(function (tick) {
          var at = tick.getBoundingClientRect();
          if (at.width && at.top < box.bottom && box.top < at.bottom) {
            overlap = Math.max(overlap, axis.side === "right" ? at.right - box.left : box.right - at.left);
          }
        });
        if (overlap >= 1) {
          update[name + ".automargin"] = true;
          update[name + ".title.standoff"] = (axis.title.standoff || 0) + Math.ceil(overlap) + 4;
        }
      }
      var length = match[1].charAt(0) === "x" ? box.width : box.height;
      var room = match[1].charAt(0) === "x"
        ? 2 * Math.min(middle - edge.left, edge.right - middle) - 8 : axis._length + 20;
      if (length > room && text.indexOf("<br>") < 0) {
        update[name + ".title.text"] = wrapTitle(text, Math.max(8, Math.floor(text.length * room / length) - 1));
      }
    });
    var first = Object.keys(update).length ? window.Plotly.relayout(el, update) : Promise.resolve();
    return first.then(function () {
      var svg = el.querySelector(".main-svg");
      if (!svg) { return; }
      var edge = svg.getBoundingClientRect(), out = { l: 0, r: 0, t: 0, b: 0 };
      el.querySelectorAll(".main-svg text").forEach(function (node) {
        var box = node.getBoundingClientRect();
        if (!box.width) { return; }
        out.l = Math.max(out.l, edge.left - box.left);
        out.r = Math.max(out.r, box.right - edge.right);
        out.t = Math.max(out.t, edge.top - box.top);
        out.b = Math.max(out.b, box.bottom - edge.bottom);
      });
      var margin = full._size || full.margin, change = {};
      Object.keys(out).forEach(function (side) {
        if (out[side] >= 1) { change["margin." + side] = margin[side] + Math.ceil(out[side]) + 4; }
      });
      if (!Object.keys(change).length) { return; }
      return window.Plotly.relayout(el, change);
    });
  }

  // plotly.js, loaded once (the full bundle when a map needs it); a promise of window.Plotly.
  var loading = null, loadedFull = false;
  function plotly(geo) {
    if (loading && (loadedFull || !geo)) { return loading; }
    var full = geo || !bundles.plotlyBasic;
    loadedFull = full;
    // A map swapped into a page that had only the basic bundle loads the full one on top.
    loading = Promise.all([new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = full ? bundles.plotlyFull : bundles.plotlyBasic;
      script.onload = function () { resolve(window.Plotly); };
      script.onerror = reject;
      document.head.appendChild(script);
    }), full ? worldTopojson() : null]).then(function (loaded) {
      // Maps draw on the Natural Earth topology, which plotly.js would fetch by its plain name
      // (topojsonURL + "world_110m.json"): served static files carry a hash in their names.
      if (loaded[1]) {
        window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
        window.PlotlyGeoAssets.topojson.world_110m = loaded[1];
      }
      return loaded[0];
    });
    return loading;
  }

  function worldTopojson() {
    if (!bundles.topojsonWorld || !window.fetch) { return null; }
    return window.fetch(bundles.topojsonWorld).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; });
  }

  function drawOne(el) {
    var source = document.getElementById(el.dataset.figure);
    if (!source) { return Promise.resolve(); }
    var figure = JSON.parse(source.textContent);
    fitNarrow(el, figure);
    return window.Plotly.newPlot(el, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      topojsonURL: topojsonURL,
      modeBarButtonsToRemove: ["sendDataToCloud"]
    }).then(function () {
      return pullIn(el);
    }).then(function () {
      el.dataset.fitted = "1";  // laid out for its width: what tests and screenshots wait for
      if (!persian) { return; }
      persianise(el);
      el.on("plotly_afterplot", function () { persianise(el); });
      el.on("plotly_hover", function () {
        window.requestAnimationFrame(function () { persianise(el); });
      });
    });
  }

  // Charts waiting to be drawn, the ones on the screen first; one drawn at a time.
  var waiting = [], near = new Set(), busy = false, pageGeo = false;
  var idle = window.requestIdleCallback || function (callback) { return setTimeout(callback, 50); };

  function next() {
    if (busy || !waiting.length) { return; }
    var index = waiting.findIndex(function (el) { return near.has(el); });
    if (index < 0 && !pageLoaded) { return; }  // the rest once the page has loaded
    var el = waiting.splice(index < 0 ? 0 : index, 1)[0];
    if (observer) { observer.unobserve(el); }
    near.delete(el);
    busy = true;
    plotly(pageGeo || "geo" in el.dataset).then(function () {
      return drawOne(el);
    }).catch(function (error) {
      if (window.console) { window.console.error(error); }
    }).then(function () {
      busy = false;
      if (waiting.some(function (other) { return near.has(other); })) {
        window.requestAnimationFrame(next);
      } else {
        idle(next, { timeout: 1000 });  // on a page that is never idle, still within a second
      }
    });
  }

  var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { near.add(entry.target); } else { near.delete(entry.target); }
    });
    next();
  }) : null;

  function draw(root) {
    var found = [];
    root.querySelectorAll(".plotly-chart[data-figure]").forEach(function (el) {
      if (el.dataset.queued) { return; }
      el.dataset.queued = "1";
      found.push(el);
    });
    if (!found.length) { return; }
    waiting = waiting.concat(found);
    // The bundle is chosen by every chart of the page, not only the first one drawn.
    pageGeo = pageGeo || found.some(function (el) { return "geo" in el.dataset; });
    if (pageLoaded) { plotly(pageGeo); }
    found.forEach(function (el) {
      if (observer) { observer.observe(el); } else { near.add(el); }
    });
    next();
  }

  var pageLoaded = document.readyState === "complete";
  window.addEventListener("load", function () {
    pageLoaded = true;
    if (waiting.length) { plotly(pageGeo); }
    next();
  });
  // Printing draws what is left: a printed page has no scrolling to wait for.
  window.addEventListener("beforeprint", function () {
    waiting.forEach(function (el) { near.add(el); });
    next();
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:afterSettle", function (evt) { draw(evt.target); });
})();
