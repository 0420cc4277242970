// Kiosk mode through the real canvas: the FAQ, a request that becomes a kiosk case nobody at
// the kiosk can read back, escape attempts (Ctrl+K, Escape, F5, Ctrl+R, the back button), the
// inactivity reset, leaving with the administrator's PIN, the ?mode=kiosk bookmark and a
// crafted parameter.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv;
let b;
before(async () => {
  srv = await L.startServer();
  b = await L.launch();
  await L.openApp(b.page, srv.url);
});
after(async () => { await b?.close(); srv?.stop(); });

const saved = () => L.saved(b.page);
const kiosk = async () => (await L.state(b.page)).kiosk;
// Everything the bridge says, as text: no customer detail may appear in it.
const bridgeText = async () => JSON.stringify(await L.state(b.page));

test('an administrator switches the station to the kiosk; the bridge shows no record', async () => {
  await L.click(b.page, 'nav.settings');
  await L.click(b.page, 'settings.kiosk_now');
  const s = await L.state(b.page);
  assert.equal(s.mode, 'kiosk');
  assert.equal(s.kiosk.screen, 'home');
  assert.equal(s.cases, undefined);
  assert.equal(s.auth.agent, '', 'the administrator is no longer signed in');
  assert.ok(!s.widgets.includes('nav.cases'));
  await L.shot(b.page, 'kiosk-home');
});

test('the FAQ: search and read a published answer, with large touch targets', async () => {
  await L.click(b.page, 'kiosk.tile.faq');
  assert.equal((await kiosk()).screen, 'faq');
  const first = await L.rect(b.page, 'kiosk.faq.first');
  assert.ok(first.h >= 40, `an entry is at least 40 px tall (${first.h})`);
  await L.click(b.page, 'kiosk.faq.search');
  await b.page.keyboard.insertText('退货');
  await L.settle(b.page);
  assert.ok((await kiosk()).listed >= 1, 'a match for 退货');
  await L.click(b.page, 'kiosk.faq.first');
  assert.equal((await kiosk()).article_open, true);
  await L.shot(b.page, 'kiosk-faq-article');
  await L.click(b.page, 'kiosk.home');
  assert.equal((await kiosk()).screen, 'home');
});

test('a request is sent, then nothing of it is on screen or in the bridge', async () => {
  await L.click(b.page, 'kiosk.tile.request');
  await L.click(b.page, 'kiosk.req.submit');
  assert.match((await L.state(b.page)).fields['kiosk.req.error'], /请填写您的姓名/);
  await L.click(b.page, 'kiosk.req.name');
  await b.page.keyboard.insertText('陈志远');
  await L.click(b.page, 'kiosk.req.phone');
  await b.page.keyboard.insertText('13912345678');
  await L.click(b.page, 'kiosk.req.category.0');
  await L.click(b.page, 'kiosk.req.description');
  await b.page.keyboard.insertText('宽带每天晚上八点后掉线，希望安排师傅上门检查。');
  await L.settle(b.page);
  await L.shot(b.page, 'kiosk-request');
  await L.click(b.page, 'kiosk.req.submit');
  await saved();
  assert.equal((await kiosk()).screen, 'thanks');
  await L.shot(b.page, 'kiosk-thanks');
  const text = await bridgeText();
  for (const secret of ['陈志远', '13912345678', '宽带每天']) assert.ok(!text.includes(secret), `${secret} is not in the bridge`);
  // Starting another request shows empty fields.
  await L.click(b.page, 'kiosk.home');
  await L.click(b.page, 'kiosk.tile.request');
  const f = (await L.state(b.page)).fields;
  assert.equal(f['kiosk.req.name'], '');
  assert.equal(f['kiosk.req.phone'], '');
  assert.equal(f['kiosk.req.description'], '');
});

