/* NATO Timeline embed loader: <script src="https://SITE/static/events/embed.js" data-actor="joe-biden" async></script> */
(function (d, w) {
  "use strict";
  var s = d.currentScript;
  if (!s) return;
  var origin = new URL(s.src).origin, q = new URLSearchParams();
  // Every data- attribute but the frame's own is a parameter of /embed/, which validates them
  // (the one list of them is events/filters.py).
  Object.keys(s.dataset).forEach(function (k) {
    if (k === "title" || k === "height") return;
    s.dataset[k].split(",").forEach(function (x) { if (x.trim()) q.append(k, x.trim()); });
  });
  var f = d.createElement("iframe");
  f.src = origin + "/embed/?" + q.toString();
  f.title = s.getAttribute("data-title") || "NATO Timeline";
  f.loading = "lazy";
  f.style.cssText = "border:0;width:100%;height:" + (s.getAttribute("data-height") || "400") + "px";
  s.parentNode.insertBefore(f, s.nextSibling);
  w.addEventListener("message", function (e) {
    if (e.origin === origin && e.source === f.contentWindow && e.data && e.data.type === "nato-timeline:height") {
      f.style.height = Math.min(Math.max(e.data.height, 50), 5000) + "px";
    }
  });
})(document, window);
