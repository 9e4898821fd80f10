// Makes the profile page live: when an answer changes, the form is posted in the background to
// the same address the "Update" button posts to, and the parts of the page that depend on the
// answers (the consequences, the problem list and each field's messages) are replaced by the
// server's new rendering. Without this script the page works the same through "Update".
'use strict';
(function () {
  const form = document.getElementById('profile-form');
  if (!form || !window.fetch || !window.DOMParser) return;
  let timer = null;
  let sent = 0;
  let shown = 0;

  function schedule(event) {
    const target = event.target;
    if (!target || target.type === 'file' || !target.name) return;
    clearTimeout(timer);
    document.body.setAttribute('data-live', 'pending');
    // Typing waits for a pause; a tick or a choice goes at once.
    const typing = event.type === 'input' && (target.tagName === 'TEXTAREA' || /^(text|number|date)$/.test(target.type));
    timer = setTimeout(update, typing ? 300 : 0);
  }

  async function update() {
    const mine = ++sent;
    const data = new FormData(form);
    for (const [name, value] of [...data.entries()]) {
      if (value instanceof File) data.delete(name);
    }
    document.body.setAttribute('data-live', 'updating');
    let response;
    try {
      response = await fetch(form.getAttribute('action'), { method: 'POST', body: data, headers: { 'X-Live-Update': '1' } });
    } catch (e) {
      document.body.setAttribute('data-live', 'offline');
      return;
    }
    if (!response.ok) {
      // Refused (a server restarted with a new token, say): the page stays as it is.
      document.body.setAttribute('data-live', 'refused');
      return;
    }
    const html = await response.text();
    // An older answer arriving after a newer one is dropped.
    if (mine < shown) return;
    shown = mine;
    const next = new DOMParser().parseFromString(html, 'text/html');
    const open = [...document.querySelectorAll('details[open][id]')].map((d) => d.id);
    for (const slot of document.querySelectorAll('[data-live-slot]')) {
      const fresh = slot.id && next.getElementById(slot.id);
      if (fresh && fresh.innerHTML !== slot.innerHTML) slot.innerHTML = fresh.innerHTML;
    }
    for (const id of open) {
      const details = document.getElementById(id);
      if (details) details.open = true;
    }
    for (const control of form.querySelectorAll('input, select, textarea')) {
      const fresh = control.id && next.getElementById(control.id);
      if (!fresh) continue;
      if (fresh.hasAttribute('aria-invalid')) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      const box = control.closest('.field');
      const freshBox = fresh.closest('.field');
      if (box && freshBox) box.classList.toggle('field-invalid', freshBox.classList.contains('field-invalid'));
    }
    document.body.setAttribute('data-live', mine === sent ? 'done' : 'updating');
    document.body.setAttribute('data-live-count', String(mine));
  }

  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
})();
