// What goes wrong between a station and its team server, for real (serve.py --team,
// pouchdb-server on loopback): documents in the feed that are not Kefu's records — a body
// that claims another id, a 5 MB document, a document from a newer format — are refused,
// listed with their problem and never applied, while the sync goes on; and a fresh computer
// whose browser storage is full in the middle of its first pull keeps what it pulled in
// memory, never moves its checkpoint past what is not on disk, and finishes once there is
// room again: nothing lost, nothing pulled twice after a reload.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';
import { adminAccount, fillJoin, newCase, signInToTeam, signInWithTeam, team, teamServer, TEAM_PW, waitTeam } from './team_lib.mjs';

let srv, a, c, password, admin, teamDir, T;
before(async () => {
  T = await teamServer('team-faults');
  ({ srv, password, admin, teamDir } = T);
});
after(async () => {
  await a?.close();
  await c?.close();
  T?.stop();
});
const profile = () => T.profile();
const db = (path) => `${srv.url}/team/db/${path}`;
const joinTeam = (page) => fillJoin(page, password);

const forms = [];

test('documents that are not Kefu records arrive in the feed: refused, listed, never applied; the sync goes on', async () => {
  a = await L.launch({ userDataDir: profile() });
  await L.openApp(a.page, srv.url);
  await L.click(a.page, 'nav.settings');
  await joinTeam(a.page);
  await waitTeam(a.page, (t) => t.in_team && t.phase === 'held');  // nobody signed in to the team yet
  await adminAccount(a.page, password);  // signed in to the team; a new desk signs them in with it
  forms.push(await newCase(a.page, '135 1000 2000', '郑先生', '来电咨询：发票什么时候寄出。'));
  forms.push(await newCase(a.page, '135 1000 2001', '冯女士', '来电投诉：安装师傅迟到两小时。'));
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0);
  const before = (await L.state(a.page)).cases;

  // Documents no station would write reach the database: the team's own rules refuse them
  // from any account (docs/team-security.md), so here the server's administrator puts them
  // there (a restore gone wrong, a replication from elsewhere): the station must refuse them.
  const sa = JSON.parse(readFileSync(join(teamDir, 'server-admin.json'), 'utf8'));
  const serverAdmin = { Authorization: `Basic ${Buffer.from(`${sa.name}:${sa.password}`).toString('base64')}`, 'Content-Type': 'application/json' };
  const all = await (await fetch(db('_all_docs?include_docs=true'), { headers: admin })).json();
  const real = all.rows.map((r) => r.doc).find((d) => d.type === 'case');
  const strip = ({ _rev, ...d }) => d;  // eslint-disable-line no-unused-vars
  const hostile = [
    { ...strip(real), _id: 'case:not-what-it-says' },  // the body names another record
    { ...strip(real), _id: `case:${real.id}-big`, id: `${real.id}-big`,
      data: { ...real.data, description: { text: '长'.repeat(1_800_000) } } },  // 5.4 MB of text
    { ...strip(real), _id: `case:${real.id}-future`, id: `${real.id}-future`, kefu: 99 },  // a newer layout
  ];
  for (const d of hostile.slice(0, 2)) {  // the team's administrator cannot
    const r = await fetch(db(encodeURIComponent(d._id)), { method: 'PUT', headers: admin, body: JSON.stringify(d) });
    assert.equal(r.status, 403, `${d._id}: ${r.status} ${await r.text()}`);
  }
  for (const d of hostile) {
    const r = await fetch(db(encodeURIComponent(d._id)), { method: 'PUT', headers: serverAdmin, body: JSON.stringify(d) });
    assert.equal(r.status, 201, `${d._id}: ${r.status} ${await r.text()}`);
  }
  const t = await waitTeam(a.page, (t) => t.refused_docs.length === 3, 20000);
  assert.deepEqual(t.refused_docs.map((d) => d.id).sort(), hostile.map((d) => d._id).sort());
  const why = Object.fromEntries(t.refused_docs.map((d) => [d.id, d.problem]));
  assert.equal(why['case:not-what-it-says'], 'team.err.doc_id');
  assert.equal(why[hostile[1]._id], 'import.err.too_long');
  assert.equal(why[hostile[2]._id], 'import.err.version_newer');
  const after = (await L.state(a.page)).cases;
  assert.equal(after.total, before.total, 'nothing was applied');
  assert.deepEqual(after.form_nos, before.form_nos);
  await L.click(a.page, 'nav.settings');
  await L.scrollIntoView(a.page, 'team.refused_docs');
  await L.shot(a.page, 'team-refused-docs');
  // The sync goes on: the next case goes up and the status is not stuck.
  forms.push(await newCase(a.page, '135 1000 2002', '褚先生', '来电：修改收货地址。'));
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0);
});

