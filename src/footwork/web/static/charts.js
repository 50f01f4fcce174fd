// Draws the plotly figures the server described (the library itself is served by the app).
(function () {
  "use strict";
  const node = document.getElementById("figures");
  if (!node || !window.Plotly) return;
  // On a phone the toolbar (shown when the chart is touched) would cover the title, and a finger
  // dragging over a chart would draw a zoom box instead of scrolling the page: keep the buttons
  // that work by tapping, let the page scroll, and move the title below the toolbar's row.
  const phone = window.matchMedia("(max-width: 600px)").matches;
  const TOOLBAR_PX = 30;
  const config = { responsive: true, displaylogo: false,
                   modeBarButtonsToRemove: phone
                     ? ["lasso2d", "select2d", "zoom2d", "autoScale2d"]
                     : ["lasso2d", "select2d"] };
  function belowToolbar(layout) {
    const margin = Object.assign({ t: 45 }, layout.margin);
    margin.t += TOOLBAR_PX;
    const title = Object.assign({}, layout.title,
      { yref: "container", y: 1, yanchor: "top", pad: { t: TOOLBAR_PX + 4 } });
    return Object.assign({}, layout, { margin, title, dragmode: false,
      height: layout.height ? layout.height + TOOLBAR_PX : layout.height });
  }
  for (const fig of JSON.parse(node.textContent)) {
    const layout = phone ? belowToolbar(fig.layout) : fig.layout;
    window.Plotly.newPlot(fig.id, fig.data, layout, config);
  }
})();
