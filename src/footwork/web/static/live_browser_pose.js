// In-browser pose for live camera coaching: BlazePose (MediaPipe's Pose solution, model
// complexity 1, the same model the server runs) in this browser, so only the 33 landmarks of
// each frame leave the device, never its pixels. The model and its WebAssembly runtime come
// from footwork itself (/assets/mediapipe-pose/, web/browser_pose.py: the npm package
// @mediapipe/pose installed by scripts/setup.sh, Apache-2.0), never from a CDN. The session
// page loads this file only when those files are installed.
//
// window.FootworkBrowserPose = {
//   available: bool        this browser can run it (WebAssembly and WebGL)
//   load(): Promise        fetch and start the model (once; later calls share it)
//   estimate(videoOrCanvas): Promise<[[x, y, visibility] * 33] | null>
//                          x, y in 0..1 of the picture (not mirrored); null: nobody found.
//                          Calls run one at a time, in order.
//   close()                free the model (load() starts it again)
// }
// static/live.js uses it for pose=browser and sends {"type": "landmarks", ...} messages.
(function () {
  "use strict";
  const BASE = "/assets/mediapipe-pose/";
  const N_LANDMARKS = 33;
  const RESULT_WAIT_MS = 5000; // after send() resolves, the results are normally already in

  function canRun() {
    if (typeof WebAssembly !== "object" || typeof document === "undefined") return false;
    try {
      const canvas = document.createElement("canvas");
      const gl = canvas.getContext("webgl2") || canvas.getContext("webgl");
      if (!gl) return false;
      const lose = gl.getExtension("WEBGL_lose_context");
      if (lose) lose.loseContext(); // only a probe: give the context back at once
      return true;
    } catch (err) {
      return false;
    }
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = src;
      tag.async = true;
      tag.onload = () => resolve();
      tag.onerror = () => reject(new Error("Could not load " + src + " from footwork."));
      document.head.appendChild(tag);
    });
  }

  let scriptLoaded = null; // the promise of pose.js, loaded once per page
  let model = null; // the Pose solution, once started
  let starting = null; // the promise of load()
  let queue = Promise.resolve(); // estimate() calls, one after another
  let waiting = null; // the resolver of the estimate in flight

  function toPoints(results) {
    const marks = results && results.poseLandmarks;
    if (!marks || marks.length !== N_LANDMARKS) return null;
    const clamp = (v, lo, hi) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo);
    // The server takes x, y in -1..2 (a point may lie just outside the picture).
    return marks.map((p) => [clamp(p.x, -1, 2), clamp(p.y, -1, 2),
      clamp(p.visibility === undefined ? 0 : p.visibility, 0, 1)]);
  }

  function load() {
    if (!api.available) {
      return Promise.reject(new Error("This browser cannot run the pose model " +
        "(it needs WebAssembly and WebGL)."));
    }
    if (starting) return starting;
    scriptLoaded = scriptLoaded || loadScript(BASE + "pose.js");
    starting = scriptLoaded.then(() => {
      if (typeof window.Pose !== "function") throw new Error("The pose model did not load.");
      const pose = new window.Pose({ locateFile: (file) => BASE + file });
      pose.setOptions({
        modelComplexity: 1,
        smoothLandmarks: true,
        enableSegmentation: false,
        selfieMode: false,
        minDetectionConfidence: 0.5,
        minTrackingConfidence: 0.5,
      });
      pose.onResults((results) => {
        if (waiting) waiting(toPoints(results));
      });
      return pose.initialize().then(() => { model = pose; });
    });
    starting.catch(() => { starting = null; }); // a failed start may be tried again
    return starting;
  }

  function ready(source) {
    if (!source) return false;
    if (source.tagName === "VIDEO") return source.readyState >= 2 && source.videoWidth > 0;
    return source.width > 0 && source.height > 0;
  }

  function estimateNow(source) {
    return load().then(() => {
      if (!ready(source)) return null;
      let got;
      const result = new Promise((resolve) => { got = resolve; });
      let answered = false;
      waiting = (points) => { answered = true; got(points); };
      return model.send({ image: source }).then(() => {
        if (answered) return result;
        const late = setTimeout(() => got(null), RESULT_WAIT_MS);
        return result.finally(() => clearTimeout(late));
      }).finally(() => { waiting = null; });
    });
  }

  function estimate(source) {
    const run = queue.then(() => estimateNow(source));
    queue = run.catch(() => {});
    return run;
  }

  function close() {
    const pose = model;
    model = null;
    starting = null;
    queue = queue.then(() => { if (pose) return pose.close(); }).catch(() => {});
  }

  const api = { available: canRun(), load: load, estimate: estimate, close: close };
  window.FootworkBrowserPose = api;
})();
