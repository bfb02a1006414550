// Progressive enhancements of the timeline page; everything works without them.
// The form is the one state of the page: links that change filters (chips, overview bars,
// zoom), brushing and history navigation all set the form from a query string, then let the
// form's own htmx request load the results and push the URL.
(function () {
  "use strict";

  var DEFAULTS = { order: "newest" };

  function form() { return document.getElementById("filters"); }

  // Set every field of the form to what the query string says (absent: empty / unticked).
  function setForm(search) {
    var f = form();
    if (!f) return;
    var params = new URLSearchParams(search);
    Array.prototype.forEach.call(f.elements, function (el) {
      if (!el.name) return;
      var values = params.getAll(el.name);
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        el.value = values[0] || DEFAULTS[el.name] || "";
        if (el.selectedIndex === -1) el.selectedIndex = 0;
      } else if (el.type !== "submit" && el.type !== "button") {
        el.value = values[0] || "";
      }
    });
    var chosen = f.querySelectorAll(".actor-list input:checked").length;
    var summary = f.querySelector(".actors summary");
    if (summary) summary.textContent = "Actors" + (chosen ? " (" + chosen + " chosen)" : "");
  }

  function applyQuery(search) {
    setForm(search);
    if (window.htmx) window.htmx.trigger(form(), "submit");
  }

  // The overview's links and brushing choose a period: the other fields stay as they are.
  function applyPeriod(search) {
    var params = new URLSearchParams(search), f = form();
    ["from", "to"].forEach(function (name) {
      if (f.elements[name]) f.elements[name].value = params.get(name) || "";
    });
    if (window.htmx) window.htmx.trigger(f, "submit");
  }

  // Only the fields that are set go into the request, and so into the pushed URL.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== form()) return;
    var params = event.detail.parameters;
    var names = Array.from(new Set(params instanceof FormData ? params.keys() : Object.keys(params)));
    names.forEach(function (name) {
      var values = params instanceof FormData ? params.getAll(name) : [].concat(params[name]);
      var kept = values.filter(function (v) { return String(v).trim() !== "" && DEFAULTS[name] !== v; });
      if (params instanceof FormData) {
        params.delete(name);
        kept.forEach(function (v) { params.append(name, v); });
      } else if (kept.length === 0) {
        delete params[name];
      } else {
        params[name] = kept.length === 1 ? kept[0] : kept;
      }
    });
    var overview = document.querySelector("#overview [data-key]");
    if (overview) event.detail.headers["X-Timeline-Overview"] = overview.getAttribute("data-key");
  });

  // Links that change filters: the form follows them.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-filter-link], .overview svg a");
    if (!link || !form() || event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
    if (link.closest(".overview svg") && brush.dragged) { event.preventDefault(); return; }
    event.preventDefault();
    var href = link.getAttribute("href") || "";
    var search = href.indexOf("?") === -1 ? "" : href.slice(href.indexOf("?"));
    if (link.closest(".overview")) applyPeriod(search); else applyQuery(search);
    if (link.closest(".filters") === null && document.activeElement === link) {
      var results = document.getElementById("results");
      if (results) results.focus({ preventScroll: true });
    }
  });

  // Back and Forward: the results come from htmx's history; the form from the URL.
  function restored() {
    setForm(window.location.search);
    announce();
  }
  document.addEventListener("htmx:historyRestore", restored);
  window.addEventListener("popstate", function () { setTimeout(restored, 0); });
  // A page restored from the back/forward cache, or whose fields the browser refilled.
  window.addEventListener("pageshow", function () { setForm(window.location.search); });

  // Brushing on the overview: drag across bars, or Shift+arrow keys from a focused bar, to
  // choose a range; releasing the pointer (or Enter) applies it.
  var brush = { start: null, end: null, dragged: false };

  function bars() { return Array.prototype.slice.call(document.querySelectorAll(".overview svg a.bar")); }

  function range(a, b) {
    var all = bars(), i = all.indexOf(a), j = all.indexOf(b);
    if (i === -1 || j === -1) return [];
    return all.slice(Math.min(i, j), Math.max(i, j) + 1);
  }

  function mark(a, b) {
    bars().forEach(function (bar) { bar.classList.remove("brushed"); });
    var chosen = range(a, b);
    chosen.forEach(function (bar) { bar.classList.add("brushed"); });
    var status = document.getElementById("status");
    if (status && chosen.length > 1) {
      var name = function (bar) { return bar.getAttribute("aria-label").split(":")[0]; };
      status.textContent = name(chosen[0]) + " to " + name(chosen[chosen.length - 1]) +
        " chosen: Enter shows them.";
    }
  }

  function rangeQuery(a, b) {
    var chosen = range(a, b);
    if (!chosen.length) return null;
    var first = new URLSearchParams(chosen[0].getAttribute("href").split("?")[1]);
    var last = new URLSearchParams(chosen[chosen.length - 1].getAttribute("href").split("?")[1]);
    first.set("to", last.get("to"));
    return "?" + first.toString();
  }

  function barAt(event) {
    var el = document.elementFromPoint(event.clientX, event.clientY);
    return el && el.closest ? el.closest(".overview svg a.bar") : null;
  }

  document.addEventListener("pointerdown", function (event) {
    var bar = event.target.closest && event.target.closest(".overview svg a.bar");
    brush.dragged = false;
    if (!bar || event.button) return;
    brush.start = brush.end = bar;
  });
  document.addEventListener("pointermove", function (event) {
    if (!brush.start) return;
    var bar = barAt(event);
    if (bar && bar !== brush.end) {
      brush.end = bar;
      brush.dragged = true;
      mark(brush.start, brush.end);
    }
  });
  document.addEventListener("pointerup", function () {
    if (!brush.start) return;
    var query = brush.dragged ? rangeQuery(brush.start, brush.end) : null;
    brush.start = null;
    if (query) applyPeriod(query);
    // The click that follows the drag is swallowed (brush.dragged), then forgotten.
    setTimeout(function () { brush.dragged = false; }, 0);
  });

  document.addEventListener("keydown", function (event) {
    var bar = event.target.closest && event.target.closest(".overview svg a.bar");
    if (!bar) return;
    var all = bars(), i = all.indexOf(bar);
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      var next = all[i + (event.key === "ArrowRight" ? 1 : -1)];
      if (!next) return;
      event.preventDefault();
      if (event.shiftKey) {
        if (!brush.anchor) brush.anchor = bar;
        mark(brush.anchor, next);
      } else {
        brush.anchor = null;
        mark(next, next);
        bars().forEach(function (b) { b.classList.remove("brushed"); });
      }
      next.focus();
    } else if (event.key === "Enter" && brush.anchor) {
      event.preventDefault();
      var query = rangeQuery(brush.anchor, bar);
      brush.anchor = null;
      if (query) applyPeriod(query);
    } else if (event.key === "Escape") {
      brush.anchor = null;
      bars().forEach(function (b) { b.classList.remove("brushed"); });
    }
  });

  // The actor picker: matching actors load as you type; a ticked one joins the list above,
  // so that the next search does not take it away.
  var actorSearch = { timer: null, seq: 0 };

  function showActorSearch() {
    var box = document.querySelector(".actors .actor-search");
    if (box) box.hidden = false;
  }

  function loadActors(input) {
    var seq = ++actorSearch.seq;
    var url = input.getAttribute("data-source") + "?q=" + encodeURIComponent(input.value.trim());
    fetch(url, { headers: { "HX-Request": "true" } }).then(function (r) { return r.text(); }).then(function (html) {
      if (seq !== actorSearch.seq) return;  // an older answer, arrived late
      var found = document.getElementById("actor-found");
      var listed = {};
      document.querySelectorAll(".actors > .actor-list input").forEach(function (el) { listed[el.value] = true; });
      var holder = document.createElement("div");
      holder.innerHTML = html;
      holder.querySelectorAll("label").forEach(function (label) {
        var box = label.querySelector("input");
        if (box && listed[box.value]) label.remove();
      });
      found.replaceChildren.apply(found, Array.prototype.slice.call(holder.childNodes));
      var status = document.getElementById("actor-found-status");
      if (status) status.textContent = found.querySelectorAll("label").length + " actors found";
    });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (input.id !== "actor-filter") return;
    event.stopPropagation();
    clearTimeout(actorSearch.timer);
    actorSearch.timer = setTimeout(function () { loadActors(input); }, 200);
  }, true);

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.id === "actor-filter") { event.stopPropagation(); return; }  // not a filter change
    if (box.name !== "actor" || !box.closest("#actor-found")) return;
    var list = document.querySelector(".actors > .actor-list");
    if (list && box.checked) list.insertBefore(box.closest("label"), list.firstChild);
  }, true);

  // Announce the new result count after HTMX swaps the results.
  function announce() {
    var status = document.getElementById("status");
    var counted = document.querySelector("#results [data-count]");
    if (status && counted) status.textContent = counted.getAttribute("data-count");
  }

  document.addEventListener("DOMContentLoaded", showActorSearch);
  document.addEventListener("htmx:historyRestore", showActorSearch);
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "results") announce();
  });
})();
