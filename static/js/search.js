// Search box: "use my location" (browser geolocation, no server-side lookup) and place autocomplete.
(function () {
  "use strict";
  const form = document.querySelector("form.search-box");
  if (!form) return;
  const near = form.querySelector("[name=near]");
  const lat = form.querySelector("[name=lat]");
  const lon = form.querySelector("[name=lon]");
  const locate = form.querySelector(".locate-me");

  // Typing a place replaces any location the browser gave earlier.
  near.addEventListener("input", function () { lat.value = ""; lon.value = ""; });

  if (locate && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      locate.textContent = "Finding your location…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(5);
        lon.value = pos.coords.longitude.toFixed(5);
        near.value = "";
        form.submit();
      }, function () {
        locate.textContent = "Could not get your location: type a place instead";
      }, { timeout: 10000, maximumAge: 600000 });
    });
  }

  // Autocomplete through a datalist filled from /api/v1/places.
  const list = document.createElement("datalist");
  list.id = "near-suggestions";
  form.appendChild(list);
  near.setAttribute("list", list.id);
  let timer = null;
  near.addEventListener("input", function () {
    clearTimeout(timer);
    const q = near.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(function () {
      fetch("/api/v1/places?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { places: [] }; })
        .then(function (data) {
          list.replaceChildren.apply(list, data.places.map(function (p) {
            const option = document.createElement("option");
            option.value = p.label;
            return option;
          }));
        })
        .catch(function () { /* autocomplete is optional */ });
    }, 200);
  });
})();
