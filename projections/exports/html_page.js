// Draws the HTML export from its data block. Every fold, every word and every
// sum was computed in Python: this script only lays them out, and puts text in
// as text (textContent, setAttribute), never as markup.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const W = 1120; // drawings scale to their box; this is their own width
  const LABEL = 400; // the words on the left
  const X0 = LABEL + 16;
  const X1 = W - 24;
  const TOP = 44; // room for the axis: years above months
  const START = dayNumber(data.axis.start);
  const END = dayNumber(data.axis.end);
  const DAY = (X1 - X0) / (END - START);

  const select = document.getElementById("known");
  const earlier = document.getElementById("earlier");
  const later = document.getElementById("later");
  const main = document.getElementById("entities");
  const panel = document.getElementById("panel");
  // An entity lists [first step, view] where its view changes: the last one reached.
  function viewAt(entity, at) {
    let key = entity.views[0][1];
    for (const [from, view] of entity.views) if (from <= at) key = view;
    return key;
  }

  let step = data.default;
  let keys = {}; // event id -> its version's key at the step shown
  let opened = null; // {id, from}: the event in the panel, and what opened it

  // "YYYY-MM-DD" as a number of days, in UTC: no time zone, no locale.
  function dayNumber(text) {
    return Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) / 86400000;
  }
  function xStart(day) {
    return X0 + (dayNumber(day) - START) * DAY;
  }
  function xEnd(day) {
    return xStart(day) + DAY;
  }
  function xMoment(iso) {
    const hours = +iso.slice(11, 13) + +iso.slice(14, 16) / 60;
    return xStart(iso.slice(0, 10)) + (DAY * hours) / 24;
  }

  function set(element, attributes) {
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined && value !== false) {
        element.setAttribute(name, String(value));
      }
    }
    return element;
  }
  function html(tag, attributes, text) {
    const element = set(document.createElement(tag), attributes);
    if (text !== undefined && text !== null) element.textContent = text;
    return element;
  }
  function svg(tag, attributes, text) {
    const element = set(document.createElementNS(SVG, tag), attributes);
    if (text !== undefined && text !== null) element.textContent = text;
    return element;
  }

  // Words broken into lines of at most `width` characters; the last line clipped.
  function wrap(text, width, most) {
    const lines = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    lines.push(line);
    if (lines.length > most) {
      const kept = lines.slice(0, most);
      kept[most - 1] = kept[most - 1].slice(0, width - 1) + "\u2026";
      return kept;
    }
    return lines.map((l) => (l.length > width ? l.slice(0, width - 1) + "\u2026" : l));
  }

  function grid(drawing, height) {
    for (const tick of data.axis.ticks) {
      const x = xStart(tick.day);
      drawing.append(svg("line", { x1: x, x2: x, y1: tick.year ? TOP - 40 : TOP - 8, y2: height, class: tick.major ? "tick major" : "tick" }));
      drawing.append(svg("text", { x: x + 3, y: TOP - 12, class: "tick-label" }, tick.label));
      if (tick.year) drawing.append(svg("text", { x: x + 3, y: TOP - 27, class: "tick-year" }, tick.year));
    }
  }

  function moments(drawing, height, known) {
    const asked = xEnd(data.head.valid_at);
    drawing.append(svg("line", { x1: asked, x2: asked, y1: TOP - 8, y2: height - 4, class: "asked" }));
    drawing.append(svg("text", { x: asked - 3, y: height - 6, class: "moment-label end" }, "asked"));
    if (known) {
      const x = xMoment(known);
      if (x >= X0 && x <= X1) {
        drawing.append(svg("line", { x1: x, x2: x, y1: TOP - 8, y2: height - 4, class: "knew" }));
        drawing.append(svg("text", { x: x + 3, y: height - 6, class: "moment-label" }, "known"));
      }
    }
  }

  function rowLines(e) {
    const lines = wrap(e.summary, 56, 2).map((text) => ({ text: text, cls: "label" }));
    lines.push({ text: (e.valid || "reported " + e.reported.slice(0, 10)) + "  \u00b7  " + e.id, cls: "sub" });
    if (e.corrected_by.length) lines.push({ text: "corrected by " + e.corrected_by.join(", "), cls: "amended" });
    if (e.retracted_by) lines.push({ text: "retracted by " + e.retracted_by, cls: "amended" });
    return lines;
  }

  // One event's mark; returns the point a link to or from it attaches to.
  function mark(row, e, middle) {
    const kind = "t-" + e.type;
    const [from, to] = e.span;
    if (e.amendment) {
      const x = xStart(from) + DAY / 2;
      row.append(svg("path", { d: `M${x - 7},${middle}L${x},${middle - 7}L${x + 7},${middle}L${x},${middle + 7}z`, class: "amend" }));
      return { x: x, y: middle };
    }
    if (from !== null && from === to && !e.coarse) {
      const x = xStart(from) + DAY / 2;
      row.append(svg("circle", { cx: x, cy: middle, r: 6, class: "dot " + kind }));
      if (e.retracted_by) row.append(svg("path", { d: `M${x - 11},${middle}H${x + 11}`, class: "strike" }));
      return { x: x, y: middle };
    }
    const a = from === null ? X0 : xStart(from);
    const b = Math.max(to === null ? X1 : xEnd(to), a + 8);
    const box = { x: a, y: middle - 6, width: b - a, height: 12, rx: 6 };
    const fade = from === null ? "url(#open-start)" : to === null ? "url(#open-end)" : null;
    row.append(svg("rect", { ...box, class: "span " + kind + (e.coarse ? " coarse" : ""), mask: fade }));
    if (e.coarse) row.append(svg("rect", { ...box, class: "hatch", mask: fade }));
    if (from === null) row.append(svg("path", { d: `M${a + 6},${middle - 6}L${a},${middle}L${a + 6},${middle + 6}`, class: "open-end" }));
    if (to === null) row.append(svg("path", { d: `M${b - 6},${middle - 6}L${b},${middle}L${b - 6},${middle + 6}`, class: "open-end" }));
    if (e.retracted_by) row.append(svg("path", { d: `M${a - 4},${middle}H${b + 4}`, class: "strike" }));
    return { x: from === null ? b - 6 : to === null ? a + 6 : (a + b) / 2, y: middle };
  }

  function timeline(view, known, name) {
    const rows = view.events.map((key) => ({ key: key, e: data.events[key], lines: rowLines(data.events[key]) }));
    let y = TOP;
    for (const row of rows) {
      row.y = y;
      row.height = 14 + 16 * row.lines.length;
      y += row.height;
    }
    const height = y + 22;
    const drawing = svg("svg", { viewBox: `0 0 ${W} ${height}`, class: "timeline", role: "group", "aria-label": "Events of " + name + " along valid time" });
    rows.forEach((row, i) => {
      if (i % 2) drawing.append(svg("rect", { x: 0, y: row.y, width: W, height: row.height, class: "stripe" }));
    });
    grid(drawing, height - 20);
    moments(drawing, height, known);
    const links = svg("g", { class: "links" });
    drawing.append(links);
    const anchors = {};
    for (const row of rows) {
      const e = row.e;
      const classes = ["event", e.status === "not_yet" ? "later" : "", e.retracted_by ? "retracted" : "", opened && opened.id === e.id ? "selected" : ""];
      const g = svg("g", {
        class: classes.filter(Boolean).join(" "),
        tabindex: 0,
        role: "button",
        "data-event": e.id,
        "data-key": row.key,
        "aria-label": e.summary + " (" + (e.valid || "reported " + e.reported.slice(0, 10)) + "), " + e.id + ": show quotes and source",
      });
      g.append(svg("title", {}, e.summary + "\n" + (e.valid ? "valid " + e.valid + ": " + e.valid_words : e.valid_words)));
      g.append(svg("rect", { x: 0, y: row.y, width: W, height: row.height, class: "hit" }));
      row.lines.forEach((line, i) => {
        g.append(svg("text", { x: 10, y: row.y + 18 + 16 * i, class: line.cls }, line.text));
      });
      anchors[e.id] = mark(g, e, row.y + row.height / 2);
      drawing.append(g);
    }
    for (const row of rows) {
      const target = anchors[row.e.amends];
      const from = anchors[row.e.id];
      if (!row.e.amends || !target) continue;
      const up = target.y < from.y ? 1 : -1;
      const mid = (from.y + target.y) / 2;
      links.append(svg("path", {
        d: `M${from.x},${from.y - 8 * up}C${from.x},${mid} ${target.x},${mid} ${target.x},${target.y + 9 * up}`,
        class: "link",
        "marker-end": "url(#arrow)",
      }));
    }
    return drawing;
  }

  function fundingChart(series, known) {
    const n = series.steps.length;
    const height = Math.max(120, TOP + 12 + 34 * n);
    const base = height - 24;
    const top = TOP + 4;
    const most = Math.max(...series.steps.map((s) => Number(s.total)), 1);
    const y = (total) => base - ((base - top) * Number(total)) / most;
    const drawing = svg("svg", { viewBox: `0 0 ${W} ${height}`, class: "funding", role: "group", "aria-label": "Cumulative funding in " + series.currency });
    grid(drawing, base);
    moments(drawing, height, known);
    drawing.append(svg("text", { x: 10, y: TOP - 27, class: "label" }, "Cumulative funding in " + series.currency + ": " + series.total_text));
    drawing.append(svg("line", { x1: X0, x2: X1, y1: base, y2: base, class: "baseline" }));
    let x = X0;
    let level = base;
    series.steps.forEach((s, i) => {
      const [from, to] = s.span;
      const a = Math.max(x, from === null ? X0 : xStart(from));
      const b = Math.max(a, to === null ? X1 : xEnd(to));
      const next = y(s.total);
      drawing.append(svg("path", { d: `M${x},${level}H${a}`, class: "rise" }));
      drawing.append(svg("path", { d: `M${a},${level}L${b},${next}`, class: b - a > 2 ? "rise uncertain" : "rise" }));
      const g = svg("g", { class: "event", tabindex: 0, role: "button", "data-event": s.events[0], "aria-label": s.round + ", " + s.amount_text + ", total " + s.total_text + ": show quotes and source" });
      g.append(svg("title", {}, s.round + " (" + s.valid + "): +" + s.amount_text + ", total " + s.total_text));
      g.append(svg("circle", { cx: b, cy: next, r: 5, class: "dot t-funding_round" }));
      drawing.append(g);
      const ly = TOP + 10 + 34 * i;
      drawing.append(svg("text", { x: 10, y: ly, class: "sub" }, s.round + " (" + s.valid + ")"));
      drawing.append(svg("text", { x: 10, y: ly + 15, class: "figure" }, "+" + s.amount_text + "  \u2192  " + s.total_text));
      x = b;
      level = next;
    });
    drawing.append(svg("path", { d: `M${x},${level}H${X1}`, class: "rise" }));
    return drawing;
  }

  function stateOf(view, label) {
    const box = html("div", { class: "state" });
    box.append(html("h3", {}, "State on " + data.head.valid_at + ", as known at " + label));
    const sections = html("div", { class: "sections" });
    for (const section of view.sections) {
      const part = html("div", { class: "section" });
      part.append(html("h4", {}, section.title));
      const list = html("ul");
      for (const line of section.lines) {
        const item = html("li", {}, line.text);
        if (line.events.length) {
          const chips = html("span", { class: "chips" });
          for (const id of line.events) {
            chips.append(html("button", { type: "button", class: "chip", "data-open": id, title: "Show " + id }, id));
          }
          item.append(chips);
        }
        list.append(item);
      }
      part.append(list);
      sections.append(part);
    }
    box.append(sections);
    return box;
  }

  function render() {
    const s = data.steps[step];
    select.selectedIndex = step;
    earlier.disabled = step === 0;
    later.disabled = step === data.steps.length - 1;
    document.getElementById("step-note").textContent = s.count + " of " + data.steps[data.steps.length - 1].count + " events known";
    keys = {};
    main.replaceChildren();
    for (const entity of data.entities) {
      const view = data.views[viewAt(entity, step)];
      for (const key of view.events) keys[data.events[key].id] = key;
      const block = html("section", { class: "entity", id: "entity-" + entity.id, "aria-label": entity.name });
      block.append(html("h2", {}, entity.heading));
      if (view.events.length) {
        block.append(timeline(view, s.known, entity.name));
        for (const series of view.funding) block.append(fundingChart(series, s.known));
      } else {
        block.append(html("p", { class: "empty" }, "No event about " + entity.name + " is on record at this knowledge time."));
      }
      block.append(stateOf(view, s.known ? s.label : "everything known"));
      main.append(block);
    }
    if (!data.entities.length) main.append(html("p", { class: "empty" }, "Nothing on record."));
    if (opened) {
      if (keys[opened.id]) show(opened.id, opened.from, false);
      else close(false);
    }
  }

  function show(id, from, focus) {
    const key = keys[id];
    if (!key) return;
    const e = data.events[key];
    const source = data.sources[e.source] || { title: e.source, revisions: {} };
    opened = { id: id, from: from };
    for (const row of main.querySelectorAll(".event.selected")) row.classList.remove("selected");
    for (const row of main.querySelectorAll('g.event[data-key="' + key + '"]')) row.classList.add("selected");
    document.getElementById("panel-kicker").textContent = e.entity_name + " \u00b7 " + e.type_words + " \u00b7 " + e.id;
    document.getElementById("panel-title").textContent = e.summary;

    const badges = document.getElementById("panel-badges");
    badges.replaceChildren();
    const badge = (text, cls, target) => {
      const b = target ? html("button", { type: "button", class: "badge " + cls, "data-open": target }, text) : html("span", { class: "badge " + cls }, text);
      badges.append(b);
    };
    if (e.coarse) badge("date known only as a span", "uncertain");
    if (e.status === "uncertain") badge("uncertain on " + data.head.valid_at, "uncertain");
    if (e.status === "not_yet") badge("after " + data.head.valid_at, "after");
    for (const c of e.corrected_by) badge("corrected by " + c, "amended", c);
    if (e.retracted_by) badge("retracted by " + e.retracted_by, "amended", e.retracted_by);
    if (e.amends) badge(e.amendment + " " + e.amends, "amends", e.amends);
    if (e.reason) badge("reason: " + e.reason, "amends");

    const quotes = document.getElementById("panel-quotes");
    quotes.replaceChildren(...e.quotes.map((q) => html("blockquote", { lang: source.language }, q)));
    // The same value as the JSON evidence's "verified": one sentence for each.
    if (e.verified) quotes.append(html("p", { class: "verified" }, "Verified: every quote was found word for word in its source's document."));
    else quotes.append(html("p", { class: "unverified" }, "Unverified: its source has no document to check the quote against."));

    const times = document.getElementById("panel-times");
    times.replaceChildren();
    const row = (list, term, ...lines) => {
      list.append(html("dt", {}, term));
      for (const line of lines) if (line) list.append(html("dd", {}, line));
    };
    row(times, "Valid (as written)", e.valid || "none of its own", e.valid_words);
    row(times, "Reported", e.reported, e.revision ? "in revision " + e.revision + " of " + e.source : "in " + e.source);
    row(times, "Recorded", e.recorded, "when this store appended it");

    const cited = document.getElementById("panel-source");
    cited.replaceChildren();
    row(cited, "Title", source.title);
    if (source.publisher) row(cited, "Publisher", source.publisher);
    if (source.url) {
      cited.append(html("dt", {}, "Address"));
      const dd = html("dd");
      dd.append(source.link ? html("a", { href: source.link, rel: "noopener noreferrer", target: "_blank" }, source.url) : document.createTextNode(source.url));
      cited.append(dd);
    }
    if (source.document) row(cited, "Document", source.document);
    row(cited, "Published", source.published);
    if (e.revision) {
      const r = source.revisions[e.revision] || {};
      row(cited, "Revision", e.revision + (r.published ? ", published " + r.published : ""), r.note);
    }
    if (source.note) row(cited, "About the source", source.note);

    const note = document.getElementById("panel-note");
    note.replaceChildren();
    if (e.note) note.append(html("h3", {}, "Analyst's note"), html("p", {}, e.note));
    panel.hidden = false;
    if (focus) document.getElementById("panel-title").focus();
  }

  function close(refocus) {
    const from = opened && opened.from;
    opened = null;
    panel.hidden = true;
    for (const row of main.querySelectorAll(".event.selected")) row.classList.remove("selected");
    if (refocus && from && from.isConnected) from.focus();
  }

  function go(to) {
    step = Math.max(0, Math.min(data.steps.length - 1, to));
    render();
  }

  function activate(event) {
    const target = event.target.closest("[data-event], [data-open]");
    if (!target) return false;
    show(target.getAttribute("data-event") || target.getAttribute("data-open"), target, true);
    return true;
  }

  document.addEventListener("click", (event) => {
    if (activate(event)) event.preventDefault();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && opened) {
      close(true);
    } else if ((event.key === "Enter" || event.key === " ") && event.target.closest && event.target.closest("g[data-event]")) {
      if (activate(event)) event.preventDefault();
    }
  });
  document.getElementById("panel-close").addEventListener("click", () => close(true));
  select.addEventListener("change", () => go(select.selectedIndex));
  earlier.addEventListener("click", () => go(step - 1));
  later.addEventListener("click", () => go(step + 1));
  render();
})();
