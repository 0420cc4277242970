// Two stations and one team database, for real: serve.py --team (pouchdb-server on loopback,
// proxied under /team/ on the app's origin), two browser profiles as two desks. The first
// desk joins from Settings → 团队同步 with the administrator's account serve.py printed; the
// second, a fresh computer, joins from the first-run screen and gets its agents from the
// team. A case created at one desk appears at the other, live, and the form numbers of the
// two desks never collide (their station codes are inside).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';
import { act, fillJoin, newCase, openAccount, signInToTeam, signInWithTeam, team, teamServer, TEAM_PW, waitTeam } from './team_lib.mjs';

let srv, a, b, c, password, teamDir, T;

before(async () => {
  T = await teamServer('team');
  ({ srv, password, teamDir } = T);
});
after(async () => {
  await a?.close();
  await b?.close();
  await c?.close();
  srv?.stop();  // the one running now: a test restarts the server
  T?.stop();
});
const profile = () => T.profile();

// The case list's first row (the newest case), from wherever the station is.
async function openNewest(page) {
  await L.click(page, 'nav.cases');
  if ((await L.state(page)).cases.form_open) await L.click(page, 'case.back');
  await L.click(page, 'cases.row.0');
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
  // The form says beforehand what joining does to what is here: uploaded and merged, and the
  // earlier case's number gets the station's code.
  const widgets = (await L.state(a.page)).widgets;
  assert.ok(widgets.includes('team.join_preview') && widgets.includes('team.join_renumber'), 'the join preview is shown');
  await L.shot(a.page, 'team-join-wrong-password');

  await fillJoin(a.page, password);
  // Joined: the desk reads the team with the station's own account, which writes nothing; what
  // it holds waits for someone to sign in to the team, and Settings says so.
  t = await waitTeam(a.page, (t) => t.in_team && t.phase === 'held');
  assert.equal(t.station, 'A', 'the first desk claims code A');
  assert.match(t.account, /^kefu-station-a-[a-z2-9]{6}$/, 'the station reads as an account of its own, its name not guessable');
  assert.ok(t.pending >= 3, `the earlier case, the administrator and the access log wait (${t.pending})`);
  assert.equal(t.pushed, 0);
  assert.equal((await fetch(`${srv.url}team/db/agent%3A${L.ADMIN.id}`, { headers: T.admin })).status, 404, 'nothing went up');
  assert.ok((await L.state(a.page)).widgets.includes('team.held.help'), 'Settings says what to do');
  assert.match((await L.state(a.page)).fields['status.team'] ?? '', /待登录团队后上传|wait for a team sign-in/);
  await L.settle(a.page);
  await L.scrollIntoView(a.page, 'team.state');
  await L.shot(a.page, 'team-settings-held');
  // The administrator's team account, made from there (PINs never go into the team database,
  // so the next desks sign them in with it), and the team sign-in: everything goes up as them.
  await openAccount(a.page, L.ADMIN.id, TEAM_PW, password, { opener: 'team.signin.make_own' });
  await signInToTeam(a.page, TEAM_PW);
  t = await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0, 20000);
  assert.ok(t.pushed >= 3, `the earlier case, the administrator and the access log went up (${t.pushed})`);
  assert.deepEqual(t.refused, []);
  // The case numbered before the team carries the station's code now, and its old number finds it.
  const forms = (await L.state(a.page)).cases.form_nos;
  assert.ok(forms.includes(formA0.replace(/-(\d{4})$/, '-A-$1')), `renumbered: ${forms}`);
  assert.ok(!forms.includes(formA0));
  await L.click(a.page, 'nav.settings');
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
  await signInWithTeam(b.page, L.ADMIN, TEAM_PW);
  const t = await team(b.page);
  assert.equal(t.station, 'B');
  await waitTeam(b.page, (t) => t.phase === 'synced');
  const forms = (await L.state(b.page)).cases.form_nos;
  assert.ok(forms.some((f) => /^KF-\d{8}-A-0001$/.test(f)), `the first desk's case is here: ${forms}`);
});

