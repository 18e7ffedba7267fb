// fabula report: tapping a quotation shows who says it (phones have no hover). Reads only the
// page's own title attributes and writes with textContent: no story data is ever parsed as HTML.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var on = null;
  if (!tip) { return; }
  function hide() { tip.hidden = true; if (on) { on.classList.remove("on"); on = null; } }
  document.addEventListener("click", function (e) {
    var t = e.target;
    var q = t && t.closest ? t.closest(".q") : null;
    if (!q) { hide(); return; }
    if (on === q) { hide(); return; }
    hide();
    on = q;
    q.classList.add("on");
    tip.textContent = q.getAttribute("title") || "";
    tip.hidden = false;
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
  // "Show the lines of": fade every quotation but the chosen speaker's
  var only = document.getElementById("only");
  if (only) {
    only.addEventListener("change", function () {
      var who = only.value;
      var qs = document.querySelectorAll("article.text .q");
      for (var i = 0; i < qs.length; i++) {
        qs[i].classList.toggle("dim", who !== "" && qs[i].getAttribute("data-s") !== who);
      }
    });
  }
})();
