// Fills the reply letter with the agency's template for the chosen outcome, unless the
// handler has already written something of their own.
(function () {
  var data = document.getElementById("letter-templates");
  var outcome = document.getElementById("id_reply_outcome");
  var body = document.querySelector("textarea[name=reply_body]");
  if (!data || !outcome || !body) return;
  var templates = JSON.parse(data.textContent);
  var filled = "";
  outcome.addEventListener("change", function () {
    if (body.value && body.value !== filled) return;
    filled = templates[outcome.value] || "";
    body.value = filled;
  });
})();
