// Map view of the search results with Leaflet; the list stays usable when tiles fail to load.
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  const centre = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
  const map = L.map(el, { scrollWheelZoom: false }).setView(centre, 11);
  L.tileLayer(el.dataset.tiles, {
    maxZoom: 18,
    attribution: "&copy; OpenStreetMap contributors",
  }).addTo(map);
  const circle = L.circle(centre, { radius: parseInt(el.dataset.radiusM, 10), color: "#0f5c55", weight: 2, fillOpacity: 0.05 }).addTo(map);
  const bounds = circle.getBounds();
  document.querySelectorAll(".result[data-lat]").forEach(function (item, index) {
    const point = [parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)];
    const link = document.createElement("a");
    link.href = item.dataset.url;
    link.textContent = item.dataset.name;
    L.marker(point, { title: item.dataset.name, alt: item.dataset.name }).addTo(map).bindPopup(link);
    bounds.extend(point);
  });
  map.fitBounds(bounds, { padding: [20, 20] });
})();
