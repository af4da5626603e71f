// Incoming calls on /video (docs/video.md §9): the list is refreshed every
// 10 s from GET /video/incoming, so a duty officer sees a call ring without
// reloading the page. Without JavaScript the list is as the server rendered it.
(function () {
  'use strict';
  var box = document.getElementById('video-incoming');
  var list = document.getElementById('video-calls');
  if (!box || !list) return;
  var answer = box.getAttribute('data-t-answer');
  function render(calls) {
    list.textContent = '';
    calls.forEach(function (c) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '/video/' + encodeURIComponent(c.id);
      a.className = 'button';
      a.textContent = answer;
      li.appendChild(a);
      li.appendChild(document.createTextNode(' ' + c.title + ' · ' + c.starts_at));
      list.appendChild(li);
    });
    box.hidden = calls.length === 0;
  }
  setInterval(function () {
    fetch('/video/incoming', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j && j.calls) render(j.calls); })
      .catch(function () {});
  }, 10000);
})();
