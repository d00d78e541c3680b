// Draws an Explorer (nabla/figures/explorer.py): SVG panels, sliders, readouts.
// Every number shown was computed in Python; this file only draws and picks frames.
// A redraw updates the attributes of the elements already drawn and adds or removes only
// what the new frame has more or fewer of.
const NS = "http://www.w3.org/2000/svg";
const W = 302, H = 224, M = { l: 48, r: 16, t: 8, b: 38 }; // r: room for a last tick label
const LABEL_PX = 11; // tick and axis labels, in screen pixels at every width
const HANDLE = 14; // the radius of the draggable point's touch target
const SETTLE_MS = 400; // the readout is announced once the input has rested this long
const REST_MS = 100; // the figure's description is written once the input has rested this long
const LATE_MS = 250; // with a kernel, the stored frame is drawn only if its answer is this late
// A slider's and the draggable point's own keys. They go no further than the explorer:
// JupyterLab's command mode (a listener on the document) would move the active cell or fold a
// heading with them. Every other key (Shift+Enter, Escape, Ctrl+S) still reaches Lab.
const STEP = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1 };
const PAGE = { PageDown: -1, PageUp: 1 }; // a tenth of a slider's grid values at a time
const OWN_KEYS = new Set([...Object.keys(STEP), "Home", "End", "PageUp", "PageDown"]);
const own = (event) => OWN_KEYS.has(event.key) && !(event.ctrlKey || event.metaKey || event.altKey);
let figures = 0; // numbers the ids of the explorers on a page

function svg(tag, attrs, parent) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function html(tag, attrs, parent) {
  const node = Object.assign(document.createElement(tag), attrs);
  if (parent) parent.appendChild(node);
  return node;
}

// Writes `text` into the text node an element already has: a new node (textContent) costs a
// style recalculation and a rebuilt layout tree, an edited one only the layout of its line.
function write(node, text) {
  const first = node.firstChild;
  if (first && first === node.lastChild && first.nodeType === Node.TEXT_NODE) {
    if (first.data !== text) first.data = text;
  } else if (node.textContent !== text) node.textContent = text;
}

function scales(panel) {
  const { x, y } = panel;
  const sx = (v) => M.l + ((v - x.min) / (x.max - x.min)) * (W - M.l - M.r);
  const sy = (v) => H - M.b - ((v - y.min) / (y.max - y.min)) * (H - M.t - M.b);
  const inv = (px, py) => [
    x.min + ((px - M.l) / (W - M.l - M.r)) * (x.max - x.min),
    y.min + ((H - M.b - py) / (H - M.t - M.b)) * (y.max - y.min),
  ];
  return { sx, sy, inv };
}

function drawAxes(g, panel, s, clip) {
  const frame = { x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b };
  svg("rect", frame, svg("clipPath", { id: clip }, g));
  svg("rect", { ...frame, class: "frame" }, g);
  for (const [v, label] of panel.x.ticks) {
    svg("line", { x1: s.sx(v), x2: s.sx(v), y1: H - M.b, y2: H - M.b + 4, class: "tick" }, g);
    // A label at the frame's left corner starts at its tick, clear of the y axis's lowest.
    const anchor = v === panel.x.min ? "start" : "middle";
    svg("text", { x: s.sx(v), y: H - M.b + 16, class: "ticklabel", "text-anchor": anchor }, g)
      .textContent = label;
  }
  for (const [v, label] of panel.y.ticks) {
    svg("line", { x1: M.l - 4, x2: M.l, y1: s.sy(v), y2: s.sy(v), class: "tick" }, g);
    svg("text", { x: M.l - 6, y: s.sy(v) + 4, class: "ticklabel", "text-anchor": "end" }, g)
      .textContent = label;
  }
  svg("text", { x: (W + M.l) / 2, y: H - 5, class: "axislabel", "text-anchor": "middle" }, g)
    .textContent = panel.x.label;
  placeYLabel(svg("text", { class: "axislabel ylabel", "text-anchor": "middle" }, g))
    .textContent = panel.y.label;
}

