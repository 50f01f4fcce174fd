// The guided session: walks the step script the server rendered, runs a timer for each
// timed step, speaks the cues (unless muted), and logs each set through the JSON API.
(function () {
  "use strict";
  const root = document.getElementById("coach");
  const steps = JSON.parse(document.getElementById("steps").textContent);
  const scale = Number(root.dataset.scale) || 1;
  const week = Number(root.dataset.week) || null;
  const $ = (id) => document.getElementById(id);
  const state = { i: -1, token: null, paused: false, remaining: 0, total: 0, last: 0,
                  frame: null, reps: 0, sets: 0, muted: localStorage.getItem("fw-muted") === "1" };

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
    for (const id of ["setup", "log", "done"]) $(id).hidden = id !== panel;
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
    if (s.kind === "setup") {
      show("setup");
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

  function openLog(s) {
    cancelAnimationFrame(state.frame);
    show("log");
    $("log-title").textContent = "Log: " + where(s);
    $("reps").value = state.reps || s.reps_total;
    $("log-error").textContent = "";
    $("stop").value = "";
    $("note").value = "";
    speak("Set done. How did it feel?");
    $("reps").focus();
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
    const s = steps[state.i];
    const stop = $("stop").value;
    try {
      await logSet(s, { reps_done: number("reps"), effort: number("effort"), pain: number("pain"),
        note: $("note").value, stop_reason: stop, completed: stop === "" });
      go(state.i + 1);
    } catch (err) {
      $("log-error").textContent = err.message;
    }
  });

  $("ready").addEventListener("click", async () => {
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
    await logSet(steps[end], { reps_done: state.reps, completed: false, stop_reason: "skipped" });
    go(end + 1);
  });

  $("pause").addEventListener("click", () => {
    state.paused = !state.paused;
    $("pause").textContent = state.paused ? "Resume" : "Pause";
    if (state.paused && "speechSynthesis" in window) window.speechSynthesis.cancel();
  });

  $("finish").addEventListener("click", async () => {
    const s = steps[state.i];
    cancelAnimationFrame(state.frame);
    if (s && ["out", "hold", "back"].includes(s.kind) && state.reps > 0) {
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

  paintMute();
  go(0);
})();
