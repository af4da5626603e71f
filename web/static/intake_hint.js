// The duplicate hint on the appeal intake form (docs/persons-and-search.md
// §6.1): once the applicant's surname, given name and birth date (or an ID
// document) are entered, GET /search/similar-appeals asks the server for this
// person's appeals of the last 30 days in the officer's scope and the hint
// shows their numbers as links. Without JavaScript the same hint appears on
// the page of the registered appeal.
(function () {
  'use strict';
  var box = document.getElementById('similar-appeals-live');
  var form = document.getElementById('appeal-form');
  if (!box || !form) return;
  var names = ['surname', 'given_name', 'patronymic', 'birth_date', 'id_document'];
  var timer = null;
  var asked = '';
  function value(n) {
    var el = form.elements[n];
    return el ? el.value.trim() : '';
  }
  function render(j) {
    box.textContent = '';
    if (!j || !j.count) { box.hidden = true; return; }
    var p = document.createElement('p');
    p.appendChild(document.createTextNode(j.hint + ': '));
    j.items.forEach(function (it) {
      var a = document.createElement('a');
      a.href = it.href;
      a.textContent = it.number;
      p.appendChild(a);
      p.appendChild(document.createTextNode(' '));
    });
    box.appendChild(p);
    box.hidden = false;
  }
  function ask() {
    var v = {};
    names.forEach(function (n) { v[n] = value(n); });
    var byName = v.surname && v.given_name && /^\d{4}-\d{2}-\d{2}$/.test(v.birth_date);
    var byDocument = (v.id_document.match(/\d/g) || []).length >= 5;
    if (!byName && !byDocument) { asked = ''; render(null); return; }
    var query = new URLSearchParams(v).toString();
    if (query === asked) return;
    asked = query;
    fetch(box.getAttribute('data-url') + '?' + query, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (asked === query) render(j); })
      .catch(function () {});
  }
  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(ask, 300);
  }
  names.forEach(function (n) {
    var el = form.elements[n];
    if (!el) return;
    el.addEventListener('input', later);
    el.addEventListener('change', ask);
  });
  ask();  // a form shown again with its values (after a refused POST)
})();
