// The guided session: walks the step script the server rendered, runs a timer for each
// timed step, speaks the cues (unless muted), and logs each set through the JSON API.
// With "Use camera" on, each set is counted live instead of timed (static/live.js): the set
// ends when its planned reps are counted or "End set" is pressed, and its log form opens
// prefilled with the counted reps, saving itself after a short countdown unless edited.
(function () {
  "use strict";
  const root = document.getElementById("coach");
  const steps = JSON.parse(document.getElementById("steps").textContent);
  const scale = Number(root.dataset.scale) || 1;
  const week = Number(root.dataset.week) || null;
  const $ = (id) => document.getElementById(id);
  const state = { i: -1, token: null, paused: false, remaining: 0, total: 0, last: 0,
                  frame: null, reps: 0, sets: 0, muted: localStorage.getItem("fw-muted") === "1",
                  camera: null, live: false, countdown: null };
  const liveOnly = root.dataset.live || null;
  const team = root.dataset.team === "1";
  const person = new URLSearchParams(location.search).get("person");

  function speak(text) {
    if (state.muted || !text || !("speechSynthesis" in window)) return;
    window.speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.rate = 1.05;
    window.speechSynthesis.speak(u);
  }

  function chime() {
    if (state.muted || !window.AudioContext) return;
    const ctx = chime.ctx || (chime.ctx = new AudioContext());
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.3);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.3);
  }

  function where(s) {
    const parts = [s.name];
    if (s.side) parts.push(s.side + " foot");
    if (s.direction) parts.push(s.direction);
    if (s.sets_total && s.kind !== "setup" && s.kind !== "rest") {
      parts.push(s.set_number <= s.sets_total ? "mini-set " + s.set_number + " of " + s.sets_total
        : "mini-set " + s.set_number + ", more than the " + s.sets_total + " planned");
    } else if (s.set_number && s.kind !== "setup" && s.kind !== "rest") {
      parts.push("set " + s.set_number);
    }
    if (s.rep) parts.push("rep " + s.rep + "/" + s.reps_total);
    return parts.join(" · ");
  }

  function show(panel) {
    for (const id of ["setup", "log", "done", "live"]) $(id).hidden = id !== panel;
    $("timer-box").hidden = panel !== null;
    $("controls").hidden = panel === "done" || state.token === null;
  }

  function go(n) {
    state.i = n;
    if (n >= steps.length) return finish();
    const s = steps[n];
    $("title").textContent = s.name;
    $("where").textContent = s.kind === "setup" ? "Get into position" : where(s);
    $("cue").textContent = s.kind === "setup" ? "" : s.cue;
    if (s.kind === "get-ready" || s.kind === "switch") state.reps = 0;
    if (s.kind === "get-ready" && cameraWanted()) {
      liveSet(n);
    } else if (s.kind === "setup") {
      show("setup");
      $("camera-options").hidden = !cameraWanted();
      $("setup-text").textContent = s.cue;
      $("ready").textContent = state.token ? "Ready: start " + s.name : "I'm ready: start";
      speak(s.spoken);
    } else if (s.kind === "set-done") {
      openLog(s);
    } else {
      show(null);
      // The name, the cue and the spoken words all come with the step: they belong to the
      // phase being timed.
      $("phase").textContent = s.phase;
      speak(s.spoken);
      startTimer(s.seconds / scale);
    }
  }

  function startTimer(seconds) {
    state.total = state.remaining = seconds;
    state.last = performance.now();
    cancelAnimationFrame(state.frame);
    state.frame = requestAnimationFrame(tick);
  }

  function tick(now) {
    if (!state.paused) state.remaining -= (now - state.last) / 1000;
    state.last = now;
    const left = Math.max(state.remaining, 0);
    $("timer").textContent = Math.ceil(left * scale).toString();
    $("bar").style.width = (100 * (1 - left / (state.total || 1))) + "%";
    if (left <= 0) {
      const s = steps[state.i];
      if (s.rep_ends) state.reps = s.rep; // a rep counts once its last phase has run out
      chime();
      go(state.i + 1);
    } else {
      state.frame = requestAnimationFrame(tick);
    }
  }

  function openLog(s, counted) {
    cancelAnimationFrame(state.frame);
    show("log");
    $("log-title").textContent = "Log: " + where(s);
    $("reps").value = counted ? counted.reps : (state.reps || s.reps_total);
    $("log-error").textContent = "";
    $("stop").value = "";
    $("note").value = "";
    $("log-live").hidden = !counted;
    stopCountdown("");
    if (counted) {
      $("log-live").textContent = "The camera counted " + counted.reps + " rep" +
        (counted.reps === 1 ? "" : "s") + " of " + s.reps_total + "." +
        (counted.message ? " " + counted.message : "");
      startCountdown(5);
      speak(counted.reps + " reps. Set done.");
    } else {
      speak("Set done. How did it feel?");
    }
    $("reps").focus();
  }

  // The log form of a counted set saves itself after a visible countdown, unless edited.
  function startCountdown(seconds) {
    let left = seconds;
    const paint = () => {
      $("log-countdown").hidden = false;
      $("log-countdown").textContent = "Saving in " + left + " s. Change anything to stop " +
        "the countdown and save it yourself.";
    };
    paint();
    state.countdown = setInterval(() => {
      left -= 1;
      if (left > 0) return paint();
      stopCountdown("Saving…");
      $("log").requestSubmit();
    }, 1000);
  }

  function stopCountdown(text) {
    clearInterval(state.countdown);
    state.countdown = null;
    $("log-countdown").textContent = text;
    $("log-countdown").hidden = !text;
  }

  for (const ev of ["input", "change"]) {
    $("log").addEventListener(ev, () => {
      if (state.countdown) stopCountdown("Countdown stopped: save when you're ready.");
    });
  }

  async function api(path, body) {
    const csrf = document.querySelector('meta[name="csrf-token"]').content;
    const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json",
      Accept: "application/json", "X-CSRF-Token": csrf }, body: JSON.stringify(body) });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error([data.detail, data.hint].filter(Boolean).join(" ") ||
      "The server refused this (" + res.status + ").");
    return data;
  }

  async function ensureSession() {
    if (!state.token) state.token = (await api("/api/sessions", { plan_week: week })).token;
  }

  function number(id) {
    const raw = $(id).value.trim();
    return raw === "" ? null : Number(raw);
  }

  function setBody(s, extra) {
    return Object.assign({ exercise: s.exercise, side: s.side, direction: s.direction,
      set_number: s.set_number, reps_target: s.reps_total }, extra);
  }

  async function logSet(s, extra) {
    await api("/api/sessions/" + state.token + "/sets", setBody(s, extra));
    state.sets += 1;
  }

  $("log").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    stopCountdown("");
    const s = steps[state.i];
    const stop = $("stop").value;
    try {
      await logSet(s, { reps_done: number("reps"), effort: number("effort"), pain: number("pain"),
        note: $("note").value, stop_reason: stop, completed: stop === "" });
      $("logged").textContent = "Saved: " + where(s) + ", " + number("reps") + " rep" +
        (number("reps") === 1 ? "" : "s") + ".";
      go(state.i + 1);
    } catch (err) {
      $("log-error").textContent = err.message;
    }
  });

  $("ready").addEventListener("click", async () => {
    if (liveOnly) return runAlone();
    try {
      await ensureSession();
      go(state.i + 1);
    } catch (err) {
      $("cue").textContent = err.message;
    }
  });

  function nextSetDone(from) {
    for (let k = from; k < steps.length; k++) if (steps[k].kind === "set-done") return k;
    return -1;
  }

  // During a switch, get-ready or rep, "skip" skips that set (logged as skipped); elsewhere
  // (set-up, rest) it moves on to the next step.
  $("skip").addEventListener("click", async () => {
    const s = steps[state.i];
    const inSet = s && ["switch", "get-ready", "out", "hold", "back"].includes(s.kind);
    if (!inSet) return go(state.i + 1);
    const end = nextSetDone(state.i);
    cancelAnimationFrame(state.frame);
    if (state.live) { state.live = false; state.camera.end(); }
    await logSet(steps[end], { reps_done: state.reps, completed: false, stop_reason: "skipped" });
    go(end + 1);
  });

  $("pause").addEventListener("click", () => {
    state.paused = !state.paused;
    if (state.camera) state.camera.pause(state.paused);
    $("pause").textContent = state.paused ? "Resume" : "Pause";
    if (state.paused && "speechSynthesis" in window) window.speechSynthesis.cancel();
  });

  $("finish").addEventListener("click", async () => {
    const s = steps[state.i];
    cancelAnimationFrame(state.frame);
    const counting = state.live;
    if (state.live) { state.live = false; state.camera.end(); }
    if (s && (["out", "hold", "back"].includes(s.kind) || counting) && state.reps > 0) {
      const end = nextSetDone(state.i);
      await logSet(steps[end], { reps_done: state.reps, completed: false, stop_reason: "stopped" });
    }
    finish();
  });

  $("mute").addEventListener("click", () => {
    state.muted = !state.muted;
    localStorage.setItem("fw-muted", state.muted ? "1" : "0");
    paintMute();
    if (state.muted && "speechSynthesis" in window) window.speechSynthesis.cancel();
  });

  function paintMute() {
    $("mute").textContent = state.muted ? "Sound off" : "Sound on";
    $("mute").setAttribute("aria-pressed", String(state.muted));
  }

  async function finish() {
    cancelAnimationFrame(state.frame);
    cameraOff();
    if (state.token) await api("/api/sessions/" + state.token + "/finish", { note: "" });
    show("done");
    $("title").textContent = "Well done";
    $("where").textContent = "";
    $("cue").textContent = "";
    $("summary").textContent = state.sets + " set" + (state.sets === 1 ? "" : "s") +
      " logged. Every set was saved as you went.";
    speak("Session done. Well done.");
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.code === "Space" && ev.target === document.body && state.token) {
      ev.preventDefault();
      $("pause").click();
    }
  });

  // The camera ------------------------------------------------------------------------------

  const Live = window.FootworkLive;
  const liveEls = { video: $("live-video"), canvas: $("live-canvas"), stage: $("live-stage"),
    reps: $("live-reps"), target: $("live-target"), split: $("live-split"),
    phase: $("live-phase"), phaseS: $("live-phase-s"), angle: $("live-angle"),
    status: $("live-status"), fps: $("live-fps"), path: $("live-path"), cue: $("cue") };

  // In-browser pose (static/live_browser_pose.js, when installed and this browser can run it)
  // sends only landmarks: in team mode it is the default, so no video need leave the device.
  const browserPose = !!(window.FootworkBrowserPose && window.FootworkBrowserPose.available);
  if (browserPose) $("pose-choice").hidden = false;
  $("camera-pose").value = localStorage.getItem("fw-pose") ||
    (team && browserPose ? "browser" : "server");
  $("camera-facing").value = localStorage.getItem("fw-facing") || "user";

  function cameraWanted() { return $("camera-on").checked; }

  function consent() { return !team || (!!$("camera-consent") && $("camera-consent").checked); }

  function posePath() {
    return browserPose && $("camera-pose").value === "browser" ? "browser" : "server";
  }

  async function cameraOn() {
    $("camera-msg").textContent = "";
    $("camera-options").hidden = false;
    if (!Live) return cameraFailed("The camera script did not load: reload the page.");
    if (posePath() === "server" && !consent()) {
      return cameraFailed("First agree to send your camera's frames to the clinic's server " +
        "(tick the box above)" + (browserPose ? ", or choose to find the pose in this browser." :
        "."));
    }
    if (state.camera) return state.camera;
    try {
      state.camera = await Live.open({ els: liveEls, facing: $("camera-facing").value,
        pose: posePath(), consent: team ? consent() : false, team: team, person: person,
        speak: speak, onUpdate: (shown) => { state.reps = shown.step; } });
      return state.camera;
    } catch (err) {
      return cameraFailed(err.message);
    }
  }

  function cameraFailed(message) {
    $("camera-msg").textContent = message;
    $("camera-on").checked = false;
    return null;
  }

  function cameraOff() {
    if (state.camera) state.camera.close();
    state.camera = null;
  }

  $("camera-on").addEventListener("change", async () => {
    if (cameraWanted()) {
      await cameraOn();
    } else {
      $("camera-options").hidden = true;
      if (state.live) state.camera.end(); // the set so far is logged, then timers go on
      else cameraOff();
    }
  });
  for (const id of ["camera-facing", "camera-pose"]) {
    $(id).addEventListener("change", async () => {
      localStorage.setItem(id === "camera-facing" ? "fw-facing" : "fw-pose", $(id).value);
      if (state.camera && !state.live) { cameraOff(); if (cameraWanted()) await cameraOn(); }
    });
  }
  $("live-end").addEventListener("click", () => { if (state.camera) state.camera.end(); });

  // One set counted live: from its get-ready step to its set-done step.
  async function liveSet(n) {
    const s = steps[n];
    const end = nextSetDone(n);
    const done = steps[end];
    cancelAnimationFrame(state.frame);
    show("live");
    $("live").scrollIntoView({ block: "start" }); // the picture and the count on screen
    $("phase").textContent = s.phase;
    speak(s.spoken);
    const camera = await cameraOn();
    if (!camera) return go(n); // no camera: the set is timed as usual
    $("camera-options").hidden = true; // the camera's picture takes the room
    state.live = true;
    const counted = await camera.runSet({ exercise: s.exercise, side: s.side,
      direction: s.direction, target: done.reps_total });
    const mine = state.live && state.i === n;
    state.live = false;
    if (!mine) return; // skipped or finished meanwhile (that logged it)
    if (counted.reason === "refused" && !counted.reps) {
      // The server could not take the camera (full, or refused): time this set instead.
      cameraFailed(counted.message);
      cameraOff();
      $("camera-options").hidden = false;
      return go(n);
    }
    state.reps = counted.reps;
    state.i = end;
    if (counted.reason === "camera-lost" || counted.reason === "refused") {
      cameraFailed(counted.message);
    }
    if (!cameraWanted()) cameraOff();
    openLog(done, counted);
  }

  // ?live=<exercise>: the camera alone, for one exercise outside the programme.
  async function liveAlone() {
    show("setup");
    $("where").textContent = "";
    $("setup-text").textContent = "Switch the camera on, stand where it sees your whole body, " +
      "then start. Press “End set” when you are done.";
    $("ready").textContent = "Start";
    $("live-again").addEventListener("click", () => runAlone());
    $("camera-options").hidden = false;
  }

  async function runAlone() {
    $("camera-on").checked = true;
    const camera = await cameraOn();
    if (!camera) return;
    $("camera-options").hidden = true;
    show("live");
    $("live").scrollIntoView({ block: "start" }); // the picture and the count on screen
    $("done-title").textContent = root.dataset.liveName;
    state.live = true;
    const counted = await camera.runSet({ exercise: liveOnly, target: 0 });
    state.live = false;
    show("done");
    $("live-result").hidden = false;
    const best = counted.best || {};
    const sides = ["left", "right"].filter((side) => best[side] !== undefined);
    if (liveOnly === "lunge-test") {
      $("summary").textContent = sides.length ?
        "Best shin angle: " + sides.map((side) => side + " " + best[side].toFixed(1) + "°")
          .join(", ") + ". Save it if the heel stayed down and the knee touched the wall." :
        "No lunge was measured: stand side-on with your whole leg in the picture.";
      $("save-best").hidden = !sides.length;
      $("save-best").onclick = () => saveBest(best, sides);
    } else {
      $("summary").textContent = counted.reps + " rep" + (counted.reps === 1 ? "" : "s") +
        " counted. " + (counted.message || "");
    }
  }

  async function saveBest(best, sides) {
    try {
      await api("/api/measurements" + (person ? "?person=" + encodeURIComponent(person) : ""),
        sides.map((side) => ({ kind: "ankle-dorsiflexion", side: side,
          value: Math.round(best[side] * 10) / 10, method: "video",
          note: "knee-to-wall lunge, counted live with the camera" })));
      $("save-best-msg").textContent = "Saved: see them on the Measure and Progress pages.";
      $("save-best").hidden = true;
    } catch (err) {
      $("save-best-msg").textContent = err.message;
    }
  }

  paintMute();
  if (liveOnly) {
    liveAlone();
  } else {
    go(0);
  }
})();
