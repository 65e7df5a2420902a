// Map view of the search results: Leaflet with Leaflet.markercluster; the list stays usable when tiles fail.
// Markers and clusters are keyboard buttons with names (Enter opens a popup or zooms into a group).
// Names reach the page only through textContent, title and aria-label, never innerHTML.
(function () {
  "use strict";
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;
  let map = null;

  /** A cluster's round icon, whose count is text and whose name says what Enter does. */
  const ClusterIcon = L.DivIcon.extend({
    createIcon: function (old) {
      const div = L.DivIcon.prototype.createIcon.call(this, old);
      const count = document.createElement("span");
      count.textContent = String(this.options.count);
      div.replaceChildren(count);
      div.setAttribute("aria-label", this.options.count + " practitioners close together: zoom in to see them");
      div.removeAttribute("title");
      return div;
    },
  });

  /** Draw the map once the panel is on screen; later calls only fix its size after being hidden. */
  function init() {
    if (el.closest("[hidden]")) return;
    if (map) { map.invalidateSize(); return; }
    const centre = L.latLng(parseFloat(el.dataset.lat), parseFloat(el.dataset.lon));
    const radius = parseInt(el.dataset.radiusM, 10);
    const items = Array.prototype.slice.call(document.querySelectorAll(".result[data-lat]"));
    const bounds = centre.toBounds(2 * radius);
    items.forEach(function (item) { bounds.extend([parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)]); });
    // The first view is the final one: a later zoom would redraw the clusters under a keyboard user's focus.
    map = L.map(el, { scrollWheelZoom: false }).fitBounds(bounds, { padding: [20, 20] });
    L.tileLayer(el.dataset.tiles, {
      maxZoom: 18,
      attribution: "&copy; OpenStreetMap contributors",
    }).addTo(map);
    L.circle(centre, { radius: radius, color: "#0f5c55", weight: 2, fillOpacity: 0.05, interactive: false }).addTo(map);
    const clusters = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 50,
      iconCreateFunction: function (cluster) {
        const count = cluster.getChildCount();
        return new ClusterIcon({ count: count, className: "marker-cluster verity-cluster", iconSize: L.point(44, 44) });
      },
    });
    items.forEach(function (item) {
      const link = document.createElement("a");
      link.href = item.dataset.url;
      link.textContent = item.dataset.name;
      clusters.addLayer(L.marker([parseFloat(item.dataset.lat), parseFloat(item.dataset.lon)],
        { title: item.dataset.name, alt: item.dataset.name }).bindPopup(link));
    });
    map.addLayer(clusters);
  }

  document.addEventListener("verity:map-shown", init);
  init();
})();
