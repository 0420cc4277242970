// Agents' own team accounts, for real (issue "Team security"): serve.py --team (pouchdb-server
// on loopback), browser profiles as desks. An administrator gives an agent a team account in
// 坐席管理; the agent, signed in with the PIN, is asked for the team password once and the desk
// then syncs as them with CouchDB's cookie session (HttpOnly, SameSite=Strict; the page never
// holds the password); the server checks their writes as theirs; sign-out ends the session; a
// session the server no longer knows is asked for again, with nothing lost. A second desk knows
// the agent's account from the team's copy of the agent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';
import { adminAccount, fillJoin, later, newCase, signInToTeam, signInWithTeam, team, teamServer, TEAM_PW as ADMIN_PW, waitTeam } from './team_lib.mjs';

const ZHANG = Object.freeze({ id: '1002', name: '张敏', pin: '135790' });
const TEAM_PW = '春眠不觉晓处处闻啼鸟';  // ten characters, typed through the canvas
const NEW_PW = 'night rain, falling flowers';
let T, a, b, c;

before(async () => { T = await teamServer('accounts'); });
after(async () => {
  await a?.close();
  await b?.close();
  await c?.close();
  T?.stop();
});

const get = async (path) => {
  const r = await fetch(`${T.srv.url}team/${path}`, { headers: T.admin });
  return { status: r.status, body: await r.json() };
};
const untoasted = (page) => page.waitForFunction(() => window.kefu.state().toasts.length === 0, null, { timeout: 15000 });
// A new computer joins the team from the first-run screen and syncs; nobody signed in there yet.
async function newDesk() {
  const desk = await L.launch({ userDataDir: T.profile() });
  await L.openApp(desk.page, T.srv.url, { as: null });
  await L.click(desk.page, 'auth.team');
  await fillJoin(desk.page, T.password);
  await desk.page.waitForFunction(() => window.kefu.state().auth.state === 'signed_out', null, { timeout: 30000 });
  await waitTeam(desk.page, (t) => t.phase === 'synced', 30000);
  return desk;
}
const sessionCookie = async (desk) => (await desk.context.cookies()).find((c) => c.name === 'AuthSession' && c.value);

test('an administrator gives an agent a team account: by name on the server, in the agent record, no password kept', async () => {
  a = await L.launch({ userDataDir: T.profile() });
  await L.openApp(a.page, T.srv.url);
  await L.click(a.page, 'nav.settings');
  await fillJoin(a.page, T.password);
  await waitTeam(a.page, (t) => t.in_team && t.phase === 'held');  // nobody signed in to the team yet
  // The administrator's own account first (with the server's administrator typed in the
  // dialog), and the team sign-in: the desk's changes go up as them, and they make the others'.
  await adminAccount(a.page, T.password);
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0);
  await L.addAgent(a.page, ZHANG);
  await L.scrollIntoView(a.page, 'agents.team_account.1002');
  await L.click(a.page, 'agents.team_account.1002');
  assert.ok(await L.rect(a.page, 'team.account.window'), 'the 开通团队账号 dialog opens');
  assert.equal((await L.state(a.page)).fields['team.account.admin'], undefined, 'signed in to the team as an administrator: no administrator to type');

  // A short password is refused before anything is asked of the server.
  await L.typeInto(a.page, 'team.account.password', 'short-1');
  await L.typeInto(a.page, 'team.account.password2', 'short-1');
  await L.click(a.page, 'team.account.button');
  await waitTeam(a.page, (t) => t.account_job.error !== '');
  assert.equal((await team(a.page)).account_job.error, 'team.account.short');
  assert.equal((await get('db/_security')).body.members.names.filter((n) => n.startsWith('kefu.1002')).length, 0);

  await L.typeInto(a.page, 'team.account.password', TEAM_PW);
  await L.typeInto(a.page, 'team.account.password2', TEAM_PW);
  await L.shot(a.page, 'team-account-dialog');
  await L.click(a.page, 'team.account.button');
  await waitTeam(a.page, (t) => t.account_job.for === '' && !t.account_job.working, 20000);
  await L.saved(a.page);
  const account = (await L.state(a.page)).fields['agents.team_account.1002'];
  assert.match(account, /^kefu\.1002\.[A-Za-z0-9]{6}$/, 'kefu.<工号>.<random tag>');
  // On the server: a member by name, an agent in both tables, no admin; the record went up.
  const sec = (await get('db/_security')).body;
  assert.ok(sec.members.names.includes(account));
  assert.ok(!sec.admins.names.includes(account));
  assert.equal(sec.kefu.roles[account], 'agent');
  assert.equal((await get('db/_design/kefu')).body.kefu.roles[account], 'agent');
  await waitTeam(a.page, (t) => t.pending === 0 && t.phase === 'synced');
  assert.equal((await get('db/agent%3A1002')).body.data.team_account, account);
  // The passwords were wiped from the page's fields.
  const fields = (await L.state(a.page)).fields;
  assert.equal(fields['team.account.password'], undefined, 'the dialog is closed');
  await L.scrollIntoView(a.page, 'agents.team_account.1002');
  await L.shot(a.page, 'team-account-made');

  // 张敏 becomes a lead here: 坐席管理 shows the team's table differs, and one click brings it in line.
  await L.click(a.page, 'agents.row.1002');
  await L.click(a.page, 'agents.edit.role');
  await a.page.keyboard.press('ArrowDown');
  await a.page.keyboard.press('Enter');
  await L.settle(a.page);
  await L.click(a.page, 'agents.edit.save');
  await L.saved(a.page);
  await waitTeam(a.page, (t) => t.pending === 0);
  await untoasted(a.page);  // the toasts lie over the table's right-hand columns
  await L.click(a.page, 'agents.team_account.1002');
  assert.ok(await L.rect(a.page, 'team.account.window'), 'the role dialog opens');
  assert.equal((await L.state(a.page)).fields['team.account.password'], undefined, 'no password asked for a role');
  await L.shot(a.page, 'team-account-role');
  await L.click(a.page, 'team.account.button');
  await waitTeam(a.page, (t) => t.account_job.for === '' && !t.account_job.working, 20000);
  assert.equal((await team(a.page)).account_job.error, '');
  assert.equal((await get('db/_security')).body.kefu.roles[account], 'lead');
  assert.equal((await get('db/_design/kefu')).body.kefu.roles[account], 'lead');
});

