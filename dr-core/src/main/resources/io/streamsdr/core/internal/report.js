(function () {
  "use strict";
  var parts = new Map();
  document.querySelectorAll("#timeline rect.bar[data-step], table.steps tr[data-step]").forEach(function (el) {
    var id = el.getAttribute("data-step");
    if (!parts.has(id)) {
      parts.set(id, []);
    }
    parts.get(id).push(el);
  });
  function mark(id, cls, on) {
    (parts.get(id) || []).forEach(function (el) {
      el.classList.toggle(cls, on);
    });
  }
  var linked = 0;
  parts.forEach(function (els, id) {
    var rows = els.filter(function (el) { return el.tagName === "TR"; }).length;
    if (Math.min(rows, els.length - rows) > 0) { // a bar and a row
      linked++;
    }
    els.forEach(function (el) {
      el.addEventListener("mouseenter", function () { mark(id, "hl", true); });
      el.addEventListener("mouseleave", function () { mark(id, "hl", false); });
      el.addEventListener("click", function () { mark(id, "pinned", !el.classList.contains("pinned")); });
    });
  });
  var hash = /^#step=(.+)$/.exec(location.hash);
  if (hash) {
    try {
      mark(decodeURIComponent(hash[1]), "pinned", true);
    } catch (malformed) {
      // a mangled link pins nothing
    }
  }
  document.documentElement.dataset.linkedSteps = String(linked);
  document.documentElement.dataset.ready = "true";
})();
