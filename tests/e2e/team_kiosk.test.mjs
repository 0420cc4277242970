// A kiosk of a team, for real (issue "Team security", item 4): serve.py --team --add-kiosk
// makes the kiosk's drop-box; the kiosk machine joins it from Settings → 团队同步 →
// 作为自助终端接入 with the account the server printed, and a visitor's request left on its
// 留言反馈 screen reaches a team desk through the server's relay. The kiosk never asks the
// team database for anything (every request it makes goes to its own drop-box).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';
import { adminAccount, fillJoin, teamServer, waitTeam } from './team_lib.mjs';

let T, a, k, kiosk;
const teamRequests = [];
before(async () => {
  T = await teamServer('kiosk', ['--add-kiosk', '大厅终端']);
  for (const end = performance.now() + 20000; !/\[serve\] kiosk /.test(T.srv.output());) {
    if (performance.now() > end) throw new Error(`no kiosk printed:\n${T.srv.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = T.srv.output().match(/\[serve\] kiosk (\S+): address (\S+) {2}account: (\S+) {2}password: (\S+)/);
  kiosk = { label: m[1], address: m[2], account: m[3], password: m[4], code: m[2].split('/').pop().toUpperCase() };
});
after(async () => {
  await a?.close();
  await k?.close();
  T?.stop();
});

test('a kiosk joins its drop-box from Settings: a wrong password is told plainly; then it sends only what it made', async () => {
  // The team's first desk, its administrator signed in to the team.
  a = await L.launch({ userDataDir: T.profile() });
  await L.openApp(a.page, T.srv.url);
  await L.click(a.page, 'nav.settings');
  await fillJoin(a.page, T.password);
  await waitTeam(a.page, (t) => t.in_team && t.phase === 'held');
  await adminAccount(a.page, T.password);
  await waitTeam(a.page, (t) => t.phase === 'synced' && t.pending === 0);

  // The kiosk machine, set up by its own administrator (first run), then joined as a kiosk.
  k = await L.launch({ userDataDir: T.profile() });
  k.page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/team/')) teamRequests.push(`${r.method()} ${new URL(r.url()).pathname}`); });
  await L.openApp(k.page, T.srv.url);
  await L.click(k.page, 'nav.settings');
  await L.scrollIntoView(k.page, 'team.kiosk.join');
  await L.typeInto(k.page, 'team.kiosk.address', kiosk.address);
  await L.typeInto(k.page, 'team.kiosk.account', kiosk.account);
  await L.typeInto(k.page, 'team.kiosk.password', 'not-the-password');
  await L.click(k.page, 'team.kiosk.join');
  await k.page.waitForFunction(() => window.kefu.state().widgets.includes('team.kiosk.error'), null, { timeout: 15000 })
    .catch(async (e) => { await L.shot(k.page, 'team-kiosk-join-stuck'); throw new Error(`${e.message}: ${JSON.stringify((await L.state(k.page)).team)} ${teamRequests}`); });
  assert.equal((await L.state(k.page)).team.in_team, false, 'nothing joined');
  await L.shot(k.page, 'team-kiosk-join-wrong');
  await L.typeInto(k.page, 'team.kiosk.password', kiosk.password);
  await L.click(k.page, 'team.kiosk.join');
  const t = await waitTeam(k.page, (t) => t.in_team && t.phase === 'synced', 20000);
  assert.equal(t.station, kiosk.code, 'the kiosk numbers its requests with its own code');
  assert.equal(t.pending, 0, 'what its administrator set up here stays here');
  assert.equal(t.pushed, 0);
  await L.settle(k.page);
  await L.scrollIntoView(k.page, 'team.kiosk.joined');
  await L.shot(k.page, 'team-kiosk-joined');
});

test('a visitor\'s request at the kiosk reaches the team desk; the kiosk asked the team database for nothing', async () => {
  await L.click(k.page, 'settings.kiosk_now');
  assert.equal((await L.state(k.page)).mode, 'kiosk');
  await L.click(k.page, 'kiosk.tile.request');
  await L.click(k.page, 'kiosk.req.name');
  await k.page.keyboard.insertText('陈志远');
  await L.click(k.page, 'kiosk.req.phone');
  await k.page.keyboard.insertText('13912345678');
  await L.click(k.page, 'kiosk.req.category.0');
  await L.click(k.page, 'kiosk.req.description');
  await k.page.keyboard.insertText('宽带每天晚上八点后掉线，希望安排师傅上门检查。');
  await L.settle(k.page);
  await L.click(k.page, 'kiosk.req.submit');
  await L.saved(k.page);
  assert.equal((await L.state(k.page)).kiosk.screen, 'thanks');
  // The desk gets it live: a kiosk case with the kiosk's code in its number.
  const code = kiosk.code;
  await a.page.waitForFunction((c) => window.kefu.state().cases.form_nos.some((f) => f.includes(`-${c}-`)), code, { timeout: 30000 });
  const form = (await L.state(a.page)).cases.form_nos.find((f) => f.includes(`-${code}-`));
  const docs = (await (await fetch(`${T.srv.url}team/db/_all_docs?include_docs=true&startkey=%22case%3A%22&endkey=%22case%3A%EF%BF%B0%22`, { headers: T.admin })).json()).rows.map((r) => r.doc);
  const doc = docs.find((d) => d.data.form_no === form);
  assert.equal(doc.data.channel, 'kiosk');
  assert.equal(doc.history[0].by.agent_id, '~kiosk');
  assert.equal(doc.data.customer.name, '陈志远');
  await L.click(a.page, 'nav.cases');
  await L.shot(a.page, 'team-kiosk-request-at-desk');
  // Everything the kiosk asked the server went to its own drop-box.
  assert.ok(teamRequests.length > 0);
  const elsewhere = teamRequests.filter((x) => !x.includes(`/team/kiosk/${code.toLowerCase()}/`));
  assert.deepEqual(elsewhere, [], 'no request to the team database or the sign-in');
});
