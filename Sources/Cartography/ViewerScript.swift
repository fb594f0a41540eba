/// The viewer's style sheet and script: constants, so that the page's Content-Security-Policy
/// can name the script by its SHA-256 (`scriptHash`, checked by a test) and nothing else runs.
///
/// The script reads everything from the page: the features' `data-*` attributes (written by the
/// renderer through `SVGWriter`'s escaper) and the numbers in `#tc-params`. It writes text only
/// through `textContent`, never as HTML, and requests nothing. Geodesic measures come from the
/// renderer; the page only inverts the Transverse Mercator projection for the coordinate
/// read-out. `#selftest` in the URL runs the checks the browser test reads back.
///
/// ```swift
/// print(ViewerScript.script.count, ViewerScript.scriptHash)
/// ```
enum ViewerScript {
    /// `sha256-…` of `script`, for the CSP (`ViewerTests` recomputes it with `sha256sum`).
    static let scriptHash = "sha256-CKfNbW7fUnLTM7qN7McfIFfLqspzcjMRVQ7RAp8Lajc="

    static let style = #"""
    *{box-sizing:border-box}
    html,body{margin:0;height:100%;font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;font-size:13px;color:#222;background:#eceae5}
    #tc-viewer{display:grid;grid-template-columns:1fr 300px;grid-template-rows:auto 1fr auto;height:100%;min-height:420px}
    #tc-bar{grid-column:1/3;display:flex;gap:6px;align-items:center;padding:5px 8px;background:#fff;border-bottom:1px solid #ccc}
    #tc-bar h1{font-size:15px;margin:0 10px 0 0;flex:1;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
    #tc-bar button{font:inherit;min-width:30px;padding:2px 8px;border:1px solid #999;border-radius:3px;background:#f7f7f7;cursor:pointer}
    #tc-search-box{position:relative}
    #tc-search{font:inherit;width:230px;padding:3px 6px;border:1px solid #999;border-radius:3px}
    #tc-results{position:absolute;right:0;top:100%;z-index:5;width:320px;max-height:360px;overflow:auto;margin:2px 0 0;padding:0;list-style:none;background:#fff;border:1px solid #aaa;box-shadow:0 2px 6px #0003}
    #tc-results:empty{display:none}
    #tc-results li{padding:4px 8px;cursor:pointer;border-bottom:1px solid #eee}
    #tc-results li:hover,#tc-results li.active{background:#fdf1d8}
    #tc-results small{color:#777;margin-left:6px}
    #tc-stage{position:relative;overflow:hidden;background:#fff;touch-action:none;cursor:grab}
    #tc-stage.dragging{cursor:grabbing}
    #tc-stage>svg{position:absolute;inset:0;width:100%;height:100%;display:block;user-select:none}
    #tc-stage g.legend{display:none}
    #tc-stage .label,#tc-stage .graticule-labels{pointer-events:none}
    #tc-stage .feature{vector-effect:non-scaling-stroke;cursor:pointer}
    #tc-stage .feature:hover{stroke:#ff2f92;stroke-opacity:1}
    #tc-stage .feature.selected{stroke:#ff2f92;stroke-width:3px;stroke-opacity:1}
    #tc-stage .tc-hidden{display:none}
    #tc-side{overflow:auto;background:#fff;border-left:1px solid #ccc;padding:8px 10px}
    #tc-side h2{font-size:13px;margin:6px 0 4px;letter-spacing:1px}
    #tc-legend label{display:flex;align-items:center;gap:6px;padding:1px 0;cursor:pointer}
    #tc-legend svg{flex:none}
    #tc-info table{border-collapse:collapse;width:100%}
    #tc-info th,#tc-info td{text-align:left;vertical-align:top;padding:2px 4px;border-bottom:1px solid #eee;word-break:break-word}
    #tc-info th{color:#555;font-weight:normal;white-space:nowrap}
    #tc-info .tc-name{font-size:15px;font-weight:bold;margin:2px 0 6px}
    #tc-coords{grid-column:1/3;padding:3px 8px;background:#fff;border-top:1px solid #ccc;font-variant-numeric:tabular-nums;min-height:22px}
    @media (max-width:700px){#tc-viewer{grid-template-columns:1fr;grid-template-rows:auto 60vh auto auto}#tc-side{border-left:0}#tc-coords{grid-column:1}#tc-bar{grid-column:1;flex-wrap:wrap}}
    """#

    static let script = #"""
    (function () {
      "use strict";
      var problems = [];
      window.addEventListener("error", function (e) { problems.push("error: " + e.message); });
      document.addEventListener("securitypolicyviolation", function (e) { problems.push("blocked: " + e.blockedURI); });
      var P = JSON.parse(document.getElementById("tc-params").textContent);
      var stage = document.getElementById("tc-stage");
      var svg = stage.querySelector("svg");
      var content = svg.getElementById ? svg.getElementById("map-content") : svg.querySelector("#map-content");
      var NS = "http://www.w3.org/2000/svg";
      var view = { k: 1, x: 0, y: 0 };
      var F = P.frame;

      function toPage(clientX, clientY) {
        var m = svg.getScreenCTM();
        if (!m) return { x: 0, y: 0 };
        var pt = svg.createSVGPoint(); pt.x = clientX; pt.y = clientY;
        var p = pt.matrixTransform(m.inverse());
        return { x: p.x, y: p.y };
      }
      // Labels and point symbols grow more slowly than the map (k^0.3): a symbol around its
      // centre, a label around the point it belongs to (data-origin), so the two stay together.
      var upright = Array.prototype.map.call(content.querySelectorAll(".label, .feature.symbol"), function (el) {
        var o = (el.getAttribute("data-origin") || "").split(" ").map(parseFloat);
        var b = o.length === 2 ? null : el.getBBox();
        return { el: el, cx: b ? b.x + b.width / 2 : o[0], cy: b ? b.y + b.height / 2 : o[1], t: el.getAttribute("transform") };
      });
      function counterScale() {
        var s = Math.pow(view.k, -0.7);
        upright.forEach(function (it) {
          if (view.k === 1) {
            if (it.t) it.el.setAttribute("transform", it.t); else it.el.removeAttribute("transform");
          } else {
            it.el.setAttribute("transform", "translate(" + it.cx + " " + it.cy + ") scale(" + s + ") translate(" + -it.cx + " " + -it.cy + ")" + (it.t ? " " + it.t : ""));
          }
        });
      }
      function apply() {
        content.setAttribute("transform", "translate(" + view.x + " " + view.y + ") scale(" + view.k + ")");
        counterScale();
        updateScaleBar();
        var grat = svg.querySelector(".graticule-labels");
        if (grat) grat.classList.toggle("tc-hidden", view.k !== 1 || view.x !== 0 || view.y !== 0);
      }
      function zoomAt(factor, px, py) {
        var k = Math.min(64, Math.max(0.5, view.k * factor));
        view.x = px - (px - view.x) * k / view.k;
        view.y = py - (py - view.y) * k / view.k;
        view.k = k;
        apply();
      }
      function reset() { view = { k: 1, x: 0, y: 0 }; apply(); }
      function centre() { return { x: F.x + F.width / 2, y: F.y + F.height / 2 }; }

      // Scale bar: the renderer measured ground metres per px at the centre; zooming divides it.
      var bar = svg.querySelector("g.scale-bar");
      var barBase = bar ? [bar.innerHTML, bar.getAttribute("data-km"), bar.getAttribute("data-length_px")] : null;
      function nice(maxKm) {
        var d = Math.pow(10, Math.floor(Math.log10(maxKm)));
        var steps = [5, 2, 1];
        for (var i = 0; i < steps.length; i++) if (steps[i] * d <= maxKm) return steps[i] * d;
        return d;
      }
      function fmt(v, decimals) { var s = v.toFixed(decimals); return s.indexOf(".") >= 0 ? s.replace(/0+$/, "").replace(/\.$/, "") : s; }
      function updateScaleBar() {
        if (!bar || !P.scale) return;
        if (view.k === 1) {
          bar.innerHTML = barBase[0]; bar.setAttribute("data-km", barBase[1]); bar.setAttribute("data-length_px", barBase[2]);
          return;
        }
        var mpp = P.scale.metresPerPx / view.k;
        var km = nice(P.scale.maximumPx * mpp / 1000);
        var len = km * 1000 / mpp;
        var lead = Math.round(km / Math.pow(10, Math.floor(Math.log10(km))));
        var n = lead === 2 ? 4 : 5, seg = len / n;
        var box = bar.querySelector("rect");
        var bx = parseFloat(box.getAttribute("x")), by = parseFloat(box.getAttribute("y"));
        while (bar.childNodes.length > 0) bar.removeChild(bar.firstChild);
        var back = box.cloneNode(false);
        back.setAttribute("width", String(len + 16 + 6 + 24));
        back.setAttribute("height", "31");
        bar.appendChild(back);
        var x0 = bx + 12, y0 = by + 8;
        for (var i = 0; i < n; i++) {
          var r = document.createElementNS(NS, "rect");
          r.setAttribute("x", x0 + i * seg); r.setAttribute("y", y0); r.setAttribute("width", seg); r.setAttribute("height", 5);
          r.setAttribute("fill", i % 2 ? "#ffffff" : "#222222"); r.setAttribute("stroke", "#222222"); r.setAttribute("stroke-width", "0.6");
          bar.appendChild(r);
        }
        [0, n].forEach(function (i) {
          var t = document.createElementNS(NS, "text");
          t.setAttribute("x", x0 + i * seg); t.setAttribute("y", y0 + 5 + 3 + 8.5);
          t.setAttribute("font-size", "10"); t.setAttribute("text-anchor", i ? "start" : "middle"); t.setAttribute("fill", "#222222");
          t.textContent = i ? fmt(km, 3) + " km" : "0";
          bar.appendChild(t);
        });
        bar.setAttribute("data-km", fmt(km, 3));
        bar.setAttribute("data-length_px", fmt(len, 3));
      }

      // Pan (drag), zoom (wheel, pinch, buttons).
      var pointers = {}, dragged = false, start = null, pinch = null;
      stage.addEventListener("wheel", function (e) {
        e.preventDefault();
        var p = toPage(e.clientX, e.clientY);
        zoomAt(Math.pow(1.0015, -e.deltaY), p.x, p.y);
      }, { passive: false });
      stage.addEventListener("pointerdown", function (e) {
        pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
        var ids = Object.keys(pointers);
        if (ids.length === 1) { dragged = false; start = { cx: e.clientX, cy: e.clientY, x: view.x, y: view.y }; }
        if (ids.length === 2) {
          var a = pointers[ids[0]], b = pointers[ids[1]];
          pinch = { d: Math.hypot(a.x - b.x, a.y - b.y), k: view.k };
        }
      });
      stage.addEventListener("pointermove", function (e) {
        showCoordinates(e);
        if (!(e.pointerId in pointers)) return;
        pointers[e.pointerId] = { x: e.clientX, y: e.clientY };
        var ids = Object.keys(pointers);
        var m = svg.getScreenCTM(); var s = m ? m.a : 1;
        if (ids.length === 2 && pinch) {
          var a = pointers[ids[0]], b = pointers[ids[1]];
          var mid = toPage((a.x + b.x) / 2, (a.y + b.y) / 2);
          zoomAt(pinch.k * Math.hypot(a.x - b.x, a.y - b.y) / pinch.d / view.k, mid.x, mid.y);
          dragged = true;
        } else if (ids.length === 1 && start) {
          var dx = e.clientX - start.cx, dy = e.clientY - start.cy;
          if (Math.abs(dx) + Math.abs(dy) > 4) dragged = true;
          if (dragged) {
            try { if (!stage.hasPointerCapture(e.pointerId)) stage.setPointerCapture(e.pointerId); } catch (err) { /* a pointer already gone */ }
            stage.classList.add("dragging");
            view.x = start.x + dx / s; view.y = start.y + dy / s; apply();
          }
        }
      });
      function release(e) {
        delete pointers[e.pointerId];
        if (Object.keys(pointers).length < 2) pinch = null;
        if (Object.keys(pointers).length === 0) { start = null; stage.classList.remove("dragging"); }
      }
      stage.addEventListener("pointerup", release);
      stage.addEventListener("pointercancel", release);
      document.getElementById("tc-zoom-in").addEventListener("click", function () { var c = centre(); zoomAt(1.5, c.x, c.y); });
      document.getElementById("tc-zoom-out").addEventListener("click", function () { var c = centre(); zoomAt(1 / 1.5, c.x, c.y); });
      document.getElementById("tc-reset").addEventListener("click", reset);

      // Layers: one checkbox per legend entry shows or hides its features; a layer's labels
      // go when none of its entries is shown.
      var boxes = Array.prototype.slice.call(document.querySelectorAll("#tc-legend input[type=checkbox]"));
      function features(layer, variant) {
        return svg.querySelectorAll(".feature.layer-" + layer + (variant ? ".variant-" + variant : ""));
      }
      function toggle(box) {
        var layer = box.getAttribute("data-layer"), on = box.checked;
        features(layer, box.getAttribute("data-variant")).forEach(function (el) { el.classList.toggle("tc-hidden", !on); });
        var any = boxes.some(function (b) { return b.getAttribute("data-layer") === layer && b.checked; });
        svg.querySelectorAll(".label.layer-" + layer).forEach(function (el) { el.classList.toggle("tc-hidden", !any); });
      }
      boxes.forEach(function (box) { box.addEventListener("change", function () { toggle(box); }); });
      function entryLabel(el) {
        var layer = el.getAttribute("data-layer");
        for (var i = 0; i < boxes.length; i++) {
          var b = boxes[i];
          if (b.getAttribute("data-layer") === layer && el.classList.contains("variant-" + b.getAttribute("data-variant"))) return b.parentNode.textContent.trim();
        }
        return layer;
      }

      // Feature panel.
      var info = document.getElementById("tc-info");
      var selected = null;
      var shown = { "data-name": 1, "data-name_en": 1, "data-id": 1, "data-layer": 1, "data-area-m2": 1, "data-length-m": 1, "data-status": 1, "data-source": 1, "data-accuracy": 1 };
      function grouped(v, decimals) {
        var parts = v.toFixed(decimals).split(".");
        parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
        return parts.join(".");
      }
      function select(el) {
        if (selected) selected.classList.remove("selected");
        selected = el;
        while (info.firstChild) info.removeChild(info.firstChild);
        if (!el) { info.textContent = P.hint; return; }
        el.classList.add("selected");
        var name = document.createElement("div"); name.className = "tc-name"; name.textContent = el.getAttribute("data-name");
        info.appendChild(name);
        var table = document.createElement("table");
        function row(k, v) {
          if (v === null || v === undefined || v === "") return;
          var tr = document.createElement("tr"), th = document.createElement("th"), td = document.createElement("td");
          th.textContent = k; td.textContent = v; tr.appendChild(th); tr.appendChild(td); table.appendChild(tr);
        }
        row("English", el.getAttribute("data-name_en"));
        row("id", el.getAttribute("data-id"));
        row("图层 layer", entryLabel(el));
        var area = parseFloat(el.getAttribute("data-area-m2"));
        if (area > 0) {
          row("面积 area", grouped(area / 1e6, 2) + " km²");
          row("面积（亩）", grouped(area / (10000 / 15), 0) + " 亩");
        }
        var length = parseFloat(el.getAttribute("data-length-m"));
        if (length > 0) row("长度 length", grouped(length / 1000, 2) + " km");
        var status = el.getAttribute("data-status");
        if (status) row("状态 status", (P.statusNames[status] || status) + " (" + status + ")");
        row("来源 source", el.getAttribute("data-source"));
        row("精度 accuracy", el.getAttribute("data-accuracy"));
        Array.prototype.forEach.call(el.attributes, function (a) {
          if (a.name.indexOf("data-") === 0 && !shown[a.name]) row(a.name.slice(5), a.value);
        });
        info.appendChild(table);
        var note = document.createElement("p"); note.className = "tc-note"; note.textContent = P.measureNote;
        if (area > 0 || length > 0) info.appendChild(note);
      }
      svg.addEventListener("click", function (e) {
        if (dragged) { dragged = false; return; }
        var el = e.target.closest ? e.target.closest(".feature") : null;
        select(el);
      });

      // Search: Chinese name, pinyin id or English name.
      var all = Array.prototype.slice.call(svg.querySelectorAll(".feature"));
      function norm(s) { return (s || "").toLowerCase().replace(/[\s\-_·.,()（）]/g, ""); }
      var index = all.map(function (el) {
        return { el: el, keys: [el.getAttribute("data-name"), el.getAttribute("data-id"), el.getAttribute("data-name_en"), el.getAttribute("data-name_zh")].map(norm) };
      });
      var search = document.getElementById("tc-search"), results = document.getElementById("tc-results");
      function find(q) {
        q = norm(q);
        if (!q) return [];
        var exact = [], partial = [];
        index.forEach(function (it) {
          if (it.el.classList.contains("tc-hidden")) return;
          if (it.keys.indexOf(q) >= 0) exact.push(it.el);
          else if (it.keys.some(function (k) { return k.indexOf(q) >= 0; })) partial.push(it.el);
        });
        return exact.concat(partial).slice(0, 30);
      }
      function focus(el) {
        var b = el.getBBox();
        var w = Math.max(b.width, 20), h = Math.max(b.height, 20);
        var k = Math.min(16, Math.max(1, 0.6 * Math.min(F.width / w, F.height / h)));
        view.k = k;
        view.x = F.x + F.width / 2 - (b.x + b.width / 2) * k;
        view.y = F.y + F.height / 2 - (b.y + b.height / 2) * k;
        apply();
        select(el);
      }
      function showResults() {
        while (results.firstChild) results.removeChild(results.firstChild);
        find(search.value).forEach(function (el, i) {
          var li = document.createElement("li");
          li.textContent = el.getAttribute("data-name");
          var small = document.createElement("small"); small.textContent = entryLabel(el);
          li.appendChild(small);
          if (i === 0) li.className = "active";
          li.addEventListener("click", function () { focus(el); results.textContent = ""; });
          results.appendChild(li);
        });
      }
      search.addEventListener("input", showResults);
      search.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { var hit = find(search.value)[0]; if (hit) { focus(hit); results.textContent = ""; } }
        if (e.key === "Escape") { results.textContent = ""; }
      });

      // Coordinates under the pointer: page → map CRS (affine), → WGS 84 and CGCS2000 GK (EPSG:4547).
      var readout = document.getElementById("tc-coords");
      function tmInverse(E, N, p) {
        var a = p.a, f = p.f, e2 = f * (2 - f), ep2 = e2 / (1 - e2), k0 = p.k0;
        var x = (E - p.fe) / k0, M = (N - p.fn) / k0;
        var mu = M / (a * (1 - e2 / 4 - 3 * e2 * e2 / 64 - 5 * e2 * e2 * e2 / 256));
        var r = Math.sqrt(1 - e2), e1 = (1 - r) / (1 + r);
        var phi = mu + (3 * e1 / 2 - 27 * Math.pow(e1, 3) / 32) * Math.sin(2 * mu) + (21 * e1 * e1 / 16 - 55 * Math.pow(e1, 4) / 32) * Math.sin(4 * mu)
          + (151 * Math.pow(e1, 3) / 96) * Math.sin(6 * mu) + (1097 * Math.pow(e1, 4) / 512) * Math.sin(8 * mu);
        var s = Math.sin(phi), c = Math.cos(phi), t = Math.tan(phi);
        var C = ep2 * c * c, T = t * t, w = 1 - e2 * s * s;
        var Nn = a / Math.sqrt(w), R = a * (1 - e2) / Math.pow(w, 1.5), D = x / Nn;
        var lat = phi - (Nn * t / R) * (D * D / 2 - (5 + 3 * T + 10 * C - 4 * C * C - 9 * ep2) * Math.pow(D, 4) / 24
          + (61 + 90 * T + 298 * C + 45 * T * T - 252 * ep2 - 3 * C * C) * Math.pow(D, 6) / 720);
        var lon = (D - (1 + 2 * T + C) * Math.pow(D, 3) / 6 + (5 - 2 * C + 28 * T - 3 * C * C + 8 * ep2 + 24 * T * T) * Math.pow(D, 5) / 120) / c;
        return { lon: p.lon0 + lon * 180 / Math.PI, lat: lat * 180 / Math.PI };
      }
      function interpolate(grid, key, u, v) {
        var i = Math.min(grid.size - 2, Math.max(0, Math.floor(u))), j = Math.min(grid.size - 2, Math.max(0, Math.floor(v)));
        var fu = u - i, fv = v - j, g = grid[key], n = grid.size;
        return (g[j * n + i] * (1 - fu) + g[j * n + i + 1] * fu) * (1 - fv) + (g[(j + 1) * n + i] * (1 - fu) + g[(j + 1) * n + i + 1] * fu) * fv;
      }
      function coordinatesAt(px, py) {
        var mx = (px - view.x) / view.k, my = (py - view.y) / view.k;
        if (mx < F.x || mx > F.x + F.width || my < F.y || my > F.y + F.height) return null;
        var X = P.originX + (mx - F.x) * P.unitsPerPx, Y = P.originY - (my - F.y) * P.unitsPerPx;
        if (P.tm) { var g = tmInverse(X, Y, P.tm); return { lon: g.lon, lat: g.lat, e: X, n: Y }; }
        var u = (mx - F.x) / F.width * (P.grid.size - 1), v = (my - F.y) / F.height * (P.grid.size - 1);
        return { lon: interpolate(P.grid, "lon", u, v), lat: interpolate(P.grid, "lat", u, v), e: interpolate(P.grid, "east", u, v), n: interpolate(P.grid, "north", u, v) };
      }
      function showCoordinates(e) {
        var p = toPage(e.clientX, e.clientY), c = coordinatesAt(p.x, p.y);
        if (!c) { readout.textContent = P.coordsHint; return; }
        readout.textContent = "WGS 84: " + Math.abs(c.lat).toFixed(6) + "°" + (c.lat >= 0 ? "N" : "S") + " " + Math.abs(c.lon).toFixed(6) + "°" + (c.lon >= 0 ? "E" : "W")
          + "　·　CGCS2000 / 3-degree GK CM 114E (EPSG:4547): E " + c.e.toFixed(1) + " m, N " + c.n.toFixed(1) + " m"
          + "　·　1 px ≈ " + fmt(P.scale ? P.scale.metresPerPx / view.k : P.unitsPerPx / view.k, 1) + " m";
      }
      readout.textContent = P.coordsHint;
      select(null);
      apply();

      // The browser test's hook: run the checks in the page and write the results into it.
      if (location.hash === "#selftest") {
        var out = { checkboxes: boxes.length, legendEntries: P.legendEntries };
        var box = boxes.filter(function (b) { return features(b.getAttribute("data-layer"), b.getAttribute("data-variant")).length > 0; })[0];
        if (box) {
          var els = features(box.getAttribute("data-layer"), box.getAttribute("data-variant"));
          box.click();
          out.toggledLayer = box.getAttribute("data-layer");
          out.hiddenAfterToggle = Array.prototype.every.call(els, function (el) { return getComputedStyle(el).display === "none"; });
          box.click();
          out.shownAfterSecondToggle = Array.prototype.every.call(els, function (el) { return getComputedStyle(el).display !== "none"; });
        }
        var area = svg.querySelector(".feature[data-area-m2][data-id=zone-east-demonstration]") || svg.querySelector(".feature[data-area-m2]");
        area.dispatchEvent(new MouseEvent("click", { bubbles: true }));
        out.clickedName = area.getAttribute("data-name");
        out.panel = info.textContent;
        search.value = "兰考南站";
        search.dispatchEvent(new Event("input"));
        out.searchResults = Array.prototype.map.call(results.querySelectorAll("li"), function (li) { return li.firstChild.textContent; });
        if (results.firstChild) results.firstChild.click();
        out.panelAfterSearch = info.textContent;
        out.zoomAfterSearch = view.k;
        out.scaleBarKmAfterSearch = bar ? bar.getAttribute("data-km") : null;
        out.searchByPinyinId = find("lankao-south").map(function (el) { return el.getAttribute("data-name"); })[0];
        out.searchByEnglishName = find("Lankao South station").map(function (el) { return el.getAttribute("data-name"); })[0];
        // Pan, wheel and pinch through the same events a person's pointer sends.
        reset();
        var r = stage.getBoundingClientRect(), cx = r.left + r.width / 2, cy = r.top + r.height / 2;
        function pointer(type, id, x, y) { stage.dispatchEvent(new PointerEvent(type, { pointerId: id, clientX: x, clientY: y, bubbles: true, isPrimary: id === 1 })); }
        pointer("pointerdown", 1, cx, cy); pointer("pointermove", 1, cx + 120, cy + 40); pointer("pointerup", 1, cx + 120, cy + 40);
        out.dragged = [view.x, view.y, view.k];
        reset();
        stage.dispatchEvent(new WheelEvent("wheel", { deltaY: -400, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
        out.wheelZoom = view.k;
        reset();
        pointer("pointerdown", 1, cx - 50, cy); pointer("pointerdown", 2, cx + 50, cy);
        pointer("pointermove", 1, cx - 100, cy); pointer("pointermove", 2, cx + 100, cy);
        pointer("pointerup", 1, cx - 100, cy); pointer("pointerup", 2, cx + 100, cy);
        out.pinchZoom = view.k;
        reset();
        out.coordinates = P.checkPoints.map(function (p) { var c = coordinatesAt(p[0], p[1]); return [p[0], p[1], c.lon, c.lat, c.e, c.n]; });
        out.scaleBarKmAtReset = bar ? bar.getAttribute("data-km") : null;
        out.resources = performance.getEntriesByType("resource").map(function (r) { return r.name; });
        out.problems = problems;
        var pre = document.createElement("pre"); pre.id = "tc-selftest"; pre.textContent = JSON.stringify(out);
        document.body.appendChild(pre);
      }
    })();
    """#
}