// The y axis's label, turned upright, sits its own ascent plus 0.6 in from the panel's left
// edge: whole and clear of the tick labels, whatever the font (measured once drawn) and the
// labels' size.
function placeYLabel(text) {
  const y = (H - M.b + M.t) / 2;
  const box = text.isConnected ? text.getBBox() : { height: 0 };
  const x = (box.height ? y - box.y + 0.6 : 11).toFixed(1);
  text.setAttribute("x", x);
  text.setAttribute("y", y);
  text.setAttribute("transform", `rotate(-90 ${x} ${y})`);
  return text;
}

const coords = (px) => px.map((p) => `${p[0].toFixed(1)},${p[1].toFixed(1)}`).join(" ");

// The SVG elements that draw one layer: [tag, attributes, text].
function marks(layer, s, shapes) {
  const cls = `${layer.type} ${layer.cls || ""}`;
  if (layer.type === "line" || layer.type === "arrow") {
    const pts = typeof layer.points === "string" ? shapes[layer.points] : layer.points;
    const px = pts.map((p) => [s.sx(p[0]), s.sy(p[1])]);
    const out = [["polyline", { points: coords(px), class: cls }]];
    if (layer.type === "arrow" && px.length > 1) {
      const [a, b] = px.slice(-2), len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
      const ux = (b[0] - a[0]) / len, uy = (b[1] - a[1]) / len;
      const head = [b, [b[0] - 9 * ux - 4 * uy, b[1] - 9 * uy + 4 * ux], [b[0] - 9 * ux + 4 * uy, b[1] - 9 * uy - 4 * ux]];
      out.push(["polygon", { points: coords(head), class: `head ${layer.cls || ""}` }]);
    }
    return out;
  }
  if (layer.type === "point") {
    return [["circle", { cx: s.sx(layer.at[0]).toFixed(1), cy: s.sy(layer.at[1]).toFixed(1), r: 4.5, class: cls }]];
  }
  const anchor = layer.anchor || "start";
  return [["text", { x: s.sx(layer.at[0]).toFixed(1), y: s.sy(layer.at[1]).toFixed(1), class: cls, "text-anchor": anchor }, layer.text]];
}

// Makes the children of g draw `items`, reusing the elements it has.
function paint(g, items) {
  items.forEach(([tag, attrs, text], k) => {
    let node = g.children[k];
    if (!node || node.localName !== tag) {
      const fresh = svg(tag, {});
      node ? g.replaceChild(fresh, node) : g.appendChild(fresh);
      node = fresh;
    }
    for (const [name, value] of Object.entries(attrs)) {
      if (node.getAttribute(name) !== String(value)) node.setAttribute(name, value);
    }
    if (text !== undefined) write(node, text);
  });
  while (g.children.length > items.length) g.lastElementChild.remove();
}

