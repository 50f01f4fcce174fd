// Swagger UI for /docs, started from a file (the pages allow no inline script). "Try it out"
// sends the CSRF token like footwork's own pages, so it can change data from this page only.
(function () {
  const root = document.getElementById("swagger-ui");
  const token = document.querySelector('meta[name="csrf-token"]').content;
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    requestInterceptor: (request) => {
      if (!["GET", "HEAD", "OPTIONS"].includes((request.method || "GET").toUpperCase())) {
        request.headers["X-CSRF-Token"] = token;
      }
      return request;
    },
  });
})();
