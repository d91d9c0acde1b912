/**
 * The console's script, served as /assets/console.js. It only enhances pages that work without
 * it: asks before destructive buttons, keeps service status and connection counts live, redraws
 * the dashboard's charts from /api/stats, and tails the system log. It reads the API with the
 * session cookie (same origin, GET only) and builds everything through the DOM — no innerHTML,
 * no eval, no inline handlers — so the strict CSP holds.
 *
 * Kept as plain ES2017 in a string (no build step), so the binary and an edge host serve it as is.
 * It must not contain a backtick or a dollar-brace, since it lives in a template literal.
 *
 * @module
 */
export const CONSOLE_JS = String.raw`(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var screen = document.body.getAttribute("data-screen");

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs || {}) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function sum(xs) { var s = 0; for (var i = 0; i < xs.length; i++) s += xs[i]; return s; }
  function fmtTime(iso) { return iso.replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC"); }
  function isStartFailure(m) { return /failed to start|did not start|address in use|permission denied|address not available|cannot assign/i.test(m); }
  function failurePort(m) { var x = /(?:\]|[\d.]+|\*):(\d{1,5})\b/.exec(m); return x ? Number(x[1]) : 0; }
  function hint(port) {
    var p = el("p", { "class": "faq" });
    p.appendChild(document.createTextNode("A start failure is usually a port already in use — see which program holds it: "));
    p.appendChild(el("code", {}, port ? "ss -ltnp 'sport = :" + port + "'" : "ss -ltnp"));
    p.appendChild(document.createTextNode(" (Linux) or "));
    p.appendChild(el("code", {}, port ? "netstat -ano | findstr :" + port : "netstat -ano"));
    p.appendChild(document.createTextNode(" (Windows). Ports below 1024 also need root (or the capability to bind them)."));
    return p;
  }

  // Ask before destructive buttons (forms marked data-confirm).
  document.addEventListener("submit", function (ev) {
    var f = ev.target;
    var q = f && f.getAttribute && f.getAttribute("data-confirm");
    if (q && !window.confirm(q)) ev.preventDefault();
  });

  // Polling: paused while the tab is hidden, stopped when the session ends.
  function poll(url, ms, onData, live) {
    var timer = 0, stopped = false;
    function say(text, on) { if (live) { live.textContent = text; live.setAttribute("data-state", on ? "on" : "off"); } }
    function tick() {
      if (stopped) return;
      if (document.hidden) { timer = setTimeout(tick, ms); return; }
      fetch(typeof url === "function" ? url() : url, { credentials: "same-origin", headers: { accept: "application/json" } })
        .then(function (r) {
          if (r.status === 401) { stopped = true; say("Session ended: reload to log in again.", false); return null; }
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
        .then(function (d) { if (d) { onData(d); say("Live", true); } })
        .catch(function (e) { say("Live updates paused (" + e.message + "); retrying…", false); })
        .then(function () { if (!stopped) timer = setTimeout(tick, ms); });
    }
    timer = setTimeout(tick, ms);
    return function () { stopped = true; clearTimeout(timer); };
  }

  // Services list and Setup view: status, connections, failure cause, which buttons apply.
  function updateService(root, s) {
    var badge = $("[data-field=status]", root);
    if (badge && badge.textContent !== s.status) { badge.textContent = s.status; badge.className = "badge badge-" + s.status; }
    $$("[data-field=connections]", root).forEach(function (c) { if (c.textContent !== String(s.connections)) c.textContent = String(s.connections); });
    var fail = $("[data-field=failure]", root);
    if (fail) {
      var cause = s.status === "failed" ? (s.error || "unknown cause") : "";
      if (fail.getAttribute("data-cause") !== cause) {
        fail.setAttribute("data-cause", cause);
        while (fail.firstChild) fail.removeChild(fail.firstChild);
        fail.hidden = !cause;
        if (cause) {
          var p = el("p");
          p.appendChild(el("strong", {}, "Did not start:"));
          p.appendChild(document.createTextNode(" " + cause + ". "));
          p.appendChild(el("a", { href: "/log?service=" + s.name + "&level=warn" }, "See the system log"));
          fail.appendChild(p);
          fail.appendChild(hint(failurePort(cause) || s.port));
        }
      }
    }
    var up = s.status === "running" || s.status === "starting";
    $$("[data-field=actions] form", root).forEach(function (f) {
      var b = $("button", f), a = f.getAttribute("action") || "";
      if (!b || s.name === "admin" && /\/stop$/.test(a)) return;
      if (/\/start$/.test(a)) b.disabled = up;
      else if (/\/stop$/.test(a)) b.disabled = !up;
    });
    ["bind", "port"].forEach(function (k) { var c = $("[data-field=" + k + "]", root); if (c && c.textContent !== String(s[k])) c.textContent = String(s[k]); });
  }
  if (screen === "services") {
    var rows = $$("[data-service]");
    if (rows.length) {
      poll("/api/services", 3000, function (d) {
        d.services.forEach(function (s) { rows.forEach(function (r) { if (r.getAttribute("data-service") === s.name) updateService(r, s); }); });
      }, $("[data-live=services]"));
    }
  }

  // Dashboard: numbers, the per-minute charts and the live-connections chart.
  function drawMinutes(node, accepted, refused) {
    var vb = node.getAttribute("viewBox").split(" ");
    var W = Number(vb[2]), H = Number(vb[3]);
    var n = Math.max(1, accepted.length), max = 1, i;
    for (i = 0; i < accepted.length; i++) max = Math.max(max, accepted[i] + (refused[i] || 0));
    var step = W / n;
    $$("g", node).forEach(function (g) { node.removeChild(g); });
    for (i = 0; i < accepted.length; i++) {
      var ha = accepted[i] / max * H, hr = (refused[i] || 0) / max * H, x = (i * step + 0.5).toFixed(2), w = Math.max(1, step - 1).toFixed(2);
      if (!(ha > 0 || hr > 0)) continue;
      var g = svg("g");
      if (ha > 0) g.appendChild(svg("rect", { "class": "bar-accepted", x: x, y: (H - ha).toFixed(2), width: w, height: ha.toFixed(2) }));
      if (hr > 0) g.appendChild(svg("rect", { "class": "bar-refused", x: x, y: (H - ha - hr).toFixed(2), width: w, height: hr.toFixed(2) }));
      node.appendChild(g);
    }
    var title = node.getAttribute("aria-label").split(":")[0];
    var text = title + ": " + sum(accepted) + " accepted and " + sum(refused) + " refused in the last " + accepted.length + " minutes; busiest minute " + max + ".";
    node.setAttribute("aria-label", text);
    var t = $("title", node); if (t) t.textContent = text;
  }
  function drawLive(node, services) {
    var rowsUp = services.filter(function (s) { return s.status === "running"; });
    var W = 600, row = 22, H = Math.max(1, rowsUp.length) * row, max = 1;
    rowsUp.forEach(function (s) { max = Math.max(max, s.connections); });
    node.setAttribute("viewBox", "0 0 " + W + " " + H);
    $$("g", node).forEach(function (g) { node.removeChild(g); });
    rowsUp.forEach(function (s, i) {
      var g = svg("g"), w = (W - 140) * s.connections / max;
      g.appendChild(svg("text", { "class": "chart-text", x: 0, y: i * row + 15 }, s.name));
      g.appendChild(svg("rect", { "class": "bar-conns", x: 90, y: i * row + 4, width: w.toFixed(2), height: row - 8 }));
      g.appendChild(svg("text", { "class": "chart-text", x: (95 + w).toFixed(2), y: i * row + 15 }, String(s.connections)));
      node.appendChild(g);
    });
    node.setAttribute("aria-label", "Live connections: " + sum(rowsUp.map(function (s) { return s.connections; })) + " in all; " +
      (rowsUp.map(function (s) { return s.name + " " + s.connections; }).join(", ") || "no service running"));
  }
  if (screen === "dashboard") {
    poll("/api/stats?minutes=30", 5000, function (d) {
      function set(k, v) { var e = $("[data-stat=" + k + "]"); if (e) e.textContent = String(v); }
      var count = function (st) { return d.services.filter(function (s) { return s.status === st; }).length; };
      set("running", count("running")); set("stopped", count("stopped")); set("failed", count("failed"));
      set("connections", sum(d.services.map(function (s) { return s.connections; })));
      set("time", fmtTime(d.time));
      var n = d.minutes.length, acc = [], ref = [], i;
      for (i = 0; i < n; i++) {
        acc.push(sum(d.services.map(function (s) { return s.perMinute.accepted[i] || 0; })));
        ref.push(sum(d.services.map(function (s) { return s.perMinute.refused[i] || 0; })));
      }
      set("accepted", sum(acc)); set("refused", sum(ref));
      set("max", Math.max.apply(null, [0].concat(acc.map(function (a, j) { return a + ref[j]; }))));
      var all = $("svg[data-chart=minutes][data-id=all]"); if (all) drawMinutes(all, acc, ref);
      var live = $("svg[data-chart=live]"); if (live) drawLive(live, d.services);
      d.services.forEach(function (s) {
        var row = $("tr[data-service=" + s.name + "]");
        if (!row) return;
        var b = $("[data-field=status]", row); if (b && b.textContent !== s.status) { b.textContent = s.status; b.className = "badge badge-" + s.status; }
        ["connections", "accepted", "refused"].forEach(function (k) { var c = $("[data-field=" + k + "]", row); if (c) c.textContent = String(s[k]); });
        var sp = $("svg[data-chart=minutes]", row); if (sp) drawMinutes(sp, s.perMinute.accepted, s.perMinute.refused);
      });
    }, $("[data-live=stats]"));
  }

  // System log: live tail with the filters the page was opened with.
  if (screen === "log") {
    var box = $("[data-tail]"), check = $("#live-tail"), table = $("#log tbody");
    var q = new URLSearchParams(location.search);
    if (box && check && table && !q.get("until")) {
      box.hidden = false;
      var stop = null;
      var newest = function () {
        var first = $("tr[data-id]", table), t = first && $("time", first);
        return { id: first ? Number(first.getAttribute("data-id")) : 0, time: t ? t.getAttribute("datetime") : "" };
      };
      var row = function (e) {
        var tr = el("tr", { "data-id": String(e.id) });
        var td = el("td", { "data-label": "Time", "class": "mono" });
        td.appendChild(el("time", { datetime: e.time }, fmtTime(e.time)));
        tr.appendChild(td);
        td = el("td", { "data-label": "Level" });
        td.appendChild(el("span", { "class": "badge badge-" + e.level, "data-field": "status" }, e.level));
        tr.appendChild(td);
        tr.appendChild(el("td", { "data-label": "Service" }, e.service || "—"));
        td = el("td", { "data-label": "Message", "class": "log-msg" }, e.message);
        if (e.level !== "info" && isStartFailure(e.message)) td.appendChild(hint(failurePort(e.message)));
        tr.appendChild(td);
        return tr;
      };
      var url = function () {
        var p = new URLSearchParams();
        ["service", "level"].forEach(function (k) { if (q.get(k)) p.set(k, q.get(k)); });
        var n = newest();
        if (n.time) p.set("since", n.time);
        p.set("limit", "500");
        return "/api/log?" + p.toString();
      };
      check.addEventListener("change", function () {
        if (stop) { stop(); stop = null; }
        var live = $("[data-live=log]");
        if (!check.checked) { live.textContent = ""; live.setAttribute("data-state", "off"); return; }
        stop = poll(url, 2000, function (d) {
          var top = newest().id, fresh = d.entries.filter(function (e) { return e.id > top; });
          for (var i = fresh.length - 1; i >= 0; i--) table.insertBefore(row(fresh[i]), table.firstChild);
          var all = $$("tr", table); for (var j = 1000; j < all.length; j++) table.removeChild(all[j]);
        }, live);
      });
    }
  }
})();
`;