test('a case created at one desk appears at the other, live; the two desks never mint the same number', async () => {
  const formB = await newCase(b.page, '139 2222 3333', '陈女士', '来电咨询：会员积分没有到账。');
  assert.match(formB, /^KF-\d{8}-B-0001$/);
  const formA = await newCase(a.page, '137 4444 5555', '周先生', '来电投诉：快递三天未送达。');
  assert.match(formA, /^KF-\d{8}-A-0002$/);  // A-0001 is the case A numbered before it joined
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

test('two desks edit one case offline: other fields merge, the same field is settled by a lead, side by side', async () => {
  const form = await newCase(a.page, '136 7777 8888', '吴女士', '来电：退货运费由谁承担？');
  await b.page.waitForFunction((f) => window.kefu.state().cases.form_nos.includes(f), form, { timeout: 15000 });
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  // Each desk opens the case (the newest, first in the list) and changes it.
  for (const [st, name, field, value] of [[a, '吴晓燕', 'case.order_no', 'DD20261124001'], [b, '吴小燕', 'case.mobile', '136 7777 9999']]) {
    await openNewest(st.page);
    assert.equal((await L.state(st.page)).cases.open.form_no, form);
    await L.typeInto(st.page, 'case.name', name);
    await L.typeInto(st.page, field, value);
    await st.page.keyboard.press('Control+S');
    await L.saved(st.page);
  }
  await waitTeam(a.page, (t) => t.phase === 'offline' && t.pending >= 1);
  await L.shot(a.page, 'team-offline');
  await a.context.setOffline(false);
  await b.context.setOffline(false);
  for (const st of [a, b]) {
    await L.click(st.page, 'nav.settings');
    await L.click(st.page, 'team.sync_now');
  }
  for (const st of [a, b]) await waitTeam(st.page, (t) => t.phase === 'synced' && t.pending === 0 && t.conflicts.length === 1, 30000);
  // Different fields merged at both desks: A's order number and B's mobile are both there.
  assert.equal((await team(a.page)).conflicts[0], (await team(b.page)).conflicts[0]);
  await L.click(a.page, 'team.conflict.0');
  assert.ok(await L.rect(a.page, 'team.resolve.window'));
  await L.shot(a.page, 'team-conflict-dialog');
  await L.click(a.page, 'team.resolve.0.theirs');
  await L.click(a.page, 'team.resolve.save');
  await L.saved(a.page);
  for (const st of [a, b]) await waitTeam(st.page, (t) => t.conflicts.length === 0 && t.pending === 0, 20000);
  for (const st of [a, b]) {
    await openNewest(st.page);
    const f = (await L.state(st.page)).fields;
    assert.equal(f['case.order_no'], 'DD20261124001', 'A\'s order number reached both desks');
    assert.equal(f['case.mobile'], '136 7777 9999', 'B\'s mobile reached both desks');
    assert.equal(f['case.name'], (await L.state(a.page)).fields['case.name']);
  }
  assert.ok(['吴晓燕', '吴小燕'].includes((await L.state(a.page)).fields['case.name']));
});

test('a case open at one desk while the other changes it: the form follows when nothing is typed, and keeps what is typed', async () => {
  await openNewest(a.page);
  await openNewest(b.page);
  const form = (await L.state(a.page)).cases.open.form_no;
  await L.typeInto(b.page, 'case.order_no', 'DD20261124002');
  await b.page.keyboard.press('Control+S');
  await L.saved(b.page);
  // A typed nothing: its open form shows B's order number by itself.
  await a.page.waitForFunction(() => window.kefu.state().fields['case.order_no'] === 'DD20261124002', null, { timeout: 15000 });
  // Now A types, and B changes another field meanwhile: A is told, A's typing stays, saving merges.
  await L.typeInto(a.page, 'case.name', '吴燕（A 核实）');
  await L.typeInto(b.page, 'case.mobile', '136 7777 0000');
  await b.page.keyboard.press('Control+S');
  await L.saved(b.page);
  await a.page.waitForFunction(() => window.kefu.rect('case.changed_elsewhere') !== null, null, { timeout: 15000 });
  assert.equal((await L.state(a.page)).fields['case.name'], '吴燕（A 核实）', 'the typing is kept');
  await L.shot(a.page, 'team-changed-elsewhere');
  await a.page.keyboard.press('Control+S');
  await L.saved(a.page);
  assert.equal((await L.state(a.page)).cases.open.form_no, form);
  for (const st of [a, b]) await waitTeam(st.page, (t) => t.phase === 'synced' && t.pending === 0, 20000);
  await b.page.waitForFunction(() => window.kefu.state().fields['case.name'] === '吴燕（A 核实）', null, { timeout: 15000 });
  for (const st of [a, b]) {
    const f = (await L.state(st.page)).fields;
    assert.equal(f['case.name'], '吴燕（A 核实）');
    assert.equal(f['case.mobile'], '136 7777 0000');
    assert.equal(f['case.order_no'], 'DD20261124002');
    assert.equal((await team(st.page)).conflicts.length, 0, 'different fields: no conflict');
  }
});

test('the server stops in the middle of the work and comes back: nothing typed is lost, nothing is doubled', async () => {
  const auth = { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
  const serverCases = async () => {
    for (let attempt = 0; ; attempt++) {  // a kept-alive connection to the stopped server fails once
      try {
        const r = await fetch(`${srv.url}team/db/_all_docs?startkey=${encodeURIComponent('"case:"')}&endkey=${encodeURIComponent('"case:\ufff0"')}`, { headers: auth });
        return (await r.json()).rows.map((x) => x.id);
      } catch (e) { if (attempt >= 3) throw e; await new Promise((r) => setTimeout(r, 200)); }
    }
  };
  const before = await serverCases();
  const port = srv.port;
  // A saves and the server goes away at once (the push may or may not have left).
  const formA = await newCase(a.page, '135 1111 2222', '郑先生', '服务器停机前一刻记录的来电。');
  await srv.stop();
  await waitTeam(a.page, (t) => t.phase === 'offline', 30000);
  // Both desks keep working while it is gone.
  const formB = await newCase(b.page, '135 3333 4444', '冯女士', '服务器停机期间记录的来电。');
  const formA2 = await newCase(a.page, '135 5555 6666', '褚先生', '服务器停机期间的第二个来电。');
  const t = await waitTeam(b.page, (x) => x.phase === 'offline' && x.pending >= 1, 30000);
  assert.match(t.error, /^team\.err\.(unreachable|server)$/);
  await L.click(b.page, 'nav.settings');
  await L.shot(b.page, 'team-server-gone');
  // The same server, the same data folder, the same address.
  srv = await L.startServer(['--team', '--team-data', teamDir], { port });
  for (const st of [a, b]) {
    await L.click(st.page, 'nav.settings');
    await L.click(st.page, 'team.sync_now');
  }
  // The restarted server knows neither desk's team session (its cookie's secret is new): each
  // desk goes on receiving, keeps what it has not sent, and asks its agent for the team password.
  for (const st of [a, b]) {
    const held = await waitTeam(st.page, (x) => x.session.ended && x.session.signin_open, 30000);
    assert.equal(held.session.account, '');
    assert.ok(held.pending >= 1, 'what the server did not take waits at the desk');
    await signInToTeam(st.page, TEAM_PW);
  }
  for (const st of [a, b]) await waitTeam(st.page, (x) => x.session.account !== '' && x.phase === 'synced' && x.pending === 0, 30000);
  for (const f of [formA, formA2]) await b.page.waitForFunction((n) => window.kefu.state().cases.form_nos.includes(n), f, { timeout: 15000 });
  await a.page.waitForFunction((n) => window.kefu.state().cases.form_nos.includes(n), formB, { timeout: 15000 });
  const after = await serverCases();
  assert.equal(after.length, before.length + 3, 'three new cases on the server, each once');
  assert.equal(new Set(after).size, after.length);
  const sa = await L.state(a.page), sb = await L.state(b.page);
  assert.equal(sa.cases.total, sb.cases.total);
  assert.equal(sa.cases.total, after.length);
});

test('an idle station in a team draws nothing and only keeps its live feed open', async () => {
  // Both desks done: nothing left to upload or to do later at B (its team sign-in's PIN sync,
  // the ledger's save), and nothing new reaching A for 5 s.
  await waitTeam(b.page, (x) => x.phase === 'synced' && x.pending === 0 && x.wake_in_ms < 0, 20000);
  await waitTeam(a.page, (x) => x.phase === 'synced' && x.pending === 0);
  for (let last = -1, same = 0; same < 5;) {
    const pulled = (await team(a.page)).pulled;
    same = pulled === last ? same + 1 : 0;
    last = pulled;
    await new Promise((r) => setTimeout(r, 1000));
  }
  await L.click(a.page, 'nav.cases');
  await a.page.waitForFunction(() => window.kefu.state().toasts.length === 0, null, { timeout: 15000 });  // a toast going away draws
  // Nothing left to do at a set time either (the ledger's save after the last push is one frame).
  await waitTeam(a.page, (x) => x.phase === 'synced' && x.wake_in_ms < 0, 15000);
  await L.settle(a.page, 500);
  const requests = [];
  const listen = (r) => { if (r.url().includes('/team/')) requests.push(r.url()); };
  a.page.on('request', listen);
  const frames0 = await a.page.evaluate(() => window.kefu.frames());
  const clock0 = (await L.state(a.page)).fields['status.clock_text'];
  await new Promise((r) => setTimeout(r, 6000));
  const frames1 = await a.page.evaluate(() => window.kefu.frames());
  const clock1 = (await L.state(a.page)).fields['status.clock_text'];
  a.page.off('request', listen);
  // The status bar's clock (the app's own, at the test's stated time) turns over once a
  // minute: that one frame, and nothing else.
  assert.ok(clock0, 'the status bar shows its clock');
  assert.equal(frames1 - frames0, clock1 === clock0 ? 0 : 1, `frames drawn while idle (the clock: ${clock0} → ${clock1})`);
  assert.ok(requests.every((u) => u.includes('feed=longpoll')), `only the live feed: ${requests}`);
  assert.ok(requests.length <= 1, `no polling storm: ${requests.length} requests in 6 s`);
});

test('a write the server refuses stays at the desk, is shown with the server\'s reason, and goes up once changed', async () => {
  // The team's administrator tightens the server's rules (as issue "Team security" will):
  // cases naming 拒收测试 are refused by the validation function.
  const { name, password: pw } = JSON.parse(readFileSync(join(teamDir, 'server-admin.json'), 'utf8'));
  const pouch = srv.output().match(/pouchdb-server on 127\.0\.0\.1:(\d+)/)[1];
  const base = `http://127.0.0.1:${pouch}/kefu/_design/kefu`;
  const admin = { Authorization: `Basic ${Buffer.from(`${name}:${pw}`).toString('base64')}`, 'Content-Type': 'application/json' };
  const ddoc = await (await fetch(base, { headers: admin })).json();
  const strict = { ...ddoc, validate_doc_update: ddoc.validate_doc_update.replace(/^(function\s*\([^)]*\)\s*\{)/,
    "$1\n  if (newDoc.type === 'case' && JSON.stringify(newDoc.data || {}).indexOf('拒收测试') >= 0) throw({forbidden: '此类工单不允许上传（测试规则）'});") };
  assert.notEqual(strict.validate_doc_update, ddoc.validate_doc_update);
  assert.equal((await fetch(base, { method: 'PUT', headers: admin, body: JSON.stringify(strict) })).status, 201);
  try {
    const form = await newCase(a.page, '131 0000 9999', '拒收测试', '服务器会拒收这一张。');
    const t = await waitTeam(a.page, (x) => x.refused.length === 1, 20000);
    assert.match(t.refused[0].reason, /此类工单不允许上传/);
    assert.equal(t.pending, 0, 'a refused record is not retried until it changes');
    await L.click(a.page, 'nav.settings');
    await L.scrollIntoView(a.page, 'team.refused');
    await L.shot(a.page, 'team-refused');
    assert.ok(await L.rect(a.page, 'status.team'));
    // Still here, and still the desk's: B never got it.
    assert.ok((await L.state(a.page)).cases.form_nos.includes(form));
    assert.ok(!(await L.state(b.page)).cases.form_nos.includes(form));
    // Changed so that the rule lets it through: it goes up, and the list empties.
    await openNewest(a.page);
    await L.typeInto(a.page, 'case.name', '郑女士');
    await a.page.keyboard.press('Control+S');
    await L.saved(a.page);
    await waitTeam(a.page, (x) => x.refused.length === 0 && x.pending === 0 && x.phase === 'synced', 20000);
    await b.page.waitForFunction((f) => window.kefu.state().cases.form_nos.includes(f), form, { timeout: 15000 });
  } finally {
    const now = await (await fetch(base, { headers: admin })).json();
    await fetch(base, { method: 'PUT', headers: admin, body: JSON.stringify({ ...ddoc, _rev: now._rev }) });
  }
});

const openStatus = async (page) => (await L.state(page)).cases.open?.status;

test('the seeds\' procedure at three desks: A forwards to 技术部, B returns the solution, A replies, a third desk reviews; a desk away for a day catches up', async () => {
  // A third computer joins late: its first sync bootstraps from everything the team has.
  c = await L.launch({ userDataDir: profile() });
  await L.openApp(c.page, srv.url, { as: null });
  await L.click(c.page, 'auth.team');
  await fillJoin(c.page, password);
  await c.page.waitForFunction(() => window.kefu.state().auth.state === 'signed_out', null, { timeout: 30000 });
  await signInWithTeam(c.page, L.ADMIN, TEAM_PW);
  assert.equal((await team(c.page)).station, 'C');
  await waitTeam(c.page, (t) => t.phase === 'synced', 30000);
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0);
  assert.equal((await L.state(c.page)).cases.total, (await L.state(a.page)).cases.total, 'the new desk holds every case');

  // A records the call and forwards it to 技术部 within the 2 working hours.
  const form = await newCase(a.page, '131 0000 1111', '孙先生', '来电：App 支付成功后订单仍显示未付款。');
  await act(a.page, 'forward', undefined, { dept: 'technical', person: '技术部 刘工' });
  assert.equal(await openStatus(a.page), 'forwarded');
  // B (the department's desk) finds it forwarded and returns the solution.
  await b.page.waitForFunction((f) => window.kefu.state().cases.form_nos.includes(f), form, { timeout: 15000 });
  await openNewest(b.page);
  assert.equal((await L.state(b.page)).cases.open.form_no, form);
  await b.page.waitForFunction(() => window.kefu.state().cases.open.status === 'forwarded', null, { timeout: 15000 });
  await act(b.page, 'return_solution', '支付回调延迟，已补单，订单状态已更新为已付款。');
  // A's open form follows by itself; A replies to the customer.
  await a.page.waitForFunction(() => window.kefu.state().cases.open?.status === 'solution_returned', null, { timeout: 15000 });
  assert.match((await L.state(a.page)).fields['case.solution'], /支付回调延迟/);
  await act(a.page, 'reply', '已致电孙先生，订单显示已付款，客户满意。');
  // C, the lead's desk, reviews (审核).
  await c.page.waitForFunction((f) => window.kefu.state().cases.form_nos.includes(f), form, { timeout: 15000 });
  await openNewest(c.page);
  await c.page.waitForFunction(() => window.kefu.state().cases.open.status === 'replied', null, { timeout: 15000 });
  await act(c.page, 'review', '处理及时，回复完整。');
  await L.shot(c.page, 'team-three-desks-review');
  for (const st of [a, b]) await st.page.waitForFunction(() => window.kefu.state().cases.open?.status === 'reviewed', null, { timeout: 15000 });
  for (const st of [a, b, c]) await waitTeam(st.page, (t) => t.phase === 'synced' && t.pending === 0 && t.conflicts.length === 0);

  // C is away for a day (offline); A and B go on working.
  await c.context.setOffline(true);
  const offlineFrom = c.problems.length;
  const formA = await newCase(a.page, '131 2222 3333', '钱女士', '外出期间的来电：发票抬头需要修改。');
  const formB = await newCase(b.page, '131 4444 5555', '李先生', '外出期间的来电：会员等级未升级。');
  await waitTeam(c.page, (t) => t.phase === 'offline', 30000);
  await c.context.setOffline(false);
  const offlineTo = c.problems.length;
  // A day passes on C's clock: its waiting retry comes due by itself, nobody presses 立即同步.
  await c.context.clock.fastForward('24:00:00');
  await waitTeam(c.page, (t) => t.phase === 'synced', 90000);  // synced while nobody is signed in
  // The next morning the agent unlocks the screen (a day idle locked it) and finds them.
  assert.equal((await L.state(c.page)).auth.state, 'locked');
  await L.signIn(c.page, L.ADMIN);
  const forms = (await L.state(c.page)).cases.form_nos;
  for (const f of [formA, formB]) assert.ok(forms.includes(f), `${f} reached the desk that was away`);
  assert.equal((await L.state(c.page)).cases.total, (await L.state(a.page)).cases.total);
  // Offline, every request fails (Chromium says ERR_INTERNET_DISCONNECTED, or ERR_FAILED for
  // the checkpoint's GET); before and after, nothing but the expected 401/404 answers.
  const offline = c.problems.slice(offlineFrom, offlineTo);
  assert.deepEqual(offline.filter((x) => !/Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|FAILED)$/.test(x)), []);
  const online = [...c.problems.slice(0, offlineFrom), ...c.problems.slice(offlineTo)];
  assert.deepEqual(online.filter((x) => !/status of (401|404)/.test(x)), []);
});

test('two tabs of one station: only the writing tab syncs, and the sync moves with the writer', async () => {
  const second = await a.context.newPage();
  await second.goto(srv.url);
  await second.waitForFunction(() => window.kefu && window.kefu.ready() && window.kefu.state().read_only === true, null, { timeout: 30000 });
  await L.settle(second);
  assert.equal((await L.state(second)).team.phase, 'off', 'the read-only tab does not sync');
  await L.shot(second, 'team-second-tab');
  assert.equal((await team(a.page)).phase, 'synced', 'the writing tab still does');
  // Hand over: the first tab stops (read-only, no sync), the second reloads as the writer and syncs.
  await second.click('#tab-banner-action');
  await second.waitForFunction(() => window.kefu && window.kefu.ready() && window.kefu.state().read_only === false, null, { timeout: 30000 });
  await a.page.waitForFunction(() => window.kefu.state().read_only === true, null, { timeout: 15000 });
  await waitTeam(a.page, (x) => x.phase === 'off');
  await waitTeam(second, (x) => x.phase === 'synced', 30000);
  // A case made at B still reaches the station, now through its second tab.
  const before = (await team(second)).pulled;
  await newCase(b.page, '130 1234 0000', '秦女士', '换标签页之后的来电。');
  await waitTeam(second, (x) => x.phase === 'synced' && x.pulled > before, 30000);
  assert.equal((await team(a.page)).phase, 'off', 'the first tab stays out of it');
  await second.close();
});
