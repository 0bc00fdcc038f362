// The shortlist's count in the site header, on every page: the list is
// kept in this browser (localStorage) by finder.js.
(function () {
  "use strict";
  var n = 0;
  try { n = (JSON.parse(localStorage.getItem("careerpath.shortlist")) || []).length; } catch (e) { /* storage off */ }
  document.querySelectorAll(".shortlist-link").forEach(function (a) {
    a.hidden = n === 0;
    a.querySelector(".shortlist-count").textContent = String(n);
  });
})();
