// After a failed submit, take keyboard and screen-reader users to the error summary,
// whose links lead to each field in error.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});

// Forms on pages served from the shared page cache carry no CSRF token (a token belongs
// to one visitor). Such a form is marked data-csrf-url and starts hidden, with a link to
// the same form rendered for this visitor (data-csrf-fallback) for browsers without
// JavaScript; here the visitor's token is fetched once, put in each form, and the forms
// are shown in place of their links.
document.addEventListener("DOMContentLoaded", () => {
  const forms = document.querySelectorAll("form[data-csrf-url]");
  if (!forms.length) return;
  fetch(forms[0].dataset.csrfUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then(({token}) => {
      forms.forEach((form) => {
        if (!form.querySelector("input[name=csrfmiddlewaretoken]")) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = "csrfmiddlewaretoken";
          input.value = token;
          form.prepend(input);
        }
        form.hidden = false;
        const fallback = document.getElementById(form.dataset.csrfFallback);
        if (fallback) fallback.hidden = true;
      });
    })
    .catch(() => {}); // the links stay: the form works on its own page
});
