// veiviser live preview client. Injected only by `veiviser serve`, never in `build` output.
// Listens to Server-Sent Events: "reload" reloads the page (keeping the scroll position),
// "css" swaps stylesheets without a navigation, "status" shows or clears the error overlay
// and the warnings badge. Reconnects with backoff. Builds all UI with DOM APIs and
// textContent, so diagnostics are never parsed as HTML.
(function () {
  "use strict";
  var BASE = "/__veiviser/";
  var scrollKey = "veiviser-scroll:" + location.pathname;
  var delay = 500;
  var source = null;
  var dismissedWarnings = null;

  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved !== null) {
      sessionStorage.removeItem(scrollKey);
      var y = parseInt(saved, 10);
      var restore = function () { window.scrollTo(0, y); };
      if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be off */ }

  function reload() {
    try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    var stamp = Date.now();
    Array.prototype.forEach.call(links, function (link) {
      var href = link.getAttribute("href");
      if (!href || href.indexOf(BASE) === 0) return;
      var clean = href.replace(/([?&])vv-reload=\d+/, "").replace(/[?&]$/, "");
      var next = link.cloneNode();
      next.setAttribute("href", clean + (clean.indexOf("?") >= 0 ? "&" : "?") + "vv-reload=" + stamp);
      next.addEventListener("load", function () { link.remove(); });
      next.addEventListener("error", function () { link.remove(); });
      link.parentNode.insertBefore(next, link.nextSibling);
    });
    document.documentElement.setAttribute("data-vv-css-reloaded", String(stamp));
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function clear(id) {
    var old = document.getElementById(id);
    if (old) old.remove();
  }

  function showOverlay(errors) {
    clear("vv-live-overlay");
    if (!errors.length) return;
    var box = el("div", "vv-live-overlay");
    box.id = "vv-live-overlay";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "vv-live-overlay-title");
    var panel = el("div", "vv-live-overlay__panel");
    var title = el("h2", "vv-live-overlay__title",
      errors.length === 1 ? "Bygget feilet: 1 feil" : "Bygget feilet: " + errors.length + " feil");
    title.id = "vv-live-overlay-title";
    panel.appendChild(title);
    panel.appendChild(el("p", "vv-live-overlay__lead",
      "Siden du ser, er fra siste vellykkede bygg. Rett feilen, så oppdateres siden av seg selv."));
    errors.forEach(function (d) {
      var item = el("section", "vv-live-overlay__item");
      item.appendChild(el("p", "vv-live-overlay__where", d.path + ":" + d.line + ":" + d.col));
      item.appendChild(el("p", "vv-live-overlay__message", d.message));
      if (d.context && d.context.length) {
        var pre = el("pre", "vv-live-overlay__source");
        d.context.forEach(function (c) {
          var line = el("span", c[0] === d.line ? "vv-live-overlay__line vv-live-overlay__line--hit" : "vv-live-overlay__line",
            String(c[0]).padStart(5, " ") + " | " + c[1]);
          pre.appendChild(line);
          pre.appendChild(document.createTextNode("\n"));
        });
        item.appendChild(pre);
      }
      panel.appendChild(item);
    });
    box.appendChild(panel);
    document.body.appendChild(box);
  }

  function showBadge(warnings) {
    clear("vv-live-badge");
    if (!warnings.length) return;
    var key = warnings.map(function (w) { return w.path + w.line + w.message; }).join("|");
    if (dismissedWarnings === key) return;
    var badge = el("div", "vv-live-badge");
    badge.id = "vv-live-badge";
    badge.setAttribute("role", "status");
    var details = el("details", "vv-live-badge__details");
    details.appendChild(el("summary", "vv-live-badge__summary",
      warnings.length === 1 ? "1 advarsel" : warnings.length + " advarsler"));
    var list = el("ul", "vv-live-badge__list");
    warnings.slice(0, 50).forEach(function (w) {
      list.appendChild(el("li", "", w.path + ":" + w.line + ":" + w.col + ": " + w.message));
    });
    details.appendChild(list);
    badge.appendChild(details);
    var close = el("button", "vv-live-badge__close", "Skjul");
    close.type = "button";
    close.addEventListener("click", function () { dismissedWarnings = key; badge.remove(); });
    badge.appendChild(close);
    document.body.appendChild(badge);
  }

  var seenVersion = null;
  function refreshStatus(fromReconnect) {
    return fetch(BASE + "status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (fromReconnect && seenVersion !== null && s.version !== seenVersion) { reload(); return; }
        seenVersion = s.version;
        showOverlay(s.errors || []);
        showBadge(s.warnings || []);
        document.documentElement.setAttribute("data-vv-status", (s.errors || []).length ? "error" : "ok");
      })
      .catch(function () { /* server away: the event stream reconnects */ });
  }

  function connect(fromReconnect) {
    source = new EventSource(BASE + "events");
    source.addEventListener("open", function () {
      delay = 500;
      refreshStatus(fromReconnect);
    });
    source.addEventListener("reload", reload);
    source.addEventListener("css", function () { swapCss(); refreshStatus(false); });
    source.addEventListener("status", function () { refreshStatus(false); });
    source.addEventListener("error", function () {
      source.close();
      setTimeout(function () { connect(true); }, delay);
      delay = Math.min(delay * 2, 10000);
    });
  }

  if (window.EventSource) connect(false);
})();