test('an agent who answers 稍后 works on; the desk keeps their changes; the next agent to sign in to the team uploads them on their behalf, and the history says so', async () => {
  await L.agentMenu(a.page, 'auth.menu.sign_out');  // the administrator's team session ends with it
  await L.signIn(a.page, ZHANG);
  await later(a.page);
  const form = await newCase(a.page, '135 0000 7777', '韩女士', '来电：发票已开，需改寄到公司地址。');
  let t = await waitTeam(a.page, (t) => t.phase === 'held' && t.pending >= 1);
  assert.match((await L.state(a.page)).fields['status.team'], /条待登录团队后上传/);
  const onServer = async () => (await get('db/_all_docs?include_docs=true&startkey=%22case%3A%22&endkey=%22case%3A%EF%BF%B0%22'))
    .body.rows.map((r) => r.doc).find((d) => d.data.form_no === form);
  assert.equal(await onServer(), undefined, 'nothing went up as the station');
  await L.shot(a.page, 'team-held-status');
  // 张敏 goes; the administrator signs in here, and in to the team.
  await L.agentMenu(a.page, 'auth.menu.sign_out');
  await L.signIn(a.page, L.ADMIN);
  await signInToTeam(a.page, ADMIN_PW);
  t = await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0, 20000);
  assert.deepEqual(t.refused, []);
  const doc = await onServer();
  assert.ok(doc, `${form} is on the server`);
  assert.equal(doc.history[0].by.agent_id, ZHANG.id, 'still 张敏\'s change');
  assert.equal(doc.history[0].via?.agent_id, L.ADMIN.id, 'sent by the administrator, who says so');
  // The desk's history says it too.
  await L.click(a.page, 'nav.cases');
  if ((await L.state(a.page)).cases.form_open) await L.click(a.page, 'case.back');
  await L.click(a.page, 'cases.row.0');
  assert.equal((await L.state(a.page)).cases.open.form_no, form);
  await L.scrollIntoView(a.page, 'case.history');
  assert.match((await L.state(a.page)).fields['case.history'], /张敏（由王管理代为上传）/);
  await L.shot(a.page, 'team-relayed-history');
  await L.click(a.page, 'case.back');
});

