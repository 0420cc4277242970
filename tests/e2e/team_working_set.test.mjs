// A large centre's station keeps a working set (core/working_set.hpp), for real: serve.py
// --team (pouchdb-server, its design document's JavaScript filter), two browser profiles.
// Desk A keeps everything and has worked for 40 days: an old closed case, an old open one,
// a recent closed one. Desk B joins a fresh computer keeping 30 days: it gets the open case
// and the recent one, not the old closed one — which its agent finds on the server by the
// customer's phone, opens read-only first, and keeps. Widening B's set to everything brings
// the rest; the pull's checkpoint says which set it was made with.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';
import { act, adminAccount, fillJoin as fillJoinForm, newCase, signInToTeam, signInWithTeam, team, teamServer, TEAM_PW, waitTeam } from './team_lib.mjs';

const DAY = 86400000;
let srv, a, b, password, T;
before(async () => {
  T = await teamServer('team-ws');
  ({ srv, password } = T);
});
after(async () => {
  await a?.close();
  await b?.close();
  T?.stop();
});
const profile = () => T.profile();
const fillJoin = (page) => fillJoinForm(page, password, { submit: false });
const closeIt = async (page) => { await act(page, 'answer', '已当场解答，客户表示清楚。'); await act(page, 'close'); };
const forms = async (page) => (await L.state(page)).cases.form_nos;

let oldClosed, oldOpen, recentClosed, oldClosed2, aDir;

test('desk A keeps everything and works for 40 days', async () => {
  a = await L.launch({ userDataDir: aDir = profile() });
  await L.openApp(a.page, srv.url);
  await L.click(a.page, 'nav.settings');
  await fillJoin(a.page);
  await L.click(a.page, 'team.join');
  await waitTeam(a.page, (t) => t.in_team && t.phase === 'held');  // nobody signed in to the team yet
  assert.equal((await team(a.page)).keep_days, 0, 'everything is the default');
  await adminAccount(a.page, password);  // signed in to the team; a new desk signs them in with it
  oldClosed = await newCase(a.page, '131 0000 0001', '钱先生', '去年的来电：发票重开。');
  await closeIt(a.page);
  oldClosed2 = await newCase(a.page, '131 0000 0004', '吴女士', '去年的来电：积分兑换。');
  await closeIt(a.page);
  oldOpen = await newCase(a.page, '131 0000 0002', '孙女士', '来电投诉：退款一直没有到账，需要财务部核实。');
  // 40 days later (a day idle locks the screen): another case, closed at once.
  await a.context.clock.fastForward(40 * DAY);
  await a.page.waitForFunction(() => window.kefu.state().auth.state === 'locked', null, { timeout: 10000 });
  await L.signIn(a.page, L.ADMIN);
  recentClosed = await newCase(a.page, '131 0000 0003', '周先生', '来电咨询：会员到期时间。');
  await closeIt(a.page);
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0, 30000);
  const f = await forms(a.page);
  for (const x of [oldClosed, oldClosed2, oldOpen, recentClosed]) assert.ok(f.includes(x), `${x} at A`);
});