function render({ model, el }) {
  const spec = model.get("spec");
  const frames = model.get("frames");
  const sizes = spec.controls.map((c) => c.values.length);
  const id = `nabla-explorer-${++figures}`;
  const root = html("figure", { className: "nabla-explorer", id, tabIndex: -1 });
  root.setAttribute("data-nabla-explorer", spec.title);
  html("figcaption", { textContent: spec.title }, root);
  // What the frame shows, in words, once for the whole figure (not on every panel).
  const description = html("p", { className: "nx-sr-only" }, root);

  const positions = () => {
    let rest = model.get("index");
    const out = [];
    for (let k = sizes.length - 1; k >= 0; k--) { out[k] = rest % sizes[k]; rest = Math.floor(rest / sizes[k]); }
    return out;
  };
  const indexOf = (pos) => pos.reduce((acc, p, k) => acc * sizes[k] + p, 0);
  const spoken = (c, p) => (c.spoken || c.text)[p];

  const controls = html("div", { className: "controls" }, root);
  const inputs = spec.controls.map((c, k) => {
    const label = html("label", {}, controls);
    const input = html("input", { type: "range", min: 0, max: sizes[k] - 1, step: 1 });
    input.setAttribute("aria-label", c.label);
    input.dataset.control = c.name;
    const value = html("output");
    value.setAttribute("aria-hidden", "true"); // the slider itself says its value
    // As wide as its longest text from the start: a value that changes the width of its box
    // costs a layout and a repaint of the figure below it on every step of a drag.
    value.style.minWidth = `${Math.max(...c.text.map((t) => t.length)) + 1}ch`;
    const name = html("span", { textContent: `${c.label} ` });
    name.setAttribute("aria-hidden", "true"); // the slider's own name says it
    label.append(name, input, value);
    input.addEventListener("input", (event) => {
      const pos = positions();
      pos[k] = Math.round(Number(input.value)); // continuous with a live kernel (liveFrames)
      select(pos, exact.slid(pos, k, Number(input.value)), event.timeStamp);
    });
    input.addEventListener("keydown", (event) => {
      if (!own(event)) return;
      event.stopPropagation();
      // With a kernel the slider is continuous: an arrow moves to the next grid value (every
      // value the chapter names, a threshold too), not the browser's 1% of the range, and
      // Page Up/Down a tenth of the grid values on, not 10% of the range off the grid.
      const dir = STEP[event.key] || PAGE[event.key];
      if (!dir || !exact.live()) return;
      event.preventDefault();
      const count = event.key in PAGE ? Math.max(1, Math.round((sizes[k] - 1) / 10)) : 1;
      const values = exact.snapped(positions(), k, dir, count);
      if (values) select(exact.nearest(values), values, event.timeStamp);
    });
    return { input, value };
  });

  const grid = html("div", { className: "panels" }, root);
  const panels = {};
  for (const panel of spec.panels) {
    const box = html("div", { className: "panel" }, grid);
    const title = html("div", { className: "paneltitle" }, box);
    title.textContent = panel.title;
    title.setAttribute("aria-hidden", "true"); // it names the panel, read once as its name
    const canvas = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "data-panel": panel.id }, box);
    canvas.setAttribute("aria-label", panel.title); // a name of its own, also in a printed copy
    const s = scales(panel);
    const clip = `${id}-clip-${panel.id}`;
    drawAxes(canvas, panel, s, clip);
    const base = svg("g", { "clip-path": `url(#${clip})` }, canvas);
    // The moving marks lie over a transparent rectangle the size of the plot: the bounds of
    // what this group paints stay the same from frame to frame, so Chromium repaints the group
    // and does not lay out the page's compositing layers again on every redraw.
    const live = svg("g", { class: "live", "clip-path": `url(#${clip})` }, canvas);
    svg("rect", { x: -4 * W, y: -4 * H, width: 9 * W, height: 9 * H, class: "extent" }, live);
    panels[panel.id] = { canvas, s, live: svg("g", {}, live) };
    const layers = spec.layers.filter((l) => l.panel === panel.id);
    paint(base, layers.flatMap((l) => marks(l, s, spec.shapes)));
  }
  // Tick labels keep LABEL_PX on screen however narrow the panels are drawn.
  const labels = window.ResizeObserver && new ResizeObserver(([entry]) => {
    const width = entry.target.querySelector("svg")?.getBoundingClientRect().width;
    if (!width) return;
    const k = Math.max(1, (LABEL_PX * W) / (11 * width));
    grid.style.setProperty("--nx-k", k.toFixed(3));
    grid.querySelectorAll("text.ylabel").forEach(placeYLabel);
  });
  labels?.observe(grid);

  const readout = html("dl", { className: "readout" }, root);
  const rows = spec.readout.map((name) => {
    html("dt", { textContent: name }, readout);
    return html("dd", {}, readout);
  });
  // Announced once per settled input: the values that changed since the last announcement.
  const live = html("p", { className: "nx-sr-only" }, root);
  live.setAttribute("aria-live", "polite");
  live.setAttribute("aria-atomic", "true");
  let said = null, timer = 0;
  const named = (c, text) => // "h = 0.01", "11 steps" and "1 step" say what they are
    (text.includes(" = ") || text.includes(c.label.replace(/s$/, "")) ? text : `${c.label} ${text}`);
  // A number in e-notation is read letter by letter: "1.0e−04" is said "1.0 times 10 to the
  // −4", and "3.818e+00" "3.818".
  const words = (text) => text.replace(/(\d)e([+−-]?)0*(\d+)/g, (_, d, sign, power) =>
    (Number(power) === 0 ? d : `${d} times 10 to the ${sign === "+" ? "" : sign}${power}`));
  const state = () => [ // what is shown: a stored frame's numbers or a live one's
    ...spec.controls.map((c, k) => named(c, inputs[k].input.getAttribute("aria-valuetext"))),
    ...rows.map((row, k) => `${spec.readout[k]} ${row.textContent}`),
  ];
  const announce = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const now = state();
      write(live, words(now.filter((line, k) => line !== said[k]).join("; ")));
      said = now;
    }, SETTLE_MS);
  };

  let pending = null, holding = false;
  // Shows grid positions `pos`. `values`, one per control anywhere in its range, are the
  // input's own: a live kernel is asked for the exact frame there, and the stored frame of
  // `pos` waits for its answer (drawn only if the answer is late; liveFrames).
  function select(pos, values, time) {
    const asked = exact.ask(values, time);
    const moved = indexOf(pos) !== model.get("index");
    const back = exact.returned() && !moved; // from a live frame onto its own grid point
    if (moved) {
      // With a kernel live, the exact frame is on its way: drawing the stored one as well
      // would take the CPU the kernel needs (2 cores: 30 to 40% longer answers in Lab).
      holding = exact.awaited();
      pending = holding ? null : performance.now();
      model.set("index", indexOf(pos));
      holding = false;
      exact.save();
    }
    if (back) draw();
    exact.place();
    if (moved || asked || back) announce();
  }

  // The frame in words once the input rests (REST_MS): no one reads it in mid-drag, and
  // shaping its sentence on every frame took a tenth of a redraw on a slow phone.
  let describing = 0;
  const describe = (text) => {
    clearTimeout(describing);
    if (!description.firstChild) write(description, text);
    else describing = setTimeout(() => write(description, text), REST_MS);
  };
  let late = 0;
  function draw(frame = frames[model.get("index")]) {
    clearTimeout(late);
    const pos = positions();
    spec.controls.forEach((c, k) => {
      const { input, value } = inputs[k];
      // Each is written only when it changes (a moved thumb costs a paint; write).
      if (input.value !== String(pos[k])) input.value = pos[k];
      const words = spoken(c, pos[k]);
      if (input.getAttribute("aria-valuetext") !== words) input.setAttribute("aria-valuetext", words);
      write(value, c.text[pos[k]]);
      root.dataset[c.name] = c.values[pos[k]];
    });
    for (const [pid, p] of Object.entries(panels)) {
      paint(p.live, frame.layers.filter((l) => l.panel === pid).flatMap((l) => marks(l, p.s, spec.shapes)));
    }
    frame.readout.forEach(([text, value], k) => {
      write(rows[k], text);
      rows[k].dataset.value = value;
    });
    describe(frame.alt);
    if (drag) drag.describe(pos, exact.shown());
    if (pending !== null) {
      const ms = performance.now() - pending;
      pending = null;
      (window.__nablaTimings = window.__nablaTimings || []).push(ms);
      root.dataset.lastRedrawMs = ms.toFixed(2);
    }
  }

  const exact = liveFrames(model, spec, root, inputs, draw, announce);
  const drag = spec.drag && draggable(spec, panels[spec.drag.panel], positions, select, exact);
  // The stored frame waits for a live answer, and is drawn if the answer is late (the kernel
  // is then taken for gone until it answers again: shut down, restarted or busy).
  const lateDraw = () => { exact.lost(); draw(); };
  const redraw = () => (holding ? (clearTimeout(late), (late = setTimeout(lateDraw, LATE_MS))) : draw());
  model.on("change:index", redraw);
  draw();
  said = state();
  const [box, sizing] = laidOutAlone(root);
  el.appendChild(box);
  return () => {
    model.off("change:index", redraw);
    exact.stop();
    [labels, sizing].forEach((observer) => observer?.disconnect());
    clearTimeout(describing);
  };
}