test('escape attempts: Ctrl+K, Escape, F5, Ctrl+R and the back button keep the kiosk', async () => {
  await b.page.evaluate(() => { window.__sameDocument = true; });
  for (const key of ['Control+K', 'Escape', 'F5', 'Control+R', 'Alt+ArrowLeft']) {
    await b.page.keyboard.press(key);
    await L.settle(b.page);
    const s = await L.state(b.page);
    assert.equal(s.mode, 'kiosk', `${key} leaves the kiosk in place`);
    assert.ok(!s.widgets.includes('palette.input'), `${key}: no command palette`);
  }
  await b.page.goBack({ timeout: 2000 }).catch(() => {});
  await L.settle(b.page);
  assert.equal(await b.page.evaluate(() => window.__sameDocument === true), true, 'no reload, no navigation away');
  assert.equal((await L.state(b.page)).mode, 'kiosk');
});

test('inactivity returns to the start screen and clears every field', async () => {
  await L.click(b.page, 'kiosk.home');
  await L.click(b.page, 'kiosk.tile.request');
  await L.click(b.page, 'kiosk.req.name');
  await b.page.keyboard.insertText('李女士');
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).fields['kiosk.req.name'], '李女士');
  await b.page.clock.fastForward(91_000);
  await b.page.evaluate(() => window.dispatchEvent(new Event('focus')));  // a frame without input
  await b.page.waitForFunction(() => window.kefu.state().kiosk.screen === 'home', null, { timeout: 10000 });
  await L.click(b.page, 'kiosk.tile.request');
  assert.equal((await L.state(b.page)).fields['kiosk.req.name'], '', 'the name typed before is gone');
  await L.click(b.page, 'kiosk.home');
});

test('a reload stays in the kiosk; leaving needs an administrator\'s PIN; the request is a kiosk case', async () => {
  await b.page.reload();
  await b.page.waitForFunction(() => window.kefu && window.kefu.ready(), null, { timeout: 30000 });
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).mode, 'kiosk');
  await L.click(b.page, 'kiosk.admin');
  assert.equal((await kiosk()).screen, 'exit');
  await L.typeInto(b.page, 'kiosk.exit.id', L.ADMIN.id);
  await L.click(b.page, 'kiosk.exit.pin');
  await b.page.keyboard.insertText('000000');
  await b.page.keyboard.press('Enter');
  await b.page.waitForFunction(() => window.kefu.state().fields['kiosk.exit.error'], null, { timeout: 15000 });
  assert.match((await L.state(b.page)).fields['kiosk.exit.error'], /PIN 码不正确/);
  assert.equal((await L.state(b.page)).mode, 'kiosk');
  await L.shot(b.page, 'kiosk-exit');
  await L.click(b.page, 'kiosk.exit.pin');
  await b.page.keyboard.insertText(L.ADMIN.pin);
  await b.page.keyboard.press('Enter');
  await b.page.waitForFunction(() => window.kefu.state().mode === 'workstation', null, { timeout: 15000 });
  await L.settle(b.page);
  const s = await L.state(b.page);
  assert.equal(s.auth.agent, L.ADMIN.id);
  assert.equal(s.cases.total, 1, 'the request became a case');
  await L.click(b.page, 'nav.cases');
  await L.click(b.page, 'cases.row.0');
  const fields = (await L.state(b.page)).fields;
  assert.equal(fields['case.name'], '陈志远');
  assert.match(fields['case.description'], /^宽带每天晚上八点后掉线/);
  await L.shot(b.page, 'kiosk-case-at-desk');
});

test('?mode=kiosk opens the kiosk; a crafted parameter is refused with a message', async () => {
  await L.click(b.page, 'case.back');
  await b.page.goto(`${srv.url}?mode=kiosk`);
  await b.page.waitForFunction(() => window.kefu && window.kefu.ready(), null, { timeout: 30000 });
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).mode, 'kiosk');
  await b.page.goto(`${srv.url}?mode=%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
  await b.page.waitForFunction(() => window.kefu && window.kefu.ready(), null, { timeout: 30000 });
  await L.settle(b.page);
  const s = await L.state(b.page);
  // The session still says kiosk (this tab was one): it stays a kiosk; the message names the parameter.
  assert.equal(s.mode, 'kiosk');
  // In the user's language (said before the font arrived); the parameter shown as plain text.
  assert.ok(s.toasts.some((t) => /mode=“<script>alert\(1\)<\/script>”无法识别/.test(t.text)), JSON.stringify(s.toasts));
});
