// Draws the HTML export from its data block. Every fold, every word and every
// sum was computed in Python: this script only lays them out, and puts text in
// as text (textContent, setAttribute), never as markup.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const SVG = "http://www.w3.org/2000/svg";
  const TOP = 52; // the axis band: years, then ticks, then the "asked"/"known" labels
  const PAD = 18; // room at each end of an axis, so a mark at its edge is whole
  const PAGE = 10; // entities drawn at a time
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  const select = document.getElementById("known");
  const earlier = document.getElementById("earlier");
  const later = document.getElementById("later");
  const main = document.getElementById("entities");
  const panel = document.getElementById("panel");
  const pager = document.getElementById("pager");
  const find = document.getElementById("find");
  // An entity lists [first step, view] where its view changes: the last one reached.
  function viewAt(entity, at) {
    let key = entity.views[0][1];
    for (const [from, view] of entity.views) if (from <= at) key = view;
    return key;
  }

  let step = data.default;
  let page = 0;
  let keys = {}; // event id -> its version's key at the step shown
  let opened = null; // {id, from}: the event in the panel, and what opened it
  const zoom = {}; // entity id -> [first day, last day] chosen by the reader

  // "YYYY-MM-DD" as a number of days, in UTC: no time zone, no locale.
  function dayNumber(text) {
    return Date.UTC(+text.slice(0, 4), +text.slice(5, 7) - 1, +text.slice(8, 10)) / 86400000;
  }
  function dayText(n) {
    return new Date(n * 86400000).toISOString().slice(0, 10);
  }

  // The drawing's geometry, in CSS pixels: the box's own width, so text keeps its size.
  // Wide: the words on the left, the marks on the right; narrow: words above marks.
  function frame(range) {
    const width = Math.max(300, Math.floor(main.clientWidth || 960));
    const narrow = width < 720;
    const label = narrow ? 0 : Math.min(400, Math.round(width * 0.36));
    const x0 = narrow ? 8 : label + 16;
    const x1 = width - 8;
    const lo = dayNumber(range[0]);
    const hi = dayNumber(range[1]);
    // A day's middle: the first day's at x0 + PAD, the last one's at x1 - PAD.
    const scale = hi > lo ? (x1 - x0 - 2 * PAD) / (hi - lo) : 0;
    const dayWidth = hi > lo ? scale : x1 - x0 - 2 * PAD;
    const mid = (n) => (hi > lo ? x0 + PAD + (n - lo) * scale : (x0 + x1) / 2 + (n - lo) * dayWidth);
    const clamp = (x) => Math.max(x0, Math.min(x1, x));
    return {
      width, narrow, label, x0, x1, lo, hi, dayWidth,
      chars: narrow ? Math.floor((width - 20) / 7.2) : Math.floor(label / 7.6),
      mid: mid,
      start: (day) => mid(dayNumber(day)) - dayWidth / 2,
      end: (day) => mid(dayNumber(day)) + dayWidth / 2,
      moment: (iso) => mid(dayNumber(iso.slice(0, 10))) - dayWidth / 2 + (dayWidth * (+iso.slice(11, 13) + +iso.slice(14, 16) / 60)) / 24,
      clamp: clamp,
      inside: (x) => x >= x0 && x <= x1,
    };
  }

  // Ticks for the range shown: days, months or years, as many as fit.
  function ticks(f) {
    const first = f.lo - Math.ceil(PAD / Math.max(f.dayWidth, 1e-9));
    const last = f.hi + Math.ceil(PAD / Math.max(f.dayWidth, 1e-9));
    const span = Math.max(1, last - first);
    const room = Math.max(2, Math.floor((f.x1 - f.x0) / 64));
    const out = [];
    const a = new Date(first * 86400000);
    const b = new Date(last * 86400000);
    if (span <= room * 14) {
      const every = [1, 2, 7, 14].find((d) => span / d <= room) || 14;
      for (let n = first; n <= last; n += 1) {
        const d = new Date(n * 86400000);
        if ((n - first) % every) continue;
        out.push({ day: n, label: d.getUTCDate() + " " + MONTHS[d.getUTCMonth()], year: out.length === 0 || d.getUTCMonth() === 0 && d.getUTCDate() <= every ? String(d.getUTCFullYear()) : null, major: d.getUTCDate() === 1 });
      }
    } else if (span <= room * 366) {
      const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
      const every = [1, 2, 3, 6, 12].find((m) => months / m <= room) || 12;
      for (let i = 1; i <= months; i += 1) {
        const m = a.getUTCMonth() + i;
        const y = a.getUTCFullYear() + Math.floor(m / 12);
        if ((m % 12) % every) continue;
        const n = Date.UTC(y, m % 12, 1) / 86400000;
        out.push({ day: n, label: MONTHS[m % 12], year: m % 12 === 0 || out.length === 0 ? String(y) : null, major: m % 12 === 0 });
      }
    } else {
      const years = b.getUTCFullYear() - a.getUTCFullYear() + 1;
      const every = [1, 2, 5, 10, 20, 50, 100, 500, 1000].find((y) => years / y <= room) || 1000;
      for (let y = a.getUTCFullYear() + 1; y <= b.getUTCFullYear(); y += 1) {
        if (y % every === 0) out.push({ day: Date.UTC(y, 0, 1) / 86400000 - (y < 100 ? 0 : 0), label: String(y), year: null, major: true });
      }
    }
    return out.map((t) => ({ ...t, x: f.mid(t.day) - f.dayWidth / 2 })).filter((t) => f.inside(t.x));
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

  function grid(drawing, f, height) {
    for (const tick of ticks(f)) {
      drawing.append(svg("line", { x1: tick.x, x2: tick.x, y1: tick.year ? 4 : 22, y2: height, class: tick.major ? "tick major" : "tick" }));
      drawing.append(svg("text", { x: tick.x + 3, y: 30, class: "tick-label" }, tick.label));
      if (tick.year) drawing.append(svg("text", { x: tick.x + 3, y: 15, class: "tick-year" }, tick.year));
    }
  }

  // The date asked and the knowledge time: a line where they fall in the range, and
  // their label in the axis band (never over a mark); off the range, an arrow says where.
  function moments(drawing, f, height, known) {
    const mark = (x, cls, words, day) => {
      if (f.inside(x)) {
        drawing.append(svg("line", { x1: x, x2: x, y1: TOP - 10, y2: height - 4, class: cls }));
        drawing.append(svg("text", { x: cls === "asked" ? x - 3 : x + 3, y: TOP - 4, class: "moment-label" + (cls === "asked" ? " end" : "") }, words));
      } else {
        const right = x > f.x1;
        drawing.append(svg("text", { x: right ? f.x1 : f.x0, y: TOP - 4 - (cls === "asked" ? 0 : 0), class: "moment-label" + (right ? " end" : "") + " " + cls + "-off" }, right ? words + " " + day + " \u2192" : "\u2190 " + words + " " + day));
      }
    };
    mark(f.end(data.head.valid_at), "asked", "asked", data.head.valid_at);
    if (known && f.inside(f.moment(known))) mark(f.moment(known), "knew", "known", known.slice(0, 10));
  }

  // Words wider than their column (a wide font, capitals) lose letters until they fit.
  function fitLabels(root) {
    for (const text of root.querySelectorAll("text[data-max]")) {
      const most = +text.getAttribute("data-max");
      let words = text.textContent;
      while (words.length > 1 && text.getComputedTextLength() > most) {
        words = words.slice(0, -2);
        text.textContent = words + "\u2026";
      }
    }
  }

  function rowLines(e, f) {
    const lines = wrap(e.summary, f.chars, 2).map((text) => ({ text: text, cls: "label" }));
    lines.push({ text: (e.valid || "reported " + e.reported.slice(0, 10)) + "  \u00b7  " + e.id, cls: "sub" });
    if (e.corrected_by.length) lines.push({ text: "corrected by " + e.corrected_by.join(", "), cls: "amended" });
    if (e.retracted_by) lines.push({ text: "retracted by " + e.retracted_by, cls: "amended" });
    return lines;
  }

  // One event's mark; returns the point a link to or from it attaches to. An open end
  // is an arrow from the day that is known, never a bar to the edge of the axis.
  function mark(row, e, f, middle) {
    const kind = "t-" + e.type;
    const [from, to] = e.span;
    const known = from === null ? to : from;
    if (known === null) return { x: f.x0, y: middle };
    const off = f.end(to === null ? known : to) < f.x0 ? "left" : f.start(from === null ? known : from) > f.x1 ? "right" : null;
    if (off) {
      // Outside the range the reader zoomed to: a chevron at the edge says which way.
      const x = off === "left" ? f.x0 + 2 : f.x1 - 2;
      const d = off === "left" ? `M${x + 8},${middle - 6}L${x},${middle}L${x + 8},${middle + 6}` : `M${x - 8},${middle - 6}L${x},${middle}L${x - 8},${middle + 6}`;
      row.append(svg("path", { d: d, class: "off-range" }));
      return { x: x, y: middle };
    }
    if (e.amendment) {
      const x = f.clamp(f.mid(dayNumber(from)));
      row.append(svg("path", { d: `M${x - 7},${middle}L${x},${middle - 7}L${x + 7},${middle}L${x},${middle + 7}z`, class: "amend" }));
      return { x: x, y: middle };
    }
    if (from === null || to === null) {
      const x = f.clamp(f.mid(dayNumber(known)));
      const tip = from === null ? Math.max(f.x0, x - 34) : Math.min(f.x1, x + 34);
      const head = from === null ? 6 : -6;
      row.append(svg("path", { d: `M${x},${middle}H${tip}M${tip + head},${middle - 5}L${tip},${middle}L${tip + head},${middle + 5}`, class: "open-end" }));
      row.append(svg("circle", { cx: x, cy: middle, r: 6, class: "dot " + kind + (e.coarse ? " coarse" : "") }));
      if (e.retracted_by) row.append(svg("path", { d: `M${Math.min(x, tip) - 4},${middle}H${Math.max(x, tip) + 4}`, class: "strike" }));
      return { x: x, y: middle };
    }
    if (from === to && !e.coarse) {
      const x = f.clamp(f.mid(dayNumber(from)));
      row.append(svg("circle", { cx: x, cy: middle, r: 6, class: "dot " + kind }));
      if (e.retracted_by) row.append(svg("path", { d: `M${x - 11},${middle}H${x + 11}`, class: "strike" }));
      return { x: x, y: middle };
    }
    let a = f.clamp(f.start(from));
    let b = f.clamp(f.end(to));
    if (b - a < 10) {
      const c = (a + b) / 2;
      a = f.clamp(c - 5);
      b = f.clamp(c + 5);
    }
    const box = { x: a, y: middle - 6, width: b - a, height: 12, rx: 6 };
    row.append(svg("rect", { ...box, class: "span " + kind + (e.coarse ? " coarse" : "") }));
    if (e.coarse) row.append(svg("rect", { ...box, class: "hatch" }));
    if (e.retracted_by) row.append(svg("path", { d: `M${a - 4},${middle}H${b + 4}`, class: "strike" }));
    return { x: (a + b) / 2, y: middle };
  }

  function timeline(view, known, name, f) {
    const rows = view.events.map((key) => ({ key: key, e: data.events[key], lines: rowLines(data.events[key], f) }));
    let y = TOP;
    for (const row of rows) {
      row.y = y;
      row.height = f.narrow ? 10 + 16 * row.lines.length + 24 : 14 + 16 * row.lines.length;
      y += row.height;
    }
    const height = y + 8;
    const drawing = svg("svg", { viewBox: `0 0 ${f.width} ${height}`, width: f.width, height: height, class: "timeline", role: "group", "aria-label": "Events of " + name + " along valid time", "data-x0": f.x0, "data-x1": f.x1 });
    rows.forEach((row, i) => {
      if (i % 2) drawing.append(svg("rect", { x: 0, y: row.y, width: f.width, height: row.height, class: "stripe" }));
    });
    grid(drawing, f, height - 4);
    moments(drawing, f, height, known);
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
      g.append(svg("rect", { x: 0, y: row.y, width: f.width, height: row.height, class: "hit" }));
      row.lines.forEach((line, i) => {
        g.append(svg("text", { x: f.narrow ? 8 : 10, y: row.y + 18 + 16 * i, class: line.cls, "data-max": f.narrow ? f.width - 16 : f.label - 6 }, line.text));
      });
      // Narrow: the mark goes below the words; wide: beside them, right of the label column.
      const middle = f.narrow ? row.y + row.height - 14 : row.y + row.height / 2;
      const marks = svg("g", { class: "marks" });
      g.append(marks);
      anchors[e.id] = mark(marks, e, f, middle);
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

  function fundingChart(series, known, f) {
    const n = series.steps.length;
    const lines = f.narrow ? 34 * n + 12 : 0; // narrow: the rounds listed above the chart
    const height = Math.max(120, TOP + 12 + (f.narrow ? lines + 80 : 34 * n));
    const base = height - 24;
    const top = TOP + 4 + lines;
    const most = Math.max(...series.steps.map((s) => Number(s.total)), 1);
    const y = (total) => base - ((base - top) * Number(total)) / most;
    const drawing = svg("svg", { viewBox: `0 0 ${f.width} ${height}`, width: f.width, height: height, class: "funding", role: "group", "aria-label": "Cumulative funding in " + series.currency });
    grid(drawing, f, base);
    moments(drawing, f, height, known);
    const title = "Cumulative funding in " + series.currency + ": " + series.total_text;
    drawing.append(svg("text", { x: 8, y: f.narrow ? TOP + 14 : TOP + 12, class: "label", "data-max": f.narrow ? f.width - 16 : f.label - 6 }, title));
    drawing.append(svg("line", { x1: f.x0, x2: f.x1, y1: base, y2: base, class: "baseline" }));
    let x = f.x0;
    let level = base;
    series.steps.forEach((s, i) => {
      const [from, to] = s.span;
      const a = Math.max(x, from === null ? f.x0 : f.clamp(f.start(from)));
      const b = Math.max(a, to === null ? f.x1 : f.clamp(f.end(to)));
      const next = y(s.total);
      drawing.append(svg("path", { d: `M${x},${level}H${a}`, class: "rise" }));
      drawing.append(svg("path", { d: `M${a},${level}L${b},${next}`, class: b - a > 2 ? "rise uncertain" : "rise" }));
      const g = svg("g", { class: "event", tabindex: 0, role: "button", "data-event": s.events[0], "aria-label": s.round + ", " + s.amount_text + ", total " + s.total_text + ": show quotes and source" });
      g.append(svg("title", {}, s.round + " (" + s.valid + "): +" + s.amount_text + ", total " + s.total_text));
      g.append(svg("circle", { cx: b, cy: next, r: 5, class: "dot t-funding_round" }));
      drawing.append(g);
      const ly = TOP + 30 + 34 * i;
      const most = f.narrow ? f.width - 16 : f.label - 6;
      drawing.append(svg("text", { x: 8, y: ly, class: "sub", "data-max": most }, s.round + " (" + s.valid + ")"));
      drawing.append(svg("text", { x: 8, y: ly + 15, class: "figure", "data-max": most }, "+" + s.amount_text + "  \u2192  " + s.total_text));
      x = b;
      level = next;
    });
    drawing.append(svg("path", { d: `M${x},${level}H${f.x1}`, class: "rise" }));
    return drawing;
  }

  // The reader's range for an entity: two dates and a button back to its facts' own.
  function zoomControls(entity, range, redraw) {
    const box = html("div", { class: "zoom" });
    const from = html("input", { type: "date", "aria-label": "Show from", value: range[0], "data-zoom": "from" });
    const to = html("input", { type: "date", "aria-label": "Show to", value: range[1], "data-zoom": "to" });
    const fit = html("button", { type: "button", "data-zoom": "fit" }, "Fit to its facts");
    const apply = () => {
      if (from.value && to.value && from.value <= to.value) {
        zoom[entity.id] = [from.value, to.value];
        redraw();
      }
    };
    from.addEventListener("change", apply);
    to.addEventListener("change", apply);
    fit.addEventListener("click", () => {
      delete zoom[entity.id];
      redraw();
    });
    box.append(html("span", {}, "Range"), from, html("span", {}, "to"), to, fit);
    return box;
  }

  function stateOf(view, label) {
    const box = html("div", { class: "state" });
    box.append(html("h3", {}, "State on " + data.head.valid_at + ", as known at " + label));
    const sections = html("div", { class: "sections" });
    for (const section of view.sections) {
      const part = html("div", { class: "section" });
      part.append(html("h4", {}, section.title));
      const list = html("ul");
      for (const key of section.lines) {
        const line = data.lines[key];
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

  // The entities matching the search box, and those of them on the page shown.
  function matching() {
    const words = (find.value || "").trim().toLowerCase();
    const hit = (id, name) => !words || id.toLowerCase().includes(words) || name.toLowerCase().includes(words);
    return {
      entities: data.entities.filter((e) => hit(e.id, e.name)),
      others: data.others.filter(([id, name]) => hit(id, name)),
    };
  }

  function drawEntity(entity, s) {
    const view = data.views[viewAt(entity, step)];
    for (const key of view.events) keys[data.events[key].id] = key;
    const block = html("section", { class: "entity", id: "entity-" + entity.id, "aria-label": entity.name });
    const fill = () => {
      block.replaceChildren();
      block.append(html("h2", {}, entity.heading));
      if (view.events.length) {
        const range = zoom[entity.id] || entity.fit;
        const f = frame(range);
        block.append(zoomControls(entity, range, fill));
        block.append(timeline(view, s.known, entity.name, f));
        for (const series of view.funding) block.append(fundingChart(series, s.known, f));
      } else {
        block.append(html("p", { class: "empty" }, "No event about " + entity.name + " is on record at this knowledge time."));
      }
      block.append(stateOf(view, s.known ? s.label : "everything known"));
      if (block.isConnected) fitLabels(block);
    };
    fill();
    return block;
  }

  function render() {
    const s = data.steps[step];
    select.selectedIndex = step;
    earlier.disabled = step === 0;
    later.disabled = step === data.steps.length - 1;
    const total = data.steps[data.steps.length - 1].count;
    document.getElementById("step-note").textContent = s.count + " of " + total + " events known";
    document.getElementById("head-known").textContent = s.known ? s.label : "everything known";
    document.getElementById("head-events").textContent = s.count + " of " + total;
    keys = {};
    main.replaceChildren();
    const found = matching();
    const pages = Math.max(1, Math.ceil(found.entities.length / PAGE));
    page = Math.min(page, pages - 1);
    for (const entity of found.entities.slice(page * PAGE, (page + 1) * PAGE)) main.append(drawEntity(entity, s));
    if (!data.entities.length) main.append(html("p", { class: "empty" }, "Nothing on record."));
    fitLabels(main);
    const note = document.getElementById("find-note");
    note.replaceChildren();
    if (found.others.length) {
      const more = found.others.slice(0, 20).map(([id, name]) => name + " (" + id + ")").join(", ");
      const rest = found.others.length > 20 ? " and " + (found.others.length - 20) + " more" : "";
      note.append(html("span", {}, found.others.length + " not in this page, export each with --entity ID: " + more + rest + "."));
    } else if (find.value && !found.entities.length) {
      note.append(html("span", {}, "No entity matches."));
    }
    pager.replaceChildren();
    if (pages > 1) {
      const go = (to, words, off) => {
        const b = html("button", { type: "button", "data-page": to, disabled: off }, words);
        b.addEventListener("click", () => {
          page = to;
          render();
        });
        return b;
      };
      pager.append(go(page - 1, "Previous", page === 0), html("span", {}, "Page " + (page + 1) + " of " + pages + " (" + found.entities.length + " entities)"), go(page + 1, "Next", page === pages - 1));
    }
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
  find.addEventListener("input", () => {
    page = 0;
    render();
  });
  let width = main.clientWidth;
  window.addEventListener("resize", () => {
    if (main.clientWidth !== width) {
      width = main.clientWidth;
      render();
    }
  });
  earlier.addEventListener("click", () => go(step - 1));
  later.addEventListener("click", () => go(step + 1));
  render();
})();
