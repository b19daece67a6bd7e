// Progressive enhancement only: every page works without this file.
// Warn five minutes before the idle sign-out, and let the user stay signed in.
const note = document.querySelector(".rose-session-note");
if (note) {
  const idle = Number(note.dataset.idleSeconds || 1800);
  const warn = Number(note.dataset.warnSeconds || 300);
  window.setTimeout(() => {
    const box = document.createElement("div");
    box.className = "rose-session-warning";
    box.setAttribute("role", "alert");
    box.append("You will be signed out in 5 minutes because you have not done anything for a while. ");
    const stay = document.createElement("a");
    stay.href = window.location.pathname;
    stay.textContent = "Stay signed in";
    box.append(stay);
    note.replaceWith(box);
  }, Math.max(idle - warn, 60) * 1000);
}
