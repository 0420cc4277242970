// What the team end-to-end files share: a team server (serve.py --team: pouchdb-server on
// loopback, proxied under /team/) and the administrator's password it prints, browser
// profiles as stations, the team status poll, the join form, a case recorded by keyboard and
// a step of the case workflow.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as L from './lib.mjs';

// Starts serve.py --team with its files in a fresh folder; `profile()` makes a station's
// browser profile; `stop()` ends this server (a test that starts another stops that one
// itself) and removes every folder.
export async function teamServer(name, extraArgs = []) {
  const teamDir = mkdtempSync(join(tmpdir(), `kefu-${name}-`));
  const dirs = [teamDir];
  const srv = await L.startServer(['--team', '--team-data', teamDir, ...extraArgs]);
  const deadline = performance.now() + 30000;
  while (!/team administrator: admin {2}password: (\S+)/.test(srv.output())) {
    if (performance.now() > deadline) throw new Error(`serve.py --team printed no administrator:\n${srv.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const password = srv.output().match(/team administrator: admin {2}password: (\S+)/)[1];
  return {
    srv, password, teamDir,
    admin: { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`, 'Content-Type': 'application/json' },
    profile() { const d = mkdtempSync(join(tmpdir(), 'kefu-station-')); dirs.push(d); return d; },
    stop() { srv.stop(); for (const d of dirs) rmSync(d, { recursive: true, force: true }); },
  };
}

export const team = async (page) => (await L.state(page)).team;

