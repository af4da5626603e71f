// Progressive enhancement only: every page works without this file.
(function () {
  document.documentElement.classList.add('js');
  document.addEventListener('click', function (e) {
    var t = e.target.closest('[data-action="print"]');
    if (t) { e.preventDefault(); window.print(); }
  });
  // Move focus to the error summary so screen readers announce it.
  document.addEventListener('DOMContentLoaded', function () {
    var s = document.getElementById('error-summary');
    if (s) s.focus();
  });
  // Character counters (GOV.UK character count): a textarea with
  // data-maxlength says how many characters are left in its "-info" hint,
  // which the server has already filled with the limit (works without this).
  document.addEventListener('DOMContentLoaded', function () {
    var areas = document.querySelectorAll('textarea[data-maxlength]');
    Array.prototype.forEach.call(areas, function (area) {
      var info = document.getElementById(area.id + '-info');
      var max = parseInt(area.getAttribute('data-maxlength'), 10);
      if (!info || !max) return;
      function update() {
        var left = max - Array.from(area.value).length;
        info.textContent = (left >= 0 ? info.dataset.left : info.dataset.over) + ' ' + Math.abs(left);
        info.classList.toggle('over', left < 0);
      }
      area.addEventListener('input', update);
      update();
    });
  });
  // Sync banner of a field node: while a sync runs or entries wait, ask the
  // server every 2 s (GET /sync/state, session cookie) and update in place.
  document.addEventListener('DOMContentLoaded', function () {
    var state = document.getElementById('sync-state');
    if (!state || !window.fetch) return;
    var byId = function (id) { return document.getElementById(id); };
    var busy = function () { return state.dataset.running === '1' || state.dataset.pending !== '0'; };
    function show(j) {
      state.textContent = j.text;
      state.className = 'sync-' + j.state;
      state.dataset.state = j.state;
      state.dataset.pending = String(j.pending);
      state.dataset.running = j.running ? '1' : '0';
      var progress = byId('sync-progress');
      byId('sync-running').hidden = !j.running;
      progress.max = Math.max(j.total, 1);
      if (j.total > 0) progress.value = Math.min(j.done, j.total); else progress.removeAttribute('value');
      byId('sync-last').textContent = j.last_success;
      byId('sync-error-text').textContent = j.last_error;
      byId('sync-error').hidden = !j.last_error;
    }
    function tick() {
      if (!busy()) return;
      fetch('/sync/state', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) {
          if (r.status >= 400 && r.status < 500) return 'stop';  // signed out: stop asking
          return r.ok ? r.json() : null;
        })
        .then(function (j) {
          if (j === 'stop') return;
          if (j) show(j);
          setTimeout(tick, 2000);
        }, function () { setTimeout(tick, 2000); });  // offline: keep the last state, ask again
    }
    setTimeout(tick, 2000);
  });
})();
