// Follows a background analysis: shows its progress, reloads the page when it is finished,
// shows why it stopped if it failed. When footwork does not answer (stopped, restarting), it
// says "Reconnecting…" and keeps trying, less often as the wait grows.
(function () {
  "use strict";
  const box = document.getElementById("job");
  if (!box) return;
  const id = box.dataset.id;
  const FIRST_WAIT_MS = 700;
  const LONGEST_WAIT_MS = 10000;
  const el = (name) => document.getElementById(name);
  let wait = FIRST_WAIT_MS;

  function reconnecting(on) {
    el("connection").hidden = !on;
  }

  function showFailure(job) {
    el("job-title").textContent = "The clip could not be analysed";
    el("job-progress").hidden = true;
    el("job-note").hidden = true;
    el("job-again").hidden = false;
    el("job-error").textContent = job.message || "The analysis stopped.";
    el("job-hint").textContent = job.hint || "";
  }

  function showProgress(job) {
    el("stage").textContent = job.stage + (job.total > 1 ? ` (${job.done} of ${job.total})` : "");
    el("bar").style.width = Math.round(job.fraction * 100) + "%";
  }

  function retryLater() {
    reconnecting(true);
    setTimeout(poll, wait);
    wait = Math.min(wait * 2, LONGEST_WAIT_MS);
  }

  async function poll() {
    let res;
    let job;
    try {
      res = await fetch("/api/jobs/" + id, { headers: { Accept: "application/json" }, cache: "no-store" });
      job = await res.json();
    } catch (err) {
      return retryLater(); // no answer, or not JSON (a proxy page): footwork is not back yet
    }
    if (res.status >= 500) return retryLater();
    reconnecting(false);
    wait = FIRST_WAIT_MS;
    if (!res.ok) {
      el("job-error").textContent = job.detail || "This analysis is not known any more.";
      el("job-hint").textContent = job.hint || "";
      return;
    }
    if (job.status === "done") return window.location.reload();
    if (job.status === "failed") return showFailure(job);
    showProgress(job);
    setTimeout(poll, FIRST_WAIT_MS);
  }

  el("bar").style.width = el("bar").dataset.percent + "%"; // no inline style in the page
  if (box.dataset.status !== "failed") poll();
})();
