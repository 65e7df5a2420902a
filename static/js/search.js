// Search box: place autocomplete from /api/v1/places as a WAI-ARIA 1.2 combobox, and "Use my location".
// Without this script the box is a plain GET form. Suggestions are built with textContent, never innerHTML.
(function () {
  "use strict";
  const form = document.querySelector("form.search-box");
  if (!form) return;
  const near = form.querySelector("[name=near]");
  const lat = form.querySelector("[name=lat]");
  const lon = form.querySelector("[name=lon]");
  const DEBOUNCE_MS = 200;
  const MIN_CHARS = 2;

  /** Search from a point: the place box is emptied so the results say "your location" or the chosen label. */
  function submitAt(latitude, longitude, label) {
    lat.value = latitude.toFixed(5);
    lon.value = longitude.toFixed(5);
    near.value = label;
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }

  // Typing a place replaces any point chosen earlier.
  near.addEventListener("input", function () { lat.value = ""; lon.value = ""; });

  setUpCombobox();
  setUpLocate();

  /** The ARIA 1.2 "editable combobox with list autocomplete" pattern on the place box. */
  function setUpCombobox() {
    const box = near.closest(".combobox") || near.parentNode;
    const list = document.createElement("ul");
    list.id = near.id + "-listbox";
    list.className = "combobox-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Places");
    list.hidden = true;
    box.appendChild(list);
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.appendChild(status);
    near.setAttribute("role", "combobox");
    near.setAttribute("aria-autocomplete", "list");
    near.setAttribute("aria-expanded", "false");
    near.setAttribute("aria-controls", list.id);

    let places = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    /** Show or hide the list, keeping aria-expanded true to what is on screen. */
    function setOpen(open) {
      list.hidden = !open;
      near.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) setActive(-1);
    }

    /** Move the visual focus to option `index` (-1: none) while DOM focus stays on the input. */
    function setActive(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index < 0) {
        near.removeAttribute("aria-activedescendant");
      } else {
        const option = list.children[index];
        near.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    }

    /** Fill the list with the places the API found. */
    function show(found) {
      places = found;
      list.replaceChildren.apply(list, found.map(function (place, i) {
        const option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = place.label;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep focus in the box
        option.addEventListener("click", function () { choose(i, false); });
        return option;
      }));
      status.textContent = found.length ? found.length + (found.length === 1 ? " place" : " places") +
        " found: use the up and down arrows to choose" : "No place starts like that";
      setOpen(found.length > 0);
    }

    /** Put place `index` in the box; with `submit`, search near it straight away. */
    function choose(index, submit) {
      const place = places[index];
      setOpen(false);
      if (submit) {
        submitAt(place.lat, place.lon, place.label);
        return;
      }
      near.value = place.label;
      lat.value = place.lat.toFixed(5);
      lon.value = place.lon.toFixed(5);
    }

    /** Ask the API for places starting with what was typed; only the latest answer is shown. */
    function suggest() {
      const q = near.value.trim();
      if (q.length < MIN_CHARS) { setOpen(false); return; }
      const ticket = ++asked;
      fetch("/api/v1/places?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { places: [] }; })
        .then(function (data) { if (ticket === asked && document.activeElement === near) show(data.places || []); })
        .catch(function () { /* the form works without suggestions */ });
    }

    near.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, DEBOUNCE_MS);
    });
    near.addEventListener("keydown", function (event) {
      const open = !list.hidden && places.length > 0;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!places.length) return;
        if (!open) setOpen(true);
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : places.length - 1) : (active + step + places.length) % places.length);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active, true);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        setOpen(false);
      } else if (event.key === "Tab") {
        setOpen(false);
      }
    });
    near.addEventListener("blur", function () { setOpen(false); });
  }

  /** "Use my location": the browser's geolocation, with a clear message when it is refused or unavailable. */
  function setUpLocate() {
    const button = form.querySelector(".locate-me");
    const message = form.querySelector(".locate-message");
    if (!button) return;
    if (!("geolocation" in navigator)) {
      return;  // the button stays hidden: there is nothing it could do
    }
    button.hidden = false;
    const REASONS = {
      1: "You did not allow this site to use your location. Type a town, city or postcode instead.",
      2: "Your location is not available right now. Type a town, city or postcode instead.",
      3: "Finding your location took too long. Try again, or type a town, city or postcode.",
    };
    button.addEventListener("click", function () {
      message.classList.remove("error");
      message.textContent = "Finding your location…";
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(function (position) {
        message.textContent = "Searching near your location…";
        submitAt(position.coords.latitude, position.coords.longitude, "");
      }, function (failure) {
        button.disabled = false;
        message.classList.add("error");
        message.textContent = REASONS[failure.code] || REASONS[2];
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }
})();
