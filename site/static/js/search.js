// The public search page, on top of a form that works without JavaScript.
// - From 700 px wide the filters panel starts open (on a phone it stays folded under the results).
// - Type-ahead: names of services and organizations that start with what is typed, offered through the
//   input's <datalist>. What is typed goes in the body of a POST (never in a URL, so in no history or
//   access log); nothing is kept in the page, the browser's storage or on the server.
(function () {
  "use strict";
  var filters = document.querySelector("[data-search-filters]");
  if (filters && window.matchMedia && window.matchMedia("(min-width: 700px)").matches) {
    filters.open = true;
  }

  var input = document.querySelector("[data-suggest-url]");
  var list = input && document.getElementById(input.getAttribute("list"));
  if (!input || !list || !window.fetch) return;
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var asked = "";

  function show(names) {
    while (list.firstChild) list.removeChild(list.firstChild);
    names.forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }

  function ask() {
    var prefix = input.value.trim();
    if (prefix === asked) return;
    asked = prefix;
    if (prefix.length < 2) { show([]); return; }
    var body = new URLSearchParams();
    body.set("q", prefix);
    fetch(url, { method: "POST", body: body, credentials: "omit", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { if (input.value.trim() === prefix) show(data.suggestions || []); })
      .catch(function () { show([]); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 150);
  });
})();
