// Draws the plotly figures the server described (the library itself is served by the app).
(function () {
  "use strict";
  const node = document.getElementById("figures");
  if (!node || !window.Plotly) return;
  const config = { responsive: true, displaylogo: false,
                   modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  for (const fig of JSON.parse(node.textContent)) {
    window.Plotly.newPlot(fig.id, fig.data, fig.layout, config);
  }
})();
