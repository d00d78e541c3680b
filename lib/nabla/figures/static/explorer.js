// Draws an Explorer (nabla/figures/explorer.py): SVG panels, sliders, readouts.
// Every number shown was computed in Python; this file only draws and picks frames.
const NS = "http://www.w3.org/2000/svg";
const W = 300, H = 240, M = { l: 46, r: 10, t: 24, b: 38 };

function svg(tag, attrs, parent) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
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

function drawAxes(g, panel, s) {
  svg("rect", { x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b, class: "frame" }, g);
  for (const [v, label] of panel.x.ticks) {
    svg("line", { x1: s.sx(v), x2: s.sx(v), y1: H - M.b, y2: H - M.b + 4, class: "tick" }, g);
    svg("text", { x: s.sx(v), y: H - M.b + 15, class: "ticklabel", "text-anchor": "middle" }, g)
      .textContent = label;
  }
  for (const [v, label] of panel.y.ticks) {
    svg("line", { x1: M.l - 4, x2: M.l, y1: s.sy(v), y2: s.sy(v), class: "tick" }, g);
    svg("text", { x: M.l - 6, y: s.sy(v) + 4, class: "ticklabel", "text-anchor": "end" }, g)
      .textContent = label;
  }
  svg("text", { x: (W + M.l) / 2, y: H - 4, class: "axislabel", "text-anchor": "middle" }, g)
    .textContent = panel.x.label;
  svg("text", { x: 12, y: (H - M.b + M.t) / 2, class: "axislabel", "text-anchor": "middle",
    transform: `rotate(-90 12 ${(H - M.b + M.t) / 2})` }, g).textContent = panel.y.label;
  svg("text", { x: M.l, y: 15, class: "paneltitle" }, g).textContent = panel.title;
}

function drawLayer(g, layer, s, shapes) {
  const cls = `${layer.type} ${layer.cls || ""}`;
  if (layer.type === "line" || layer.type === "arrow") {
    const pts = typeof layer.points === "string" ? shapes[layer.points] : layer.points;
    const px = pts.map((p) => [s.sx(p[0]), s.sy(p[1])]);
    svg("polyline", { points: px.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" "), class: cls }, g);
    if (layer.type === "arrow" && px.length > 1) {
      const [a, b] = px.slice(-2), len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
      const ux = (b[0] - a[0]) / len, uy = (b[1] - a[1]) / len;
      const head = [b, [b[0] - 9 * ux - 4 * uy, b[1] - 9 * uy + 4 * ux], [b[0] - 9 * ux + 4 * uy, b[1] - 9 * uy - 4 * ux]];
      svg("polygon", { points: head.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" "), class: `head ${layer.cls || ""}` }, g);
    }
  } else if (layer.type === "point") {
    svg("circle", { cx: s.sx(layer.at[0]), cy: s.sy(layer.at[1]), r: 4.5, class: cls }, g);
  } else if (layer.type === "text") {
    svg("text", { x: s.sx(layer.at[0]), y: s.sy(layer.at[1]), class: cls }, g).textContent =
      layer.text;
  }
}

function render({ model, el }) {
  const spec = model.get("spec");
  const frames = model.get("frames");
  const sizes = spec.controls.map((c) => c.values.length);
  const root = document.createElement("figure");
  root.className = "nabla-explorer";
  root.setAttribute("data-nabla-explorer", spec.title);
  const caption = document.createElement("figcaption");
  caption.textContent = spec.title;
  root.appendChild(caption);

  const positions = () => {
    let rest = model.get("index");
    const out = [];
    for (let k = sizes.length - 1; k >= 0; k--) { out[k] = rest % sizes[k]; rest = Math.floor(rest / sizes[k]); }
    return out;
  };
  const indexOf = (pos) => pos.reduce((acc, p, k) => acc * sizes[k] + p, 0);

  const controls = document.createElement("div");
  controls.className = "controls";
  const inputs = spec.controls.map((c, k) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    Object.assign(input, { type: "range", min: 0, max: sizes[k] - 1, step: 1 });
    input.setAttribute("aria-label", c.label);
    input.dataset.control = c.name;
    const value = document.createElement("output");
    label.append(`${c.label} `, input, value);
    controls.appendChild(label);
    input.addEventListener("input", () => {
      const pos = positions();
      pos[k] = Number(input.value);
      select(pos);
    });
    return { input, value };
  });
  root.appendChild(controls);

  const grid = document.createElement("div");
  grid.className = "panels";
  const panels = {};
  for (const panel of spec.panels) {
    const canvas = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "data-panel": panel.id }, grid);
    const s = scales(panel);
    drawAxes(canvas, panel, s);
    const base = svg("g", {}, canvas);
    const live = svg("g", { class: "live" }, canvas);
    panels[panel.id] = { canvas, s, live, title: panel.title };
    for (const layer of spec.layers.filter((l) => l.panel === panel.id)) drawLayer(base, layer, s, spec.shapes);
  }
  root.appendChild(grid);
  const readout = document.createElement("dl");
  readout.className = "readout";
  root.appendChild(readout);

  let pending = null;
  function select(pos) {
    pending = performance.now();
    model.set("index", indexOf(pos));
    model.save_changes();
  }

  function draw() {
    const frame = frames[model.get("index")];
    const pos = positions();
    spec.controls.forEach((c, k) => {
      inputs[k].input.value = pos[k];
      inputs[k].value.textContent = c.text[pos[k]];
      root.dataset[c.name] = c.values[pos[k]];
    });
    for (const p of Object.values(panels)) p.live.replaceChildren();
    for (const layer of frame.layers) drawLayer(panels[layer.panel].live, layer, panels[layer.panel].s, spec.shapes);
    readout.replaceChildren();
    frame.readout.forEach(([text, value], k) => {
      const dt = document.createElement("dt");
      dt.textContent = spec.readout[k];
      const dd = document.createElement("dd");
      dd.textContent = text;
      dd.dataset.value = value;
      readout.append(dt, dd);
    });
    for (const p of Object.values(panels)) p.canvas.setAttribute("aria-label", `${p.title}. ${frame.alt}`);
    if (pending !== null) {
      const ms = performance.now() - pending;
      pending = null;
      (window.__nablaTimings = window.__nablaTimings || []).push(ms);
      root.dataset.lastRedrawMs = ms.toFixed(2);
    }
  }

  if (spec.drag) {
    const target = panels[spec.drag.panel];
    const names = spec.controls.map((c) => c.name);
    const kx = names.indexOf(spec.drag.x), ky = names.indexOf(spec.drag.y);
    const nearest = (values, v) => values.reduce((best, w, i) =>
      Math.abs(w - v) < Math.abs(values[best] - v) ? i : best, 0);
    const move = (event) => {
      const box = target.canvas.getBoundingClientRect();
      const [x, y] = target.s.inv(((event.clientX - box.left) * W) / box.width, ((event.clientY - box.top) * H) / box.height);
      const pos = positions();
      pos[kx] = nearest(spec.controls[kx].values, x);
      pos[ky] = nearest(spec.controls[ky].values, y);
      if (indexOf(pos) !== model.get("index")) select(pos);
    };
    const area = target.canvas;
    area.classList.add("draggable");
    area.addEventListener("pointerdown", (event) => {
      area.setPointerCapture(event.pointerId);
      move(event);
      area.addEventListener("pointermove", move);
    });
    area.addEventListener("pointerup", () => area.removeEventListener("pointermove", move));
  }

  model.on("change:index", draw);
  draw();
  el.appendChild(root);
  return () => model.off("change:index", draw);
}

export default { render };
