// A table box (.table-responsive) that scrolls must be reachable with the keyboard and named for
// a screen reader (WCAG 2.1.1; axe-core: scrollable-region-focusable). Only boxes that scroll
// now (a wide table on a phone, a long ranking) become a tab stop, named after the table's
// caption or the heading above it; they stop being one when the window grows and they fit.
(function () {
  "use strict";
  var HEADING = "preceding::*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6][1]";

  function nameOf(box) {
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    if (table && table.getAttribute("aria-label")) { return table.getAttribute("aria-label"); }
    var heading = document.evaluate(HEADING, box, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null)
      .singleNodeValue;
    return heading ? heading.textContent.trim().replace(/\s+/g, " ") : document.title;
  }

  function mark(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");  // not a landmark: it may share its heading with one
      box.setAttribute("aria-label", nameOf(box));
      box.dataset.scrollRegion = "1";
    } else if (!scrolls && box.dataset.scrollRegion) {
      ["tabindex", "role", "aria-label", "data-scroll-region"].forEach(function (attribute) {
        box.removeAttribute(attribute);
      });
    }
  }

  function markAll() { document.querySelectorAll(".table-responsive").forEach(mark); }

  var pending = 0;
  function later() {
    window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(markAll);
  }
  // In the first frame, not at DOMContentLoaded: reading the boxes' sizes there forced a layout
  // of the whole page before its first paint (a tenth of a second on the national dashboard).
  document.addEventListener("DOMContentLoaded", later);
  document.addEventListener("htmx:afterSettle", later);
  document.addEventListener("toggle", later, true);  // a <details> opened
  window.addEventListener("load", later);  // once fonts and images have their size
  window.addEventListener("resize", later);
})();
