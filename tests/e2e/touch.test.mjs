// Touch devices: a tap on a text field focuses the text agent inside the tap's user gesture,
// which is what makes a phone or tablet open its on-screen keyboard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as L from './lib.mjs';

let srv, ctx, dir;
before(async () => {
  srv = await L.startServer();
  dir = mkdtempSync(join(tmpdir(), 'kefu-touch-'));
  ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: L.CHROMIUM_ARGS,
    viewport: { width: 820, height: 1180 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true, locale: 'zh-CN',
  });
});
after(async () => { await ctx?.close(); rmSync(dir, { recursive: true, force: true }); srv?.stop(); });

test('tapping a text field focuses the text agent (on-screen keyboard) and typing lands in the field', async () => {
  const page = ctx.pages()[0] || await ctx.newPage();
  await L.openApp(page, srv.url);
  const nav = await L.rect(page, 'nav.settings');
  await page.touchscreen.tap(nav.x + nav.w / 2, nav.y + nav.h / 2);
  await L.settle(page);
  assert.equal((await L.state(page)).section, 'settings');
  assert.equal((await page.evaluate(() => window.kefu.textAgent())).focused, false, 'no keyboard without a text field');
  const field = await L.rect(page, 'settings.station_name');
  await page.touchscreen.tap(field.x + 20, field.y + field.h / 2);
  await L.settle(page);
  const agent = await page.evaluate(() => ({ ...window.kefu.textAgent(), active: document.activeElement.id }));
  assert.equal(agent.focused, true);
  assert.equal(agent.active, 'text-agent');
  await page.keyboard.insertText('平板');
  await L.settle(page);
  assert.equal((await L.state(page)).fields['settings.station_name'], '平板');
  await L.shot(page, 'touch-tablet');
});
