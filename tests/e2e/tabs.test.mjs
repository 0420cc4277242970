// Two tabs on one profile: only one writes. The second is read-only and says so; it can take
// over safely (the first saves everything, then becomes read-only).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b, dir;
before(async () => {
  srv = await L.startServer();
  dir = mkdtempSync(join(tmpdir(), 'kefu-tabs-'));
  b = await L.launch({ userDataDir: dir });
});
after(async () => { await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

test('a second tab is read-only, says why, and cannot change data', async () => {
  const first = b.page;
  await L.openApp(first, srv.url);
  const second = await b.context.newPage();
  const problems = [];
  second.on('pageerror', (e) => problems.push(e.message));
  await L.openApp(second, srv.url);
  assert.equal((await L.state(first)).read_only, false);
  const s2 = await L.state(second);
  assert.equal(s2.read_only, true);
  assert.equal(await second.isVisible('#tab-banner'), true);
  assert.match(await second.textContent('#tab-banner-text'), /已在另一个标签页中打开.*只能查看/);
  await L.click(second, 'nav.settings');
  await L.click(second, 'settings.station_name');
  assert.notEqual((await L.state(second)).focused, 'settings.station_name', 'fields are disabled');
  // A command from the palette is refused with a reason.
  await second.keyboard.press('Control+K');
  await L.settle(second);
  await second.keyboard.insertText('English');
  await second.keyboard.press('Enter');
  await L.settle(second);
  const after = await L.state(second);
  assert.equal(after.language, 'zh-CN', 'the change was refused');
  assert.match(after.toasts.at(-1).text, /本页为只读/);
  await L.shot(second, 'tabs-second-read-only');
  assert.deepEqual(problems, []);
});

test('"use it here" hands over safely: the first tab saves, becomes read-only; the second writes', async () => {
  const [first, second] = b.context.pages();
  await first.bringToFront();
  await L.click(first, 'nav.settings');
  await L.click(first, 'settings.station_name');
  await first.keyboard.insertText('交接前');
  await first.keyboard.press('Enter');
  await L.settle(first);
  assert.equal((await L.state(first)).station_name, '交接前');
  await second.bringToFront();
  await second.click('#tab-banner-action');
  await second.waitForFunction(() => window.kefu && window.kefu.ready() && window.kefu.state().read_only === false, null, { timeout: 20000 });
  await first.waitForFunction(() => window.kefu.state().read_only === true, null, { timeout: 10000 });
  assert.equal(await first.isVisible('#tab-banner'), true);
  const s2 = await L.state(second);
  assert.equal(s2.station_name, '交接前', 'the second tab sees what the first saved before handing over');
  await L.settle(second);
  await L.click(second, 'nav.settings');
  await L.click(second, 'settings.station_name');
  await second.keyboard.press('End');
  await second.keyboard.insertText('，交接后');
  await second.keyboard.press('Enter');
  await second.waitForFunction(() => window.kefu.state().save_state === 'saved');
  assert.equal((await L.state(second)).station_name, '交接前，交接后');
  await L.shot(first, 'tabs-first-handed-over');
});
