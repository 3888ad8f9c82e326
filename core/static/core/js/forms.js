// After a failed submit, take keyboard and screen-reader users to the error summary,
// whose links lead to each field in error.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