// A box round the figure, as tall as the figure and sized by that height alone once it is
// known (explorer.css): the box is then a layout boundary, and a redraw lays out the figure,
// not the whole page, on every frame of a drag. Returns the box and its observer.
function laidOutAlone(figure) {
  const box = html("div", { className: "nx-box" });
  box.appendChild(figure);
  // The figure's height in the box's own CSS pixels: its bounding rectangle divided by the
  // scale the box is drawn at. A bounding rectangle alone includes an ancestor's CSS zoom or
  // transform (a zoomed page, a slide scaled to fit): the box was then zoom times too tall,
  // or cut the figure under a scale(0.8); the figure's layout height alone misses a zoom
  // of the figure itself.
  const sizing = window.ResizeObserver && new ResizeObserver(([entry]) => {
    const drawn = box.getBoundingClientRect().width, css = parseFloat(getComputedStyle(box).width);
    const height = drawn > 0 && css > 0
      ? (figure.getBoundingClientRect().height * css) / drawn
      : entry.borderBoxSize?.[0]?.blockSize ?? figure.offsetHeight; // hidden: 0
    box.style.setProperty("--nx-height", `${height}px`);
    box.classList.add("nx-sized");
  });
  sizing?.observe(figure, { box: "border-box" });
  return [box, sizing];
}

