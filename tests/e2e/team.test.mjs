// Two stations and one team database, for real: serve.py --team (pouchdb-server on loopback,
// proxied under /team/ on the app's origin), two browser profiles as two desks. The first
// desk joins from Settings → 团队同步 with the administrator's account serve.py printed; the
// second, a fresh computer, joins from the first-run screen and gets its agents from the
// team. A case created at one desk appears at the other, live, and the form numbers of the
// two desks never collide (their station codes are inside).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, a, b, password;
const teamDir = mkdtempSync(join(tmpdir(), 'kefu-team-'));
const dirs = [teamDir];
const profile = () => { const d = mkdtempSync(join(tmpdir(), 'kefu-station-')); dirs.push(d); return d; };

before(async () => {
  srv = await L.startServer(['--team', '--team-data', teamDir]);
  const deadline = Date.now() + 30000;
  while (!/team administrator: admin {2}password: (\S+)/.test(srv.output())) {
    if (Date.now() > deadline) throw new Error(`serve.py --team printed no administrator:\n${srv.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  password = srv.output().match(/team administrator: admin {2}password: (\S+)/)[1];
});
after(async () => {
  await a?.close();
  await b?.close();
  srv?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const team = async (page) => (await L.state(page)).team;
// Polls the station's team status until `ok(status)` (the page's CSP allows no eval).
async function waitTeam(page, ok, timeout = 20000) {
  const end = Date.now() + timeout;
  let t;
  while (!ok(t = await team(page))) {
    if (Date.now() > end) throw new Error(`team status never got there: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return t;
}

async function fillJoin(page, pw) {
  await L.typeInto(page, 'team.address', '/team/db');
  await L.typeInto(page, 'team.admin', 'admin');
  await L.typeInto(page, 'team.password', pw);
  await L.click(page, 'team.join');
}

async function newCase(page, mobile, name, text) {
  await page.keyboard.press('F2');
  await L.settle(page);
  await page.keyboard.insertText(mobile);
  await L.click(page, 'case.name');
  await page.keyboard.insertText(name);
  await L.click(page, 'case.category.technical');
  await L.click(page, 'case.description');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Control+S');
  await L.saved(page);
  return (await L.state(page)).cases.open.form_no;
}

test('the first desk joins from Settings; a wrong password is told plainly and changes nothing', async () => {
  a = await L.launch({ userDataDir: profile() });
  await L.openApp(a.page, srv.url);
  const formA0 = await newCase(a.page, '138 0000 1111', '刘先生', '加入团队之前记录的来电：发票抬头需要更正。');
  assert.match(formA0, /^KF-\d{8}-0001$/, 'a station on its own numbers as before');
  await L.click(a.page, 'nav.settings');
  await fillJoin(a.page, 'not-the-password');
  await waitTeam(a.page, (t) => t.join_error !== '');
  let t = await team(a.page);
  assert.equal(t.join_error, 'team.err.credentials');
  assert.equal(t.in_team, false);
  await L.shot(a.page, 'team-join-wrong-password');

  await fillJoin(a.page, password);
  await waitTeam(a.page, (t) => t.in_team && t.phase === 'synced');
  t = await team(a.page);
  assert.equal(t.station, 'A', 'the first desk claims code A');
  assert.equal(t.account, 'kefu-station-a', 'the station syncs as an account of its own');
  assert.equal(t.pending, 0, 'everything this desk held is on the server');
  assert.ok(t.pushed >= 3, `the earlier case, the administrator and the access log went up (${t.pushed})`);
  await L.settle(a.page);
  await L.scrollIntoView(a.page, 'team.state');
  await L.shot(a.page, 'team-settings-joined');
});

test('a fresh computer joins from the first-run screen, gets the agents, and signs in with its PIN', async () => {
  b = await L.launch({ userDataDir: profile() });
  await L.openApp(b.page, srv.url, { as: null });
  assert.equal((await L.state(b.page)).auth.state, 'first_run');
  await L.click(b.page, 'auth.team');
  await L.shot(b.page, 'team-first-run-join');
  await fillJoin(b.page, password);
  await b.page.waitForFunction(() => window.kefu.state().auth.state === 'signed_out', null, { timeout: 30000 });
  await L.signIn(b.page, L.ADMIN);
  const t = await team(b.page);
  assert.equal(t.station, 'B');
  await waitTeam(b.page, (t) => t.phase === 'synced');
  const forms = (await L.state(b.page)).cases.form_nos;
  assert.ok(forms.some((f) => /^KF-\d{8}-0001$/.test(f)), `the first desk's case is here: ${forms}`);
});

test('a case created at one desk appears at the other, live; the two desks never mint the same number', async () => {
  const formB = await newCase(b.page, '139 2222 3333', '陈女士', '来电咨询：会员积分没有到账。');
  assert.match(formB, /^KF-\d{8}-B-0001$/);
  const formA = await newCase(a.page, '137 4444 5555', '周先生', '来电投诉：快递三天未送达。');
  assert.match(formA, /^KF-\d{8}-A-0001$/);
  // No reload, no button: the live feed brings each desk the other's case.
  await a.page.waitForFunction((f) => window.kefu.state().cases.form_nos.includes(f), formB, { timeout: 15000 });
  await b.page.waitForFunction((f) => window.kefu.state().cases.form_nos.includes(f), formA, { timeout: 15000 });
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0);
  await waitTeam(b.page, (t) => t.phase === 'synced' && t.pending === 0);
  const sa = await L.state(a.page), sb = await L.state(b.page);
  assert.equal(sa.cases.total, 3);
  assert.equal(sb.cases.total, 3);
  assert.deepEqual([...sa.cases.form_nos].sort(), [...sb.cases.form_nos].sort());
  assert.ok(await L.rect(a.page, 'status.team'), 'the status bar shows the team sync');
  await L.shot(a.page, 'team-status-synced');
  // The browser logs every non-2xx answer; a wrong password (401) and a checkpoint not yet
  // written (404 for _local/…) are expected answers of the protocol, not faults.
  const faults = (p) => p.filter((x) => !/Failed to load resource: the server responded with a status of (401|404)/.test(x));
  assert.deepEqual(faults(a.problems), []);
  assert.deepEqual(faults(b.problems), []);
});
