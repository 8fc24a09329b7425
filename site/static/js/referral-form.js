// The new-referral form works without this script. With it: a filter for the long language list.
(function () {
  "use strict";
  var input = document.getElementById("language-filter");
  if (!input) { return; }
  var list = document.querySelector(input.getAttribute("data-filters"));
  if (!list) { return; }
  input.parentNode.hidden = false;
  input.addEventListener("input", function () {
    var wanted = input.value.trim().toLowerCase();
    Array.prototype.forEach.call(list.querySelectorAll(".chip"), function (chip) {
      var checked = chip.querySelector("input").checked;
      chip.hidden = wanted !== "" && !checked && chip.textContent.toLowerCase().indexOf(wanted) === -1;
    });
  });
}());