// The panel whose point follows a pointer, and the arrow keys once the panel has focus.
function draggable(spec, target, positions, select, exact) {
  const names = spec.controls.map((c) => c.name);
  const kx = names.indexOf(spec.drag.x), ky = names.indexOf(spec.drag.y);
  const cx = spec.controls[kx], cy = spec.controls[ky];
  const area = target.canvas;
  const move = (event) => {
    const box = area.getBoundingClientRect();
    const [x, y] = target.s.inv(((event.clientX - box.left) * W) / box.width, ((event.clientY - box.top) * H) / box.height);
    const values = exact.values(positions());
    values[kx] = x;
    values[ky] = y;
    select(exact.nearest(values), values, event.timeStamp);
  };
  area.classList.add("draggable");
  area.setAttribute("tabindex", "0");
  area.setAttribute("role", "application");
  area.setAttribute("aria-roledescription", "draggable point");
  // A finger takes the point only by this handle round it (28 px across and more); a swipe
  // anywhere else scrolls the page. Chromium ignores touch-action inside an SVG, so a touch
  // that starts on the handle cancels the page's scrolling itself.
  // It moves over a still rectangle the size of the panel, as the marks do (render).
  svg("rect", { width: W, height: H, class: "extent" }, area);
  const handle = svg("rect", { class: "handle", width: 2 * HANDLE, height: 2 * HANDLE, rx: HANDLE }, area);
  area.addEventListener("touchstart", (event) => event.target === handle && event.preventDefault(), { passive: false });
  // Its name says where the point is; its tick labels and marks are not read out one by one.
  for (const child of area.children) child.setAttribute("aria-hidden", "true");
  const title = area.previousElementSibling.textContent;
  area.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "touch" && event.target !== handle) return;
    area.setPointerCapture(event.pointerId);
    move(event);
    area.addEventListener("pointermove", move);
  });
  area.addEventListener("pointerup", () => area.removeEventListener("pointermove", move));
  const steps = { ArrowLeft: [kx, -1], ArrowRight: [kx, 1], ArrowDown: [ky, -1], ArrowUp: [ky, 1] };
  area.addEventListener("keydown", (event) => {
    const step = steps[event.key];
    if (!step || !own(event)) return;
    event.preventDefault();
    event.stopPropagation();
    const values = exact.stepped(positions(), ...step);
    if (values) select(exact.nearest(values), values, event.timeStamp);
  });
  return {
    describe(pos, live) { // live: the values and spoken texts of a live frame shown, or null
      const text = (c, k) => (live ? live.spoken[k] : (c.spoken || c.text)[pos[k]]);
      const value = (c, k) => (live ? live.values[k] : c.values[pos[k]]);
      const at = `${cx.label} ${text(cx, kx)}, ${cy.label} ${text(cy, ky)}`;
      area.setAttribute("aria-label", `${title}: point at ${at}; the arrow keys move it`);
      handle.setAttribute("x", (target.s.sx(value(cx, kx)) - HANDLE).toFixed(1));
      handle.setAttribute("y", (target.s.sy(value(cy, ky)) - HANDLE).toFixed(1));
    },
  };
}

