// Resource lists kept in this browser only (localStorage), so pages stay the same for everyone and
// cacheable: "Add to my list" buttons, the "My list" page (filled by a POST of the ids, never a URL),
// printing, sharing and emptying. Nothing here talks to the server except to show or share the list.
(function () {
  "use strict";
  var KEY = "coalition-my-list";
  var MAX = 50;

  function read() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (e) { return []; }
  }
  function write(ids) {
    try {
      if (ids.length) window.localStorage.setItem(KEY, JSON.stringify(ids.slice(0, MAX)));
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* storage refused (private mode on some browsers): the list simply is not kept */ }
  }

  function paint(button) {
    var inList = read().indexOf(button.getAttribute("data-list-toggle")) !== -1;
    button.textContent = button.getAttribute(inList ? "data-label-in" : "data-label-add");
    button.setAttribute("aria-pressed", inList ? "true" : "false");
  }
  document.querySelectorAll("[data-list-toggle]").forEach(function (button) {
    button.hidden = false;
    paint(button);
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-list-toggle");
      var ids = read();
      var at = ids.indexOf(id);
      if (at === -1) ids.push(id); else ids.splice(at, 1);
      write(ids);
      paint(button);
    });
  });

  document.querySelectorAll("[data-list-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var box = document.querySelector("[data-my-list]");
  if (!box) return;
  var actions = document.querySelector("[data-list-actions]");
  var idsField = document.querySelector("[data-list-ids]");

  function load() {
    var ids = read();
    if (idsField) idsField.value = ids.join(",");
    if (actions) actions.hidden = ids.length === 0;
    if (!ids.length) return;
    var body = new URLSearchParams();
    body.set("ids", ids.join(","));
    fetch(box.getAttribute("data-items-url"), { method: "POST", body: body, credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (!html) return;
        box.innerHTML = html;
        box.querySelectorAll("[data-list-remove]").forEach(function (button) {
          button.addEventListener("click", function () {
            write(read().filter(function (id) { return id !== button.getAttribute("data-list-remove"); }));
            load();
            if (!read().length) window.location.reload();
          });
        });
      });
  }
  var clear = document.querySelector("[data-list-clear]");
  if (clear) clear.addEventListener("click", function () { write([]); window.location.reload(); });
  load();
})();
