// Installable and offline: after one visit the service worker holds the app shell, so the
// page reloads and works with the network off, the data still there; the web app manifest
// and icons are served; a new version is noticed, held back while something is being typed,
// and applied with one click once it is saved. The server serves a copy of the build, which
// the last test changes into a "new version".
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as L from './lib.mjs';

let srv, b;
const dir = mkdtempSync(join(tmpdir(), 'kefu-offline-'));
const root = mkdtempSync(join(tmpdir(), 'kefu-dist-'));
before(async () => {
  cpSync(join(L.ROOT, 'build/web/dist'), root, { recursive: true });
  srv = await L.startServer(['--root', root]);
  b = await L.launch({ userDataDir: dir, viewport: { width: 1280, height: 800 } });
  await L.openApp(b.page, srv.url);
});
after(async () => {
  await b?.close();
  srv?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

const reports = async () => (await L.state(b.page)).reports;
const saved = () => L.saved(b.page);
const controlled = () => b.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });

async function typeIntoLog(text) {
  await L.click(b.page, 'log.text');
  await L.settle(b.page);
  await b.page.keyboard.press('Control+End');
  await b.page.keyboard.insertText(text);
  await L.settle(b.page);
}

test('the app is installable: a manifest with icons, a service worker in control', async () => {
  const manifest = await b.page.evaluate(async () => {
    const link = document.querySelector('link[rel="manifest"]');
    return (await fetch(link.href)).json();
  });
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, './');
  const sizes = manifest.icons.map((i) => i.sizes);
  assert.deepEqual(sizes, ['192x192', '512x512']);
  const icon = await b.page.evaluate(async () => {
    const r = await fetch('icon-512.png');
    const img = await createImageBitmap(await r.blob());
    return [r.headers.get('content-type'), img.width, img.height];
  });
  assert.deepEqual(icon, ['image/png', 512, 512]);
  await controlled();
  const cached = await b.page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys.find((k) => k.startsWith('kefu-shell-')));
    return { keys, urls: (await cache.keys()).map((r) => new URL(r.url).pathname) };
  });
  assert.equal(cached.keys.filter((k) => k.startsWith('kefu-shell-')).length, 1);
  for (const file of ['/', '/kefu.wasm', '/kefu.js', '/fonts/kefu-cjk.ttf', '/loader.js', '/glue.js', '/style.css', '/manifest.webmanifest'])
    assert.ok(cached.urls.includes(file), `${file} is kept for offline use`);
});

test('with the network off the app reloads, works, and the data is there', async () => {
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.tab_log');
  await typeIntoLog('离线测试：断网前保存。');
  await L.click(b.page, 'log.save');
  await saved();
  assert.equal((await reports()).log.rev, 1);

  await b.context.setOffline(true);
  await b.page.reload();
  await L.openApp(b.page, srv.url);
  const timings = await b.page.evaluate(() => window.kefu.timings());
  // (The page's performance timeline belongs to the test's fake clock: ask the worker itself.)
  assert.ok(await b.page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page came from the service worker');
  console.log(`[offline] reload to first frame: ${Math.round(timings.first_frame)} ms`);
  assert.equal((await L.state(b.page)).font, 'ready', 'the Chinese font from the cache');
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.tab_log');
  let r = await reports();
  assert.equal(r.log.rev, 1);
  assert.ok(r.log.text.endsWith('离线测试：断网前保存。'));
  // Still working offline: a change is saved.
  await typeIntoLog('断网后继续记录。');
  await L.click(b.page, 'log.save');
  await saved();
  r = await reports();
  assert.equal(r.log.rev, 2);
  await L.shot(b.page, 'offline-work-log');
  await b.context.setOffline(false);
});

test('a new version is noticed, waits while something is typed, and is applied after saving', async () => {
  // The server now holds a new version: the service worker's version changes.
  const sw = readFileSync(join(root, 'sw.js'), 'utf8').replace(/const VERSION = '[^']+'/, "const VERSION = 'e2e-next'");
  writeFileSync(join(root, 'sw.js'), sw);
  writeFileSync(join(root, 'sw.js.gz'), gzipSync(sw));
  await b.page.evaluate(() => window.kefuUpdate.check());
  await b.page.waitForFunction(() => window.kefu.state().update_ready, null, { timeout: 20000 });

  // Mid-edit: the notice says to save first; clicking it does not reload.
  await typeIntoLog('正在编辑，不能被更新打断。');
  let s = await L.state(b.page);
  assert.equal(s.editing, true);
  await L.shot(b.page, 'update-waits-for-save');
  await L.click(b.page, 'status.update');
  await L.settle(b.page, 300);
  s = await L.state(b.page);
  assert.equal(s.reports.log.dirty, true, 'the edit is still on screen, no reload happened');

  // Saved: one click updates.
  await L.click(b.page, 'log.save');
  await saved();
  assert.equal((await L.state(b.page)).editing, false);
  await L.shot(b.page, 'update-ready');
  const button = await L.rect(b.page, 'status.update');
  const reloaded = b.page.waitForEvent('load', { timeout: 20000 });
  await b.page.mouse.click(button.x + button.w / 2, button.y + button.h / 2);  // the page goes away: no settling on it
  await reloaded;
  await L.openApp(b.page, srv.url);
  const keys = await b.page.evaluate(() => caches.keys());
  assert.deepEqual(keys.filter((k) => k.startsWith('kefu-shell-')), ['kefu-shell-e2e-next'], 'the old version\'s cache is gone');
  assert.equal((await L.state(b.page)).update_ready, false);
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.tab_log');
  const r = await reports();
  assert.equal(r.log.rev, 3);
  assert.ok(r.log.text.endsWith('正在编辑，不能被更新打断。'), 'nothing typed was lost');
});
