// "Exit this page" (after GOV.UK's component): on click or three presses of Shift within a second,
// cover the page at once, then replace this page in the history with a neutral site.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit-link]");
  if (!link) return;
  function exitNow(event) {
    if (event) event.preventDefault();
    var overlay = document.createElement("div");
    overlay.className = "quick-exit__overlay";
    document.body.appendChild(overlay);
    document.title = "Loading";
    window.location.replace(link.href);
  }
  link.addEventListener("click", exitNow);
  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < 1000; });
    presses.push(now);
    if (presses.length >= 3) exitNow();
  });
})();
