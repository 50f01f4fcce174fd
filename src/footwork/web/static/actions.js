// "Go back" buttons on the error page (a script file: the page allows no inline script).
document.querySelectorAll("[data-go-back]").forEach((button) => {
  button.addEventListener("click", () => history.back());
});
