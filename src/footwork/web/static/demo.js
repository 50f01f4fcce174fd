// Plays an exercise demonstration: a stick figure from footwork's motion model, drawn frame by
// frame on a canvas, looping.
(function () {
  "use strict";
  const canvas = document.getElementById("demo");
  const node = document.getElementById("demo-data");
  if (!canvas || !node) return;
  const demo = JSON.parse(node.textContent);
  const ctx = canvas.getContext("2d");
  const COLOURS = { left: "#e08a1e", right: "#1f6fb2", centre: "#5d6b78" };
  const [bx, by, bw, bh] = demo.box;
  const scale = Math.min(canvas.width / bw, canvas.height / bh);
  const ox = (canvas.width - bw * scale) / 2, oy = (canvas.height - bh * scale) / 2;
  let frame = 0, playing = true, last = 0;

  const px = (p) => [ox + (p[0] - bx) * scale, oy + (p[1] - by) * scale];

  function draw(points) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#eef2f5";
    ctx.fillRect(0, canvas.height - oy - 4, canvas.width, oy + 4);
    ctx.lineCap = "round";
    ctx.lineWidth = 6;
    for (const [a, b, side] of demo.bones) {
      ctx.strokeStyle = COLOURS[side];
      ctx.beginPath();
      ctx.moveTo(...px(points[a]));
      ctx.lineTo(...px(points[b]));
      ctx.stroke();
    }
    const [hx, hy] = px(points[0]);
    ctx.fillStyle = COLOURS.centre;
    ctx.beginPath();
    ctx.arc(hx, hy, 14, 0, 2 * Math.PI);
    ctx.fill();
  }

  function tick(now) {
    if (playing && now - last >= 1000 / demo.fps) {
      last = now;
      frame = (frame + 1) % demo.frames.length;
      draw(demo.frames[frame]);
    }
    requestAnimationFrame(tick);
  }

  document.getElementById("demo-toggle").addEventListener("click", (ev) => {
    playing = !playing;
    ev.target.textContent = playing ? "Pause" : "Play";
  });
  draw(demo.frames[0]);
  requestAnimationFrame(tick);
})();
