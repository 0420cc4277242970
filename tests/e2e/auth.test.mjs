// Agents and roles through the real screens: the first-run administrator, adding agents in
// Settings, sign-in and sign-out, a plain agent who cannot review, wrong PINs slowing down,
// the idle lock, and a session that survives a reload but not a new browser.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv;
const dirs = [];
before(async () => { srv = await L.startServer(); });
after(() => { srv?.stop(); for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
function profile() { const d = mkdtempSync(join(tmpdir(), 'kefu-profile-')); dirs.push(d); return d; }

const AGENT = { id: '1001', name: '张敏', pin: '135790' };
const LEAD = { id: '2001', name: '赵组长', pin: '864200' };
const saved = (page) => L.saved(page);

const addAgent = L.addAgent;
const menu = L.agentMenu;

test('first run: the administrator is created on the first screen; nothing else is reachable before', async () => {
  const dir = profile();
  let b = await L.launch({ userDataDir: dir });
  try {
    await L.openApp(b.page, srv.url, { as: null });
    let s = await L.state(b.page);
    assert.equal(s.auth.state, 'first_run');
    assert.equal(s.cases, undefined, 'the bridge shows no records before sign-in');
    assert.ok(!s.widgets.includes('nav.cases'), 'no navigation behind the first-run screen');
    await L.shot(b.page, 'auth-first-run');
    // Shortcuts do nothing here.
    await b.page.keyboard.press('F2');
    await b.page.keyboard.press('Control+K');
    await L.settle(b.page);
    assert.equal((await L.state(b.page)).auth.state, 'first_run');
    // The PINs must match.
    await L.typeInto(b.page, 'auth.id', L.ADMIN.id);
    await L.typeInto(b.page, 'auth.name', L.ADMIN.name);
    await L.typeInto(b.page, 'auth.pin', '1111');
    await L.typeInto(b.page, 'auth.pin2', '2222');
    await L.click(b.page, 'auth.submit');
    s = await L.state(b.page);
    assert.equal(s.auth.state, 'first_run');
    assert.match(s.fields['auth.error'], /两次输入的 PIN 码不一致/);
    await L.firstRun(b.page);
    s = await L.state(b.page);
    assert.equal(s.auth.agent, L.ADMIN.id);
    assert.equal(s.auth.agents, 1);
    assert.equal(s.section, 'cases');
    await L.shot(b.page, 'auth-signed-in');
    // A reload keeps this tab's session…
    await saved(b.page);
    await L.openApp(b.page, srv.url, { as: null });
    assert.equal((await L.state(b.page)).auth.state, 'signed_in');
    await b.close();
    // …a new browser does not: the sign-in screen, and the administrator's PIN opens it.
    b = await L.launch({ userDataDir: dir });
    await L.openApp(b.page, srv.url, { as: null });
    assert.equal((await L.state(b.page)).auth.state, 'signed_out');
    await L.shot(b.page, 'auth-sign-in');
    s = await L.signIn(b.page, L.ADMIN);
    assert.equal(s.auth.agent, L.ADMIN.id);
    // The access log (Settings) lists the sign-ins.
    await L.click(b.page, 'nav.settings');
    assert.ok((await L.state(b.page)).widgets.includes('agents.log'));
  } finally { await b.close(); }
});

test('agents sign in and out; a plain agent cannot review, a lead can; settings are the administrator\'s', async () => {
  const b = await L.launch({ userDataDir: profile() });
  try {
    await L.openApp(b.page, srv.url);
    await addAgent(b.page, AGENT, 0);
    await addAgent(b.page, LEAD, 1);
    let s = await L.state(b.page);
    assert.equal(s.auth.agents, 3);
    await L.shot(b.page, 'auth-agents-settings');
    await menu(b.page, 'auth.menu.sign_out');
    assert.equal((await L.state(b.page)).auth.state, 'signed_out');

    // The agent records a case and answers it on the spot.
    s = await L.signIn(b.page, AGENT);
    assert.equal(s.auth.agent, AGENT.id);
    await b.page.keyboard.press('Control+N');
    await L.settle(b.page);
    await L.typeInto(b.page, 'case.mobile', '13800001234');
    await L.typeInto(b.page, 'case.name', '陈先生');
    await L.typeInto(b.page, 'case.description', '咨询宽带套餐的资费。');
    await b.page.keyboard.press('Control+S');
    await saved(b.page);
    await L.click(b.page, 'case.action.answer');
    await L.typeInto(b.page, 'dlg.case.text', '已告知资费标准。');
    await L.click(b.page, 'dlg.case.confirm');
    await saved(b.page);
    s = await L.state(b.page);
    assert.equal(s.cases.open.status, 'answered');
    // The review button is there but not offered to an agent: clicking it opens nothing.
    await L.click(b.page, 'case.action.review');
    s = await L.state(b.page);
    assert.equal(s.cases.dialog, false, 'no review dialog for an agent');
    assert.equal(s.cases.open.status, 'answered');
    await L.shot(b.page, 'auth-agent-no-review');
    // Settings: the agent sees them, cannot change the station.
    await L.click(b.page, 'nav.settings');
    assert.ok((await L.state(b.page)).widgets.includes('settings.admin_only'));
    const before = (await L.state(b.page)).station_name;
    await L.typeInto(b.page, 'settings.station_name', '被改了');
    await b.page.keyboard.press('Enter');
    await L.settle(b.page);
    assert.equal((await L.state(b.page)).station_name, before, 'a disabled field changes nothing');

    // Lock, switch to the lead: the lead opens on the dashboard and can review.
    await menu(b.page, 'auth.menu.lock');
    assert.equal((await L.state(b.page)).auth.state, 'locked');
    await L.click(b.page, 'auth.switch');
    s = await L.signIn(b.page, LEAD);
    assert.equal(s.section, 'reports', 'a team lead starts on the dashboard');
    await L.click(b.page, 'nav.cases');
    await L.click(b.page, 'cases.row.0');
    await L.click(b.page, 'case.action.review');
    assert.equal((await L.state(b.page)).cases.dialog, true);
    await L.typeInto(b.page, 'dlg.case.text', '记录完整。');
    await L.click(b.page, 'dlg.case.confirm');
    await saved(b.page);
    assert.equal((await L.state(b.page)).cases.open.status, 'reviewed');
  } finally { await b.close(); }
});

test('wrong PINs are refused, logged and slow down; the right one still works after the wait', async () => {
  const b = await L.launch({ userDataDir: profile() });
  try {
    await L.openApp(b.page, srv.url);
    await addAgent(b.page, AGENT, 0);
    await menu(b.page, 'auth.menu.sign_out');
    const wrong = { ...AGENT, pin: '000000' };
    const waitLeft = async () => (await L.state(b.page)).auth.wait_ms;
    let s;
    // Three wrong PINs cost nothing but the message; the fourth starts a 1 s wait, the fifth 2 s, the sixth 4 s.
    for (let i = 1; i <= 6; ++i) {
      if (i > 4) await b.page.waitForFunction(() => window.kefu.state().auth.wait_ms === 0, null, { timeout: 10000 });
      s = await L.signIn(b.page, wrong, { expect: 'signed_out' });
      assert.match(s.fields['auth.error'], /PIN 码不正确/, `try ${i}`);
      if (i <= 3) assert.equal(await waitLeft(), 0, `no wait after ${i} wrong PINs`);
    }
    assert.ok(await waitLeft() > 2000, 'four seconds after the sixth wrong PIN');
    // Even the right PIN is not tried during the wait: the form says how long is left.
    s = await L.signIn(b.page, AGENT, { expect: 'signed_out' });
    assert.match(s.fields['auth.error'], /PIN 码错误次数过多，请在 \d+ 秒后再试/);
    await L.shot(b.page, 'auth-backoff');
    await b.page.waitForFunction(() => window.kefu.state().auth.wait_ms === 0, null, { timeout: 10000 });
    s = await L.signIn(b.page, AGENT);
    assert.equal(s.auth.agent, AGENT.id);
    // The administrator sees the wrong PINs in the access log.
    await menu(b.page, 'auth.menu.sign_out');
    await L.signIn(b.page, L.ADMIN);
    await L.click(b.page, 'nav.settings');
    await L.scrollIntoView(b.page, 'agents.log');
    await L.shot(b.page, 'auth-access-log');
  } finally { await b.close(); }
});

test('the idle lock: after the set minutes without input the screen locks, the PIN unlocks, nothing typed is lost', async () => {
  const b = await L.launch({ userDataDir: profile() });
  try {
    await L.openApp(b.page, srv.url);
    // One minute, the shortest setting; the page's clock is moved forward instead of waiting.
    await L.click(b.page, 'nav.settings');
    await L.typeInto(b.page, 'settings.idle_lock', '1');
    await b.page.keyboard.press('Enter');
    await saved(b.page);
    assert.equal((await L.state(b.page)).idle_lock_minutes, 1);
    await L.click(b.page, 'nav.cases');
    await b.page.keyboard.press('Control+N');
    await L.settle(b.page);
    await L.typeInto(b.page, 'case.description', '客户来电，尚未保存的描述。');
    await b.page.clock.fastForward(61_000);
    await b.page.evaluate(() => window.dispatchEvent(new Event('focus')));  // a frame without input (input would reset the timer)
    await b.page.waitForFunction(() => window.kefu.state().auth.state === 'locked', null, { timeout: 10000 });
    const s = await L.state(b.page);
    assert.equal(s.cases, undefined, 'a locked screen shows no record, not even through the bridge');
    await L.shot(b.page, 'auth-locked');
    await L.signIn(b.page, L.ADMIN);
    const after = await L.state(b.page);
    assert.equal(after.cases.creating, true);
    assert.equal(after.fields['case.description'], '客户来电，尚未保存的描述。');
  } finally { await b.close(); }
});

test('an agent changes their own PIN from the status bar; the old one stops working', async () => {
  const b = await L.launch({ userDataDir: profile() });
  try {
    await L.openApp(b.page, srv.url);
    await addAgent(b.page, AGENT, 0);
    await menu(b.page, 'auth.menu.sign_out');
    await L.signIn(b.page, AGENT);
    await menu(b.page, 'auth.menu.change_pin');
    const s = await L.state(b.page);
    assert.ok(s.widgets.includes('agents.edit.pin'));
    await L.typeInto(b.page, 'agents.edit.pin', '97531');
    await L.typeInto(b.page, 'agents.edit.pin2', '97531');
    await L.shot(b.page, 'auth-change-pin');
    await L.click(b.page, 'agents.edit.save');
    await b.page.waitForFunction(() => !window.kefu.state().widgets.includes('agents.edit.save'), null, { timeout: 15000 });
    await saved(b.page);
    await menu(b.page, 'auth.menu.sign_out');
    const old = await L.signIn(b.page, AGENT, { expect: 'signed_out' });
    assert.match(old.fields['auth.error'], /PIN 码不正确/);
    const now = await L.signIn(b.page, { ...AGENT, pin: '97531' });
    assert.equal(now.auth.agent, AGENT.id);
  } finally { await b.close(); }
});
