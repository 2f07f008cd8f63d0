// The audit form's dates are typed in the viewer's local time; the service filters on epoch
// seconds. On submit, each filled date is sent as epoch seconds too (the service prefers them to
// the zoneless text); on load, the filter in force is shown back in local time.
"use strict";
(function () {
  function pad(number) { return String(number).padStart(2, "0"); }
  function localValue(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds());
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=datetime-local][data-epoch]").forEach(function (input) {
      var epoch = parseFloat(input.getAttribute("data-epoch"));
      if (!isNaN(epoch)) { input.value = localValue(new Date(epoch * 1000)); }
    });
    document.querySelectorAll("form.filters").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("input[type=hidden][data-from]").forEach(function (hidden) {
          var typed = document.getElementById(hidden.getAttribute("data-from")).value;
          var epoch = typed ? new Date(typed).getTime() / 1000 : NaN;
          hidden.disabled = isNaN(epoch);  // an empty date sends nothing
          hidden.value = isNaN(epoch) ? "" : String(epoch);
        });
      });
    });
  });
})();
