// A map of the places on the page ([data-map] and its data-points JSON), with the vendored Leaflet.
// Tiles come from the site's own MAP_TILES_URL when set; otherwise the packaged outline of the states
// (us-atlas) is drawn as the basemap, so no request ever leaves the site. Confidential locations arrive
// already moved to their ZIP code's centre and are drawn as a wide circle, not a point.
(function () {
  "use strict";
  var box = document.querySelector("[data-map]");
  if (!box || !window.L) return;
  var points = JSON.parse(box.getAttribute("data-points") || "[]");
  if (!points.length) return;
  box.hidden = false;

  // The view first (from the points themselves): layers wait for it before they are drawn.
  var map = L.map(box, { scrollWheelZoom: false, zoomSnap: 0.5 });
  map.fitBounds(L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; })).pad(0.3), { maxZoom: 12 });
  var tiles = box.getAttribute("data-tiles-url");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: box.getAttribute("data-tiles-attribution") || "" }).addTo(map);
    box.setAttribute("data-basemap", "tiles");
  } else if (window.topojson && window.fetch) {
    fetch(box.getAttribute("data-outline-url"))
      .then(function (response) { return response.json(); })
      .then(function (topology) {
        L.geoJSON(topojson.feature(topology, topology.objects.states), {
          interactive: false,
          style: { color: "#8a857a", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 }
        }).addTo(map).bringToBack();
        box.setAttribute("data-basemap", "outline");
      });
  }

  var approxLabel = box.getAttribute("data-label-approx");
  var group = L.featureGroup();
  points.forEach(function (point) {
    var style = { color: "#0b5394", weight: 2, fillColor: "#0b5394", fillOpacity: point.approx ? 0.15 : 0.8 };
    var layer = point.approx
      ? L.circle([point.lat, point.lon], L.extend({ radius: 1500 }, style))
      : L.circleMarker([point.lat, point.lon], L.extend({ radius: 7 }, style));
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    popup.appendChild(link);
    if (point.approx) {
      var note = document.createElement("p");
      note.textContent = approxLabel;
      popup.appendChild(note);
    }
    layer.bindPopup(popup);
    group.addLayer(layer);
  });
  group.addTo(map);
})();
