"use strict";
// An outcome result's own admin page: only the number fields of the chosen shape show, and only
// the shapes and effect measures its measure's kind allows are offered. The rules come from the
// server (data attributes written by trials/admin_forms.py). Without this script every field
// shows, and the form and the database still refuse what does not fit.
(function () {
  function parse(element, name) {
    try {
      return JSON.parse(element.dataset[name] || "{}");
    } catch (error) {
      return {};
    }
  }

  // A field on a line of several is a .fieldBox (in a box with its errors); a field alone is
  // its .form-row.
  function boxesOf(form, name) {
    const boxes = Array.from(form.querySelectorAll(".fieldBox.field-" + name));
    if (boxes.length) return boxes.map(function (box) { return box.parentElement; });
    return Array.from(form.querySelectorAll(".form-row.field-" + name));
  }

  function hasValueOrError(box) {
    if (box.querySelector(".errorlist")) return true;
    return Array.from(box.querySelectorAll("input, select")).some(function (input) {
      return input.type === "checkbox" ? input.checked : input.value !== "";
    });
  }

  function offerOnly(select, allowed) {
    Array.from(select.options).forEach(function (option) {
      // The current choice stays selectable, so that the server's message about it shows.
      option.disabled = Boolean(allowed) && option.value !== "" &&
        option.value !== select.value && !allowed.includes(option.value);
    });
  }

  function update(form) {
    const shape = form.querySelector("select[name='shape']");
    const measure = form.querySelector("select[name='measure']");
    if (!shape || !measure || !shape.dataset.shapeFields) return;
    const fieldsByShape = parse(shape, "shapeFields");
    const kind = parse(measure, "measureKinds")[measure.value];
    offerOnly(shape, kind ? parse(shape, "shapesByKind")[kind] : null);
    const effect = form.querySelector("select[name='effect_measure']");
    if (effect) offerOnly(effect, kind ? parse(effect, "effectsByKind")[kind] : null);
    const chosen = fieldsByShape[shape.value];
    const all = new Set([].concat.apply([], Object.values(fieldsByShape)));
    all.forEach(function (name) {
      boxesOf(form, name).forEach(function (box) {
        const shown = !chosen || chosen.includes(name) || hasValueOrError(box);
        box.style.display = shown ? "" : "none";
      });
    });
    // A line whose fields are all hidden is hidden too.
    form.querySelectorAll(".form-row").forEach(function (line) {
      const boxes = Array.from(line.querySelectorAll(".fieldBox"));
      if (!boxes.length) return;
      const anyShown = boxes.some(function (box) { return box.parentElement.style.display !== "none"; });
      line.style.display = anyShown ? "" : "none";
    });
  }

  document.addEventListener("change", function (event) {
    const name = event.target.name || "";
    if (name === "shape" || name === "measure") update(event.target.closest("form"));
  });
  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("outcomeresult_form");
    if (form) update(form);
  });
})();
