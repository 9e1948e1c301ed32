// Submit a form as soon as one of its <select data-autosubmit> changes (the page keeps a
// <noscript> button). A file, not an onchange attribute: the Content-Security-Policy allows
// no inline script.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.submit();
  }
});
