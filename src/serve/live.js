// sotay serve: reloads the page when the manual is rebuilt, keeping the scroll position, and
// hides the error overlay on request. Served at /__sotay/live.js; never part of a built site.
(function () {
  'use strict';
  var key = 'sotay-scroll:' + location.pathname;

  function restoreScroll() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(key));
      sessionStorage.removeItem(key);
    } catch (e) {
      return;
    }
    if (saved && typeof saved.x === 'number' && typeof saved.y === 'number') {
      window.scrollTo(saved.x, saved.y);
    }
  }

  function reload() {
    try {
      sessionStorage.setItem(key, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (e) {
      // Storage may be disabled; reloading still matters more than the scroll position.
    }
    location.reload();
  }

  if (document.readyState === 'complete') {
    restoreScroll();
  } else {
    window.addEventListener('load', restoreScroll);
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.closest && target.closest('[data-sotay-close]')) {
      var overlay = document.getElementById('sotay-overlay');
      if (overlay) overlay.remove();
    }
  });

  // The id of the first `hello` names the server run and version this page was served with;
  // a different one after a reconnect means the server restarted, so the page may be stale.
  var seen = null;

  function connect() {
    var source = new EventSource('/__sotay/events');
    source.addEventListener('hello', function (event) {
      if (seen !== null && event.lastEventId !== seen) reload();
      seen = event.lastEventId;
    });
    source.addEventListener('reload', reload);
    source.onerror = function () {
      // While the server is down the browser retries by itself; if it gives up (the port
      // answered with something other than the stream), start over a little later.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 1000);
      }
    };
  }

  if (window.EventSource) connect();
})();
