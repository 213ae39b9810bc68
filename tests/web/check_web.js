// The web map in a real browser: Debian's Chromium, driven by playwright-core, opens
// index.html from file:// and checks what a team lead would see. Usage:
//   node check_web.js DIR/index.html SCREENSHOT.png
// Exit 0 when every check holds; 1 with the failed checks listed.
'use strict';
const path = require('path');
const fs = require('fs');
const {chromium} = require('playwright-core');

(async () => {
  const page_path = path.resolve(process.argv[2]);
  const shot = process.argv[3];
  const failures = [];
  const check = (ok, what) => { if (!ok) failures.push(what); };
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
                                         args: ['--no-sandbox']});
  const page = await browser.newPage({viewport: {width: 390, height: 780}, isMobile: true,
                                      hasTouch: true, deviceScaleFactor: 2});
  const errors = [], requests = [];
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', e => errors.push(String(e)));
  page.on('request', r => requests.push(r.url()));
  await page.goto('file://' + page_path, {waitUntil: 'load'});
  await page.waitForFunction(() => window.hotspotMap !== undefined, null, {timeout: 20000});
  const data = await page.evaluate(() => window.HOTSPOT_MAP);
  // Every layer drawn: each switched on in turn, its features in the DOM (or its image loaded).
  for (const ly of data.layers) {
    const n = await page.evaluate(id => {
      const H = window.hotspotMap, layer = H.layers[id];
      if (!H.map.hasLayer(layer)) layer.addTo(H.map);
      if (H.meta[id].geom === 'raster') {
        const img = layer.getElement();
        if (!img) return 0;
        return new Promise(ok => {
          if (img.complete) return ok(img.naturalWidth > 0 ? 1 : 0);
          img.addEventListener('load', () => ok(img.naturalWidth > 0 ? 1 : 0));
          img.addEventListener('error', () => ok(0));
        });
      }
      return document.querySelectorAll('.hs-' + CSS.escape(id) + '-0, [class*="hs-' + id + '-"]').length;
    }, ly.id);
    const expected = ly.geom === 'raster' ? 1 : ly.data.features.filter(f => f.geometry).length;
    check(n >= Math.min(expected, 1) && (ly.geom === 'raster' || n >= expected * 0.9),
          `layer ${ly.id}: ${n} drawn of ${expected}`);
  }
  // A popup with the right values: the first buurt with a published count.
  const area = data.layers.find(l => l.kind === 'graduated' && l.geom === 'polygon');
  check(area, 'an area layer is on the map');
  if (area) {
    const f = area.data.features.find(x => typeof x.properties.n_incidents === 'number' &&
                                           x.properties.n_incidents > 0);
    await page.evaluate(id => { const H = window.hotspotMap; H.layers[id].addTo(H.map); }, area.id);
    await page.locator(`path.hs-${area.id}-${f.id}`).dispatchEvent('click');
    await page.waitForSelector('.leaflet-popup-content', {timeout: 5000});
    const cell = await page.locator('.leaflet-popup-content tr[data-field="n_incidents"] td').innerText();
    check(cell.replace(/\D/g, '') === String(f.properties.n_incidents),
          `popup n_incidents ${cell} != ${f.properties.n_incidents}`);
    const name = f.properties.buurtnaam || f.properties.wijknaam || f.properties.name;
    if (name) {
      const head = await page.locator('.leaflet-popup-content h3').innerText();
      check(head === String(name), `popup title ${head} != ${name}`);
    }
    // A withheld count says so.
    const w = area.data.features.find(x => x.properties.n_incidents === null && x.properties.suppressed);
    if (w) {
      await page.locator(`path.hs-${area.id}-${w.id}`).dispatchEvent('click');
      await page.waitForTimeout(200);
      const t = await page.locator('.leaflet-popup-content tr[data-field="n_incidents"] td').innerText();
      check(t === data.words.withheld, `withheld popup says '${t}'`);
    }
  }
  // Stops numbered in visit order.
  const stops = data.layers.find(l => l.kind === 'stops');
  if (stops) {
    const labels = await page.locator('.hs-stop-label').allInnerTexts();
    check(labels.length === stops.data.features.length, `${labels.length} stop labels`);
  }
  await page.evaluate(() => {
    const H = window.hotspotMap;
    H.map.closePopup();
    H.map.fitBounds(window.HOTSPOT_MAP.bounds, {animate: false});
  });
  await page.waitForTimeout(500);
  // Drawn, not only in the DOM: a buurt polygon lies inside the visible map.
  const box = await page.evaluate(() => {
    const r = document.querySelector('path.hs-f').getBoundingClientRect();
    return [r.width, r.height, r.left, r.top];
  });
  check(box[0] > 0 && box[1] > 0 && box[2] > -10 && box[3] > -10 && box[2] < 400 && box[3] < 800,
        'features within the visible map: ' + box.join(','));
  const legend = await page.locator('.hs-legend').textContent();
  check(legend.length > 20, 'legend present');
  await page.screenshot({path: shot});
  check(errors.length === 0, 'console errors: ' + errors.join(' | '));
  const remote = requests.filter(u => !u.startsWith('file://') && !u.startsWith('data:'));
  check(remote.length === 0, 'network requests: ' + remote.join(' '));
  await browser.close();
  if (failures.length) {
    console.error('web map checks failed:\n  ' + failures.join('\n  '));
    process.exit(1);
  }
  console.log(`web map ok: ${data.layers.length} layers, ${requests.length} local requests`);
})().catch(e => { console.error(e); process.exit(1); });