test('the agent signs in with the PIN, then the team password once: the desk syncs as them with an HttpOnly cookie', async () => {
  await L.agentMenu(a.page, 'auth.menu.sign_out');
  await L.signIn(a.page, ZHANG);
  await waitTeam(a.page, (t) => t.session.signin_open);
  assert.ok(await L.rect(a.page, 'team.signin.window'), 'asked for the team password after the PIN');
  await L.shot(a.page, 'team-signin-dialog');

  await L.typeInto(a.page, 'team.signin.password', 'not the team password');
  await L.click(a.page, 'team.signin.button');
  await waitTeam(a.page, (t) => t.session.error !== '' && !t.session.signing_in);
  assert.equal((await team(a.page)).session.error, 'team.signin.wrong');
  assert.equal(await sessionCookie(a), undefined, 'no session after a wrong password');

  const t0 = performance.now();
  await L.typeInto(a.page, 'team.signin.password', TEAM_PW);
  await L.click(a.page, 'team.signin.button');
  let t = await waitTeam(a.page, (t) => t.session.account !== '');
  console.log(`# team sign-in through the canvas: ${Math.round(performance.now() - t0)} ms`);
  assert.equal(t.session.agent, ZHANG.id);
  assert.equal(t.session.role, 'lead');
  assert.equal(t.session.signin_open, false);
  const cookie = await sessionCookie(a);
  assert.ok(cookie, 'the server set its session cookie');
  assert.equal(cookie.httpOnly, true, 'the page cannot read it');
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(await a.page.evaluate(() => document.cookie), '', 'nothing the page can read');

  // A case recorded by the agent goes up as the agent: the server's validation saw kefu.1002…
  // write an entry by 1002 (an entry by anyone else would have been refused).
  const form = await newCase(a.page, '135 1111 2222', '郑先生', '来电咨询：发票已开但未收到。');
  t = await waitTeam(a.page, (t) => t.pending === 0 && t.phase === 'synced', 20000);
  assert.deepEqual(t.refused, []);
  const rows = (await get('db/_all_docs?include_docs=true&startkey=%22case%3A%22&endkey=%22case%3A%EF%BF%B0%22')).body.rows;
  const doc = rows.map((r) => r.doc).find((d) => d.data.form_no === form);
  assert.ok(doc, `the case ${form} is on the server`);
  assert.equal(doc.history.at(-1).by.agent_id, ZHANG.id);
  await L.click(a.page, 'nav.settings');
  await L.scrollIntoView(a.page, 'team.signin.row');
  await L.shot(a.page, 'team-signed-in-as-agent');
});

test('a session the server no longer knows is asked for again; the agent changes their team password; sign-out ends it', async () => {
  // The cookie gone (expired on the server, or the browser dropped it): the next request is refused.
  await a.context.clearCookies();
  await L.click(a.page, 'team.sync_now');
  let t = await waitTeam(a.page, (t) => t.session.ended && t.session.signin_open, 20000);
  assert.equal(t.session.account, '');
  t = await waitTeam(a.page, (t) => t.phase === 'synced', 20000);  // meanwhile receiving only: nothing of its own waits
  await L.typeInto(a.page, 'team.signin.password', TEAM_PW);
  await L.click(a.page, 'team.signin.button');
  t = await waitTeam(a.page, (t) => t.session.account !== '');
  assert.ok(await sessionCookie(a));

  // The agent changes their own team password: only with the current one; the desk stays signed in.
  const account = t.session.account;
  await L.agentMenu(a.page, 'auth.menu.team_password');
  assert.ok(await L.rect(a.page, 'team.password.window'));
  for (const [current, error] of [['not the current password', 'team.password.wrong_current'], [TEAM_PW, '']]) {
    await L.typeInto(a.page, 'team.password.current', current);
    await L.typeInto(a.page, 'team.password.new', NEW_PW);
    await L.typeInto(a.page, 'team.password.new2', NEW_PW);
    if (!error) await L.shot(a.page, 'team-password-dialog');
    await L.click(a.page, 'team.password.button');
    t = await waitTeam(a.page, (t) => !t.password_job.working && (t.password_job.error !== '' || !t.password_job.open), 20000);
    assert.equal(t.password_job.error, error);
  }
  t = await waitTeam(a.page, (t) => t.session.account === account && t.phase === 'synced', 20000);
  const signInWith = async (password) => (await fetch(`${T.srv.url}team/_session`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: account, password }) })).status;
  assert.equal(await signInWith(TEAM_PW), 401, 'the old team password no longer signs in');
  assert.equal(await signInWith(NEW_PW), 200);

  await L.agentMenu(a.page, 'auth.menu.sign_out');
  t = await waitTeam(a.page, (t) => t.session.account === '');
  await a.page.waitForFunction(() => true);
  const end = performance.now() + 5000;
  while (await sessionCookie(a) && performance.now() < end) await new Promise((r) => setTimeout(r, 100));
  assert.equal(await sessionCookie(a), undefined, 'sign-out dropped the cookie');
});

