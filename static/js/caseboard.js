// Caseboard's own script: small, no inline code (so a strict CSP can forbid it).
//
// htmx leaves the page as it is when a request fails, so an inline status
// change refused by the server (an expired form, a lost permission, an error)
// would look saved. Say so instead, where the user is looking.
(function () {
  "use strict";

  function showProblem(text) {
    var main = document.getElementById("main");
    if (!main) { return; }
    var old = document.getElementById("live-problem");
    if (old) { old.remove(); }
    var box = document.createElement("div");
    box.id = "live-problem";
    box.className = "flash flash-error live-problem";
    box.setAttribute("role", "alert");
    box.textContent = text;  // text, never HTML
    main.insertBefore(box, main.firstChild);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var why = {
      400: "the form had expired",
      403: "you may no longer change this",
      404: "it no longer exists or you may not see it"
    }[status] || "the server had a problem";
    showProblem("Not saved: " + why + ". Reload the page to see the current state.");
  });

  // Meeting notes save as they are typed. Until the save answers, say so,
  // and warn before the page is left with words not yet saved.
  var unsaved = new Set();

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(".notes-form textarea")) { return; }
    unsaved.add(box.id);
    var status = document.getElementById(box.id.replace("notes-", "saved-"));
    if (status) { status.textContent = "Saving…"; status.className = "saved pending"; }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var source = event.detail.elt;
    if (source && source.matches && source.matches(".notes-form textarea") &&
        event.detail.successful) {
      unsaved.delete(source.id);
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (unsaved.size) {
      event.preventDefault();
      event.returnValue = "";  // the browser shows its own "leave page?" question
    }
  });

  document.addEventListener("htmx:sendError", function () {
    showProblem("Not saved: the connection was lost. Check your network and try again.");
  });
})();

// htmx would write its indicator styles into a <style> element, which the
// Content-Security-Policy refuses (no inline styles); caseboard.css has them.
// This runs before htmx reads its settings (both scripts are deferred).
if (window.htmx) { window.htmx.config.includeIndicatorStyles = false; }
