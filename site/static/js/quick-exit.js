// "Exit this page", following GOV.UK's component (govuk-frontend's exit-this-page):
// - without JavaScript the button is a plain link to a neutral site;
// - with it, a click (or Shift pressed three times, each within 5 seconds of the last, and not as a
//   modifier of another key) hides the page at once under a blank overlay that says "Loading.", then
//   replaces this page in the history with the neutral site, so Back does not return here;
// - three small lights on the button and a polite status message count the Shift presses;
// - if the browser restores this page from its back/forward cache, the overlay is removed again.
// Messages come from data-* attributes so they are translated with the rest of the page (no inline script).
(function () {
  "use strict";
  var root = document.querySelector("[data-quick-exit]");
  if (!root) return;
  var button = root.querySelector("[data-quick-exit-link]");
  if (!button) return;

  var TIMEOUT_MS = 5000;
  var text = {
    activated: root.getAttribute("data-i18n-activated") || "Loading.",
    timedOut: root.getAttribute("data-i18n-timed-out") || "Exit this page expired.",
    twoMore: root.getAttribute("data-i18n-press-two-more") || "Shift, press 2 more times to exit.",
    oneMore: root.getAttribute("data-i18n-press-one-more") || "Shift, press 1 more time to exit."
  };
  var presses = 0;
  var lastKeyWasModified = false;
  var keypressTimer = null;
  var messageTimer = null;
  var overlay = null;

  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  root.appendChild(status);

  var indicator = document.createElement("span");
  indicator.className = "quick-exit__indicator";
  indicator.setAttribute("aria-hidden", "true");
  for (var i = 0; i < 3; i++) {
    var light = document.createElement("span");
    light.className = "quick-exit__light";
    indicator.appendChild(light);
  }
  button.appendChild(indicator);

  function updateIndicator() {
    indicator.classList.toggle("quick-exit__indicator--visible", presses > 0);
    var lights = indicator.querySelectorAll(".quick-exit__light");
    for (var j = 0; j < lights.length; j++) {
      lights[j].classList.toggle("quick-exit__light--on", j < presses);
    }
  }

  function exitPage() {
    status.textContent = "";
    // Hide the page from sight, screen readers and Tab while the neutral site loads.
    document.body.classList.add("quick-exit--hide-content");
    overlay = document.createElement("div");
    overlay.className = "quick-exit__overlay";
    overlay.setAttribute("role", "alert");
    document.body.appendChild(overlay);
    overlay.textContent = text.activated; // set after insertion so screen readers announce it
    document.title = text.activated;
    window.location.replace(button.href);
  }

  function resetPresses() {
    window.clearTimeout(keypressTimer);
    keypressTimer = null;
    presses = 0;
    status.textContent = text.timedOut;
    messageTimer = window.setTimeout(function () { status.textContent = ""; }, TIMEOUT_MS);
    updateIndicator();
  }

  root.classList.add("quick-exit--ready");

  // Phones and tablets have no Shift key: the hint shows only with a mouse-like pointer, or once a
  // physical key is pressed (a keyboard attached to a tablet).
  function showKeyboardHint() { root.classList.add("quick-exit--keyboard"); }
  if (window.matchMedia && window.matchMedia("(hover: hover) and (pointer: fine)").matches) {
    showKeyboardHint();
  }
  document.addEventListener("keydown", showKeyboardHint, { once: true, capture: true });

  button.addEventListener("click", function (event) {
    event.preventDefault();
    exitPage();
  });

  document.addEventListener("keyup", function (event) {
    if (event.key === "Shift" && !lastKeyWasModified) {
      presses += 1;
      updateIndicator();
      window.clearTimeout(messageTimer);
      messageTimer = null;
      if (presses >= 3) {
        presses = 0;
        window.clearTimeout(keypressTimer);
        keypressTimer = null;
        exitPage();
      } else {
        status.textContent = presses === 1 ? text.twoMore : text.oneMore;
        window.clearTimeout(keypressTimer);
        keypressTimer = window.setTimeout(resetPresses, TIMEOUT_MS);
      }
    } else if (keypressTimer) {
      resetPresses();
    }
    // Shift used as a modifier (Shift+A) sends a keyup for A with shiftKey set, then one for Shift: ignore that one.
    lastKeyWasModified = event.shiftKey;
  }, true);

  window.addEventListener("pageshow", function () {
    document.body.classList.remove("quick-exit--hide-content");
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
    status.textContent = "";
    presses = 0;
    updateIndicator();
  });
})();
