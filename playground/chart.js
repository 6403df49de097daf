// Slack's data_visualization block drawn as a small inline SVG: line, area, bar and pie charts.
const SVG = "http://www.w3.org/2000/svg";
const COLOURS = ["#1264a3", "#2bac76", "#e8912d", "#cd2553", "#6b3fa0", "#616061"];
const W = 560;
const H = 240;
const PAD = { left: 44, right: 16, top: 16, bottom: 44 };

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function chart(block) {
  const figure = document.createElement("figure");
  figure.className = "chart";
  const caption = document.createElement("figcaption");
  caption.textContent = block.title ?? "";
  const c = block.chart ?? {};
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": block.title ?? "chart" });
  if (c.type === "pie") pie(root, c.segments ?? []);
  else series(root, c);
  figure.append(caption, root, legend(c));
  return figure;
}

function legend(c) {
  const list = document.createElement("div");
  list.className = "legend";
  const items =
    c.type === "pie" ? (c.segments ?? []).map((s) => s.label) : (c.series ?? []).map((s) => s.name);
  items.forEach((name, i) => {
    const item = document.createElement("span");
    const swatch = document.createElement("i");
    swatch.style.background = COLOURS[i % COLOURS.length];
    item.append(swatch, String(name ?? ""));
    list.append(item);
  });
  return list;
}

function series(root, c) {
  const categories = c.axis_config?.categories ?? [];
  const all = (c.series ?? []).flatMap((s) => (s.data ?? []).map((p) => Number(p.value) || 0));
  const max = Math.max(1, ...all);
  const top = Number.isInteger(max) && max <= 10 ? max : niceTop(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v) => PAD.top + plotH - (v / top) * plotH;
  const step = categories.length > 0 ? plotW / categories.length : plotW;
  const x = (i) => PAD.left + step * (i + 0.5);
  const ticks = top <= 10 ? top : 4;
  for (let t = 0; t <= ticks; t++) {
    const v = (top / ticks) * t;
    root.append(svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: "grid" }));
    root.append(svg("text", { x: PAD.left - 6, y: y(v) + 4, "text-anchor": "end", class: "tick" }, fmt(v)));
  }
  const every = Math.ceil(categories.length / 10);
  categories.forEach((label, i) => {
    if (i % every === 0)
      root.append(
        svg("text", { x: x(i), y: H - PAD.bottom + 16, "text-anchor": "middle", class: "tick" }, label),
      );
  });
  if (c.axis_config?.x_label)
    root.append(
      svg(
        "text",
        { x: PAD.left + plotW / 2, y: H - 6, "text-anchor": "middle", class: "axis" },
        c.axis_config.x_label,
      ),
    );
  if (c.axis_config?.y_label)
    root.append(
      svg(
        "text",
        {
          x: 12,
          y: PAD.top + plotH / 2,
          transform: `rotate(-90 12 ${PAD.top + plotH / 2})`,
          "text-anchor": "middle",
          class: "axis",
        },
        c.axis_config.y_label,
      ),
    );
  const count = (c.series ?? []).length || 1;
  (c.series ?? []).forEach((s, si) => {
    const colour = COLOURS[si % COLOURS.length];
    const values = categories.map((cat, i) =>
      Number((s.data ?? []).find((p) => p.label === cat)?.value ?? s.data?.[i]?.value ?? 0),
    );
    if (c.type === "bar") {
      const w = (step * 0.7) / count;
      values.forEach((v, i) => {
        const left = x(i) - (step * 0.7) / 2 + w * si;
        root.append(
          svg("rect", { x: left, y: y(v), width: w, height: y(0) - y(v), fill: colour }, undefined),
        );
      });
      return;
    }
    const points = values.map((v, i) => `${x(i)},${y(v)}`).join(" ");
    if (c.type === "area" && values.length > 0)
      root.append(
        svg("polygon", {
          points: `${x(0)},${y(0)} ${points} ${x(values.length - 1)},${y(0)}`,
          fill: colour,
          opacity: 0.25,
        }),
      );
    root.append(svg("polyline", { points, fill: "none", stroke: colour, "stroke-width": 2 }));
    values.forEach((v, i) => {
      const dot = svg("circle", { cx: x(i), cy: y(v), r: 3, fill: colour });
      dot.append(svg("title", {}, `${categories[i]}: ${fmt(v)}`));
      root.append(dot);
    });
  });
}

function pie(root, segments) {
  const total = segments.reduce((sum, s) => sum + Math.max(0, Number(s.value) || 0), 0) || 1;
  const cx = W / 2;
  const cy = H / 2;
  const r = Math.min(W, H) / 2 - 12;
  let angle = -Math.PI / 2;
  segments.forEach((s, i) => {
    const share = Math.max(0, Number(s.value) || 0) / total;
    const end = angle + share * 2 * Math.PI;
    const large = share > 0.5 ? 1 : 0;
    const [x1, y1, x2, y2] = [
      cx + r * Math.cos(angle),
      cy + r * Math.sin(angle),
      cx + r * Math.cos(end),
      cy + r * Math.sin(end),
    ];
    const d =
      share >= 1
        ? `M ${cx - r} ${cy} a ${r} ${r} 0 1 0 ${2 * r} 0 a ${r} ${r} 0 1 0 ${-2 * r} 0`
        : `M ${cx} ${cy} L ${x1} ${y1} A ${r} ${r} 0 ${large} 1 ${x2} ${y2} Z`;
    const slice = svg("path", { d, fill: COLOURS[i % COLOURS.length] });
    slice.append(svg("title", {}, `${s.label}: ${fmt(Number(s.value) || 0)}`));
    root.append(slice);
    angle = end;
  });
}

function niceTop(max) {
  const magnitude = 10 ** Math.floor(Math.log10(max));
  return Math.ceil(max / magnitude) * magnitude;
}

function fmt(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
