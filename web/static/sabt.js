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
})();
