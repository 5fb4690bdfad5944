// A Jalali calendar under every date box of a Persian page (governance.forms.fields.DateInput
// marks them with data-jdp; base.html loads this file and the vendored picker only under fa with
// the country profile's jalali calendar: under gregorian date boxes are the browser's own).
// The box stays a text box: typing a date in Persian or Latin digits always works, and the
// calendar is an aid. Keyboard: Up/Down arrows move the day, Page Up/Page Down the month
// (with Shift, the year), Enter or Escape close the calendar, and Tab away closes it too.
(function () {
  "use strict";
  var picker = window.jalaliDatepicker;
  if (!picker || (document.documentElement.lang || "").slice(0, 2) !== "fa") return;

  var SELECTOR = "input[data-jdp]";
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var ARABIC = "٠١٢٣٤٥٦٧٨٩";
  var DAY = 86400000;
  var native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value");
  var jalaliParts = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", {
    timeZone: "UTC", year: "numeric", month: "numeric", day: "numeric"
  });

  function latin(text) {
    return String(text)
      .replace(/[۰-۹]/g, function (d) { return PERSIAN.indexOf(d); })
      .replace(/[٠-٩]/g, function (d) { return ARABIC.indexOf(d); });
  }

  function persian(text) {
    return String(text).replace(/[0-9]/g, function (d) { return PERSIAN[+d]; });
  }

  // The picker reads and writes input.value in Latin digits; the box shows Persian ones.
  function adopt(input) {
    if (input.dataset.jdpAdopted) return;
    input.dataset.jdpAdopted = "1";
    Object.defineProperty(input, "value", {
      configurable: true,
      get: function () { return latin(native.get.call(this)); },
      set: function (text) { native.set.call(this, persian(text)); }
    });
  }

  // Jalali <-> UTC milliseconds, through the browser's Persian calendar.
  function toJalali(ms) {
    var parts = {};
    jalaliParts.formatToParts(new Date(ms)).forEach(function (p) { parts[p.type] = +p.value; });
    return { year: parts.year, month: parts.month, day: parts.day };
  }

  function ordinal(j) { return j.year * 400 + j.month * 32 + j.day; }

  function fromJalali(j) {
    var offset = j.month <= 6 ? (j.month - 1) * 31 : 186 + (j.month - 7) * 30;
    var ms = Date.UTC(j.year + 621, 2, 21) + (offset + j.day - 1) * DAY;
    for (var i = 0; i < 4; i++) {
      var got = toJalali(ms);
      if (got.year === j.year && got.month === j.month && got.day === j.day) return ms;
      ms += (ordinal(j) > ordinal(got) ? 1 : -1) * DAY;
    }
    return null;
  }

  function monthLength(year, month) {
    if (month <= 6) return 31;
    if (month <= 11) return 30;
    return fromJalali({ year: year, month: 12, day: 30 }) === null ? 29 : 30;
  }

  function parse(text) {
    var m = /^\s*(\d{4})\s*[\/\-.]\s*(\d{1,2})\s*[\/\-.]\s*(\d{1,2})\s*$/.exec(latin(text));
    if (!m) return null;
    var j = { year: +m[1], month: +m[2], day: +m[3] };
    return j.year >= 1300 && j.year <= 1499 && fromJalali(j) !== null ? j : null;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function moved(j, key, shift) {
    if (key === "ArrowUp" || key === "ArrowDown") {
      return toJalali(fromJalali(j) + (key === "ArrowUp" ? 1 : -1) * DAY);
    }
    var step = key === "PageUp" ? 1 : -1;
    var year = j.year;
    var month = j.month;
    if (shift) {
      year += step;
    } else {
      month += step;
      if (month > 12) { month = 1; year += 1; }
      if (month < 1) { month = 12; year -= 1; }
    }
    return { year: year, month: month, day: Math.min(j.day, monthLength(year, month)) };
  }

  var MOVES = { ArrowUp: 1, ArrowDown: 1, PageUp: 1, PageDown: 1 };

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(SELECTOR)) return;
    if (MOVES[event.key]) {
      event.preventDefault();
      var current = parse(input.value) || today();
      var next = moved(current, event.key, event.shiftKey);
      input.value = next.year + "/" + pad(next.month) + "/" + pad(next.day);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      open(input);
    } else if ((event.key === "Enter" || event.key === "Escape") && isOpen()) {
      // The picker ignores Escape while it fades in; close it at once, keeping the focus.
      event.preventDefault();
      close();
    }
  });

  // The picker's show() makes the calendar visible again 300 ms later (the end of its fade-in):
  // a close asked for meanwhile is repeated once that has passed, unless it was opened again.
  var closeWanted = false;

  function open(input) {
    closeWanted = false;
    picker.show(input);
  }

  function close() {
    closeWanted = true;
    picker.hide();
    setTimeout(function () { if (closeWanted) picker.hide(); }, 350);
  }

  function isOpen() {
    var container = document.querySelector("jdp-container");
    return !!container && container.style.visibility === "visible";
  }

  function today() {
    var now = new Date();
    return toJalali(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  }

  // Before the picker's own focus listener: adopt the box; close the calendar on leaving it.
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target.matches && target.matches(SELECTOR)) {
      closeWanted = false;  // the picker opens itself on focus
      adopt(target);
    } else if (isOpen() && !(target.closest && target.closest("jdp-container"))) {
      close();
    }
  }, true);

  // The picker opens on focus only: a click on the box it was closed in opens it again.
  document.addEventListener("click", function (event) {
    var input = event.target;
    if (input.matches && input.matches(SELECTOR) && !isOpen()) open(input);
  });

  document.querySelectorAll(SELECTOR).forEach(adopt);
  picker.startWatch({
    selector: SELECTOR,
    persianDigits: true,
    autoReadOnlyInput: false,
    showCloseBtn: true,
    zIndex: 1060
  });
})();
