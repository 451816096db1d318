// Sends the page's CSRF token with every htmx request; no inline script, as the CSP requires.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRF-Token"] = meta.content; }
});

// FORMS: the check on change names every field changed so far, so that the answer shows their messages even when
// one was emptied, while the fields not touched yet stay quiet.
var docgenTouched = [];
document.addEventListener("htmx:configRequest", function (event) {
  var changed = event.detail.triggeringEvent && event.detail.triggeringEvent.target;
  if (changed && changed.name && docgenTouched.indexOf(changed.name) < 0) { docgenTouched.push(changed.name); }
  event.detail.parameters["_changed"] = docgenTouched.join(" ");
});