test('a fresh computer whose storage fills up mid-pull keeps the pull in memory, never checkpoints past the disk, and finishes once there is room', async () => {
  c = await L.launch({ userDataDir: profile() });
  await L.openApp(c.page, srv.url, { as: null });
  await c.page.evaluate(() => {
    window.__realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
  });
  await L.click(c.page, 'auth.team');
  await joinTeam(c.page);
  await c.page.waitForFunction(() => window.kefu.state().auth.state === 'signed_out', null, { timeout: 30000 });
  await c.page.waitForFunction(() => window.kefu.state().save_state === 'failed', null, { timeout: 20000 })
    .catch(async (e) => { const s = await L.state(c.page); throw new Error(`${e.message}: ${s.save_state} ${JSON.stringify(s.toasts)} ${JSON.stringify(s.team)}`); });
  const station = (await team(c.page)).station;
  // Pulled, in memory, told plainly; the server's checkpoint has not moved.
  await signInWithTeam(c.page, L.ADMIN, TEAM_PW);
  let st = await L.state(c.page);
  for (const f of forms) assert.ok(st.cases.form_nos.includes(f), `${f} pulled (in memory)`);
  assert.match(st.toasts.at(-1)?.text ?? '', /存储空间已满/);
  assert.equal(st.toasts.filter((x) => /存储空间已满/.test(x.text)).length, 1, 'a failure repeating while it retries is said once');
  const cp = await fetch(db(`_local/kefu-${station}`), { headers: admin });
  assert.equal(cp.status, 404, 'no checkpoint while nothing is on disk');
  await L.shot(c.page, 'team-pull-quota-full');
  // Room again: the retry saves, then the checkpoint moves.
  await c.page.evaluate(() => { IDBObjectStore.prototype.put = window.__realPut; });
  await c.page.waitForFunction(() => window.kefu.state().save_state === 'saved', null, { timeout: 20000 });
  const end = performance.now() + 15000;
  let checkpoint;
  while (!(checkpoint = await (await fetch(db(`_local/kefu-${station}`), { headers: admin })).json()).last_seq) {
    if (performance.now() > end) throw new Error(`no checkpoint: ${JSON.stringify(checkpoint)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // A reload: everything is on disk, and nothing is pulled again.
  await L.openApp(c.page, srv.url);
  const t = await waitTeam(c.page, (t) => t.phase === 'synced');
  st = await L.state(c.page);
  for (const f of forms) assert.ok(st.cases.form_nos.includes(f), `${f} on disk`);
  assert.equal(new Set(st.cases.form_nos).size, st.cases.form_nos.length, 'nothing doubled');
  assert.equal(t.pulled, 0, 'nothing pulled twice');
});

test('the team database is deleted and made again (a restore gone wrong) while a station is open: it notices without a reload and uploads what the server lost', async () => {
  const port = srv.output().match(/pouchdb-server on 127\.0\.0\.1:(\d+)/)[1];
  const serverAdmin = JSON.parse(readFileSync(join(teamDir, 'server-admin.json'), 'utf8'));
  const root = `http://127.0.0.1:${port}`;
  const auth = { Authorization: `Basic ${Buffer.from(`${serverAdmin.name}:${serverAdmin.password}`).toString('base64')}` };
  await L.openApp(a.page, srv.url);
  await signInToTeam(a.page, TEAM_PW);  // the administrator, signed in again, is asked for the team sign-in
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0, 30000);
  assert.equal((await team(a.page)).forgotten, 0);
  assert.equal((await fetch(`${root}/kefu`, { method: 'DELETE', headers: auth })).status, 200);
  execFileSync('python3', [join(L.ROOT, 'scripts/prepare_couchdb.py'), root, '--server-admin', serverAdmin.name],
    { env: { ...process.env, KEFU_COUCH_PASSWORD: serverAdmin.password }, stdio: 'pipe' });
  const onServer = async () => (await (await fetch(db('_all_docs?include_docs=true'), { headers: admin })).json())
    .rows.filter((r) => r.doc.type === 'case').map((r) => r.doc.data.form_no);
  // The desk stays open. Its live feed would find out within a minute (core tests); the
  // administrator who restored the server presses 立即同步: the station reads its checkpoint,
  // finds it gone, asks the server what it lacks (_revs_diff) and uploads it.
  await L.click(a.page, 'nav.settings');
  await L.click(a.page, 'team.sync_now');
  const t = await waitTeam(a.page, (t) => t.forgotten > 0 && !t.verifying && t.phase === 'synced' && t.pending === 0, 30000);
  assert.ok(t.forgotten >= forms.length, `${t.forgotten} records uploaded again`);
  const forms2 = await onServer();
  for (const f of forms) assert.ok(forms2.includes(f), `${f} is on the server again`);
  assert.equal(new Set(forms2).size, forms2.length, 'nothing doubled');
  await L.scrollIntoView(a.page, 'team.restored');
  await L.shot(a.page, 'team-restored');
});

// One step of the case workflow on the case found by its form number.
async function answerCase(page, form, text) {
  await L.click(page, 'nav.cases');
  if ((await L.state(page)).cases.form_open) await L.click(page, 'case.back');
  await L.typeInto(page, 'cases.search', form);
  await L.settle(page);
  await L.click(page, 'cases.row.0');
  assert.equal((await L.state(page)).cases.open.form_no, form);
  await L.click(page, 'case.action.answer');
  await L.click(page, 'dlg.case.text');
  await page.keyboard.insertText(text);
  await L.settle(page);
  await L.click(page, 'dlg.case.confirm');
  await L.saved(page);
  await L.click(page, 'case.back');
}

test('before a station with its own records joins, it checks them record by record against the team, changing nothing', async () => {
  // A computer that took the team's cases home in an export and worked on one of them.
  const docs = (await (await fetch(db('_all_docs?include_docs=true'), { headers: admin })).json()).rows.map((r) => r.doc).filter((d) => d.type === 'case');
  const records = docs.map(({ _id, _rev, kefu, ...r }) => r);  // eslint-disable-line no-unused-vars
  const d = await L.launch({ userDataDir: profile() });
  try {
    await L.openApp(d.page, srv.url);
    await L.importJson(d.page, 'team-cases.json', JSON.stringify({ format: 'kefu.export', version: 1, app_version: 'test',
      exported_at: L.testNow(), counts: { case: records.length }, records }));
    await answerCase(d.page, forms[0], '本站：已当场解答。');
    await answerCase(a.page, forms[1], '团队：已当场解答。');
    await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0);
    const serverBefore = await (await fetch(db(''), { headers: admin })).json();

    await L.click(d.page, 'nav.settings');
    await L.typeInto(d.page, 'team.address', '/team/db');
    await L.typeInto(d.page, 'team.admin', 'admin');
    await L.typeInto(d.page, 'team.password', password);
    await L.click(d.page, 'team.check');
    await d.page.waitForFunction(() => window.kefu.state().team.check.done, null, { timeout: 20000 });
    const check = (await team(d.page)).check;
    const outcome = (form) => check.items.find((i) => i.id === docs.find((x) => x.data.form_no === form)._id)?.outcome;
    assert.equal(outcome(forms[0]), 'ours_newer', 'answered here: uploaded');
    assert.equal(outcome(forms[1]), 'team_newer', 'answered at A: the team\'s is taken');
    assert.equal(check.counts.same, records.length - 2, 'the rest are the same on both sides');
    assert.ok(check.counts.upload >= 1, 'this station\'s own administrator and log are new to the team');
    await L.scrollIntoView(d.page, 'team.check_result');
    await L.shot(d.page, 'team-join-check');
    // Nothing was written: not here (still alone), not on the server.
    assert.equal((await team(d.page)).in_team, false);
    const serverAfter = await (await fetch(db(''), { headers: admin })).json();
    assert.equal(serverAfter.update_seq, serverBefore.update_seq, 'the check wrote nothing to the team database');
  } finally { await d.close(); }
});
