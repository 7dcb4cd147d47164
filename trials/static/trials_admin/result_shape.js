"use strict";
// The outcome-result rows of the trial admin: each row shows only the number fields of the shape
// chosen for it, and offers only the shapes and effect measures its measure's kind allows. The
// rules come from the server (data attributes written by trials/admin_forms.py). Without this
// script every field shows, and the form and the database still refuse what does not fit.
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
  function boxesOf(row, name) {
    const boxes = Array.from(row.querySelectorAll(".fieldBox.field-" + name));
    if (boxes.length) return boxes.map(function (box) { return box.parentElement; });
    return Array.from(row.querySelectorAll(".form-row.field-" + name));
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

  function update(row) {
    const shape = row.querySelector("select[name$='-shape']");
    const measure = row.querySelector("select[name$='-measure']");
    if (!shape || !measure || !shape.dataset.shapeFields) return;
    const fieldsByShape = parse(shape, "shapeFields");
    const kind = parse(measure, "measureKinds")[measure.value];
    offerOnly(shape, kind ? parse(shape, "shapesByKind")[kind] : null);
    const effect = row.querySelector("select[name$='-effect_measure']");
    if (effect) offerOnly(effect, kind ? parse(effect, "effectsByKind")[kind] : null);
    const chosen = fieldsByShape[shape.value];
    const all = new Set([].concat.apply([], Object.values(fieldsByShape)));
    all.forEach(function (name) {
      boxesOf(row, name).forEach(function (box) {
        const shown = !chosen || chosen.includes(name) || hasValueOrError(box);
        box.style.display = shown ? "" : "none";
      });
    });
    // A line whose fields are all hidden is hidden too.
    row.querySelectorAll(".form-row").forEach(function (line) {
      const boxes = Array.from(line.querySelectorAll(".fieldBox"));
      if (!boxes.length) return;
      const anyShown = boxes.some(function (box) { return box.parentElement.style.display !== "none"; });
      line.style.display = anyShown ? "" : "none";
    });
  }

  function rowOf(element) {
    return element.closest(".inline-related");
  }

  document.addEventListener("change", function (event) {
    const name = event.target.name || "";
    if (/^outcome_results-\d+-(shape|measure)$/.test(name)) update(rowOf(event.target));
  });
  document.addEventListener("formset:added", function (event) {
    if (event.target.closest && event.target.closest("#outcome_results-group")) update(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("#outcome_results-group .inline-related").forEach(update);
  });
})();
