// Progressive touches only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Changing a filter's select re-runs the listing straight away.
  document.querySelectorAll("form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
});
