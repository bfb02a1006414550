// Progressive enhancements of the timeline page; everything works without them.
(function () {
  "use strict";

  // Find an actor in the long list of checkboxes.
  function setUpActorFilter(root) {
    var input = root.querySelector("#actor-filter");
    if (!input) return;
    input.hidden = false;
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      root.querySelectorAll(".actor-list label").forEach(function (label) {
        label.hidden = needle !== "" && label.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
  }

  // Announce the new result count after HTMX swaps the results.
  function announce() {
    var status = document.getElementById("status");
    var counted = document.querySelector("#results [data-count]");
    if (status && counted) status.textContent = counted.getAttribute("data-count");
  }

  document.addEventListener("DOMContentLoaded", function () { setUpActorFilter(document); });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "results") announce();
  });
  // Back/Forward restores the form from history too, so checkboxes match the URL.
  document.addEventListener("htmx:historyRestore", announce);
})();
