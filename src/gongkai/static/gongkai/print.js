// The 打印 button: <button data-print> prints the page (its print stylesheet is in site.css).
// A file, not an onclick attribute: the Content-Security-Policy allows no inline script.
document.addEventListener("click", function (event) {
  var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});
