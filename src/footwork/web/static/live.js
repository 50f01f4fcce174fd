// Live camera coaching on the session page: the camera preview with the skeleton drawn over
// it, the rep count, the phase and its timer, the cue (spoken unless muted) and set-up help,
// from the server's live counter over the WebSocket /live/socket (web/live_camera.py).
//
// The pose path (the seam for in-browser pose):
//   - pose=server (the default): frames are downscaled (long side <= 480 px) to JPEG and sent
//     as binary messages, 8 bytes of capture time (little-endian float64 seconds of
//     performance.now()) then the JPEG; the server finds the pose.
//   - pose=browser: used only when the page loaded static/live_browser_pose.js, which defines
//     window.FootworkBrowserPose = { available, load(): Promise, estimate(video):
//     Promise<landmarks|null>, close() } (landmarks = [[x, y, visibility] * 33] in 0..1 of the
//     picture), it is available here, and the user chose it (the "Find the pose" choice,
//     remembered as localStorage "fw-pose"; in team mode the default). Each frame's landmarks
//     go as {"type": "landmarks", t, width, height, landmarks}: no pixels leave the device.
//     After a warm-up (the first estimate, which loads the model, then WARM_UP_S) the page
//     measures its own rate over MEASURE_S; under MIN_BROWSER_FPS it falls back to the server
//     path on the same socket, for this set and the next, and says so (in team mode only if
//     the athlete agreed to send frames).
// Everything else (counting, phases, cues, resuming) is the same on both paths.
//
// window.FootworkLive = { supported(), open(options) -> camera } where camera.runSet(set)
// resolves with { reps, total, result, reason, message } when the set ends: the planned reps
// reached, "End set" pressed, end() called, the camera lost or the connection gone for good.
(function () {
  "use strict";
  const MAX_SIDE = 480; // px, the long side of a frame sent to the server
  const MAX_FPS = 15;
  const IN_FLIGHT = 2; // one frame on the model, one waiting: never more
  const FRAME_TIMEOUT_MS = 3000; // a frame unanswered this long is taken as dropped
  const WARM_UP_S = 3; // in-browser pose: seconds of estimates not measured (after the first)
  const MEASURE_S = 3;
  const MIN_BROWSER_FPS = 8;
  const BACKOFF_S = [0.5, 1, 2, 4, 8];
  const GIVE_UP_S = 120; // the server keeps a dropped set 5 minutes; stop trying well before
  const DONE_TIMEOUT_MS = 6000;
  const BONES = [[11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
    [23, 25], [25, 27], [24, 26], [26, 28], [27, 29], [29, 31], [27, 31], [28, 30], [30, 32],
    [28, 32]];
  const PHASES = { setup: "Setting up", rest: "Rest", into: "Going in", hold: "Hold",
    back: "Coming back", moving: "Moving" };

  const MESSAGES = {
    insecure: "The camera needs a secure connection: open footwork at https://… or on this " +
      "computer at http://localhost. The session goes on with timers.",
    refused: "The camera permission was refused. Allow the camera for this site (the camera " +
      "icon in the address bar), then switch the camera on again. The session goes on with timers.",
    none: "No camera was found. Plug one in or choose the other camera, then switch the camera " +
      "on again. The session goes on with timers.",
    busy: "The camera is in use by another app, or could not start. Close the other app, then " +
      "switch the camera on again. The session goes on with timers.",
    lost: "The camera stopped (unplugged, or taken by another app). The reps counted so far " +
      "are kept: check them below and save the set.",
    gone: "Lost the connection to footwork. The reps counted so far are kept: check them below " +
      "and save the set.",
    one: "Only you in the picture, please: the camera follows one person.",
  };

  function supported() {
    return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  }

  function cameraError(err) {
    if (!window.isSecureContext || !supported()) return MESSAGES.insecure;
    const name = err && err.name;
    if (name === "NotAllowedError" || name === "SecurityError") return MESSAGES.refused;
    if (name === "NotFoundError" || name === "OverconstrainedError") return MESSAGES.none;
    return MESSAGES.busy;
  }

  // options: { els: {video, canvas, stage, reps, target, split, phase, phaseS, angle, status,
  //   fps, path, end}, facing: "user"|"environment", pose: "server"|"browser", consent: bool,
  //   team: bool, person: string|null, speak(text), onUpdate(update) }
  async function open(options) {
    if (!supported()) throw new Error(MESSAGES.insecure);
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: {
        facingMode: options.facing || "user", width: { ideal: 640 }, height: { ideal: 480 } } });
    } catch (err) {
      throw new Error(cameraError(err));
    }
    const els = options.els;
    els.video.srcObject = stream;
    els.video.muted = true;
    els.stage.classList.toggle("mirrored", (options.facing || "user") === "user");
    await els.video.play().catch(() => {});
    return new Camera(stream, options);
  }

  function Camera(stream, options) {
    this.stream = stream;
    this.options = options;
    this.els = options.els;
    this.lost = false;
    this.set = null;
    this.grab = document.createElement("canvas");
    for (const track of stream.getVideoTracks()) {
      track.addEventListener("ended", () => {
        this.lost = true;
        if (this.set) this.set.finish("camera-lost", MESSAGES.lost);
      });
    }
  }

  Camera.prototype.close = function () {
    if (this.set) this.set.finish("ended");
    for (const track of this.stream.getTracks()) track.stop();
    this.els.video.srcObject = null;
  };

  // set: { exercise, side, direction, target (reps, 0: until "End set") }
  Camera.prototype.runSet = function (set) {
    if (this.lost) return Promise.resolve({ reps: 0, total: 0, result: null,
      reason: "camera-lost", message: MESSAGES.lost });
    this.set = new LiveSet(this, set);
    return this.set.done.then((outcome) => { this.set = null; return outcome; });
  };

  Camera.prototype.end = function () { if (this.set) this.set.finish("ended"); };
  Camera.prototype.pause = function (on) { if (this.set) this.set.paused = on; };

  function LiveSet(camera, set) {
    this.camera = camera;
    this.els = camera.els;
    this.opts = camera.options;
    this.plan = set;
    this.key = [set.side, set.direction].filter(Boolean).join(" ");
    this.pose = this.opts.pose === "browser" && browserPose() ? "browser" : "server";
    this.liveId = null;
    this.carry = { total: 0, step: 0 }; // reps of a set the server lost (restarted): kept
    this.last = null;
    this.shown = { total: 0, step: 0 };
    this.sent = [];
    this.answered = [];
    this.attempt = 0;
    this.droppedAt = null;
    this.ending = false;
    this.finished = false;
    this.paused = false;
    this.said = "";
    this.done = new Promise((resolve) => { this.resolve = resolve; });
    this.status(this.pose === "browser" ? "Loading the pose model in this browser…" :
      "Starting… " + MESSAGES.one);
    this.els.path.textContent = this.pose === "browser" ? "pose found in this browser" :
      "pose found on the server";
    this.paint();
    if (this.pose === "browser") {
      window.FootworkBrowserPose.load().then(() => this.connect(), () => {
        this.pose = "server";
        this.say("In-browser pose could not start here: using the server instead.");
        this.connect();
      });
    } else {
      this.connect();
    }
  }

  LiveSet.prototype.url = function () {
    const q = new URLSearchParams({ exercise: this.plan.exercise, pose: this.pose });
    if (this.opts.consent) q.set("consent", "1");
    if (this.opts.person) q.set("person", this.opts.person);
    if (this.liveId) q.set("resume", this.liveId);
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
      "/live/socket?" + q.toString();
  };

  LiveSet.prototype.connect = function () {
    if (this.finished) return;
    const ws = new WebSocket(this.url());
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onmessage = (ev) => this.receive(JSON.parse(ev.data));
    ws.onclose = (ev) => this.closed(ws, ev.code);
  };

  LiveSet.prototype.receive = function (msg) {
    if (msg.type === "hello") return this.hello(msg);
    if (msg.type === "update") return this.update(msg);
    if (msg.type === "done") return this.complete(msg);
    if (msg.type === "error") {
      this.sent.shift(); // most errors answer a frame
      if (/agree/.test(msg.message) && this.pose === "server") this.refusedFrames = true;
      this.lastError = [msg.message, msg.hint].filter(Boolean).join(" ");
      this.status(this.lastError);
    }
  };

  LiveSet.prototype.hello = function (msg) {
    const again = this.liveId !== null;
    if (again && !msg.resumed) {
      this.carry = { total: this.shown.total, step: this.shown.step }; // the server forgot it
    }
    this.liveId = msg.live;
    this.attempt = 0;
    this.droppedAt = null;
    this.sent = [];
    if (again) this.status("Reconnected: counting goes on.");
    if (this.ending) return this.sendEnd();
    if (!this.loop) this.loop = setTimeout(() => this.tick(), 0);
  };

  LiveSet.prototype.stepCount = function (u) {
    if (!this.key) return u.reps;
    return (u.reps_by_set && u.reps_by_set[this.key]) || 0;
  };

  LiveSet.prototype.update = function (u) {
    this.sent = this.sent.filter((t) => t > u.capture_t);
    const now = performance.now();
    this.answered.push(now);
    while (this.answered.length && now - this.answered[0] > 2000) this.answered.shift();
    this.last = u;
    this.shown.total = Math.max(this.shown.total, this.carry.total + u.reps);
    this.shown.step = Math.max(this.shown.step, this.carry.step + this.stepCount(u));
    for (const e of u.events || []) {
      if (e.kind === "setup") continue; // shown below from u.setup, said once as it changes
      this.say(e.text);
    }
    if (u.setup && u.setup !== this.said && this.opts.speak) this.opts.speak(u.setup);
    this.said = u.setup || this.said; // set-up help is shown below the count, said once
    this.status(u.setup || (u.ready ? "" : "Hold still a moment: finding you…"));
    this.draw(u.landmarks);
    this.paint();
    if (this.opts.onUpdate) this.opts.onUpdate(this.shown, u);
    if (this.plan.target && this.shown.step >= this.plan.target) this.finish("target");
  };

  LiveSet.prototype.paint = function () {
    const els = this.els, u = this.last;
    els.reps.textContent = String(this.shown.step);
    els.target.textContent = this.plan.target ? " of " + this.plan.target : "";
    const split = [];
    if (u && u.reps_by_side) {
      for (const side of ["left", "right"]) split.push(side + " " + (u.reps_by_side[side] || 0));
    }
    if (u && u.reps_by_direction) {
      for (const d of ["clockwise", "counter-clockwise"]) {
        split.push(d + " " + (u.reps_by_direction[d] || 0));
      }
    }
    els.split.textContent = split.length ? split.join(" · ") : "";
    els.phase.textContent = u ? PHASES[u.phase] || u.phase : PHASES.setup;
    els.phaseS.textContent = u && u.ready ? u.phase_s.toFixed(1) + " s" : "";
    if (this.plan.exercise === "lunge-test") {
      els.angle.hidden = false;
      const best = (u && u.best) || {};
      const now = u && u.value !== null && u.value !== undefined ?
        "Shin angle now: " + u.value.toFixed(1) + "°" + (u.side ? " (" + u.side + ")" : "") : "";
      const bests = ["left", "right"].filter((s) => best[s] !== undefined)
        .map((s) => s + " " + best[s].toFixed(1) + "°");
      els.angle.textContent = [now, bests.length ? "Best: " + bests.join(", ") : ""]
        .filter(Boolean).join(" · ") || "Shin angle: waiting for the first lunge.";
      this.best = best;
    }
    const fps = this.answered.length > 1 ? (this.answered.length - 1) /
      ((this.answered[this.answered.length - 1] - this.answered[0]) / 1000 || 1) : 0;
    els.fps.textContent = fps ? fps.toFixed(1) + " fps ·" : "";
  };

  LiveSet.prototype.draw = function (points) {
    const video = this.els.video, canvas = this.els.canvas;
    const w = video.videoWidth || 640, h = video.videoHeight || 480;
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    const ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, w, h);
    if (!points) return;
    ctx.lineWidth = Math.max(2, w / 160);
    ctx.strokeStyle = "#34d399";
    ctx.fillStyle = "#fbbf24";
    for (const [a, b] of BONES) {
      const p = points[a], q = points[b];
      if (p[2] < 0.3 || q[2] < 0.3) continue;
      ctx.beginPath();
      ctx.moveTo(p[0] * w, p[1] * h);
      ctx.lineTo(q[0] * w, q[1] * h);
      ctx.stroke();
    }
    for (let i = 11; i < points.length; i++) {
      const p = points[i];
      if (p[2] < 0.3) continue;
      ctx.beginPath();
      ctx.arc(p[0] * w, p[1] * h, ctx.lineWidth * 1.5, 0, 2 * Math.PI);
      ctx.fill();
    }
  };

  // Capture: up to MAX_FPS, never more than IN_FLIGHT frames unanswered.
  LiveSet.prototype.tick = function () {
    if (this.finished || this.ending) { this.loop = null; return; }
    this.loop = setTimeout(() => this.tick(), 1000 / MAX_FPS);
    const now = performance.now() / 1000;
    this.sent = this.sent.filter((t) => now - t < FRAME_TIMEOUT_MS / 1000);
    const ws = this.ws, video = this.els.video;
    if (this.paused || this.busy || !ws || ws.readyState !== WebSocket.OPEN) return;
    if (this.sent.length >= IN_FLIGHT || video.readyState < 2 || !video.videoWidth) return;
    if (this.pose === "browser") return this.sendLandmarks(now);
    this.sendFrame(now);
  };

  LiveSet.prototype.sendFrame = function (t) {
    const video = this.els.video, grab = this.camera.grab;
    const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    grab.width = Math.round(video.videoWidth * scale);
    grab.height = Math.round(video.videoHeight * scale);
    grab.getContext("2d").drawImage(video, 0, 0, grab.width, grab.height);
    this.sent.push(t);
    this.busy = true;
    grab.toBlob((blob) => {
      this.busy = false;
      if (!blob) return;
      blob.arrayBuffer().then((jpeg) => {
        const out = new Uint8Array(8 + jpeg.byteLength);
        new DataView(out.buffer).setFloat64(0, t, true);
        out.set(new Uint8Array(jpeg), 8);
        if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(out);
      });
    }, "image/jpeg", 0.7);
  };

  LiveSet.prototype.sendLandmarks = function (t) {
    const video = this.els.video;
    this.busy = true;
    window.FootworkBrowserPose.estimate(video).then((landmarks) => {
      this.busy = false;
      this.measure();
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
      this.sent.push(t);
      this.ws.send(JSON.stringify({ type: "landmarks", t: t, width: video.videoWidth,
        height: video.videoHeight, landmarks: landmarks || null }));
    }, () => { this.busy = false; });
  };

  // In-browser pose (static/live_browser_pose.js) -------------------------------------------

  function browserPose() {
    const pose = window.FootworkBrowserPose;
    return pose && pose.available ? pose : null;
  }

  // Is this device fast enough? The first estimate loads the model; after it and WARM_UP_S more
  // the page counts its own estimates for MEASURE_S. Under MIN_BROWSER_FPS it switches to the
  // server's pose for this set and the next ones, and says so; in team mode without the
  // athlete's consent to send frames it only says so.
  LiveSet.prototype.measure = function () {
    if (this.measured) return;
    const now = performance.now();
    if (this.warmFrom === undefined) { this.warmFrom = now; return; }
    if (now - this.warmFrom < WARM_UP_S * 1000) return;
    if (!this.timing) { this.timing = { start: now, n: 0 }; return; }
    this.timing.n += 1;
    const span = (now - this.timing.start) / 1000;
    if (span < MEASURE_S) return;
    this.measured = true;
    const fps = this.timing.n / span;
    if (fps >= MIN_BROWSER_FPS) return;
    const rate = fps.toFixed(1) + " frames a second";
    if (this.opts.team && !this.opts.consent) {
      this.say("This device is too slow for pose in the browser (" + rate + "), so the count " +
        "may lag. To count on the clinic's server instead, agree to send your camera's frames " +
        "and start the set again.");
      return;
    }
    this.pose = "server";
    this.opts.pose = "server"; // the camera's next sets too
    browserPose().close();
    this.els.path.textContent = "pose found on the server (too slow in this browser)";
    this.say("This device is too slow for pose in the browser (" + rate + "): using " +
      (this.opts.team ? "the clinic's server's pose" : "the computer's pose") + " instead.");
  };

  LiveSet.prototype.closed = function (ws, code) {
    if (ws !== this.ws || this.finished) return;
    this.ws = null;
    // Refused (1008) or the server's pose model is full (1013): trying again will not help
    // now; the error message just received says why and what to do.
    if (code === 1008 || code === 1013) return this.finish("refused", this.lastError || MESSAGES.gone);
    if (this.droppedAt === null) this.droppedAt = performance.now();
    if ((performance.now() - this.droppedAt) / 1000 > GIVE_UP_S) {
      return this.finish("connection-lost", MESSAGES.gone);
    }
    const wait = BACKOFF_S[Math.min(this.attempt, BACKOFF_S.length - 1)];
    this.attempt += 1;
    this.status("Reconnecting… (the reps counted so far are kept)");
    setTimeout(() => this.connect(), wait * 1000);
  };

  LiveSet.prototype.finish = function (reason, message) {
    if (this.finished || (this.ending && reason !== "camera-lost")) return;
    this.reason = this.reason || reason;
    this.message = message || this.message;
    this.ending = true;
    if (message) this.status(message);
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.liveId) return this.sendEnd();
    if (reason === "connection-lost" || !this.ws) return this.complete(null);
    // still connecting: the hello sends the end
    this.endTimer = setTimeout(() => this.complete(null), DONE_TIMEOUT_MS);
  };

  LiveSet.prototype.sendEnd = function () {
    this.ws.send(JSON.stringify({ type: "end" }));
    clearTimeout(this.endTimer);
    this.endTimer = setTimeout(() => this.complete(null), DONE_TIMEOUT_MS);
  };

  LiveSet.prototype.complete = function (msg) {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.endTimer);
    clearTimeout(this.loop);
    const result = msg && msg.result;
    let step = this.shown.step, total = this.shown.total;
    if (result) {
      const list = result.rep_list || [];
      const mine = this.key ? list.filter((r) => [r.side, r.direction].filter(Boolean)
        .join(" ") === this.key).length : list.length;
      step = Math.max(step, this.carry.step + mine);
      total = Math.max(total, this.carry.total + list.length);
    }
    this.shown = { total: total, step: step };
    this.paint();
    if (this.ws) { this.ws.onclose = null; this.ws.close(); }
    this.resolve({ reps: step, total: total, result: result || null, best: this.best || {},
      reason: this.reason || "ended", message: this.message || "" });
  };

  LiveSet.prototype.status = function (text) { this.els.status.textContent = text || ""; };
  LiveSet.prototype.say = function (text) {
    if (!text) return;
    this.els.cue.textContent = text;
    if (this.opts.speak) this.opts.speak(text);
  };

  window.FootworkLive = { supported: supported, open: open, messages: MESSAGES };
})();
