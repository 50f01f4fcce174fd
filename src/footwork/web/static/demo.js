// Plays an exercise demonstration: footwork's motion model drawn frame by frame on a canvas,
// looping, with the name of each phase timed to the exercise's tempo. The moving foot is drawn
// strong, the other faint; left and right keep the same colours in every demonstration. With
// "reduce motion" set, it shows one still per phase instead and plays only on request.
(function () {
  "use strict";
  const canvas = document.getElementById("demo");
  const node = document.getElementById("demo-data");
  if (!canvas || !node) return;
  const demo = JSON.parse(node.textContent);
  const C = demo.colours;
  const TOP = 62, BOTTOM = 34; // room for the phase label and the legend
  const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

  function phaseAt(f) {
    for (const p of demo.phases) if (f >= p.start && f < p.end) return p;
    return demo.phases[demo.phases.length - 1];
  }

  function renderer(cv, opts) {
    const ctx = cv.getContext("2d");
    const top = opts.label ? TOP : 8, bottom = opts.legend ? BOTTOM : 8;
    const [bx, by, bw, bh] = demo.box;
    const scale = Math.min(cv.width / bw, (cv.height - top - bottom) / bh);
    const ox = (cv.width - bw * scale) / 2;
    const oy = top + (cv.height - top - bottom - bh * scale) / 2;
    const px = (p) => [ox + (p[0] - bx) * scale, oy + (p[1] - by) * scale];
    const unit = Math.max(0.6, Math.min(1.4, cv.width / 360));

    function line(a, b, colour, width, dash) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.setLineDash(dash || []);
      ctx.beginPath();
      ctx.moveTo(...a);
      ctx.lineTo(...b);
      ctx.stroke();
      ctx.setLineDash([]);
    }

    function ring(pts) {
      ctx.beginPath();
      pts.forEach((p, k) => (k ? ctx.lineTo(...p) : ctx.moveTo(...p)));
      ctx.closePath();
    }

    function side(points, s, active) {
      const colour = C[s];
      ctx.globalAlpha = active ? 1 : 0.35;
      for (const [a, b, which] of demo.bones) {
        if (which === s) line(px(points[a]), px(points[b]), colour, (active ? 7 : 5) * unit);
      }
      for (const [which, idx] of demo.outlines) {
        if (which !== s) continue;
        ring(idx.map((i) => px(points[i])));
        ctx.fillStyle = colour;
        ctx.globalAlpha = active ? 0.45 : 0.15;
        ctx.fill();
        ctx.globalAlpha = active ? 1 : 0.35;
        ctx.lineWidth = (active ? 3 : 2) * unit;
        ctx.strokeStyle = colour;
        ctx.stroke();
      }
      if (demo.heels && demo.heels[s] !== undefined) {
        const [hx, hy] = px(points[demo.heels[s]]);
        ctx.fillStyle = colour;
        ctx.beginPath();
        ctx.arc(hx, hy, (active ? 7 : 5) * unit, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.globalAlpha = 1;
    }

    function heads_at(path, k) {
      const end = path[k];
      let back = path[Math.max(0, k - 1)];
      for (let j = k - 1; j >= 0; j--) {
        back = path[j];
        if (Math.hypot(end[0] - back[0], end[1] - back[1]) > 8 * unit) break;
      }
      const ang = Math.atan2(end[1] - back[1], end[0] - back[0]);
      const size = 14 * unit;
      ctx.fillStyle = "#222";
      ctx.beginPath();
      ctx.moveTo(end[0] + Math.cos(ang) * size * 0.4, end[1] + Math.sin(ang) * size * 0.4);
      ctx.lineTo(end[0] - Math.cos(ang - 0.45) * size, end[1] - Math.sin(ang - 0.45) * size);
      ctx.lineTo(end[0] - Math.cos(ang + 0.45) * size, end[1] - Math.sin(ang + 0.45) * size);
      ctx.closePath();
      ctx.fill();
    }

    function arrow(phase, f) {
      const path = [];
      for (let k = phase.start; k < phase.end && k < demo.frames.length; k++) {
        path.push(px(demo.frames[k][phase.trace]));
      }
      if (phase.kind === "circle") path.splice(Math.floor(path.length * 0.9)); // leave a gap
      if (path.length < 2) return;
      const colour = phase.side ? C[phase.side] : C.centre;
      ctx.strokeStyle = "#222";
      ctx.lineWidth = 2 * unit;
      ctx.setLineDash([6 * unit, 5 * unit]);
      ctx.beginPath();
      path.forEach((p, k) => (k ? ctx.lineTo(...p) : ctx.moveTo(...p)));
      ctx.stroke();
      ctx.setLineDash([]);
      // Arrowheads pointing the way the foot travels: at the end, and around a circle.
      const heads = phase.kind === "circle" ? [1 / 3, 2 / 3, 1] : [1];
      for (const share of heads) heads_at(path, Math.round(share * (path.length - 1)));
      if (f !== null) {
        const now = px(demo.frames[Math.min(f, phase.end - 1)][phase.trace]);
        ctx.fillStyle = colour;
        ctx.strokeStyle = "#fff";
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.arc(now[0], now[1], 5 * unit, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }

    function label(phase, f) {
      const left = Math.max(0, (phase.end - f) / demo.fps);
      ctx.fillStyle = "#1d2731";
      ctx.textBaseline = "top";
      ctx.textAlign = "left";
      let size = Math.round(19 * unit);
      do {
        ctx.font = `bold ${size}px ${FONT}`;
        size -= 1;
      } while (ctx.measureText(phase.label).width > cv.width - 60 && size > 10);
      ctx.fillText(phase.label, 10, 8);
      ctx.font = `${Math.round(15 * unit)}px ${FONT}`;
      ctx.textAlign = "right";
      // Playing: the seconds left in this phase; standing still: how long the phase lasts.
      const secs = playing ? Math.ceil(left - 1e-6) : phase.seconds;
      ctx.fillText(`${secs} s`, cv.width - 10, 10);
      ctx.textAlign = "left";
      const sub = phase.side ? `${phase.side} foot moves` : "both legs";
      ctx.fillStyle = phase.side ? C[phase.side] : "#3a4650";
      ctx.fillText(sub, 10, 33 * unit);
      const done = (f - phase.start) / Math.max(1, phase.end - phase.start);
      ctx.fillStyle = "#e3e8ec";
      ctx.fillRect(10, TOP - 8, cv.width - 20, 4);
      ctx.fillStyle = phase.side ? C[phase.side] : "#3a4650";
      ctx.fillRect(10, TOP - 8, (cv.width - 20) * Math.min(1, done), 4);
    }

    function legend() {
      ctx.font = `${Math.round(14 * unit)}px ${FONT}`;
      ctx.textBaseline = "middle";
      ctx.textAlign = "left";
      let x = 10;
      const y = cv.height - BOTTOM / 2;
      for (const s of ["left", "right"]) {
        ctx.fillStyle = C[s];
        ctx.fillRect(x, y - 4, 22, 8);
        ctx.fillStyle = "#1d2731";
        ctx.fillText(s, x + 28, y);
        x += 28 + ctx.measureText(s).width + 18;
      }
      if (demo.band.length) {
        ctx.fillStyle = C.band;
        ctx.fillRect(x, y - 2, 22, 4);
        ctx.fillStyle = "#1d2731";
        ctx.fillText("band", x + 28, y);
      }
    }

    function footNames(points, phase) {
      ctx.font = `bold ${Math.round(13 * unit)}px ${FONT}`;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      for (const s of ["left", "right"]) {
        // Under the lowest drawn point of the foot, so the name never covers it.
        const ring = (demo.outlines.find(([which]) => which === s) || [s, []])[1];
        let [x, y] = px(points[demo.labels[s]]);
        for (const i of ring) {
          const p = px(points[i]);
          if (p[1] > y) y = p[1];
        }
        ctx.globalAlpha = !phase.side || phase.side === s ? 1 : 0.6;
        ctx.fillStyle = C[s];
        ctx.fillText(s, x, y + 10 * unit);
      }
      ctx.globalAlpha = 1;
    }

    return function draw(f, phase) {
      const points = demo.frames[f];
      ctx.clearRect(0, 0, cv.width, cv.height);
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, cv.width, cv.height);
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, top - 4, cv.width, cv.height - top - bottom + 8);
      ctx.clip();
      if (demo.floor.length) {
        ctx.fillStyle = "#eef1f4";
        ring(demo.floor.map(px));
        ctx.fill();
      }
      for (const [s, idx] of demo.shadows) {
        ctx.fillStyle = "#d3dae0";
        ring(idx.map((i) => px(points[i])));
        ctx.fill();
      }
      const far = demo.far[f];
      for (const s of [far, far === "left" ? "right" : "left"]) {
        side(points, s, !phase.side || phase.side === s);
      }
      for (const [a, b, which] of demo.bones) {
        if (which === "centre") line(px(points[a]), px(points[b]), C.centre, 5 * unit);
      }
      for (const [a, b] of demo.band) line(px(points[a]), px(points[b]), C.band, 3 * unit);
      if (demo.head !== null && demo.head !== undefined) {
        const [hx, hy] = px(points[demo.head]);
        ctx.fillStyle = C.centre;
        ctx.beginPath();
        ctx.arc(hx, hy, 14 * unit, 0, 2 * Math.PI);
        ctx.fill();
      }
      if (phase.trace !== null) arrow(phase, opts.label ? f : null);
      footNames(points, phase);
      ctx.restore();
      if (opts.label) label(phase, f);
      if (opts.legend) legend();
    };
  }

  const draw = renderer(canvas, { label: true, legend: true });
  const phaseText = document.getElementById("demo-phase");
  let frame = 0, shown = null, start = null; // start: when frame 0 was (or would have been) shown
  const reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  let playing = !reduce;

  function show(f) {
    const phase = phaseAt(f);
    draw(f, phase);
    if (phaseText && phase !== shown) {
      shown = phase;
      phaseText.textContent = `${phase.label} (${phase.seconds} s)`;
    }
  }

  // The frame follows the clock, so each phase lasts its real seconds even when the browser
  // draws less often.
  function tick(now) {
    if (playing) {
      if (start === null) start = now - (frame * 1000) / demo.fps;
      const next = Math.floor(((now - start) * demo.fps) / 1000) % demo.frames.length;
      if (next !== frame) {
        frame = next;
        show(frame);
      }
    }
    requestAnimationFrame(tick);
  }

  // Still frames, one per phase of the first foot: where each phase ends, with its path.
  function stills() {
    const box = document.getElementById("demo-stills");
    if (!box) return;
    const seen = new Set();
    for (const phase of demo.phases) {
      if (phase.kind === "switch") break;
      if (seen.has(phase.label)) continue;
      seen.add(phase.label);
      const fig = document.createElement("figure");
      const cv = document.createElement("canvas");
      cv.width = 200;
      cv.height = 250;
      cv.setAttribute("role", "img");
      cv.setAttribute("aria-label", phase.label);
      const at = phase.kind === "hold" || phase.kind === "setup"
        ? Math.floor((phase.start + phase.end) / 2) : phase.end - 1;
      renderer(cv, { label: false, legend: false })(Math.min(at, demo.frames.length - 1), phase);
      const cap = document.createElement("figcaption");
      cap.textContent = `${phase.label}: ${phase.seconds} s`;
      fig.append(cv, cap);
      box.append(fig);
    }
    box.hidden = false;
  }

  const toggle = document.getElementById("demo-toggle");
  toggle.textContent = playing ? "Pause" : "Play";
  toggle.addEventListener("click", () => {
    playing = !playing;
    start = null; // go on from the frame shown
    show(frame);
    toggle.textContent = playing ? "Pause" : "Play";
  });
  if (reduce) {
    stills();
    frame = demo.phases.length > 1 ? demo.phases[1].end - 1 : 0;
  }
  show(frame);
  requestAnimationFrame(tick);
})();
