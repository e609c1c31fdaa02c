/*
 * veiviser — default theme script.
 * Progressive enhancement only: the pages work without it.
 *  1. Adds expand/collapse buttons to the sections of the sidebar tree.
 *  2. Turns the sidebar into a disclosure behind a menu button on small screens.
 *  3. Makes code blocks and tables that scroll sideways reachable by keyboard.
 * Labels come from data- attributes written by the templates (i18n.toml).
 */
(function () {
  "use strict";

  var doc = document;
  var idCounter = 0;

  function ensureId(element, prefix) {
    if (!element.id) {
      do {
        idCounter += 1;
      } while (doc.getElementById(prefix + idCounter));
      element.id = prefix + idCounter;
    }
    return element.id;
  }

  function hasClass(element, name) {
    return element.classList.contains(name);
  }

  /* ---------------------------------------------------------- nav tree */

  function setToggleState(button, list, expanded, labels) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    list.hidden = !expanded;
    var text = (expanded ? labels.collapse : labels.expand) + ": " + labels.name;
    var label = button.querySelector(".vv-visually-hidden");
    if (label) {
      label.textContent = text;
    }
  }

  function enhanceNavItem(item, labels) {
    var list = null;
    var link = null;
    for (var i = 0; i < item.children.length; i += 1) {
      var child = item.children[i];
      if (!list && child.tagName === "UL") {
        list = child;
      } else if (!link && child.tagName === "A") {
        link = child;
      }
    }
    if (!list || item.querySelector(":scope > .vv-nav__toggle")) {
      return;
    }

    var itemLabels = {
      expand: labels.expand,
      collapse: labels.collapse,
      name: link ? link.textContent.replace(/\s+/g, " ").trim() : ""
    };

    var button = doc.createElement("button");
    button.type = "button";
    button.className = "vv-nav__toggle";
    button.setAttribute("aria-controls", ensureId(list, "vv-nav-list-"));

    var icon = doc.createElement("span");
    icon.className = "vv-nav__toggle-icon";
    icon.setAttribute("aria-hidden", "true");
    var text = doc.createElement("span");
    text.className = "vv-visually-hidden";
    button.appendChild(icon);
    button.appendChild(text);

    item.insertBefore(button, list);

    /* --open (on the path to this page) and the current item stay open; --closed lists are hidden. */
    var open =
      hasClass(item, "vv-nav__item--open") ||
      hasClass(item, "vv-nav__item--current") ||
      !hasClass(item, "vv-nav__item--closed");
    setToggleState(button, list, open, itemLabels);

    button.addEventListener("click", function () {
      setToggleState(button, list, button.getAttribute("aria-expanded") !== "true", itemLabels);
    });
  }

  function initNavTree() {
    var nav = doc.querySelector("[data-vv-nav]");
    if (!nav) {
      return;
    }
    var labels = {
      expand: nav.getAttribute("data-label-expand") || "Expand",
      collapse: nav.getAttribute("data-label-collapse") || "Collapse"
    };
    var items = nav.querySelectorAll(".vv-nav__item");
    for (var i = 0; i < items.length; i += 1) {
      enhanceNavItem(items[i], labels);
    }
  }

  /* ------------------------------------------------------- mobile menu */

  function initMenuButton() {
    var button = doc.querySelector("[data-vv-menu-button]");
    if (!button) {
      return;
    }
    var panel = doc.getElementById(button.getAttribute("aria-controls") || "");
    if (!panel) {
      return;
    }
    var label = button.querySelector(".vv-menu-button__label");
    var openLabel = button.getAttribute("data-label-open") || "Menu";
    var closeLabel = button.getAttribute("data-label-close") || "Close";

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("vv-sidebar--open", open);
      if (label) {
        label.textContent = open ? closeLabel : openLabel;
      }
    }

    panel.classList.add("vv-sidebar--collapsible");
    setOpen(false);
    button.hidden = false;

    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });

    doc.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") {
        return;
      }
      if (panel.contains(doc.activeElement) || doc.activeElement === button) {
        setOpen(false);
        button.focus();
      }
    });
  }

  /* --------------------------------------------- scrollable content */

  function markScrollables() {
    var blocks = doc.querySelectorAll(".vv-content pre, .vv-content table");
    for (var i = 0; i < blocks.length; i += 1) {
      var block = blocks[i];
      var scrolls = block.scrollWidth > block.clientWidth + 1;
      if (scrolls && !block.hasAttribute("tabindex")) {
        block.setAttribute("tabindex", "0");
        block.setAttribute("data-vv-scrollable", "");
      } else if (!scrolls && block.hasAttribute("data-vv-scrollable")) {
        block.removeAttribute("tabindex");
        block.removeAttribute("data-vv-scrollable");
      }
    }
  }

  function initScrollables() {
    markScrollables();
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) {
        return;
      }
      pending = true;
      window.setTimeout(function () {
        pending = false;
        markScrollables();
      }, 150);
    });
  }

  function init() {
    doc.documentElement.classList.add("vv-js");
    try {
      initNavTree();
    } catch (error) {
      /* Never break the page: the nav stays fully expanded. */
    }
    try {
      initMenuButton();
    } catch (error) {
      /* Without the button the sidebar simply stays visible. */
    }
    try {
      initScrollables();
    } catch (error) {
      /* Scrolling with the mouse or touch still works. */
    }
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
