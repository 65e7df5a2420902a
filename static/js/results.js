// Results page: the filters' <details> becomes a disclosure button (aria-expanded), and the list/map switch
// works in place, keeping ?view=list|map in the address so reload, back and forward show the same view.
(function () {
  "use strict";

  setUpFilters();
  setUpViewSwitch();

  /** Replace the no-script <details> with a button that says whether the panel is open. */
  function setUpFilters() {
    const details = document.querySelector("details.filters");
    if (!details) return;
    const summary = details.querySelector("summary");
    const panel = details.querySelector(".filter-fields");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "filters-toggle";
    button.setAttribute("aria-controls", panel.id);
    button.append.apply(button, Array.prototype.slice.call(summary.childNodes));
    const wrap = document.createElement("div");
    wrap.className = "filters filters-js";
    details.replaceWith(wrap);
    wrap.append(button, panel);
    setExpanded(details.open);
    button.addEventListener("click", function () { setExpanded(button.getAttribute("aria-expanded") !== "true"); });

    /** Open or close the panel. */
    function setExpanded(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    }
  }

  /** The List / Map buttons switch the view without a reload once the map's files are loaded. */
  function setUpViewSwitch() {
    const form = document.querySelector("form.view-switch");
    const panel = document.getElementById("map-panel");
    if (!form || !panel) return;
    form.addEventListener("click", function (event) {
      const button = event.target.closest("button[name=view]");
      if (!button) return;
      event.preventDefault();
      if (button.getAttribute("aria-pressed") === "true") return;
      const url = new URL(window.location.href);
      url.searchParams.set("view", button.value);
      history.pushState({ view: button.value }, "", url);
      show(button.value);
    });
    window.addEventListener("popstate", function () {
      show(new URL(window.location.href).searchParams.get("view") === "map" ? "map" : "list");
    });

    /** Show `view`, say so on the buttons, and keep it in the links and forms that search again. */
    function show(view) {
      form.querySelectorAll("button[name=view]").forEach(function (b) {
        b.setAttribute("aria-pressed", b.value === view ? "true" : "false");
      });
      document.querySelectorAll("form.search-box input[name=view]").forEach(function (input) { input.value = view; });
      document.querySelectorAll(".pagination a, .empty-state a").forEach(function (link) {
        const url = new URL(link.href);
        url.searchParams.set("view", view);
        link.href = url.toString();
      });
      panel.hidden = view !== "map";
      if (view === "map") loadMap(panel).then(function () { document.dispatchEvent(new Event("verity:map-shown")); });
    }
  }

  /** Load Leaflet, the marker clusters and map.js once, styles first so the map lays out right. */
  function loadMap(panel) {
    if (window.verityMapReady) return window.verityMapReady;
    const head = document.head;
    const styles = panel.dataset.styles.split(" ").filter(function (href) {
      return !document.querySelector('link[rel=stylesheet][href="' + href + '"]');
    }).map(function (href) {
      return new Promise(function (resolve) {
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = href;
        link.onload = link.onerror = resolve;
        head.appendChild(link);
      });
    });
    window.verityMapReady = Promise.all(styles).then(function () {
      return panel.dataset.scripts.split(" ").reduce(function (previous, src) {
        return previous.then(function () { return loadScript(src); });
      }, Promise.resolve());
    });
    return window.verityMapReady;
  }

  /** One script, resolved once it has run (or failed: the list still works). */
  function loadScript(src) {
    if (document.querySelector('script[src="' + src + '"]')) return Promise.resolve();
    return new Promise(function (resolve) {
      const script = document.createElement("script");
      script.src = src;
      script.onload = script.onerror = resolve;
      document.body.appendChild(script);
    });
  }
})();