test('a second desk knows the agent\'s account from the team: PIN, then the team password', async () => {
  b = await newDesk();
  // No PIN of 张敏's here (PINs never go into the team database): the team password instead.
  await L.typeInto(b.page, 'auth.id', ZHANG.id);
  await L.settle(b.page);
  await L.shot(b.page, 'team-desk-signin');
  assert.ok(!(await L.rect(b.page, 'auth.pin')), 'no PIN pad for an agent whose PIN is not here');
  assert.ok(await L.rect(b.page, 'auth.team.password'), 'the team password instead');
  await signInWithTeam(b.page, ZHANG, NEW_PW);
  const t = await waitTeam(b.page, (t) => t.session.account !== '');
  assert.match(t.session.account, /^kefu\.1002\./);
  assert.equal(t.session.signin_open, false, 'signed in to the team already: not asked again');
  await waitTeam(b.page, (t) => t.phase === 'synced' && t.pending === 0, 20000);
  // The PIN came with the account: from now on it signs 张敏 in here.
  await L.agentMenu(b.page, 'auth.menu.sign_out');
  await L.signIn(b.page, ZHANG);
  assert.equal((await L.state(b.page)).auth.agent, ZHANG.id);
  // The team's copy of 张敏 holds no PIN hash, nor does its history.
  const doc = (await get('db/agent%3A1002')).body;
  assert.equal(doc.data.pin, undefined);
  assert.ok(!JSON.stringify(doc.history).includes('"pin"'), 'no PIN in the history either');
  const faults = (p) => p.filter((x) => !/Failed to load resource: the server responded with a status of (401|404)/.test(x));
  assert.deepEqual(faults(b.problems), []);
});

