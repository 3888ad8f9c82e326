/* Search box autocomplete: the ARIA 1.2 combobox pattern (list autocomplete).
 * The input (#search-q, role="combobox") gets a listbox of suggested titles.
 * Keys: Down/Up move in the list, Enter opens the highlighted suggestion (or
 * submits the search), Escape closes the list (a second Escape clears the box),
 * Home/End move the caret as usual. The list is a popup under the field (it takes no
 * room in the header); a polite live region says how many suggestions there are.
 * Works without the script: the form submits. */
(function () {
  "use strict";
  function init() {
    var input = document.getElementById("search-q");
    if (!input || !input.dataset.suggestUrl || !window.fetch) return;
    var listId = input.getAttribute("aria-controls") || "search-q-listbox";
    var list = document.getElementById(listId);
    if (!list) {
      list = document.createElement("ul");
      list.id = listId;
      list.setAttribute("role", "listbox");
      list.className = "search-suggestions";
      var label = input.labels && input.labels[0];
      if (label) { list.setAttribute("aria-labelledby", label.id || (label.id = listId + "-label")); }
      list.hidden = true;
      input.insertAdjacentElement("afterend", list);
    }
    var status = document.createElement("div");
    status.className = "visually-hidden";
    // A live region without the status role: the page's own status line stays the one.
    status.setAttribute("aria-live", "polite");
    status.setAttribute("aria-atomic", "true");
    list.insertAdjacentElement("afterend", status);
    if (input.form) input.form.classList.add("site-search--combobox");
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function open() {
      if (!items.length) { close(); return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function announce(text) {
      // Cleared first, so the same count said twice is announced twice.
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text || ""; }, 50);
    }
    function render(suggestions, message) {
      items = suggestions;
      announce(message);
      list.textContent = "";
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.title;
        if (s.label) {
          var kind = document.createElement("span");
          kind.className = "search-suggestions__type";
          kind.textContent = " — " + s.label;
          li.appendChild(kind);
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      active = -1;
      open();
    }
    function go(index) {
      var s = items[index];
      if (s && s.url) { window.location.href = s.url; }
      else if (s) { input.value = s.title; close(); input.form.submit(); }
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) { open(); return; }
      lastQuery = q;
      if (q.length < 2) { render([], ""); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [], status: "" }; })
        .then(function (data) { if (input.value.trim() === q) render(data.suggestions || [], data.status); })
        .catch(function () { /* aborted or offline: keep the plain search box */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (list.hidden) { open(); if (!items.length) { fetchSuggestions(); } break; }
          highlight(active + 1 >= items.length ? 0 : active + 1);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (list.hidden) { open(); break; }
          highlight(active <= 0 ? items.length - 1 : active - 1);
          break;
        case "Enter":
          if (!list.hidden && active >= 0) { event.preventDefault(); go(active); }
          break;
        case "Escape":
          if (!list.hidden) { event.preventDefault(); close(); }
          else if (input.value) { event.preventDefault(); input.value = ""; lastQuery = ""; items = []; }
          break;
        default:
          break;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
