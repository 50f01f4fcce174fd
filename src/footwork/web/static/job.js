// Polls a background analysis and shows its progress; reloads the page when it is finished.
(function () {
  "use strict";
  const box = document.getElementById("job");
  const id = box.dataset.id;
  async function poll() {
    const res = await fetch("/api/jobs/" + id, { headers: { Accept: "application/json" } });
    const job = await res.json();
    if (!res.ok) {
      document.getElementById("job-error").textContent = job.detail || "The analysis was lost.";
      return;
    }
    document.getElementById("stage").textContent = job.stage +
      (job.total > 1 ? ` (${job.done} of ${job.total})` : "");
    document.getElementById("bar").style.width = Math.round(job.fraction * 100) + "%";
    if (job.status === "done") return window.location.reload();
    if (job.status === "failed") {
      document.getElementById("job-error").textContent = job.message;
      return;
    }
    setTimeout(poll, 700);
  }
  poll();
})();
