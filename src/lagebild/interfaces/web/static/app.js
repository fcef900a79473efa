/* lagebild web UI: enhances the server-rendered story page (timeline, entity graph).
 * Reads each story's data from its JSON data block (script.story-data); every text
 * goes into the DOM through textContent, never innerHTML. Without JavaScript the page stays readable.
 */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2}))?)?)?/;

  function toDate(s) {
    var m = DATE.exec(String(s || ""));
    if (!m) { return null; }
    var d = new Date(Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0));
    return isNaN(d.getTime()) ? null : d;
  }

  function openEntry(prefix, n) {
    var li = document.getElementById(prefix + "tl-" + n);
    if (!li) { return; }
    var det = li.querySelector("details");
    if (det) { det.open = true; }
    li.classList.add("flash");
    window.setTimeout(function () { li.classList.remove("flash"); }, 1500);
    li.scrollIntoView({ block: "nearest" });
  }

  function pageLang() {
    return (document.documentElement.getAttribute("lang") || "de").slice(0, 2);
  }

  var DAY = 86400000;
  var LABEL_CHARS = 48;  // a box wide enough to recognise an entry; its sentences open below on click

  function window_(data) {
    // Open on the weeks the story was reported in; background dates are a zoom-out away.
    var a = toDate(data.first_seen), b = toDate(data.last_seen);
    if (!a || !b) { return {}; }
    var pad = Math.max(14 * DAY, (b - a) * 0.15);
    return { start: new Date(a.getTime() - pad), end: new Date(b.getTime() + pad) };
  }

  function timeline(prefix, entries, range) {
    var el = document.getElementById(prefix + "timeline-vis");
    if (!el) { return; }
    if (!window.vis || !entries.length) { el.hidden = true; return; }
    var items = [];
    entries.forEach(function (e) {
      var when = toDate(e.date);
      if (!when) { return; }
      var label = document.createElement("span");
      var text = (e.label || "").length > LABEL_CHARS ? e.label.slice(0, LABEL_CHARS - 1) + "…" : (e.label || e.date);
      label.textContent = text;
      label.setAttribute("data-entry", String(e.id));
      items.push({ id: e.id, start: when, content: label, className: e.expected ? "expected" : "" });
    });
    if (!items.length) { el.hidden = true; return; }
    var options = { zoomable: true, moveable: true, stack: true, orientation: "top", maxHeight: 420,
                    margin: { item: 6 }, showTooltips: false, locale: pageLang() };
    if (range.start) { options.start = range.start; options.end = range.end; }
    var tl = new window.vis.Timeline(el, new window.vis.DataSet(items), options);
    tl.on("select", function (props) {
      if (props.items && props.items.length) { openEntry(prefix, props.items[0]); }
    });
    window.lagebildTimelines = (window.lagebildTimelines || []).concat([tl]);
  }

  function graph(prefix, g) {
    var el = document.getElementById(prefix + "graph");
    var info = document.getElementById(prefix + "graph-info");
    if (!el) { return; }
    if (!window.cytoscape || !g.nodes || !g.nodes.length) { el.hidden = true; return; }
    var maxCount = 1;
    g.nodes.forEach(function (n) { maxCount = Math.max(maxCount, n.count || 1); });
    var elements = g.nodes.slice(0, 60).map(function (n) {
      return { data: { id: n.id, name: n.name, label: n.label || "", kind: n.kind_label || n.label || "",
                       aliases: n.aliases || [],
                       href: n.href || "",
                       size: 18 + 30 * Math.sqrt((n.count || 1) / maxCount) } };
    });
    var ids = {};
    elements.forEach(function (e) { ids[e.data.id] = true; });
    (g.edges || []).forEach(function (e, i) {
      if (ids[e.source] && ids[e.target]) {
        elements.push({ data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight || 1 } });
      }
    });
    var colours = { PER: "#1f5fa8", ORG: "#8b3fb0", LOC: "#1d8a4a", GPE: "#1d8a4a" };
    var cy = window.cytoscape({
      container: el, elements: elements, 
      style: [
        { selector: "node", style: { "label": "data(name)", "width": "data(size)", "height": "data(size)",
          "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
          "background-color": function (n) { return colours[n.data("label")] || "#b0702a"; } } },
        { selector: "edge", style: { "width": function (e) { return Math.min(1 + e.data("weight"), 8); },
          "line-color": "#c3cad3", "curve-style": "haystack", "opacity": 0.8 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#e08a00" } }
      ],
      layout: { name: "cose", animate: false, nodeRepulsion: function () { return 9000; }, padding: 20 }
    });
    function show(evt) {
      var d = evt.target.data();
      if (info) {
        var also = info.getAttribute("data-also") || "also:";
        info.textContent = d.name + (d.kind ? " (" + d.kind + ")" : "") +
          (d.aliases.length ? " — " + also + " " + d.aliases.join(", ") : "");
      }
    }
    cy.on("mouseover", "node", show);
    cy.on("tap", "node", show);
    cy.on("dbltap", "node", function (evt) {  // open the entity page (single tap shows its spellings)
      var href = evt.target.data("href");
      if (href && href.charAt(0) === "/") { window.location.assign(href); }
    });
    window.lagebildGraphs = (window.lagebildGraphs || []).concat([cy]);
  }

  Array.prototype.forEach.call(document.querySelectorAll("script.story-data"), function (el) {
    var data;
    try { data = JSON.parse(el.textContent); } catch (e) { return; }
    var prefix = el.getAttribute("data-prefix") || "";
    timeline(prefix, data.timeline || [], window_(data));
    graph(prefix, data.graph || { nodes: [], edges: [] });
  });
}());