// With a kernel, the frame at the very values of an input (Explorer's `live`). Every input
// (a drag, a slider, the arrow keys on the draggable point) asks the kernel for the frame at
// its own values, drawn when the answer comes unless a later input came first (the nearest
// stored frame is drawn only if the answer is LATE_MS late); one question is in flight at a
// time, the latest asked next. A first message (a ping) finds whether a kernel answers: then
// the sliders move continuously (an integer control by whole numbers), their arrow keys to the
// next grid value, and the point's arrow keys step a grid spacing from the point shown. The answer says each value as the control's own text
// and spoken text (units kept). Without a kernel (the static book, a stored notebook) nothing
// answers and the stored frames stay, grid point to grid point.
function liveFrames(model, spec, root, inputs, draw, announce) {
  const controls = spec.controls;
  const last = (c) => c.values.length - 1;
  const onGrid = (c, v) => c.values.some((w) => Math.abs(w - v) < 1e-9);
  // Within the grid's range; an integer control (a number of steps) stays a whole number.
  const clamp = (c, v) => {
    const w = Math.min(Math.max(v, c.values[0]), c.values[last(c)]);
    return c.integer ? Math.round(w) : w;
  };
  const same = (a, b) => Array.isArray(a) && Array.isArray(b) && a.length === b.length &&
    a.every((v, k) => v === b[k]);
  // A slider's position for a value: its fractional index among the (rising) grid values.
  const slot = (c, v) => {
    if (last(c) === 0) return 0;
    const above = c.values.findIndex((w) => w > v);
    const i = (above === -1 ? last(c) : Math.max(above, 1)) - 1;
    return Math.min(Math.max(i + (v - c.values[i]) / (c.values[i + 1] - c.values[i]), 0), last(c));
  };
  const valueAt = (c, f) => { // the inverse of slot
    if (last(c) === 0) return c.values[0];
    const i = Math.min(Math.max(Math.floor(f), 0), last(c) - 1);
    return c.values[i] + (f - i) * (c.values[i + 1] - c.values[i]);
  };
  let live = false, gone = false; // a kernel answered; it answered, then stopped answering
  let wanted = null, current = null, known = null, shown = null, again = false, off = false, back = false;
  let since = 0, sent = 0, saving = 0;
  const post = (msg) => {
    try { model.send(msg); return true; } catch { return false; } // no kernel to ask
  };
  const send = () => { if (post({ position: wanted })) sent = performance.now(); };
  const show = (answer) => {
    shown = { values: answer.position, spoken: answer.spoken }; // the draggable point's name
    draw(answer.frame);
    off = true;
    shown = null;
    controls.forEach((c, k) => {
      const { input, value } = inputs[k];
      input.value = slot(c, answer.position[k]);
      write(value, answer.text[k]);
      input.setAttribute("aria-valuetext", answer.spoken[k]); // its unit said, as stored ones
      root.dataset[c.name] = answer.values[k];
    });
    const drawn = performance.now() - since, timing = { drawn, painted: null, kernel: answer.ms };
    (window.__nablaLiveTimings = window.__nablaLiveTimings || []).push(drawn);
    (window.__nablaLive = window.__nablaLive || []).push(timing);
    requestAnimationFrame(() => setTimeout(() => { timing.painted = performance.now() - since; }));
    root.dataset.liveMs = drawn.toFixed(1);
    announce(); // the exact values, once the input has rested
  };
  const pinged = new Map();
  const ping = () => { const id = pinged.size; if (post({ ping: id })) pinged.set(id, performance.now()); };
  const answering = (yes) => { // sliders move continuously while a kernel answers
    if (yes !== live) inputs.forEach(({ input }) => { input.step = yes ? "any" : "1"; });
    [live, gone] = [yes, !yes];
    root.dataset.kernel = yes ? "live" : "lost";
  };
  const answer = (msg) => {
    if (msg && "pong" in msg && pinged.has(msg.pong)) {
      (window.__nablaPingTimings = window.__nablaPingTimings || []).push(performance.now() - pinged.get(msg.pong));
      answering(true);
    }
    const frame = msg?.live_frame;
    if (!frame) return;
    if (!live) answering(true); // a late answer: the kernel was busy, not gone
    known = frame;
    sent = 0;
    if (same(frame.position, wanted)) show(frame);
    else if (wanted) send(); // a stale answer: ask the latest
  };
  model.on("msg:custom", answer);
  if (model.send) ping();
  root.addEventListener("nabla-ping", ping); // benchmarks/live_speed.py times the round trip
  return {
    // The values of the point shown, or of the stored frame at grid positions `pos`.
    values: (pos) => (current ? [...current] : controls.map((c, k) => c.values[pos[k]])),
    nearest: (values) => controls.map((c, k) => c.values.reduce((best, w, i) =>
      (Math.abs(w - values[k]) < Math.abs(c.values[best] - values[k]) ? i : best), 0)),
    // Slider k moved to position f (a fraction between grid positions with a kernel).
    slid(pos, k, f) {
      const values = this.values(pos);
      values[k] = valueAt(controls[k], f);
      return values;
    },
    // Control k at the `count`th grid value past the one shown (dir: 1 or -1), or its end;
    // null at the end.
    snapped(pos, k, dir, count = 1) {
      const values = this.values(pos), v = values[k];
      const next = controls[k].values.filter((w) => dir * (w - v) > 1e-9);
      if (!next.length) return null;
      values[k] = dir > 0 ? next[Math.min(count, next.length) - 1] : next[Math.max(next.length - count, 0)];
      return values;
    },
    // Whether the last ask put the point back on the grid while a live frame was shown.
    returned() { const was = back; back = false; return was; },
    // The point moved one grid step along control k (dir: 1 or -1): from the grid point
    // shown without a kernel, from the exact point with one. Null at the edge.
    stepped(pos, k, dir) {
      const c = controls[k];
      const values = live ? this.values(pos) : controls.map((d, j) => d.values[pos[j]]);
      const i = Math.min(Math.max(pos[k] + dir, 0), last(c));
      // At an end of the grid, the spacing beside that end (190 of 150, 200: 50, not 1).
      const spacing = c.values[i] - c.values[pos[k]] || c.values[pos[k]] - c.values[pos[k] - dir];
      const moved = live ? clamp(c, values[k] + spacing) : c.values[i];
      if (moved === values[k]) return null;
      values[k] = moved;
      return values;
    },
    // Asks for the frame at `values` (clamped to the grid's range, an integer control's
    // rounded: 7.4 steps is asked as 7) unless a stored frame is exact there. Returns
    // whether a new question stands.
    ask(values, time = performance.now()) {
      if (!model.send || !values) return false;
      const clamped = values.map((v, k) => clamp(controls[k], v));
      current = clamped;
      if (controls.every((c, k) => onGrid(c, clamped[k]))) {
        [wanted, back, off] = [null, off, false];
        return false;
      }
      if (same(clamped, wanted)) return false;
      wanted = clamped;
      since = time;
      again = same(wanted, known?.position); // answered before: drawn by `place`
      if (!again && (!sent || performance.now() - sent > 1000)) send(); // else asked when the answer comes
      return true;
    },
    // Once the stored frame is drawn: the sliders at the values asked, or the answer known.
    place() {
      if (again) show(known);
      else if (live && wanted) controls.forEach((c, k) => { inputs[k].input.value = slot(c, wanted[k]); });
      again = false;
    },
    // Sends the index to the kernel: at once, or with a kernel live once the input has
    // rested (each update is echoed back, and it held up the answers during a drag).
    save() {
      clearTimeout(saving);
      saving = 0;
      if (gone) return undefined; // its comm may be closed: nothing to tell
      if (!live) return model.save_changes();
      saving = setTimeout(() => { saving = 0; model.save_changes(); }, SETTLE_MS);
    },
    shown: () => shown,
    live: () => live,
    // Whether the kernel is computing the frame for the latest input (asked or known).
    awaited: () => live && wanted !== null,
    // No answer came in time: stored frames from now on, until the kernel answers again.
    lost() {
      if (!live) return;
      clearTimeout(saving); // nor the index of an earlier input
      saving = 0;
      answering(false);
    },
    stop() {
      model.off("msg:custom", answer);
      if (saving) { clearTimeout(saving); model.save_changes(); }
    },
  };
}

export default { render };
