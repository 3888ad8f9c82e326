/* Practice library filters, progressively enhanced (the page works without it: the
 * form submits, the chips are links, the apply button sticks to the bottom).
 * - A ticked box or another sort applies at once: the results, counts and chips are
 *   fetched and swapped in place, focus stays where it was, the address follows
 *   (back and forward work) and the status line announces the new count.
 * - A chip removes its value the same way; focus goes to the next chip, or to the
 *   "Active filters" heading, or to the results heading.
 * - On a narrow screen the facets become a drawer opened by "Filters (n)": a modal
 *   dialog (focus moved in and kept there, Escape or "Close" closes it, focus goes
 *   back to the button). */
(function () {
  "use strict";
  var NARROW = "(max-width: 59.99em)";

  function init() {
    var form = document.querySelector("form[data-library]");
    if (!form || !window.fetch || !window.DOMParser) return;
    var drawer = document.getElementById("library-filters");
    var toggle = form.querySelector("[data-drawer-open]");
    var narrow = window.matchMedia(NARROW);
    var controller = null;
    form.classList.add("library--js");

    function url() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        var field = form.elements[name];
        // Left out: empty fields and a select on its first option (the default sort).
        var isDefault = field && field.tagName === "SELECT" && field.options.length &&
          field.options[0].value === value;
        if (value !== "" && !isDefault) params.append(name, value);
      });
      var query = params.toString();
      return form.action.split("?")[0] + (query ? "?" + query : "");
    }

    function swap(doc) {
      var open = {};
      form.querySelectorAll("details[data-facet]").forEach(function (d) { open[d.dataset.facet] = d.open; });
      ["library-facets-body", "library-chips", "library-hits"].forEach(function (id) {
        var fresh = doc.getElementById(id), current = document.getElementById(id);
        if (fresh && current) current.innerHTML = fresh.innerHTML;
      });
      form.querySelectorAll("details[data-facet]").forEach(function (d) {
        if (open[d.dataset.facet]) d.open = true;
      });
      // Texts only, so the live region stays the same node and is announced.
      ["#library-status", "[data-drawer-open]", ".library__show-results"].forEach(function (selector) {
        var fresh = doc.querySelector(selector), current = form.querySelector(selector);
        if (fresh && current) current.textContent = fresh.textContent;
      });
      ["library-q", "library-sort"].forEach(function (id) {  // back and forward
        var fresh = doc.getElementById(id), current = document.getElementById(id);
        if (fresh && current && current !== document.activeElement) current.value = fresh.value;
      });
      var title = doc.querySelector("title");
      if (title) document.title = title.textContent;
    }

    function update(target, focus, push) {
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var results = document.getElementById("library-results");
      results.setAttribute("aria-busy", "true");
      return fetch(target, { headers: { Accept: "text/html" }, credentials: "same-origin",
                             signal: controller ? controller.signal : undefined })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text().then(function (html) { return { html: html, url: response.url }; });
        })
        .then(function (page) {
          swap(new DOMParser().parseFromString(page.html, "text/html"));
          if (push !== false) history.pushState({ library: true }, "", page.url);
          results.removeAttribute("aria-busy");
          var element = typeof focus === "function" ? focus() : focus && document.getElementById(focus);
          if (element) element.focus();
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          window.location.href = target;  // let the server render it
        });
    }

    form.addEventListener("change", function (event) {
      var field = event.target;
      if (field.type === "checkbox" || field.tagName === "SELECT") update(url(), field.id);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var focused = document.activeElement;
      update(url(), focused && focused.id ? focused.id : null);
    });
    form.addEventListener("click", function (event) {
      var chip = event.target.closest("a[data-chip]");
      if (!chip || event.metaKey || event.ctrlKey || event.shiftKey || event.button) return;
      event.preventDefault();
      var chips = Array.prototype.slice.call(form.querySelectorAll("a.chip"));
      var index = chips.indexOf(chip);
      update(chip.href, function () {
        var left = form.querySelectorAll("a.chip");
        if (left.length && index >= 0) return left[Math.min(index, left.length - 1)];
        return document.getElementById("active-filters-title") ||
          document.getElementById("library-results-title");
      });
    });
    window.addEventListener("popstate", function () { update(window.location.href, null, false); });

    // --- the drawer on narrow screens ---------------------------------------------
    var others = [];
    function setDrawerMode() {
      var isNarrow = narrow.matches;
      toggle.hidden = !isNarrow;
      form.querySelectorAll("[data-drawer-close]").forEach(function (b) { b.hidden = !isNarrow; });
      form.classList.toggle("library--drawer", isNarrow);
      if (!isNarrow) closeDrawer(false);
    }
    function openDrawer() {
      drawer.classList.add("is-open");
      drawer.setAttribute("role", "dialog");
      drawer.setAttribute("aria-modal", "true");
      drawer.setAttribute("aria-labelledby", "library-filters-title");
      toggle.setAttribute("aria-expanded", "true");
      others = [];
      var node = drawer;
      while (node && node !== document.body) {  // everything around the drawer is inert
        Array.prototype.forEach.call(node.parentNode.children, function (sibling) {
          if (sibling !== node && !sibling.inert) { sibling.inert = true; others.push(sibling); }
        });
        node = node.parentNode;
      }
      document.documentElement.classList.add("library-drawer-open");
      document.getElementById("library-filters-title").focus();
    }
    function closeDrawer(restoreFocus) {
      if (!drawer.classList.contains("is-open")) return;
      drawer.classList.remove("is-open");
      drawer.removeAttribute("role");
      drawer.removeAttribute("aria-modal");
      drawer.removeAttribute("aria-labelledby");
      toggle.setAttribute("aria-expanded", "false");
      others.forEach(function (element) { element.inert = false; });
      others = [];
      document.documentElement.classList.remove("library-drawer-open");
      if (restoreFocus !== false) toggle.focus();
    }
    toggle.addEventListener("click", openDrawer);
    form.addEventListener("click", function (event) {
      if (event.target.closest("[data-drawer-close]")) closeDrawer();
    });
    drawer.addEventListener("keydown", function (event) {
      if (!drawer.classList.contains("is-open")) return;
      if (event.key === "Escape") { event.preventDefault(); closeDrawer(); return; }
      if (event.key !== "Tab") return;
      var focusable = Array.prototype.filter.call(
        drawer.querySelectorAll("a[href], button, input, select, summary"),
        function (el) { return !el.disabled && el.offsetParent !== null; });
      if (!focusable.length) return;
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (event.shiftKey && (document.activeElement === first || focusable.indexOf(document.activeElement) < 0)) { event.preventDefault(); last.focus(); }
      else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
    });
    if (narrow.addEventListener) narrow.addEventListener("change", setDrawerMode);
    setDrawerMode();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