test('desk B joins keeping 30 days: the open case and the recent one arrive, the old closed ones stay on the server', async () => {
  b = await L.launch({ userDataDir: profile(), now: L.testNow() + 40 * DAY });
  await L.openApp(b.page, srv.url, { as: null });
  await L.click(b.page, 'auth.team');
  await fillJoin(b.page);
  await L.click(b.page, 'team.keep.30');
  await L.shot(b.page, 'team-working-set-first-run');
  await L.click(b.page, 'team.join');
  await b.page.waitForFunction(() => window.kefu.state().auth.state === 'signed_out', null, { timeout: 30000 });
  await signInWithTeam(b.page, L.ADMIN, TEAM_PW);
  const t = await waitTeam(b.page, (t) => t.phase === 'synced', 30000);
  assert.equal(t.keep_days, 30);
  assert.equal(t.working_set_unsupported, false, 'serve.py --team prepares the filter');
  const f = await forms(b.page);
  assert.ok(f.includes(oldOpen), `the open case, 40 days old, is in the working set: ${f}`);
  assert.ok(f.includes(recentClosed), 'the case closed today is in it');
  assert.ok(!f.includes(oldClosed) && !f.includes(oldClosed2), `cases closed 40 days ago are not: ${f}`);
  // The checkpoint on the server says which set it was made with.
  const admin = { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
  const cp = await (await fetch(`${srv.url}/team/db/_local/kefu-${t.station}`, { headers: admin })).json();
  assert.equal(cp.working_set_days, 30);
});

test('an older case is found on the team server by the phone the customer gives, shown read-only, and kept once opened', async () => {
  await L.click(b.page, 'nav.cases');
  await L.typeInto(b.page, 'cases.search', '13100000001');  // typed without spaces; A wrote 131 0000 0001
  // Not on this station (waited for: the list filters on a later frame than the typing).
  await b.page.waitForFunction(() => window.kefu.state().widgets.includes('cases.no_match'), null, { timeout: 10000 })
    .catch(async (e) => {
      await L.shot(b.page, 'team-working-set-no-match-failed');
      const st = await L.state(b.page);
      throw new Error(`${e.message}: search ${JSON.stringify(st.fields['cases.search'])}, forms ${JSON.stringify(st.cases.form_nos)}, auth ${st.auth.state}, widgets ${JSON.stringify(st.widgets)}, team B ${JSON.stringify(st.team)}, team A ${JSON.stringify((await L.state(a.page)).team)}`);
    });
  await L.click(b.page, 'cases.find_server');
  await b.page.waitForFunction(() => window.kefu.state().widgets.includes('cases.found'), null, { timeout: 15000 })
    .catch(async (e) => { await L.shot(b.page, 'team-working-set-find-failed'); throw new Error(`${e.message}: ${JSON.stringify((await L.state(b.page)).team)}`); });
  let st = await L.state(b.page);
  assert.equal(st.team.found.length, 1);
  assert.equal(st.team.found[0], oldClosed);
  assert.ok(!st.cases.form_nos.includes(oldClosed), 'found is not kept yet');
  await L.shot(b.page, 'team-working-set-found');
  await L.click(b.page, 'cases.found.0');
  await b.page.waitForFunction((f) => window.kefu.state().cases.open?.form_no === f, oldClosed, { timeout: 10000 });
  st = await L.state(b.page);
  assert.equal(st.cases.open.status, 'closed');
  assert.equal(st.fields['case.name'], '钱先生');
  assert.ok(st.cases.form_nos.includes(oldClosed), 'opened: kept on this station');
  await L.saved(b.page);
  await waitTeam(b.page, (t) => t.phase === 'synced' && t.pending === 0);  // taking it in pushes nothing back
  // By the customer's name too (a prefix of it).
  await L.click(b.page, 'case.back');
  await L.typeInto(b.page, 'cases.search', '吴');
  await L.click(b.page, 'cases.find_server');
  await b.page.waitForFunction(() => window.kefu.state().widgets.includes('cases.found'), null, { timeout: 15000 });
  assert.deepEqual((await team(b.page)).found, [oldClosed2]);
  // Nothing older: said plainly.
  await L.typeInto(b.page, 'cases.search', '13999999999');
  await L.click(b.page, 'cases.find_server');
  await b.page.waitForFunction(() => window.kefu.state().widgets.includes('cases.found_none'), null, { timeout: 15000 });
});

test('a report over a period older than the working set says what it covers', async () => {
  await L.click(b.page, 'nav.reports');
  await L.settle(b.page);
  assert.ok(!(await L.state(b.page)).widgets.includes('report.working_set'), 'today is inside the working set');
  await L.click(b.page, 'report.period');
  await L.settle(b.page);
  for (let i = 0; i < 3; i++) await b.page.keyboard.press('ArrowDown');  // today → last month (the list opens on its first entry)
  await b.page.keyboard.press('Enter');
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).reports.period, 'last_month');
  assert.ok((await L.state(b.page)).widgets.includes('report.working_set'), 'last month is partly older than 30 days: said so');
  await L.shot(b.page, 'team-working-set-report');
});

test('widening the working set to everything reads the feed again: the rest arrives', async () => {
  await L.click(b.page, 'nav.settings');
  await L.scrollIntoView(b.page, 'team.keep.0');
  await L.click(b.page, 'team.keep.0');
  await b.page.waitForFunction((f) => window.kefu.state().cases.form_nos.includes(f), oldClosed2, { timeout: 20000 });
  const t = await waitTeam(b.page, (t) => t.phase === 'synced' && t.pending === 0);
  assert.equal(t.keep_days, 0);
  await L.scrollIntoView(b.page, 'team.keep.0');
  await L.shot(b.page, 'team-working-set-settings');
  // 404s are answers the pull expects (no checkpoint yet); nothing else went wrong.
  for (const st of [a, b]) assert.deepEqual(st.problems.filter((x) => !/status of 404/.test(x)), []);
});

test('desk A narrows its working set to 30 days: it lets go of the old closed cases the server holds, keeps the open one, and a reload agrees', async () => {
  await L.click(a.page, 'nav.settings');
  await L.scrollIntoView(a.page, 'team.keep.30');
  await L.click(a.page, 'team.keep.30');
  const t = await waitTeam(a.page, (t) => t.keep_days === 30 && t.released >= 2 && t.phase === 'synced', 30000);
  const f = await forms(a.page);
  assert.ok(!f.includes(oldClosed) && !f.includes(oldClosed2), `closed 40 days ago: let go of (${f})`);
  assert.ok(f.includes(oldOpen), 'the open case stays, however old');
  assert.ok(f.includes(recentClosed), 'the case closed today stays');
  assert.equal(t.pending, 0, 'letting go is not a deletion: nothing goes up');
  // The team still holds them, untouched.
  const admin = { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
  const onServer = (await (await fetch(`${srv.url}/team/db/_all_docs?include_docs=true`, { headers: admin })).json())
    .rows.filter((r) => r.doc.type === 'case' && !r.doc._deleted).map((r) => r.doc.data.form_no);
  for (const x of [oldClosed, oldClosed2, oldOpen, recentClosed]) assert.ok(onServer.includes(x), `${x} on the server`);
  await L.scrollIntoView(a.page, 'team.released');
  await L.shot(a.page, 'team-working-set-released');
  // Reopened the next morning (the browser started again on the same profile): the journal
  // replays the letting go, and the narrower feed does not bring them back.
  await a.close();
  a = await L.launch({ userDataDir: aDir, now: L.testNow() + 41 * DAY });
  await L.openApp(a.page, srv.url);
  await signInToTeam(a.page, TEAM_PW);  // a new shift: the sign-in is logged, and goes up as them
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0, 30000);
  const g = await forms(a.page);
  assert.ok(!g.includes(oldClosed) && !g.includes(oldClosed2), `still let go of after a reload (${g})`);
  assert.ok(g.includes(oldOpen) && g.includes(recentClosed));
});
