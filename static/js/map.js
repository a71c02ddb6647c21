// The map component (templates/maps/_map.html): a Leaflet map of the
// GeoJSON at data-map, over the agency's tiles (data-tiles, a URL template or
// "wms:" and a WMS URL) or a plain background with the reference layers
// (data-reference). Each feature takes the colour of its legend entry's
// swatch (properties.legend), so the colours live in the stylesheet only.
// With data-draw naming a form, polygons can be drawn into its "geometry"
// field. Without JavaScript the map stays hidden and the page's tables read.
(function () {
  "use strict";
  var PLAIN_VIEW = { center: [41.636, -70.92], zoom: 14 };

  function colourOf(panel, key) {
    var swatch = panel.querySelector('[data-legend="' + key + '"] .swatch');
    return swatch ? getComputedStyle(swatch).backgroundColor : "#1b2430";
  }

  function popupText(properties) {
    var box = document.createElement("div");
    ["name", "case", "address", "description", "stage"].forEach(function (key) {
      if (!properties[key]) return;
      var line = document.createElement(key === "name" ? "strong" : "div");
      line.textContent = properties[key];
      box.appendChild(line);
    });
    return box;
  }

  function baseLayer(el) {
    var tiles = el.dataset.tiles;
    if (!tiles) return null;
    var options = { attribution: el.dataset.attribution || "", maxZoom: 19 };
    if (tiles.indexOf("wms:") === 0) {
      var url = new URL(tiles.slice(4));
      options.layers = url.searchParams.get("layers") || "";
      options.format = "image/png";
      url.searchParams.delete("layers");
      return L.tileLayer.wms(url.toString(), options);
    }
    return L.tileLayer(tiles, options);
  }

  function styleFor(panel) {
    return function (feature) {
      var p = feature.properties || {};
      var colour = colourOf(panel, p.legend);
      if (feature.geometry.type === "LineString") {
        return { color: colour, weight: 4, opacity: 0.8 };
      }
      return {
        color: colour, weight: 2, fillOpacity: 0.15,
        dashArray: p.area === "buffer" || p.area === "control_buffer" ? "6 4" : null,
      };
    };
  }

  function pointFor(panel) {
    return function (feature, latlng) {
      var p = feature.properties || {};
      var radius = p.kind === "hotspot" ? (p.share ? 8 + 22 * p.share : 6) : 7;
      return L.circleMarker(latlng, {
        radius: radius, color: "#fff", weight: 2,
        fillColor: colourOf(panel, p.legend), fillOpacity: 0.9,
      });
    };
  }

  function addLayer(map, panel, url, bounds, fit) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: styleFor(panel),
          pointToLayer: pointFor(panel),
          onEachFeature: function (feature, item) {
            item.bindPopup(popupText(feature.properties || {}));
            if (feature.properties && feature.properties.name) {
              item.bindTooltip(feature.properties.name);
            }
          },
        }).addTo(map);
        if (fit && layer.getLayers().length) bounds.extend(layer.getBounds());
        return layer;
      });
  }

  function drawing(map, panel, form) {
    var field = form.querySelector('[name="geometry"]');
    var shape = form.querySelector('[name="shape"]');
    var points = [];
    var preview = null;
    var active = false;
    var tools = document.createElement("div");
    tools.className = "map-tools";
    function button(text, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "small secondary";
      b.textContent = text;
      b.addEventListener("click", action);
      tools.appendChild(b);
      return b;
    }
    var status = document.createElement("span");
    status.setAttribute("aria-live", "polite");
    status.className = "small muted";
    function redraw() {
      if (preview) map.removeLayer(preview);
      preview = null;
      var colour = colourOf(panel, "drawing");
      if (points.length) {
        preview = (points.length > 2 ? L.polygon(points, { color: colour }) : L.polyline(points, { color: colour })).addTo(map);
      }
      if (points.length > 2) {
        var ring = points.map(function (p) { return [p.lng, p.lat]; });
        ring.push(ring[0]);
        field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
        shape.value = "polygon";
      } else {
        field.value = "";
      }
      status.textContent = active
        ? points.length + " corner" + (points.length === 1 ? "" : "s") + " placed; click the map to add more."
        : (points.length > 2 ? "Polygon ready: save the area below." : "");
    }
    var start = button("Draw a polygon", function () {
      active = !active;
      start.textContent = active ? "Finish drawing" : "Draw a polygon";
      start.setAttribute("aria-pressed", active ? "true" : "false");
      map.getContainer().classList.toggle("drawing", active);
      redraw();
    });
    start.setAttribute("aria-pressed", "false");
    button("Undo last corner", function () { points.pop(); redraw(); });
    button("Clear", function () { points = []; redraw(); });
    tools.appendChild(status);
    panel.insertBefore(tools, panel.firstChild);
    map.on("click", function (event) {
      if (!active) return;
      points.push(event.latlng);
      redraw();
    });
  }

  function init(panel) {
    var el = panel.querySelector("[data-map]");
    if (!el || typeof L === "undefined") return;
    var map = L.map(el, { scrollWheelZoom: false });
    var tiles = baseLayer(el);
    if (tiles) tiles.addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    var bounds = L.latLngBounds([]);
    var loads = [addLayer(map, panel, el.dataset.map, bounds, true)];
    (el.dataset.reference || "").split(" ").filter(Boolean).forEach(function (url) {
      loads.push(addLayer(map, panel, url, bounds, false).then(function (layer) {
        layer.bringToBack();
        return layer;
      }));
    });
    map.setView(PLAIN_VIEW.center, PLAIN_VIEW.zoom);
    Promise.all(loads).then(function () {
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
      el.dataset.ready = "true";
    }).catch(function () {
      el.dataset.ready = "error";
      var note = document.createElement("p");
      note.className = "error";
      note.setAttribute("role", "alert");
      note.textContent = "The map's data could not be loaded; the tables below list the same.";
      panel.appendChild(note);
    });
    if (el.dataset.draw) {
      var form = document.getElementById(el.dataset.draw);
      if (form) drawing(map, panel, form);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-map-panel]").forEach(init);
  });
})();
