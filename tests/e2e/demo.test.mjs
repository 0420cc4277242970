// The demo station (?mode=demo): its own IndexedDB database filled with generated demo data,
// the banner, the guided tour, reset to pristine data in under 2 s, and no way across to the
// real station (its export is refused there).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv;
let b;
before(async () => {
  srv = await L.startServer();
  b = await L.launch();
});
after(async () => { await b?.close(); srv?.stop(); });

const demoUrl = () => `${srv.url}?mode=demo`;
const DEMO_ADMIN = { id: 'D900', pin: '8888' };

test('the demo opens signed in as the demo lead, with generated data and the banner', async () => {
  await L.openApp(b.page, demoUrl(), { as: null });
  const s = await L.state(b.page);
  assert.equal(s.mode, 'demo');
  assert.equal(s.auth.agent, 'D200');
  assert.equal(s.cases.total, 240);
  assert.ok(s.widgets.includes('demo.banner'));
  assert.equal(s.mask_phones, true, 'phones are masked on a screen visitors see');
  assert.ok(s.demo.reset_ms > 0 && s.demo.reset_ms <= 2000, `generated in ${s.demo.reset_ms} ms`);
  await L.click(b.page, 'nav.cases');
  await L.shot(b.page, 'demo-cases');
});

test('the guided tour walks through the main sections', async () => {
  await L.click(b.page, 'demo.tour');
  let s = await L.state(b.page);
  assert.equal(s.demo.tour_step, 0);
  assert.equal(s.section, 'cases');
  await L.shot(b.page, 'demo-tour');
  const seen = [];
  for (let i = 0; i < 6; ++i) {
    s = await L.state(b.page);
    seen.push(s.section);
    await L.click(b.page, 'demo.tour.next');
  }
  assert.deepEqual(seen, ['cases', 'faq', 'templates', 'surveys', 'reports', 'settings']);
  assert.equal((await L.state(b.page)).demo.tour_step, -1);
});

test('a change in the demo, then reset restores the pristine data within 2 s', async () => {
  await L.click(b.page, 'nav.cases');
  await b.page.keyboard.press('Control+N');
  await L.settle(b.page);
  await L.typeInto(b.page, 'case.name', '访客试用');
  await L.typeInto(b.page, 'case.description', '演示时新建的工单。');
  await b.page.keyboard.press('Control+S');
  await L.saved(b.page);
  assert.equal((await L.state(b.page)).cases.total, 241);
  await L.click(b.page, 'case.back');
  await L.click(b.page, 'demo.reset');
  await L.click(b.page, 'demo.reset.yes');
  await L.saved(b.page);
  const s = await L.state(b.page);
  assert.equal(s.cases.total, 240);
  assert.ok(s.demo.reset_ms <= 2000, `reset in ${s.demo.reset_ms} ms`);
  assert.match(s.toasts.at(-1).text, /演示数据已恢复为初始状态/);
  await L.openApp(b.page, demoUrl(), { as: null });  // and that is what is stored
  assert.equal((await L.state(b.page)).cases.total, 240);
});

test('the real station is a separate space; the demo\'s export is refused there', async () => {
  // The demo administrator (PIN 8888, hashed like any other) exports everything.
  await L.click(b.page, 'status.agent');
  await L.click(b.page, 'auth.menu.sign_out');
  await L.signIn(b.page, DEMO_ADMIN);
  await L.click(b.page, 'nav.settings');
  const download = b.page.waitForEvent('download');
  await L.click(b.page, 'data.export_all');
  const file = readFileSync(await (await download).path(), 'utf8');
  assert.equal(JSON.parse(file).space, 'demo');
  // The real station in the same browser: nothing of the demo there.
  await L.openApp(b.page, srv.url, { as: null });
  assert.equal((await L.state(b.page)).auth.state, 'first_run', 'no demo agent reached the real station');
  await L.firstRun(b.page);
  const s = await L.state(b.page);
  assert.equal(s.mode, 'workstation');
  assert.equal(s.cases.total, 0);
  assert.ok(!s.widgets.includes('demo.banner'));
  await L.click(b.page, 'nav.settings');
  const chooser = b.page.waitForEvent('filechooser');
  await L.click(b.page, 'data.import');
  await (await chooser).setFiles({ name: 'demo.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await b.page.waitForFunction(() => window.kefu.state().import !== null);
  await L.settle(b.page);
  const plan = (await L.state(b.page)).import;
  assert.equal(plan.valid, false);
  await L.shot(b.page, 'demo-import-refused');
  await L.click(b.page, 'dlg.import.cancel');
  // And the stripped version (the mark removed by hand) is refused for its demo records.
  const stripped = JSON.parse(file);
  delete stripped.space;
  const chooser2 = b.page.waitForEvent('filechooser');
  await L.click(b.page, 'data.import');
  await (await chooser2).setFiles({ name: 'stripped.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(stripped)) });
  await b.page.waitForFunction(() => window.kefu.state().import !== null);
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).import.valid, false);
  await L.click(b.page, 'dlg.import.cancel');
  assert.equal((await L.state(b.page)).cases.total, 0);
});
