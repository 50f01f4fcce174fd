// Clicking points on a photo, like a goniometer: points are kept in the photo's own pixels,
// can be dragged, and the angle is shown as you go (the server measures it again on submit).
(function () {
  "use strict";
  const wrap = document.getElementById("photo-wrap");
  const img = document.getElementById("photo");
  const svg = document.getElementById("overlay");
  const needed = Number(wrap.dataset.needed);
  const preset = wrap.dataset.preset;
  const points = [];
  let dragging = -1;
  const NS = "http://www.w3.org/2000/svg";

  function toImage(ev) {
    const box = img.getBoundingClientRect();
    const sx = img.naturalWidth / box.width;
    return [(ev.clientX - box.left) * sx, (ev.clientY - box.top) * (img.naturalHeight / box.height)];
  }

  function angle() {
    if (points.length < needed) return null;
    if (preset === "lunge") {
      const [k, a] = points;
      return Math.atan2(Math.abs(k[0] - a[0]), Math.abs(k[1] - a[1])) * 180 / Math.PI;
    }
    const [a, b, c] = points;
    const v1 = [a[0] - b[0], a[1] - b[1]], v2 = [c[0] - b[0], c[1] - b[1]];
    const cos = (v1[0] * v2[0] + v1[1] * v2[1]) / (Math.hypot(...v1) * Math.hypot(...v2));
    return 180 - Math.acos(Math.max(-1, Math.min(1, cos))) * 180 / Math.PI;
  }

  function el(name, attrs) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  }

  function draw() {
    svg.setAttribute("viewBox", `0 0 ${img.naturalWidth} ${img.naturalHeight}`);
    svg.replaceChildren();
    const r = Math.max(img.naturalWidth, img.naturalHeight) / 90;
    if (points.length > 1) {
      svg.append(el("polyline", { points: points.map((p) => p.join(",")).join(" "),
        fill: "none", stroke: "#ffd400", "stroke-width": r / 2.5 }));
    }
    points.forEach((p, i) => {
      const c = el("circle", { cx: p[0], cy: p[1], r, fill: "#1f6fb2", stroke: "#fff",
        "stroke-width": r / 4, "data-i": i, class: "handle" });
      const t = el("text", { x: p[0] + r * 1.3, y: p[1] - r * 1.3, "font-size": r * 2.2,
        fill: "#fff", stroke: "#000", "stroke-width": r / 8 });
      t.textContent = String(i + 1);
      svg.append(c, t);
    });
    const value = angle();
    document.getElementById("live").textContent = value === null ? "–" : value.toFixed(1) + "°";
    document.getElementById("points").value = points.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" ");
    document.getElementById("measure").disabled = points.length < needed;
    document.querySelectorAll("#labels li").forEach((li, i) => li.classList.toggle("done", i < points.length));
  }

  svg.addEventListener("pointerdown", (ev) => {
    const i = ev.target.dataset ? ev.target.dataset.i : undefined;
    if (i !== undefined) {
      dragging = Number(i);
      svg.setPointerCapture(ev.pointerId);
    } else if (points.length < needed) {
      points.push(toImage(ev));
      draw();
    }
  });
  svg.addEventListener("pointermove", (ev) => {
    if (dragging < 0) return;
    points[dragging] = toImage(ev);
    draw();
  });
  svg.addEventListener("pointerup", () => { dragging = -1; });
  document.getElementById("clear").addEventListener("click", () => { points.length = 0; draw(); });
  const suggest = document.getElementById("suggest");
  if (suggest) {
    suggest.addEventListener("click", async () => {
      const note = document.getElementById("suggest-note");
      note.textContent = "Looking for the knee and ankle…";
      const res = await fetch(suggest.dataset.url, { headers: { Accept: "application/json" } });
      const body = await res.json();
      if (!res.ok) {
        note.textContent = [body.detail, body.hint].filter(Boolean).join(" ");
        return;
      }
      points.length = 0;
      points.push(...body.points);
      note.textContent = "Found by the pose model: drag them if they are off. " + body.warnings.join(" ");
      draw();
    });
  }
  if (img.complete) draw(); else img.addEventListener("load", draw);
})();
