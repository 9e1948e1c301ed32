// The request form: a character counter under every field with data-counter, and the labels
// for an organisation (法人或其他组织) swapped in when such a type is chosen. The labels come
// from the server (data-label-org / data-label-person), so this file holds no wording.
(function () {
  document.querySelectorAll("[data-counter]").forEach(function (field) {
    var limit = parseInt(field.getAttribute("data-counter"), 10);
    var counter = document.createElement("p");
    counter.className = "help counter";
    counter.id = field.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    function update() {
      var used = field.value.length;
      counter.textContent = "已输入 " + used + " / " + limit + " 字";
      counter.classList.toggle("over", used > limit);
    }
    field.addEventListener("input", update);
    update();
  });

  var types = document.querySelectorAll("input[name=applicant_type]");
  if (!types.length) return;
  function labelOf(input) {
    return document.querySelector("label[for='" + input.id + "']");
  }
  function apply() {
    var chosen = document.querySelector("input[name=applicant_type]:checked");
    var org = chosen && chosen.value !== "natural_person";
    document.querySelectorAll("[data-label-org]").forEach(function (input) {
      var label = labelOf(input);
      var person = input.getAttribute("data-label-person");
      var wrapper = input.closest(".field");
      if (!person && wrapper) {
        // A field only organisations fill in (the organisation's name): shown and required
        // for them, hidden for a natural person.
        wrapper.hidden = !!chosen && !org;
        input.required = !!org;
      }
      if (!label) return;
      var text = org ? input.getAttribute("data-label-org") : person || label.firstChild.textContent;
      label.firstChild.textContent = text.trim() + " ";
      var star = label.querySelector(".req");
      if (!person) {
        if (org && !star) {
          star = document.createElement("span");
          star.className = "req";
          star.setAttribute("aria-hidden", "true");
          star.textContent = "*";
          label.append(" ", star);
        } else if (!org && star) {
          star.remove();
        }
      }
    });
  }
  types.forEach(function (input) {
    input.addEventListener("change", apply);
  });
  apply();
})();
