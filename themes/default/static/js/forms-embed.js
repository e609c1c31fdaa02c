/* veiviser forms: helper for a host page that shows a form in an iframe.
 * Copy this file to the portal and load it with <script src="…/forms-embed.js" defer>.
 * It sizes every <iframe data-veiviser-form src="…/embed/"> to the height its form
 * reports with postMessage, accepting messages only from that iframe's own origin. */
(function () {
  'use strict';
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.type !== 'veiviser-form:height' || typeof d.height !== 'number') return;
    var frames = document.querySelectorAll('iframe[data-veiviser-form]');
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.contentWindow !== e.source) continue;
      if (new URL(f.src, window.location.href).origin !== e.origin) continue;
      f.style.height = Math.max(0, Math.ceil(d.height)) + 'px';
    }
  });
})();
