// The @mention picker. A comment box marked data-mentions (the URL of the
// people who may see its case) offers those people once "@" is typed,
// following the ARIA combobox pattern's keyboard with a listbox popup: the box
// keeps the focus, the highlighted option is its aria-activedescendant (a
// textarea keeps its own textbox role, as ARIA in HTML allows it no other,
// so it says "autocomplete: list" instead of role=combobox), ArrowDown and
// ArrowUp move, Enter or Tab write "@Full Name", Escape closes. A click picks
// too. Without this script the box is a plain textarea, and typing
// "@Full Name" by hand mentions just the same.
(function () {
  "use strict";

  var WAIT_MS = 150;
  // "@" at the start or after a space, then what was typed since (a name may
  // have spaces; at most four words of it).
  var TYPED = /(?:^|\s)@([^@\n]{0,40})$/;

  function enhance(box, index) {
    if (box.dataset.mentionsReady) { return; }
    box.dataset.mentionsReady = "1";
    var listId = "mentions-" + index;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "People to mention");
    list.hidden = true;
    // No live region of its own: the box's active option is announced
    // through aria-activedescendant, and a page has one status message.
    box.insertAdjacentElement("afterend", list);
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", listId);

    var people = [];
    var active = -1;
    var start = -1;  // where the "@" being completed is
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      people = [];
      active = -1;
        box.removeAttribute("aria-activedescendant");
    }

    function highlight(next) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      active = (next + options.length) % options.length;
      Array.prototype.forEach.call(options, function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      box.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function pick(i) {
      var person = people[i];
      if (!person || start < 0) { return; }
      var caret = box.selectionStart;
      var text = "@" + person.name + " ";
      box.value = box.value.slice(0, start) + text + box.value.slice(caret);
      var after = start + text.length;
      box.setSelectionRange(after, after);
      close();
      box.focus();
    }

    function show(found) {
      list.innerHTML = "";
      people = found;
      if (!found.length) {
        close();
        return;
      }
      found.forEach(function (person, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = person.name;
        if (person.organization) {
          var where = document.createElement("span");
          where.className = "muted small";
          where.textContent = " · " + person.organization;
          option.appendChild(where);
        }
        // mousedown, not click: the box must not lose its caret first.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          pick(i);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      highlight(0);
    }

    function lookUp() {
      var before = box.value.slice(0, box.selectionStart);
      var typed = TYPED.exec(before);
      if (!typed || typed[1].split(" ").length > 4) {
        close();
        return;
      }
      start = before.length - typed[1].length - 1;
      var asked = ++latest;
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch(box.dataset.mentions + "?q=" + encodeURIComponent(typed[1].trim()),
              { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { people: [] }; })
          .then(function (data) { if (asked === latest) { show(data.people || []); } })
          .catch(function () { close(); });
      }, WAIT_MS);
    }

    box.addEventListener("input", lookUp);
    box.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        pick(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    box.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  var count = 0;
  function enhanceAll(root) {
    Array.prototype.forEach.call(
      (root || document).querySelectorAll("textarea[data-mentions]"),
      function (box) { enhance(box, count++); });
  }
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhanceAll(event.target); });
})();
