// Marking areas to withhold on rendered pages. Coordinates are kept in PDF points with the
// origin at the top-left of the page as displayed, which is what the server burns in.
(function () {
  var form = document.getElementById("redaction-form");
  if (!form) return;
  var grounds = JSON.parse(document.getElementById("grounds").textContent);
  var areas = JSON.parse(document.getElementById("initial-areas").textContent);
  var list = document.getElementById("areas-list");
  var empty = document.getElementById("areas-empty");
  var input = document.getElementById("areas-input");
  var pages = {};
  document.querySelectorAll("figure.page").forEach(function (fig) {
    pages[fig.dataset.page] = fig;
  });

  function scale(fig) {
    var img = fig.querySelector("img");
    return img.clientWidth / parseFloat(fig.dataset.width);
  }

  function render() {
    document.querySelectorAll(".mark").forEach(function (m) { m.remove(); });
    list.innerHTML = "";
    areas.forEach(function (a, i) {
      var fig = pages[a.page];
      if (fig) {
        var s = scale(fig);
        var box = document.createElement("div");
        box.className = "mark";
        box.style.left = a.x0 * s + "px";
        box.style.top = a.y0 * s + "px";
        box.style.width = (a.x1 - a.x0) * s + "px";
        box.style.height = (a.y1 - a.y0) * s + "px";
        box.textContent = i + 1;
        fig.appendChild(box);
      }
      var li = document.createElement("li");
      var label = document.createElement("label");
      label.textContent = "第 " + a.page + " 页" + (a.note ? "：" + a.note : "") + " 理由 ";
      var select = document.createElement("select");
      grounds.forEach(function (g) {
        var opt = document.createElement("option");
        opt.value = g[0];
        opt.textContent = g[1];
        if (g[0] === a.ground) opt.selected = true;
        select.appendChild(opt);
      });
      select.addEventListener("change", function () { a.ground = select.value; sync(); });
      label.appendChild(select);
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link-button";
      remove.textContent = "删除";
      remove.setAttribute("aria-label", "删除第 " + (i + 1) + " 处");
      remove.addEventListener("click", function () { areas.splice(i, 1); render(); });
      li.appendChild(label);
      li.appendChild(remove);
      list.appendChild(li);
    });
    empty.hidden = areas.length > 0;
    sync();
  }

  function sync() { input.value = JSON.stringify(areas); }

  Object.keys(pages).forEach(function (n) {
    var fig = pages[n];
    var start = null;
    var ghost = null;
    function point(ev) {
      var rect = fig.querySelector("img").getBoundingClientRect();
      return { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
    }
    fig.addEventListener("pointerdown", function (ev) {
      if (ev.target.tagName !== "IMG") return;
      ev.preventDefault();
      start = point(ev);
      ghost = document.createElement("div");
      ghost.className = "mark ghost";
      fig.appendChild(ghost);
      fig.setPointerCapture(ev.pointerId);
    });
    fig.addEventListener("pointermove", function (ev) {
      if (!start) return;
      var p = point(ev);
      ghost.style.left = Math.min(start.x, p.x) + "px";
      ghost.style.top = Math.min(start.y, p.y) + "px";
      ghost.style.width = Math.abs(p.x - start.x) + "px";
      ghost.style.height = Math.abs(p.y - start.y) + "px";
    });
    fig.addEventListener("pointerup", function (ev) {
      if (!start) return;
      var p = point(ev);
      var s = scale(fig);
      var w = parseFloat(fig.dataset.width), h = parseFloat(fig.dataset.height);
      var clamp = function (v, max) { return Math.max(0, Math.min(max, v)); };
      var x0 = clamp(Math.min(start.x, p.x) / s, w), x1 = clamp(Math.max(start.x, p.x) / s, w);
      var y0 = clamp(Math.min(start.y, p.y) / s, h), y1 = clamp(Math.max(start.y, p.y) / s, h);
      start = null;
      ghost.remove();
      if (x1 - x0 < 2 || y1 - y0 < 2) return;
      areas.push({ page: parseInt(n, 10), x0: x0, y0: y0, x1: x1, y1: y1, ground: "third_party", note: "" });
      render();
    });
  });
  window.addEventListener("resize", render);
  window.addEventListener("load", render);
  render();
})();
