// Pivot counselor dashboard: small progressive enhancements only (every page works without JS).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Open the transcript at its latest message.
  const list = document.querySelector(".transcript .messages");
  if (list) list.scrollTop = list.scrollHeight;
  // Submit buttons are disabled after the first click so a double click does not send twice.
  for (const form of document.querySelectorAll("form[method=post]")) {
    form.addEventListener("submit", () => {
      for (const b of form.querySelectorAll("button[type=submit]")) b.disabled = true;
    });
  }
});
