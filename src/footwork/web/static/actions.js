// Buttons that act in the browser itself. A script file, not onclick="...": footwork's pages
// allow no inline script (Content-Security-Policy), so injected markup cannot run code.
document.querySelectorAll("[data-go-back]").forEach((button) => {
  button.addEventListener("click", () => history.back());
});
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
