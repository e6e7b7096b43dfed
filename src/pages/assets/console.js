// Chorus console: small progressive enhancements; every page works without this script.
(() => {
  // Count-downs: <span class="countdown" data-deadline="ISO" data-total-ms="…">
  const tick = () => {
    for (const el of document.querySelectorAll(".countdown[data-deadline]")) {
      const left = new Date(el.dataset.deadline).getTime() - Date.now();
      const total = Number(el.dataset.totalMs || 0);
      const mins = Math.floor(Math.abs(left) / 60000);
      const text = mins >= 60 ? `${Math.floor(mins / 60)} 小时 ${mins % 60} 分` : `${mins} 分`;
      el.textContent = left < 0 ? `已超时 ${text}` : `剩余 ${text}`;
      el.classList.remove("ok", "amber", "red");
      el.classList.add(left < 0 ? "red" : total && left < total * 0.25 ? "amber" : "ok");
    }
  };
  tick();
  setInterval(tick, 1000);

  // A form submits once: double-clicking "approve" approves once.
  document.addEventListener("submit", (e) => {
    const form = e.target;
    if (form.dataset.submitted) {
      e.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    // Disabled after the form data is taken, so the clicked button's value still goes with it.
    setTimeout(() => {
      for (const b of form.querySelectorAll("button[type=submit],button:not([type])"))
        b.disabled = true;
    });
  });

  // Drafts survive an expired session: forms with data-draft-key are kept in localStorage.
  for (const form of document.querySelectorAll("form[data-draft-key]")) {
    const key = `chorus-draft:${form.dataset.draftKey}`;
    const saved = localStorage.getItem(key);
    if (saved && form.dataset.restore !== "off") {
      for (const [name, value] of Object.entries(JSON.parse(saved))) {
        const field = form.elements.namedItem(name);
        if (field && "value" in field && !field.value) field.value = value;
      }
    }
    form.addEventListener("input", () => {
      const data = {};
      for (const el of form.elements) if (el.name && el.type !== "hidden") data[el.name] = el.value;
      localStorage.setItem(key, JSON.stringify(data));
    });
    if (form.dataset.saved === "1") localStorage.removeItem(key);
  }

  // Summary counter: <textarea data-max-chars="140"> + <output data-counter-for="id">
  for (const out of document.querySelectorAll("output[data-counter-for]")) {
    const field = document.getElementById(out.dataset.counterFor);
    const max = Number(field.dataset.maxChars);
    const update = () => {
      const n = [...field.value].length;
      out.textContent = `${n} / ${max}`;
      out.classList.toggle("field-error", n > max);
    };
    field.addEventListener("input", update);
    update();
  }
})();