/* Analyst write forms (corrections): <form class="api-form" action="/api/…"> posts its fields as JSON
 * with "Authorization: Bearer <token>"; the token comes from the page's #write-token field and is
 * kept for this browser tab only (sessionStorage). Results and errors are written as text into the
 * form's [role=status] element; data-then="reload" reloads, a JSON "href" in the answer is followed.
 */
(function () {
  "use strict";
  var KEY = "lagebild-write-token";
  var tokenField = document.getElementById("write-token");
  if (tokenField) {
    try { tokenField.value = window.sessionStorage.getItem(KEY) || ""; } catch (e) { /* storage off */ }
    tokenField.addEventListener("change", function () {
      try { window.sessionStorage.setItem(KEY, tokenField.value); } catch (e) { /* storage off */ }
    });
  }

  function fields(form) {
    var out = {};
    new window.FormData(form).forEach(function (value, name) {
      if (name === "token" || typeof value !== "string") { return; }
      var many = name.slice(-2) === "[]";
      var key = many ? name.slice(0, -2) : name;
      if (many) { (out[key] = out[key] || []).push(value); } else if (value !== "") { out[key] = value; }
    });
    return out;
  }

  function say(form, text, bad) {
    var box = form.querySelector("[role=status]");
    if (!box) { return; }
    box.textContent = text;
    box.classList.toggle("error", !!bad);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.api-form"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var token = tokenField ? tokenField.value : "";
      var headers = { "Content-Type": "application/json", "Accept": "application/json" };
      if (token) { headers.Authorization = "Bearer " + token; }
      var button = form.querySelector("button[type=submit], button:not([type])");
      if (button) { button.disabled = true; }
      window.fetch(form.getAttribute("action"), { method: "POST", headers: headers, credentials: "same-origin",
                                                   body: JSON.stringify(fields(form)) })
        .then(function (resp) {
          return resp.json().catch(function () { return {}; }).then(function (body) { return [resp, body]; });
        })
        .then(function (pair) {
          var resp = pair[0], body = pair[1] || {};
          if (!resp.ok) { say(form, body.error || String(resp.status), true); return; }
          say(form, form.getAttribute("data-done") || "OK", false);
          if (body.href && String(body.href).charAt(0) === "/") {
            var next = new window.URL(body.href, window.location.href);
            if (next.pathname === window.location.pathname && next.search === window.location.search) {
              window.location.reload();  // same page: show it again with the correction applied
            } else { window.location.assign(next.href); }
          } else if (form.getAttribute("data-then") === "reload") { window.location.reload(); }
        })
        .catch(function (err) { say(form, String(err), true); })
        .then(function () { if (button) { button.disabled = false; } });
    });
  });
}());
