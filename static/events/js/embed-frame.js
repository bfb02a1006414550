// Inside the embed iframe: tell the embedding page how tall the content is.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "nato-timeline:height", height: height }, "*");
    }
  }
  window.addEventListener("load", report);
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
})();

// The strip layout: arrow keys move between the markers and show each one's card; the
// marker of the card shown is marked. Without this, each marker is a link to its card.
(function () {
  "use strict";
  function markers() { return Array.prototype.slice.call(document.querySelectorAll(".strip .m")); }
  function show(marker) {
    markers().forEach(function (m) { m.classList.toggle("cur", m === marker); });
    if (marker) location.replace(marker.getAttribute("href"));
  }
  document.addEventListener("click", function (event) {
    var marker = event.target.closest && event.target.closest(".strip .m");
    if (!marker) return;
    event.preventDefault();
    show(marker);
    marker.focus();
  });
  document.addEventListener("keydown", function (event) {
    var marker = event.target.closest && event.target.closest(".strip .m");
    if (!marker || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) return;
    var all = markers(), next = all[all.indexOf(marker) + (event.key === "ArrowRight" ? 1 : -1)];
    if (!next) return;
    event.preventDefault();
    show(next);
    next.focus();  // after: going to the card's fragment moves the focus
  });
})();
