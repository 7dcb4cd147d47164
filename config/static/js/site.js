/* Small progressive enhancements. Every page works without them: the filters are a <details>,
   the server drops empty parameters itself, and the print stylesheet needs no script. */
(function () {
  "use strict";

  // The filters stay open beside the results on a wide screen; on a phone they wait, closed,
  // under "Filters (n active)" so the results come first.
  var panel = document.getElementById("filters-panel");
  if (panel && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 44rem)");
    var sync = function () { if (wide.matches) { panel.open = true; } };
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); }
  }

  // After "Apply filters" (#results) or "Add to my list" (#trial-<slug>) the page opens where
  // the visitor was; put the keyboard focus there too, so it does not restart at the top.
  if (location.hash.length > 1) {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus();
    }
  }

  // Forms marked data-drop-empty send only the fields in use (no "q=&enrollment_min=").
  var forms = document.querySelectorAll("form[data-drop-empty]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.value === "" && !field.disabled) {
          field.disabled = true;
          field.setAttribute("data-dropped", "");
        }
      });
    });
  });
  // Coming back with the browser's Back button shows the form as it was, fields enabled.
  window.addEventListener("pageshow", function () {
    var dropped = document.querySelectorAll("[data-dropped]");
    Array.prototype.forEach.call(dropped, function (field) {
      field.disabled = false;
      field.removeAttribute("data-dropped");
    });
  });

  // Print buttons are hidden until this script can make them work.
  var printers = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(printers, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
