// hotspot web map: draws window.HOTSPOT_MAP (data.js) with Leaflet. A classic script (no
// modules, no fetch): the page works from file:// without a network. Themes (area layers,
// surfaces) are shown one at a time; places, hotspot areas, routes and stops go on top.
(function () {
  'use strict';
  var D = window.HOTSPOT_MAP;
  var W = D.words;
  var map = L.map('map', {zoomSnap: 0.25, zoomControl: true, attributionControl: true});
  map.attributionControl.setPrefix(
      '<a href="leaflet/LICENSE" title="Leaflet (BSD-2-Clause)">Leaflet</a>');
  map.attributionControl.addAttribution(esc(D.source));
  map.fitBounds(D.bounds, {padding: [8, 8]});

  // Field names as a reader knows them (the column name for anything else).
  var FIELD = {
    nl: {n_incidents: 'incidenten', rate_per_1000: 'per 1.000 inwoners', density_km2: 'per km²',
         area_km2: 'oppervlakte (km²)', score: 'risicoscore', rank: 'rang', trend: 'trend',
         n_window: 'incidenten (laatste periode)', n_prev_window: 'incidenten (periode ervoor)',
         gi_class: 'hot/cold spot', lisa_cluster: 'cluster', team: 'team', seq: 'volgorde',
         stop_id: 'stop', name: 'naam', arrival: 'aankomst', departure: 'vertrek',
         aantal_inwoners: 'inwoners', n_stops: 'stops', start: 'begin', end: 'einde',
         minutes: 'minuten', value: 'waarde', suppressed: 'niet gepubliceerd'},
    en: {n_incidents: 'incidents', rate_per_1000: 'per 1,000 residents', density_km2: 'per km²',
         area_km2: 'area (km²)', score: 'risk score', rank: 'rank', trend: 'trend',
         n_window: 'incidents (last period)', n_prev_window: 'incidents (period before)',
         gi_class: 'hot/cold spot', lisa_cluster: 'cluster', team: 'team', seq: 'visit order',
         stop_id: 'stop', name: 'name', arrival: 'arrival', departure: 'departure',
         aantal_inwoners: 'residents', n_stops: 'stops', start: 'start', end: 'end',
         minutes: 'minutes', value: 'value', suppressed: 'not published'}
  }[D.lang === 'en' ? 'en' : 'nl'];
  var NAME_FIELDS = ['buurtnaam', 'wijknaam', 'name', 'naam', 'stop_id', 'hotspot_id', 'cell_id'];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }
  function rgb(hex) { return hex.slice(0, 7); }
  function alpha(hex) { return parseInt(hex.slice(7, 9), 16) / 255; }
  function fmtValue(v) {
    if (typeof v === 'number') {
      if (Number.isInteger(v))  // years and codes without a thousands separator
        return Math.abs(v) < 10000 ? String(v) : v.toLocaleString(D.lang === 'en' ? 'en-GB' : 'nl-NL');
      return v.toLocaleString(D.lang === 'en' ? 'en-GB' : 'nl-NL', {maximumSignificantDigits: 3});
    }
    return esc(v);
  }

  /// The popup of a feature: its name, then every published value; a withheld value says so.
  function popupHtml(ly, props) {
    var withheld = (props.suppressed || '').split(',').filter(Boolean);
    var head = '';
    for (var i = 0; i < NAME_FIELDS.length && !head; ++i)
      if (props[NAME_FIELDS[i]] !== undefined && props[NAME_FIELDS[i]] !== null)
        head = String(props[NAME_FIELDS[i]]);
    if (ly.kind === 'stops')
      head = W.team + ' ' + props.team + ', ' + W.stop + ' ' + props.seq + ': ' + props.stop_id;
    var rows = '';
    Object.keys(props).forEach(function (k) {
      if (k === 'suppressed') return;
      var v = props[k], text;
      if (v === null || v === undefined)
        text = withheld.indexOf(k) >= 0 ? '<i>' + esc(W.withheld) + '</i>' : '–';
      else if (typeof v === 'string' && v.length > 90)
        return;  // long notes (sources, drawing remarks) stay in the data files
      else
        text = fmtValue(v);
      rows += '<tr data-field="' + esc(k) + '"><th>' + esc(FIELD[k] || k) + '</th><td>' + text +
              '</td></tr>';
    });
    return '<div class="hs-popup"><h3>' + esc(head || ly.title) + '</h3><p class="hs-layer">' +
           esc(ly.title) + '</p><table>' + rows + '</table></div>';
  }

  function vectorLayer(ly) {
    var g = L.geoJSON(ly.data, {
      style: function (f) {
        var c = ly.colors[f.id];
        if (ly.geom === 'point')
          return {fillColor: rgb(c), fillOpacity: 1, color: '#232323', weight: 1.2};
        var s = {className: 'hs-f hs-' + ly.id + '-' + f.id, fillColor: rgb(c),
                 fillOpacity: alpha(c) * 0.8, color: '#6e6e6e', weight: 0.6, opacity: 1};
        if (ly.kind === 'gi' || ly.kind === 'lisa') s.weight = alpha(c) > 0 ? 0.3 : 0;
        if (ly.kind === 'places' || ly.kind === 'hotspots') {
          s.color = ly.kind === 'places' ? '#8c001a' : '#b30000';
          s.weight = 2;
          s.fillOpacity = ly.kind === 'places' ? 0.05 : alpha(c);
        }
        if (ly.kind === 'routes') {
          s.color = rgb(c);
          s.weight = 4;
          s.opacity = 0.9;
        }
        return s;
      },
      pointToLayer: function (f, ll) {
        var c = ly.colors[f.id];
        return L.circleMarker(ll, {radius: ly.kind === 'stops' ? 10 : 6,
                                   className: 'hs-f hs-' + ly.id + '-' + f.id,
                                   fillColor: rgb(c), fillOpacity: 1, color: '#232323',
                                   weight: 1.2});
      },
      onEachFeature: function (f, layer) {
        layer.bindPopup(function () { return popupHtml(ly, f.properties); }, {maxWidth: 320});
        if (ly.kind === 'stops' && f.properties.seq !== undefined)
          layer.bindTooltip(String(f.properties.seq),
                            {permanent: true, direction: 'center', className: 'hs-stop-label'});
        else if (ly.kind === 'places' && f.properties.name)
          layer.bindTooltip(esc(f.properties.name), {sticky: true});
      }
    });
    return g;
  }

  function rasterLayer(ly) {
    return L.imageOverlay(ly.image, ly.image_bounds,
                          {opacity: 0.85, className: 'hs-raster hs-' + ly.id, alt: ly.title});
  }

  var themes = {}, overlays = {}, byId = {}, meta = {};
  // Overlays are drawn in the order given (top first): add the bottom ones first.
  var order = D.layers.slice().reverse();
  order.forEach(function (ly) {
    var layer = ly.geom === 'raster' ? rasterLayer(ly) : vectorLayer(ly);
    byId[ly.id] = layer;
    meta[ly.id] = ly;
    var label = '<span class="hs-switch" data-layer="' + esc(ly.id) + '">' + esc(ly.title) +
                '</span>';
    if (ly.theme) themes[label] = layer; else overlays[label] = layer;
  });
  // The theme shown on opening, then the overlays (bottom first, so the stops end on top).
  var none = L.layerGroup();
  themes['<span class="hs-switch" data-layer="">' + esc(W.none) + '</span>'] = none;
  var shown = D.layers.filter(function (ly) { return ly.theme && ly.visible; })[0];
  (shown ? byId[shown.id] : none).addTo(map);
  order.forEach(function (ly) { if (!ly.theme && ly.visible) byId[ly.id].addTo(map); });

  var small = window.matchMedia && window.matchMedia('(max-width: 700px)').matches;
  L.control.layers(themes, overlays, {collapsed: true, position: 'topright'}).addTo(map);
  L.control.scale({metric: true, imperial: false, position: 'bottomleft'}).addTo(map);

  // Title panel: title, data date, what was published (and INTERN where it is not).
  var Title = L.Control.extend({
    options: {position: 'topleft'},
    onAdd: function () {
      var div = L.DomUtil.create('div', 'hs-title');
      div.innerHTML = '<h1>' + esc(D.title) + '</h1>' +
                      (D.data_date ? '<p>' + esc(D.data_date) + '</p>' : '') +
                      (D.internal ? '<p class="hs-internal">' + esc(W.internal) + '</p>' : '');
      L.DomEvent.disableClickPropagation(div);
      return div;
    }
  });
  new Title().addTo(map);

  // Legend of what is on: the theme, then the overlays.
  var Legend = L.Control.extend({
    options: {position: 'bottomright'},
    onAdd: function () {
      this._div = L.DomUtil.create('div', 'hs-legend');
      L.DomEvent.disableClickPropagation(this._div);
      L.DomEvent.disableScrollPropagation(this._div);
      this.update();
      return this._div;
    },
    update: function () {
      var html = '<details' + (small ? '' : ' open') + '><summary>' + esc(W.legend) +
                 '</summary>';
      D.layers.forEach(function (ly) {
        if (!map.hasLayer(byId[ly.id])) return;
        html += '<div class="hs-legend-layer" data-layer="' + esc(ly.id) + '"><h4>' +
                esc(ly.title) + '</h4>';
        ly.legend.forEach(function (e) {
          var swatch = ly.kind === 'routes' ? 'hs-swatch hs-line' :
                       ly.kind === 'places' ? 'hs-swatch hs-outline' : 'hs-swatch';
          html += '<div class="hs-legend-row"><span class="' + swatch + '" style="background:' +
                  (ly.kind === 'places' ? 'transparent' : rgb(e[1])) + ';opacity:' +
                  Math.max(alpha(e[1]), 0.15) + '"></span>' + esc(e[0]) + '</div>';
        });
        html += '</div>';
      });
      html += '<p class="hs-source">' + esc(D.description) + '</p></details>';
      this._div.innerHTML = html;
    }
  });
  var legend = new Legend();
  legend.addTo(map);
  map.on('baselayerchange overlayadd overlayremove', function () { legend.update(); });

  // For tests and for other pages: the map and its layers by id.
  window.hotspotMap = {map: map, layers: byId, meta: meta};
})();
