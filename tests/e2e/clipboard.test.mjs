// Ctrl+C / Ctrl+V between Dear ImGui fields and the system clipboard, both directions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b;
before(async () => {
  srv = await L.startServer();
  b = await L.launch();
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url });
  await L.openApp(b.page, srv.url);
});
after(async () => { await b?.close(); srv?.stop(); });

const systemClipboard = () => b.page.evaluate(() => navigator.clipboard.readText());

test('copy from an app field reaches the system clipboard', async () => {
  await L.click(b.page, 'nav.settings');
  await L.click(b.page, 'settings.station_name');
  await b.page.keyboard.type('Desk 7');
  await b.page.evaluate(() => navigator.clipboard.writeText('stale'));
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.press('Control+C');
  await L.settle(b.page);
  assert.equal(await systemClipboard(), 'Desk 7');
});

test('paste from the system clipboard into another app field (Chinese text)', async () => {
  await b.page.keyboard.press('Enter');
  await b.page.evaluate(() => navigator.clipboard.writeText('大厅自助终端 ¥✓→…'));
  await b.page.keyboard.press('Control+K');
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).focused, 'palette.input');
  await b.page.keyboard.press('Control+V');
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).palette_query, '大厅自助终端 ¥✓→…');
  await L.shot(b.page, 'clipboard-paste-palette');
  await b.page.keyboard.press('Escape');
});

test('round trip: copy in one field, paste in another', async () => {
  await L.settle(b.page);
  await L.click(b.page, 'settings.station_name');
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.press('Control+C');
  await b.page.keyboard.press('Escape');
  await b.page.keyboard.press('Control+K');
  await L.settle(b.page);
  await b.page.keyboard.press('Control+V');
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).palette_query, 'Desk 7');
  assert.equal(await systemClipboard(), 'Desk 7');
  await b.page.keyboard.press('Escape');
  assert.deepEqual(b.problems, []);
});

test('a button that copies (C++ Platform::copy_to_clipboard) reaches the system clipboard', async () => {
  await L.click(b.page, 'nav.settings');
  await b.page.evaluate(() => navigator.clipboard.writeText('stale'));
  await L.click(b.page, 'settings.copy_diagnostics');
  await b.page.waitForFunction(async () => (await navigator.clipboard.readText()) !== 'stale', null, { timeout: 5000 });
  const text = await systemClipboard();
  assert.match(text, /^Kefu diagnostics\nVersion: \d+\.\d+\.\d+\nUI engine: 1\.92/);
  assert.match((await L.state(b.page)).toasts.at(-1).text, /诊断信息已复制/);
});
