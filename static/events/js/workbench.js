// The workbench: a card and its passages highlight each other; keys move between cards and
// publish, reject or edit one; a selection in the article fills the passage form (its quote and
// where it starts, so that the server finds the right one of repeated words). Without this
// script every action is a plain form.
(function () {
  "use strict";
  const text = document.getElementById("wb-text");
  const cards = document.getElementById("wb-cards");
  if (!text || !cards) return;
  const passage = document.getElementById("wb-passage");
  const quote = document.getElementById("wb-quote");
  const position = document.getElementById("wb-position");
  const citeEvent = document.getElementById("wb-cite-event");

  const allCards = () => Array.from(cards.querySelectorAll(".wb-card"));
  const marksOf = (id) =>
    Array.from(text.querySelectorAll(".wb-mark")).filter((m) =>
      m.dataset.events.split(" ").includes(String(id))
    );

  function highlight(id) {
    document.querySelectorAll(".wb-active").forEach((el) => el.classList.remove("wb-active"));
    if (!id) return;
    marksOf(id).forEach((m) => m.classList.add("wb-active"));
    const card = document.getElementById("card-" + id);
    if (card) card.classList.add("wb-active");
  }

  function currentCard() {
    const active = document.activeElement;
    return active && active.closest ? active.closest(".wb-card") : null;
  }

  cards.addEventListener("focusin", (e) => {
    const card = e.target.closest(".wb-card");
    if (card) highlight(card.dataset.event);
  });

  text.addEventListener("click", (e) => {
    const mark = e.target.closest(".wb-mark");
    if (!mark || !window.getSelection().isCollapsed) return;
    const id = mark.dataset.events.split(" ")[0];
    const card = document.getElementById("card-" + id);
    if (card) {
      card.focus();
      card.scrollIntoView({ block: "nearest" });
    }
  });

  // Keyboard: j/k (or the arrow keys) next/previous, p publish, r reject, e edit, Esc close.
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const inField = e.target.closest("input, textarea, select, [contenteditable]");
    const card = currentCard();
    if (e.key === "Escape" && card) {
      const details = card.querySelector("details[open]");
      if (details) details.open = false;
      card.focus();
      return;
    }
    if (inField) return;
    const list = allCards();
    if (["j", "k", "ArrowDown", "ArrowUp"].includes(e.key) && (card || e.key === "j" || e.key === "k")) {
      const i = card ? list.indexOf(card) : -1;
      const forward = e.key === "j" || e.key === "ArrowDown";
      const next = list[forward ? Math.min(i + 1, list.length - 1) : Math.max(i - 1, 0)];
      if (next) {
        e.preventDefault();
        next.focus();
        next.scrollIntoView({ block: "nearest" });
        const first = marksOf(next.dataset.event)[0];
        if (first) first.scrollIntoView({ block: "nearest" });
      }
      return;
    }
    if (!card) return;
    const press = (selector) => {
      const button = card.querySelector(selector);
      if (button) {
        e.preventDefault();
        button.click();
      }
    };
    if (e.key === "p") press(".wb-publish");
    else if (e.key === "r") press(".wb-reject");
    else if (e.key === "e") {
      const details = card.querySelector("details.wb-edit");
      if (details) {
        e.preventDefault();
        details.open = true;
        const field = details.querySelector("input[type=text]");
        if (field) field.focus();
      }
    }
  });

  // After a card is swapped in place, focus stays on it (on the next draft after publishing
  // or rejecting, so that p, p, p goes down the list).
  let swapping = null;
  document.body.addEventListener("htmx:beforeRequest", (e) => {
    const card = e.detail.elt.closest(".wb-card");
    const action = e.detail.elt.getAttribute("data-hx-post") || "";
    swapping = card ? { id: card.id, moveOn: !/\/edit\/$/.test(action) } : null;
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    if (!swapping) return;
    const card = document.getElementById(swapping.id);
    if (card) {
      const failed = card.querySelector(".errornote, .errorlist");
      const list = allCards();
      const next = swapping.moveOn && !failed ? list[list.indexOf(card) + 1] : null;
      (next || card).focus();
      (next || card).scrollIntoView({ block: "nearest" });
      if (failed && card.querySelector(".errorlist")) {
        const field = card.querySelector(".errorlist + label + input, input[type=text]");
        if (field) field.focus();
      }
    }
    swapping = null;
  });

  // A selection in the article fills the passage form.
  function offsetOf(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement.closest("[data-start]");
      return piece ? Number(piece.dataset.start) + offset : null;
    }
    const child = node.childNodes[offset];
    if (child && child.dataset && child.dataset.start) return Number(child.dataset.start);
    return null;
  }

  function takeSelection() {
    const selection = window.getSelection();
    if (selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const raw = selection.toString();
    const selected = raw.trim();
    if (!selected) return;
    const start = offsetOf(range.startContainer, range.startOffset);
    quote.value = selected;
    position.value = start === null ? "" : String(start + (raw.length - raw.trimStart().length));
    passage.classList.add("wb-selected");
    const card = document.querySelector(".wb-card.wb-active");
    if (card && citeEvent) citeEvent.value = card.dataset.event;
  }
  text.addEventListener("mouseup", takeSelection);
  text.addEventListener("keyup", (e) => {
    if (e.shiftKey) takeSelection();
  });
  quote.addEventListener("input", () => {
    position.value = ""; // typed or pasted by hand: the server looks for it anew
  });
})();
