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

// Pickers: where there are too many people, organizations or cases for a
// select, it holds only the current choice and is marked data-picker (the
// search URL); this adds a search box above it that fills the select with up
// to 20 matches as the user types.
// Chosen options are kept, so a multi-select can collect several people.
(function () {
  "use strict";

  function enhance(select) {
    if (select.dataset.pickerReady) { return; }
    select.dataset.pickerReady = "1";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "picker-search";
    search.placeholder = "Type part of a name…";
    search.setAttribute("aria-label", "Search: " +
      (select.labels && select.labels[0] ? select.labels[0].textContent.trim() : "this field"));
    search.setAttribute("autocomplete", "off");
    select.parentNode.insertBefore(search, select);
    var timer = null;
    var latest = 0;

    function show(matches) {
      Array.prototype.slice.call(select.options).forEach(function (option) {
        // Keep the blank choice and whatever is chosen; replace the rest.
        if (!option.selected && option.value !== "0" && option.value !== "") {
          option.remove();
        }
      });
      var present = {};
      Array.prototype.forEach.call(select.options, function (o) { present[o.value] = true; });
      matches.forEach(function (match) {
        var value = String(match.value);
        if (present[value]) { return; }
        var option = document.createElement("option");
        option.value = value;
        option.textContent = match.label;  // text, never HTML
        select.appendChild(option);
      });
      if (!select.multiple && matches.length && !select.value) {
        select.value = String(matches[0].value);
      }
    }

    search.addEventListener("input", function () {
      clearTimeout(timer);
      var query = search.value.trim();
      if (query.length < 2) { return; }
      timer = setTimeout(function () {
        var asked = ++latest;
        fetch(select.dataset.picker + "?q=" + encodeURIComponent(query),
              { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { options: [] }; })
          .then(function (data) { if (asked === latest) { show(data.options || []); } })
          .catch(function () { /* the select keeps its current choice */ });
      }, 200);
    });
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(
      (root || document).querySelectorAll("select[data-picker]"), enhance);
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhanceAll(event.target); });
})();

// At phone width the top navigation folds into a "Menu" button (see
// caseboard.css); without this script it simply stays open.
(function () {
  "use strict";

  function setUp() {
    var bar = document.querySelector(".topbar");
    var button = bar && bar.querySelector(".menu-toggle");
    if (!button) { return; }
    button.hidden = false;
    bar.classList.add("menu-ready");
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && bar.classList.contains("open")) {
        bar.classList.remove("open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }
  document.addEventListener("DOMContentLoaded", setUp);
})();

// Chips: a multi-select marked data-chips (the people of a contact) becomes
// the chosen names as chips, each with a remove button, and a type-ahead
// that adds one more. The select stays in the form (hidden) and carries the
// choice, so without this script the plain multi-select still works.
(function () {
  "use strict";

  function chipsFor(select) {
    if (select.dataset.chipsReady) { return; }
    select.dataset.chipsReady = "1";
    select.dataset.pickerReady = "1";  // the plain picker must not add its box
    var label = select.labels && select.labels[0];
    var name = label ? label.textContent.trim() : "people";
    var box = document.createElement("div");
    box.className = "chips";
    var list = document.createElement("ul");
    list.className = "chip-list";
    list.setAttribute("aria-label", name + ": chosen");
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-search";
    input.className = "chips-search";
    input.placeholder = "Type part of a name…";
    input.setAttribute("autocomplete", "off");
    var found = document.createElement("ul");
    found.className = "chip-matches";
    found.setAttribute("aria-label", name + ": matches");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.appendChild(list);
    box.appendChild(input);
    box.appendChild(found);
    box.appendChild(status);
    select.parentNode.insertBefore(box, select);
    select.hidden = true;
    select.tabIndex = -1;
    if (label) { label.htmlFor = input.id; }
    var known = {};  // every option ever seen: value -> label
    Array.prototype.forEach.call(select.options, function (o) { known[o.value] = o.textContent; });

    function option(value) {
      var hit = null;
      Array.prototype.forEach.call(select.options, function (o) { if (o.value === value) { hit = o; } });
      if (!hit) {
        hit = document.createElement("option");
        hit.value = value;
        hit.textContent = known[value];
        select.appendChild(hit);
      }
      return hit;
    }

    function drawChips() {
      list.textContent = "";
      Array.prototype.forEach.call(select.selectedOptions, function (o) {
        var chip = document.createElement("li");
        chip.className = "chip";
        var text = document.createElement("span");
        text.textContent = o.textContent;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "chip-remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "Remove " + o.textContent);
        remove.addEventListener("click", function () {
          o.selected = false;
          status.textContent = o.textContent + " removed";
          drawChips();
          input.focus();
        });
        chip.appendChild(text);
        chip.appendChild(remove);
        list.appendChild(chip);
      });
    }

    function add(value) {
      option(value).selected = true;
      status.textContent = known[value] + " added";
      input.value = "";
      found.textContent = "";
      drawChips();
      input.focus();
    }

    function show(matches) {
      found.textContent = "";
      matches.forEach(function (match) {
        var value = String(match.value);
        known[value] = match.label;
        if (option(value).selected) { return; }
        var item = document.createElement("li");
        var pick = document.createElement("button");
        pick.type = "button";
        pick.className = "link chip-add";
        pick.textContent = match.label;  // text, never HTML
        pick.setAttribute("aria-label", "Add " + match.label);
        pick.addEventListener("click", function () { add(value); });
        item.appendChild(pick);
        found.appendChild(item);
      });
      status.textContent = found.children.length ? found.children.length + " found" : "Nobody found";
    }

    function local(query) {
      var q = query.toLowerCase();
      var out = [];
      Object.keys(known).forEach(function (value) {
        if (value && value !== "0" && known[value].toLowerCase().indexOf(q) !== -1 && out.length < 20) {
          out.push({ value: value, label: known[value] });
        }
      });
      return out;
    }

    var timer = null;
    var latest = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { found.textContent = ""; return; }
      if (!select.dataset.picker) { show(local(query)); return; }
      timer = setTimeout(function () {
        var asked = ++latest;
        fetch(select.dataset.picker + "?q=" + encodeURIComponent(query),
              { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { options: [] }; })
          .then(function (data) { if (asked === latest) { show(data.options || []); } })
          .catch(function () { /* the chosen stay chosen */ });
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();  // Enter picks the first match, never submits
      var first = found.querySelector("button");
      if (first) { first.click(); }
    });
    drawChips();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-chips]"), chipsFor);
  });
})();

// A message that arrives with an htmx swap ("Saved: …") is new text in a new
// element, which screen readers may not read out: repeat it in the page's
// lasting live region.
document.addEventListener("htmx:afterSettle", function (event) {
  "use strict";
  var live = document.getElementById("live-announcer");
  var target = event.detail && event.detail.target;
  if (target && !target.isConnected && target.id) {
    target = document.getElementById(target.id);  // swapped out: its successor
  }
  if (!live || !target || !target.querySelectorAll) { return; }
  var said = Array.prototype.map.call(
    target.querySelectorAll(".flash[role='status'], .flash[role='alert']"),
    function (box) { return box.textContent.trim(); });
  if (said.length) {
    live.textContent = "";
    window.setTimeout(function () { live.textContent = said.join(" "); }, 50);
  }
});