// Polls the station's team status until `ok(status)` (the page's CSP allows no eval).
export async function waitTeam(page, ok, timeout = 20000) {
  const end = performance.now() + timeout;
  let t;
  while (!ok(t = await team(page))) {
    if (performance.now() > end) throw new Error(`team status never got there: ${JSON.stringify(t)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return t;
}

// The join form (Settings or the first-run screen): the server on the app's origin, the
// administrator's account; `submit` false leaves 加入团队 unpressed.
export async function fillJoin(page, password, { submit = true } = {}) {
  await L.typeInto(page, 'team.address', '/team/db');
  await L.typeInto(page, 'team.admin', 'admin');
  await L.typeInto(page, 'team.password', password);
  if (submit) await L.click(page, 'team.join');
}

// An administrator gives an agent a team account through 坐席管理 (the 开通 dialog: the team
// password twice, the team administrator's account): the desk holds the agent's PIN, so the
// account keeps it for the agent's other desks. Returns the account's name.
// `opener`: another button that opens the dialog (team.signin.make_own: Settings → 团队同步, for
// the administrator signed in here).
export async function openAccount(page, agentId, teamPassword, adminPassword, { opener } = {}) {
  await L.click(page, 'nav.settings');  // 坐席管理 is a part of it
  await page.waitForFunction(() => window.kefu.state().toasts.length === 0, null, { timeout: 15000 });
  if (opener) {
    await L.scrollIntoView(page, opener);
    await L.click(page, opener);
  } else {
    await L.scrollIntoView(page, 'agents.add');  // the table's rows are drawn once they are in view
    await L.scrollIntoView(page, `agents.team_account.${agentId}`);
    await L.click(page, `agents.team_account.${agentId}`);
  }
  await L.typeInto(page, 'team.account.password', teamPassword);
  await L.typeInto(page, 'team.account.password2', teamPassword);
  await L.typeInto(page, 'team.account.admin', 'admin');
  await L.typeInto(page, 'team.account.admin_password', adminPassword);
  await L.click(page, 'team.account.button');
  const t = await waitTeam(page, (t) => t.account_job.for === '' && !t.account_job.working, 20000);
  if (t.account_job.error) throw new Error(`no account for ${agentId}: ${t.account_job.error} ${t.account_job.detail}`);
  await L.saved(page);
  return (await L.state(page)).fields[`agents.team_account.${agentId}`];
}

// The team password of the first desk's administrator (L.ADMIN): ten characters.
export const TEAM_PW = '海内存知己天涯若比邻';

// The first desk gives its administrator a team account (PINs never go into the team
// database: a new desk signs them in with it) and, asked for the team sign-in, signs in: a
// desk's changes go up only with an agent's session (the station's own account writes nothing).
export async function adminAccount(page, adminPassword) {
  await openAccount(page, L.ADMIN.id, TEAM_PW, adminPassword);
  await signInToTeam(page, TEAM_PW);
}

// The 登录团队 dialog (asked once a sign-in, of an agent with a team account) answered with the
// team password: the desk syncs as that agent from then on.
export async function signInToTeam(page, teamPassword) {
  await waitTeam(page, (t) => t.session.signin_open);
  await page.waitForFunction(() => window.kefu.rect('team.signin.password') !== null, null, { timeout: 10000 });
  await L.settle(page);  // the dialog sizes itself over its first frames: type once it stands still
  // As a person would: if the press did not take (it landed while the dialog was still moving on
  // a busy machine), type and press again; the sign-in itself is asked once.
  for (let attempt = 0; ; attempt++) {
    await L.typeInto(page, 'team.signin.password', teamPassword);
    await L.settle(page);  // the button is enabled by the typed password, a frame later
    await L.click(page, 'team.signin.button');
    const pressed = await waitTeam(page, (t) => t.session.signing_in || t.session.account !== '' || t.session.error !== '', 5000).catch(() => null);
    if (pressed || attempt >= 2) break;
  }
  const t = await waitTeam(page, (t) => t.session.account !== '' || (t.session.error !== '' && !t.session.signing_in), 20000);
  if (!t.session.account) throw new Error(`not signed in to the team: ${t.session.error}`);
}

// The 登录团队 dialog (asked once a sign-in, of an agent with a team account) answered 稍后.
export async function later(page) {
  await waitTeam(page, (t) => t.session.signin_open);
  await L.click(page, 'team.signin.later');
  await waitTeam(page, (t) => !t.session.signin_open);
}

// Signing in at a desk that has no PIN of the agent's (PINs never go into the team database):
// the team password on the sign-in screen; the PIN comes along from the agent's account.
export async function signInWithTeam(page, who, teamPassword) {
  if ((await L.state(page)).auth.state === 'signed_out') await L.typeInto(page, 'auth.id', who.id);
  await L.settle(page);
  await L.typeInto(page, 'auth.team.password', teamPassword);
  await L.settle(page);  // the button is enabled by the typed password, a frame later
  await L.click(page, 'auth.team.submit');
  const end = performance.now() + 30000;
  for (;;) {
    const st = await L.state(page);
    if (st.auth.state === 'signed_in') break;
    if (performance.now() > end || (st.fields['auth.error'] && !st.team.desk.working)) {
      await L.shot(page, 'team-desk-signin-failed');
      throw new Error(`not signed in with the team password: ${st.fields['auth.error'] ?? ''} ${JSON.stringify(st.team.desk)} ${JSON.stringify(st.team.session)} ${JSON.stringify(st.auth)} ${st.team.phase} ${st.team.pull_state}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await L.settle(page);
}

// Clicks a text field and waits until it has the keyboard (the caret is there), as a person
// would before typing: on a busy machine the click is handled a frame or more later.
async function focus(page, id) {
  await L.click(page, id);
  await page.waitForFunction((i) => window.kefu.state().focused === i, id, { timeout: 10000 });
}

// A call recorded as a case by keyboard (F2, the mobile, the name, 技术 category, the
// description, Ctrl+S), the call ended; returns its form number.
export async function newCase(page, mobile, name, text) {
  await L.click(page, 'nav.cases');
  if ((await L.state(page)).cases.form_open) await L.click(page, 'case.back');
  await page.keyboard.press('F2');
  await L.settle(page);
  await page.keyboard.insertText(mobile);
  await focus(page, 'case.name');
  await page.keyboard.insertText(name);
  await L.click(page, 'case.category.technical');
  await focus(page, 'case.description');
  await page.keyboard.insertText(text);
  await L.settle(page);  // the text reaches the field before Ctrl+S reads it
  await page.keyboard.press('Control+S');
  await L.saved(page);
  const st = await L.state(page);
  // F2 again while the last case's description was being typed in: the new case has only its own text.
  assert.equal(st.fields['case.description'], text);
  assert.equal(st.fields['case.name'], name);
  await L.click(page, 'call.end');  // the call is over (a running call redraws its timer every second)
  return st.cases.open.form_no;
}

// One step of the case workflow through the open form's action and its dialog.
export async function act(page, action, text, { dept, person } = {}) {
  await L.click(page, `case.action.${action}`);
  if (dept) await L.click(page, `dlg.case.dept.${dept}`);
  if (person !== undefined) { await L.click(page, 'dlg.case.person'); await page.keyboard.insertText(person); await L.settle(page); }
  if (text !== undefined) { await L.click(page, 'dlg.case.text'); await page.keyboard.insertText(text); await L.settle(page); }
  await L.click(page, 'dlg.case.confirm');
  await L.saved(page);
}
