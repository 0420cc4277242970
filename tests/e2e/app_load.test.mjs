// The app loads in headless Chromium: no console errors, a real (non-blank) canvas, the
// Chinese interface with the CJK font, navigation by real clicks, a strict CSP, a read-only bridge.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b;
before(async () => { srv = await L.startServer(); b = await L.launch(); });
after(async () => { await b?.close(); srv?.stop(); });

test('loads with the Chinese UI, CJK font and no console errors', async () => {
  const res = await b.page.goto(srv.url);
  const csp = res.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  await L.openApp(b.page, srv.url);
  const s = await L.state(b.page);
  assert.equal(s.font, 'ready');
  assert.equal(s.language, 'zh-CN');
  assert.equal(s.display_language, 'zh-CN');
  assert.equal(s.section, 'cases');
  for (const id of ['nav.cases', 'nav.faq', 'nav.templates', 'nav.surveys', 'nav.reports', 'nav.settings', 'status.clock'])
    assert.ok(s.widgets.includes(id), `widget ${id} is drawn`);
  assert.equal(await b.page.isHidden('#loading'), true, 'loading screen is gone');
  const c = await L.canvasColours(b.page);
  assert.equal(c.width, 1280);
  assert.ok(c.colours > 100, `canvas has real content (${c.colours} colours)`);
  await L.shot(b.page, 'app-load-cases');
  assert.deepEqual(b.problems, []);
});

test('sidebar navigation through real clicks reaches every section', async () => {
  for (const [id, section] of [['nav.faq', 'faq'], ['nav.templates', 'templates'], ['nav.surveys', 'surveys'],
                               ['nav.reports', 'reports'], ['nav.settings', 'settings'], ['nav.cases', 'cases']]) {
    await L.click(b.page, id);
    assert.equal((await L.state(b.page)).section, section);
  }
  await L.click(b.page, 'nav.settings');
  await L.shot(b.page, 'app-settings');
  assert.deepEqual(b.problems, []);
});

test('the language switch changes the UI at runtime and back', async () => {
  await L.click(b.page, 'nav.settings');
  await L.click(b.page, 'settings.lang.en');
  let s = await L.state(b.page);
  assert.equal(s.language, 'en');
  assert.equal(s.display_language, 'en');
  await L.shot(b.page, 'app-settings-en');
  await L.click(b.page, 'settings.lang.zh');
  s = await L.state(b.page);
  assert.equal(s.display_language, 'zh-CN');
});

test('an English browser starts in English', async () => {
  const en = await L.launch({ locale: 'en-US' });
  try {
    await L.openApp(en.page, srv.url);
    assert.equal((await L.state(en.page)).language, 'en');
    await L.shot(en.page, 'app-load-en');
  } finally { await en.close(); }
});

test('window.kefu is read-only: it cannot be replaced or extended, and its snapshots are copies', async () => {
  const r = await b.page.evaluate(() => {
    const out = {};
    out.frozen = Object.isFrozen(window.kefu);
    try { window.kefu = {}; } catch (_) { /* strict mode only */ }
    out.same = typeof window.kefu.state === 'function';
    const s = window.kefu.state();
    s.station_name = 'hacked';
    s.language = 'en';
    out.after = window.kefu.state();
    out.keys = Object.keys(window.kefu).sort();
    return out;
  });
  assert.equal(r.frozen, true);
  assert.equal(r.same, true);
  assert.notEqual(r.after.station_name, 'hacked');
  assert.equal(r.after.language, 'zh-CN');
  assert.deepEqual(r.keys, ['frames', 'memory', 'ready', 'rect', 'state', 'textAgent', 'timings']);
});
