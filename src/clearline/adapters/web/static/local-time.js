// Show every <time datetime="..."> in the viewer's own time zone (the page renders UTC).
"use strict";
(function () {
  function localise(root) {
    root.querySelectorAll("time[datetime]").forEach(function (element) {
      var instant = new Date(element.getAttribute("datetime"));
      if (!isNaN(instant.getTime())) {
        element.textContent = instant.toLocaleString();
        element.title = element.getAttribute("datetime");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { localise(document); });
  // Fragments swapped in later (htmx) are localised too.
  document.addEventListener("htmx:afterSwap", function (event) { localise(event.target); });
})();
