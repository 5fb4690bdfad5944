// Copy buttons: <button data-copy-from="input-id" data-copied-label="Copied">Copy</button>.
// Copies the input's value (Clipboard API, or selection + execCommand on plain-HTTP intranets),
// then says so on the button for two seconds.
(function () {
  "use strict";

  function copy(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    input.focus();
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-from]");
    if (!button) {
      return;
    }
    var input = document.getElementById(button.getAttribute("data-copy-from"));
    if (!input) {
      return;
    }
    var label = button.textContent;
    copy(input).then(
      function () {
        button.textContent = button.getAttribute("data-copied-label") || label;
        window.setTimeout(function () {
          button.textContent = label;
        }, 2000);
      },
      function () {
        input.focus();
        input.select(); // the user copies it by hand
      }
    );
  });
})();
