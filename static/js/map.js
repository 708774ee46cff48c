/* Maps of service locations, drawn with Leaflet when JavaScript and the tiles are available.
 *
 * The page lists every address and links to OpenStreetMap without this script; the map only
 * adds a picture. Each <div class="map" data-map-points="ID"> names a
 * <script type="application/json" id="ID"> block with [{lat, lng, title, address}, …];
 * tile URL, attribution and marker images come from data- attributes (no inline script, so the
 * strict Content-Security-Policy holds).
 */
(function () {
  "use strict";

  function readPoints(container) {
    var source = document.getElementById(container.dataset.mapPoints);
    if (!source) return [];
    try {
      var points = JSON.parse(source.textContent);
      return Array.isArray(points) ? points : [];
    } catch (error) {
      return [];
    }
  }

  function popupContent(point) {
    // Built from text nodes: titles and addresses are data, never markup.
    var box = document.createElement("div");
    var title = document.createElement("strong");
    title.textContent = point.title;
    box.appendChild(title);
    if (point.address) {
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(point.address));
    }
    return box;
  }

  function draw(container) {
    var points = readPoints(container);
    if (!points.length || typeof L === "undefined") return;
    container.hidden = false;
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(container.dataset.tileUrl, {
      maxZoom: 18,
      attribution: container.dataset.attribution
    }).addTo(map);
    var icon = L.icon({
      iconUrl: container.dataset.icon,
      iconRetinaUrl: container.dataset.icon2x,
      shadowUrl: container.dataset.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41]
    });
    var bounds = [];
    points.forEach(function (point) {
      var latLng = [point.lat, point.lng];
      bounds.push(latLng);
      L.marker(latLng, { icon: icon, title: point.title, alt: point.title })
        .bindPopup(popupContent(point))
        .addTo(map);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 15);
    } else {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".map[data-map-points]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
