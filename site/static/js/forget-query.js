// Nothing in the history: once a page that was asked for with search words or a ZIP has loaded, the
// address bar and this history entry become the bare path ("/search/"), so Back, the history list and
// address-bar suggestions keep no query or ZIP. Without JavaScript the URL stays (see the README).
// The page itself is not reloaded: what is on screen stays until the visitor leaves.
(function () {
  "use strict";
  if (!window.history || !window.history.replaceState || !window.location.search) return;
  // The fragment ("#results") goes too, so land on its target here rather than leave it to the browser.
  var target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
  window.history.replaceState(null, "", window.location.pathname);
  if (target) {
    target.scrollIntoView();
    target.focus({ preventScroll: true });
  }
})();
