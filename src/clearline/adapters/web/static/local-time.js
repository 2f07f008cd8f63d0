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
  // Content htmx swaps in later (the console's chart every 30 s) is localised too: htmx fires
  // htmx:load on each new element.
  document.addEventListener("htmx:load", function (event) { localise(event.target); });
})();