test('an account that holds no PIN yet (made before PINs followed the agents): at a new desk the agent chooses one after the team password, and it goes to the account', async () => {
  // The server administrator takes the PIN out of 张敏's account, as accounts made before were.
  const { name, password } = JSON.parse(readFileSync(join(T.teamDir, 'server-admin.json'), 'utf8'));
  const port = T.srv.output().match(/pouchdb-server on 127\.0\.0\.1:(\d+)/)[1];
  const auth = { Authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`, 'Content-Type': 'application/json' };
  const account = (await get('db/agent%3A1002')).body.data.team_account;
  const userPath = `http://127.0.0.1:${port}/_users/${encodeURIComponent(`org.couchdb.user:${account}`)}`;
  const user = async () => (await fetch(userPath, { headers: auth })).json();
  const { kefu_pin: old, ...without } = await user();
  assert.ok(old, 'the account held a PIN');
  assert.equal((await fetch(userPath, { method: 'PUT', headers: auth, body: JSON.stringify(without) })).status, 201);

  c = await newDesk();
  await L.typeInto(c.page, 'auth.id', ZHANG.id);
  await L.typeInto(c.page, 'auth.team.password', NEW_PW);
  await L.settle(c.page);
  await L.click(c.page, 'auth.team.submit');
  await c.page.waitForFunction(() => window.kefu.state().team.desk.need_pin, null, { timeout: 30000 });
  assert.equal((await L.state(c.page)).auth.state, 'signed_out', 'not in before a PIN is chosen');
  await L.shot(c.page, 'team-desk-choose-pin');
  // A PIN typed twice differently is refused, plainly; then the same one twice.
  const CHOSEN = '246813';
  await L.typeInto(c.page, 'auth.pin', CHOSEN);
  await L.typeInto(c.page, 'auth.pin2', '246810');
  await L.click(c.page, 'auth.team.submit');
  assert.match((await L.state(c.page)).fields['auth.error'] ?? '', /两次/);
  await L.typeInto(c.page, 'auth.pin', CHOSEN);
  await L.typeInto(c.page, 'auth.pin2', CHOSEN);
  await L.click(c.page, 'auth.team.submit');
  await c.page.waitForFunction(() => window.kefu.state().auth.state === 'signed_in', null, { timeout: 30000 });
  assert.equal((await L.state(c.page)).auth.agent, ZHANG.id);
  // The chosen PIN goes to the account (newer than none), so the next new desk gets it.
  const end = performance.now() + 20000;
  let pin;
  while (!(pin = (await user()).kefu_pin) && performance.now() < end) await new Promise((r) => setTimeout(r, 200));
  assert.ok(pin && pin.hash && pin.hash !== old.hash, 'the chosen PIN is in the account');
  // And it signs 张敏 in here from now on.
  await L.agentMenu(c.page, 'auth.menu.sign_out');
  await L.signIn(c.page, { ...ZHANG, pin: CHOSEN });
  assert.equal((await L.state(c.page)).auth.agent, ZHANG.id);
});

test('a forgotten team password: the administrator gives the agent a new account; the old one reads nothing; the agent signs in with the new password', async () => {
  const RESET_PW = '白日依山尽黄河入海流';
  const oldAccount = (await get('db/agent%3A1002')).body.data.team_account;
  await L.signIn(a.page, L.ADMIN);
  await signInToTeam(a.page, ADMIN_PW);
  await L.click(a.page, 'nav.settings');
  await untoasted(a.page);
  await L.scrollIntoView(a.page, 'agents.add');
  await L.scrollIntoView(a.page, 'agents.team_account.reset.1002');
  await L.shot(a.page, 'team-account-reset-row');
  await L.click(a.page, 'agents.team_account.reset.1002');
  assert.ok(await L.rect(a.page, 'team.account.window'), 'the reset dialog opens');
  await L.typeInto(a.page, 'team.account.password', RESET_PW);
  await L.typeInto(a.page, 'team.account.password2', RESET_PW);
  await L.shot(a.page, 'team-account-reset-dialog');
  await L.click(a.page, 'team.account.button');
  const t = await waitTeam(a.page, (t) => t.account_job.for === '' && !t.account_job.working, 20000);
  assert.equal(t.account_job.error, '');
  await L.saved(a.page);
  const newAccount = (await L.state(a.page)).fields['agents.team_account.1002'];
  assert.match(newAccount, /^kefu\.1002\.[A-Za-z0-9]{6}$/);
  assert.notEqual(newAccount, oldAccount);
  assert.ok((await L.state(a.page)).toasts.some((x) => x.text.includes(newAccount)), 'the desk says it, with the new account');
  // On the server: the new account in, the old one out of every table; the record says the new one.
  const sec = (await get('db/_security')).body;
  assert.equal(sec.kefu.roles[newAccount], 'lead');
  assert.equal(sec.kefu.roles[oldAccount], undefined);
  assert.ok(!sec.members.names.includes(oldAccount) && !sec.admins.names.includes(oldAccount));
  assert.equal((await get('db/_design/kefu')).body.kefu.roles[oldAccount], undefined);
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0, 20000);
  assert.equal((await get('db/agent%3A1002')).body.data.team_account, newAccount);
  // The old account, with the password someone might have found, reads nothing.
  const port = T.srv.output().match(/pouchdb-server on 127\.0\.0\.1:(\d+)/)[1];
  const asOld = { Authorization: `Basic ${Buffer.from(`${oldAccount}:${NEW_PW}`).toString('base64')}` };
  for (const path of ['kefu/_all_docs', 'kefu/_changes', 'kefu/_security']) {
    const r = await fetch(`http://127.0.0.1:${port}/${path}`, { headers: asOld });
    assert.ok([401, 403].includes(r.status), `the old account: ${path} → ${r.status}`);
  }
  // 张敏 signs in here: the old password no longer opens the team, the new one does.
  await L.agentMenu(a.page, 'auth.menu.sign_out');
  await L.signIn(a.page, ZHANG);
  await waitTeam(a.page, (t) => t.session.signin_open);
  await L.typeInto(a.page, 'team.signin.password', NEW_PW);
  await L.click(a.page, 'team.signin.button');
  await waitTeam(a.page, (t) => t.session.error !== '' && !t.session.signing_in);
  await signInToTeam(a.page, RESET_PW);
  assert.equal((await team(a.page)).session.account, newAccount);
});
