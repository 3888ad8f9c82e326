/* A generic autocomplete for text fields: the ARIA 1.2 combobox pattern with a listbox
 * popup. Markup: <div class="autocomplete" data-autocomplete="URL" data-autocomplete-*>
 * around a text input. The URL answers ?q=…&limit=… with {"results": [{"label",
 * "description"}]}; picking a result writes its label into the input, which the server
 * reads back (so the field works the same without this script).
 * Keys: Down/Up open the list and move in it, Enter picks the highlighted option,
 * Escape closes the list (a second Escape clears the field), Tab leaves as usual. */
(function () {
  "use strict";
  var counter = 0;

  function enhance(wrapper) {
    var input = wrapper.querySelector("input");
    if (!input || wrapper.dataset.autocompleteReady || !window.fetch) return;
    wrapper.dataset.autocompleteReady = "1";
    var id = input.id || ("autocomplete-" + (++counter));
    input.id = id;
    var list = document.createElement("ul");
    list.id = id + "-listbox";
    list.className = "autocomplete__listbox";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", wrapper.dataset.autocompleteLabel || "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var results = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = null;

    function say(text) { status.textContent = text; }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) return;
      if (index < 0) index = options.length - 1;
      if (index >= options.length) index = 0;
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    }

    function pick(index) {
      var result = results[index];
      if (!result) return;
      input.value = result.label;
      lastQuery = input.value;
      close();
      say("");
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function render(data) {
      results = data.results || [];
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      results.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "autocomplete__option";
        var name = document.createElement("span");
        name.className = "autocomplete__name";
        name.textContent = result.label;
        option.appendChild(name);
        if (result.description) {
          var description = document.createElement("span");
          description.className = "autocomplete__description";
          description.textContent = result.description;
          option.appendChild(description);
        }
        // mousedown, not click: the input keeps its focus.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(i);
        });
        list.appendChild(option);
      });
      if (!results.length) {
        close();
        say(wrapper.dataset.autocompleteNone || "");
        return;
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      var template = results.length === 1 ? wrapper.dataset.autocompleteOne
        : wrapper.dataset.autocompleteMany;
      say((template || "").replace("{count}", results.length));
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < 2) { close(); results = []; list.textContent = ""; return; }
      if (controller) controller.abort();
      controller = new AbortController();
      var url = wrapper.dataset.autocomplete + "?q=" + encodeURIComponent(query);
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (input.value.trim() === query) render(data); })
        .catch(function () { /* aborted or offline: the field still works as text */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) {
          if (results.length) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
          } else {
            lastQuery = null;
            fetchSuggestions();
            return;
          }
        }
        highlight(event.key === "ArrowDown" ? active + 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();  // pick, don't submit the form yet
          pick(active);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          lastQuery = "";
          results = [];
          list.textContent = "";
        }
      }
    });
    input.addEventListener("blur", function () { close(); });
  }

  function init(root) {
    (root || document).querySelectorAll("[data-autocomplete]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
  window.essaimAutocomplete = { init: init };
})();
