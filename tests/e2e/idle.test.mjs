// Idle rendering: no frames while nothing changes; input renders at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b;
before(async () => { srv = await L.startServer(); b = await L.launch(); await L.openApp(b.page, srv.url); });
after(async () => { await b?.close(); srv?.stop(); });

// The status-bar clock redraws on the minute; keep the 2 s window away from a minute boundary.
async function awayFromMinuteBoundary() {
  const sec = await b.page.evaluate(() => new Date().getSeconds());  // the page's (stated) clock
  if (sec > 54) await new Promise((r) => setTimeout(r, (61 - sec) * 1000));
}

test('no frames are rendered during 2 s without input', async () => {
  await L.settle(b.page);
  await awayFromMinuteBoundary();
  const before = await b.page.evaluate(() => window.kefu.frames());
  await b.page.waitForTimeout(2000);
  const after = await b.page.evaluate(() => window.kefu.frames());
  assert.equal(after - before, 0);
});

test('input renders at once, then the app goes idle again', async () => {
  await L.settle(b.page);
  const before = await b.page.evaluate(() => window.kefu.frames());
  await b.page.mouse.move(100, 150);
  await b.page.waitForFunction((n) => window.kefu.frames() > n, before, { timeout: 500 });
  await L.settle(b.page);
  await awayFromMinuteBoundary();
  const idle = await b.page.evaluate(() => window.kefu.frames());
  await b.page.waitForTimeout(1000);
  assert.equal(await b.page.evaluate(() => window.kefu.frames()), idle);
});
