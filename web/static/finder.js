// Progressive enhancement of the program finder: a shortlist kept in this
// browser (localStorage) and a cap of four programs to compare. Without
// JavaScript the finder, the comparison and the exports all still work.
(function () {
  "use strict";
  var KEY = "careerpath.shortlist";
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function save(list) {
    try { localStorage.setItem(KEY, JSON.stringify(list)); } catch (e) { /* storage off: nothing kept */ }
  }

  // What a visitor does with a program is sent for the finder's ranking
  // experiments (the server keeps it only for visitors in one; the
  // cookie says who). The server sees program and compare pages too, for
  // visitors without JavaScript, and counts a click sent both ways once.
  function track(kind, id) {
    var n = parseInt(id, 10);
    if (!navigator.sendBeacon || !(n > 0)) return;
    try { navigator.sendBeacon("/api/v1/events", JSON.stringify({ kind: kind, program_id: n })); } catch (e) { /* best effort */ }
  }
  document.querySelectorAll(".program-card h3 a").forEach(function (a) {
    a.addEventListener("click", function () {
      var m = /\/programs\/(\d+)/.exec(a.getAttribute("href"));
      if (m) track("click", m[1]);
    });
  });
  var compareForm = document.querySelector(".compare-form");
  if (compareForm) {
    compareForm.addEventListener("submit", function () {
      compareForm.querySelectorAll('input[name="id"]:checked').forEach(function (b) { track("compare", b.value); });
    });
  }

  // The compare page shows why each program matches the career, the tuition
  // for the student's state and the distance from their ZIP code: the
  // shortlist's link carries what the finder form's compare button does.
  function context() {
    if (!compareForm) return [];
    return Array.prototype.map.call(compareForm.querySelectorAll('input[type="hidden"]'), function (h) {
      return encodeURIComponent(h.name) + "=" + encodeURIComponent(h.value);
    });
  }

  var aside = document.getElementById("shortlist");
  function render() {
    var list = load();
    if (!aside) return;
    var ul = aside.querySelector("ul");
    ul.textContent = "";
    list.forEach(function (p) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/programs/" + encodeURIComponent(p.id);
      a.textContent = p.name;
      var rm = document.createElement("button");
      rm.type = "button";
      rm.textContent = "Remove";
      rm.setAttribute("aria-label", "Remove " + p.name + " from the shortlist");
      rm.addEventListener("click", function () {
        save(load().filter(function (q) { return q.id !== p.id; }));
        render();
      });
      li.appendChild(a);
      if (p.award || p.delivery) {
        var what = document.createElement("small");
        what.textContent = [p.award, p.delivery].filter(Boolean).join(" · ");
        li.appendChild(what);
      }
      li.appendChild(document.createTextNode(" "));
      li.appendChild(rm);
      ul.appendChild(li);
    });
    aside.hidden = list.length === 0;
    document.querySelectorAll(".shortlist-top, .shortlist-link").forEach(function (top) {
      top.hidden = list.length === 0;
      top.querySelector(".shortlist-count").textContent = String(list.length);
    });
    if (list.length > 1) {
      var li = document.createElement("li");
      var cmp = document.createElement("a");
      cmp.href = "/programs/compare?" + list.slice(0, 4).map(function (p) { return "id=" + encodeURIComponent(p.id); }).concat(context()).join("&");
      cmp.textContent = "Compare the shortlist";
      li.appendChild(cmp);
      ul.appendChild(li);
    }
    document.querySelectorAll(".shortlist-add").forEach(function (b) {
      var on = list.some(function (p) { return p.id === b.dataset.id; });
      var text = on ? "On your shortlist" : "Add to shortlist";
      if (b.textContent !== text) b.textContent = text;
      if (b.disabled !== on) b.disabled = on;
    });
  }

  document.querySelectorAll(".shortlist-add").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var card = b.closest(".program-card");
      var name = card.querySelector("h3").textContent.replace(/\s+/g, " ").trim();
      var list = load();
      if (!list.some(function (p) { return p.id === b.dataset.id; })) {
        list.push({ id: b.dataset.id, name: name, award: card.dataset.award, delivery: card.dataset.delivery });
        save(list);
        track("shortlist", b.dataset.id);
      }
      render();
    });
  });

  // At most four programs can be compared: disable the other boxes.
  var boxes = document.querySelectorAll('.compare-form input[name="id"]');
  function cap() {
    var n = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
    boxes.forEach(function (b) { b.disabled = !b.checked && n >= 4; });
  }
  boxes.forEach(function (b) { b.addEventListener("change", cap); });
  cap();
  render();

  // Wide screens show the filters beside the results; browsers without
  // ::details-content need the panel opened.
  var panel = document.getElementById("filters");
  if (panel && window.matchMedia && window.matchMedia("(min-width: 50.01rem)").matches) panel.open = true;

  // "Your state" is kept in this browser: a page without one offers the
  // last choice in the form (applied with the other filters).
  var RESIDENT = "careerpath.resident";
  var resident = document.getElementById("f-resident");
  if (resident) {
    resident.addEventListener("change", function () {
      try { localStorage.setItem(RESIDENT, resident.value); } catch (e) { /* storage off */ }
    });
    var kept = null;
    try { kept = localStorage.getItem(RESIDENT); } catch (e) { /* storage off */ }
    if (resident.value) {
      try { localStorage.setItem(RESIDENT, resident.value); } catch (e) { /* storage off */ }
    } else if (kept && !/[?&]resident=/.test(location.search)) {
      resident.value = kept;
    }
  }
})();

// Suggestions as the student types, from GET /api/v1/suggest, offered in
// the search box's datalist. Without JavaScript the box is a plain search
// field.
(function () {
  "use strict";
  var box = document.getElementById("f-q");
  var list = document.getElementById("f-q-suggest");
  if (!box || !list || !window.fetch) return;
  var timer = 0, last = "";
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = box.value.trim();
      if (q.length < 2 || q === last) return;
      last = q;
      fetch("/api/v1/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (d) {
          if (box.value.trim() !== q) return; // the student typed on
          list.textContent = "";
          (d.suggestions || []).forEach(function (s) {
            var o = document.createElement("option");
            o.value = s.text;
            o.label = s.kind + " · " + s.count.toLocaleString() + " programs";
            list.appendChild(o);
          });
        })
        .catch(function () { /* suggestions are a convenience */ });
    }, 150);
  });
})();
