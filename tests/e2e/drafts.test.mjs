// Never lose a keystroke: what an agent typed and did not save comes back after a reload,
// wherever the reload caught them (mid-composition, after leaving the field, right after
// Ctrl+S), with the call in progress still running and logged exactly once; an article and
// the work log the same; another agent at the station never sees it; closing the tab asks
// first exactly while something is unsaved; the kiosk keeps nothing; drafts are written at
// most once a second while typing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

const AGENT = { id: '1001', name: '张敏', pin: '135790' };

let srv, b, cdp;
let leaveAsked = 0;  // beforeunload dialogs the browser showed
const dir = mkdtempSync(join(tmpdir(), 'kefu-drafts-'));

const listened = new WeakSet();
function watch(page) {
  if (!listened.has(page)) {
    page.on('pageerror', (e) => b.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') b.problems.push(`console.error: ${m.text()}`); });
  }
  listened.add(page);
  page.on('dialog', async (d) => {
    if (d.type() === 'beforeunload') ++leaveAsked;
    await d.accept();  // the agent confirms leaving: the draft must carry the work over
  });
}
async function open() {
  watch(b.page);
  await L.openApp(b.page, srv.url);
  cdp = await b.context.newCDPSession(b.page);
}
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: dir });
  listened.add(b.page);  // L.launch() listens for its first page's errors itself
  await open();
});
after(async () => { if (b?.problems.length) console.log(b.problems.join("\n")); await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

const state = () => L.state(b.page);
const ime = (steps, commit) => L.imeType(b.page, cdp, steps, commit);
async function reload() {
  await b.page.reload();
  await L.openApp(b.page, srv.url);
  cdp = await b.context.newCDPSession(b.page);
}
const toastTexts = async () => (await state()).toasts.map((t) => t.text);

test('a new case during a call: reloaded mid-composition, after leaving the field and right after Ctrl+S; the call runs on and is logged once', async () => {
  await L.click(b.page, 'nav.cases');
  let s = await state();
  assert.equal(s.drafts.guard, false, 'nothing unsaved: closing the tab would not ask');
  assert.equal(s.drafts.kept, false);
  await b.page.keyboard.press('F2');
  await L.settle(b.page);
  const started = (await state()).cases.call_started;
  assert.ok(started > 0);
  await b.page.keyboard.insertText('13812340002');  // F2 puts the cursor in the mobile field
  await L.click(b.page, 'case.name');
  await ime(['li', '李'], '李女士');
  await L.click(b.page, 'case.description');
  await ime(['kuandai', '宽带'], '宽带从昨晚开始断线，');
  assert.equal((await state()).drafts.guard, true, 'something unsaved: closing the tab asks');
  // Mid-composition: the preedit is the IME's, not yet typed; what was committed is.
  await ime(['chongqi'], undefined);
  await b.page.clock.fastForward(65_000);  // the call has been running for over a minute
  await reload();
  s = await state();
  assert.equal(s.cases.form_open, true);
  assert.equal(s.cases.creating, true);
  assert.equal(s.fields['case.mobile'], '13812340002');
  assert.equal(s.fields['case.name'], '李女士');
  // Chromium ends an unfinished composition when the page goes, committing the letters as
  // typed: they are kept too (nothing the agent typed is dropped).
  const restored = s.fields['case.description'];
  assert.ok(['宽带从昨晚开始断线，', '宽带从昨晚开始断线，chongqi'].includes(restored), restored);
  assert.equal(s.cases.call_active, true, 'the call is still running');
  assert.equal(s.cases.call_started, started, 'from the moment it started, not the reload');
  assert.equal(s.drafts.banner, true);
  assert.match(s.fields['draft.banner_text'], /^恢复了未保存的内容：新建的工单、进行中的通话/);
  await L.shot(b.page, 'draft-restored');

  // The cursor is back in the description: typing goes on where it stopped.
  await ime(['chongqi'], '重启光猫后仍然不行。');
  const typed = restored + '重启光猫后仍然不行。';
  assert.equal((await state()).fields['case.description'], typed);
  // After a blur: the field is left (a click on the name), then the page goes.
  await L.click(b.page, 'case.name');
  await reload();
  s = await state();
  assert.equal(s.fields['case.description'], typed);
  assert.equal(s.cases.call_active, true);

  // Right after Ctrl+S: the case is saved once, the call still runs with the saved case open.
  await b.page.keyboard.press('Control+S');
  await L.settle(b.page);
  const total = (await state()).cases.total;
  await reload();
  s = await state();
  assert.equal(s.cases.total, total, 'saved exactly once');
  assert.equal(s.cases.form_open, true);
  assert.equal(s.cases.creating, false);
  assert.equal(s.cases.call_active, true);
  assert.equal(s.cases.contacts, 0, 'the call is not logged before it ends');
  await L.click(b.page, 'status.call_end');
  s = await state();
  assert.equal(s.cases.call_active, false);
  assert.equal(s.cases.contacts, 1);
  assert.ok((await toastTexts()).some((t) => /通话已记录|1:\d\d/.test(t)), 'the logged call is as long as it really was (over a minute)');
  await L.saved(b.page);
  assert.equal((await state()).drafts.guard, false, 'all saved: closing the tab no longer asks');
  await reload();
  s = await state();
  assert.equal(s.cases.call_active, false, 'an ended call does not come back');
  assert.equal(s.cases.contacts, 1, 'logged once');
  assert.equal(s.drafts.banner, false);
  assert.equal(s.drafts.kept, false, 'the draft went with the save');
});

test('a call whose page was gone longer than five minutes is logged with its true length', async () => {
  await b.page.keyboard.press('F2');
  await L.settle(b.page);
  await b.page.keyboard.insertText('13912340003');
  await b.page.clock.fastForward(40_000);
  await L.settle(b.page);
  // The tab is closed (a crash would be the same: the draft was written within a second).
  await b.page.close();
  b.page = await b.context.newPage();
  await b.page.clock.fastForward(10 * 60_000);  // the agent comes back ten minutes later
  await open();
  const s = await state();
  assert.equal(s.cases.call_active, false, 'not resumed: the customer hung up long ago');
  assert.equal(s.cases.contacts, 2);
  assert.equal(s.drafts.call_logged_on_restore, true);
  assert.ok((await toastTexts()).some((t) => t.includes('0:4')), 'logged as about 40 seconds, not ten minutes');
  assert.equal(s.cases.form_open, true, 'the new case typed during the call is back');
  assert.equal(s.fields['case.mobile'], '13912340003');
  await b.page.keyboard.press('Escape');
  await L.settle(b.page);
  await L.click(b.page, 'dlg.case.drop');
  assert.equal((await state()).cases.form_open, false);
});

test('an article and the work log come back after a reload', async () => {
  await L.click(b.page, 'nav.faq');
  await L.click(b.page, 'faq.new');
  await ime(['tuihuo'], '退货运费谁承担？');
  await L.click(b.page, 'faq.answer');
  await ime(['zhiliang'], '质量问题由我们承担运费。');
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.tab_log');
  await L.click(b.page, 'log.text');
  await b.page.keyboard.press('Control+End');
  await ime(['buchong'], '补充：下午客户来电集中在宽带故障。');
  await reload();
  let s = await state();
  assert.equal(s.section, 'reports');
  assert.equal(s.reports.log.dirty, true);
  assert.ok(s.reports.log.text.endsWith('补充：下午客户来电集中在宽带故障。'));
  assert.match(s.fields['draft.banner_text'], /知识库文章/);
  assert.match(s.fields['draft.banner_text'], /工作日志/);
  await L.click(b.page, 'nav.faq');
  s = await state();
  assert.equal(s.faq.editing, true);
  assert.equal(s.fields['faq.question'], '退货运费谁承担？');
  assert.equal(s.fields['faq.answer'], '质量问题由我们承担运费。');
  // 放弃 (with a confirmation): the restored work is dropped, and stays dropped.
  await L.click(b.page, 'draft.discard');
  await L.click(b.page, 'dlg.draft_discard.yes');
  s = await state();
  assert.equal(s.faq.editing, false);
  assert.equal(s.drafts.kept, false);
  await reload();
  s = await state();
  assert.equal(s.faq.editing, false);
  assert.equal(s.drafts.banner, false);
});

test('another agent at the station never sees the first agent\'s draft; the first gets it back', async () => {
  await L.addAgent(b.page, AGENT);
  await L.click(b.page, 'nav.cases');
  await b.page.keyboard.press('Control+N');
  await L.settle(b.page);
  await L.click(b.page, 'case.name');
  await ime(['wang'], '王先生');
  await L.agentMenu(b.page, 'auth.menu.lock');
  await L.click(b.page, 'auth.switch');
  await L.signIn(b.page, AGENT);
  let s = await state();
  assert.equal(s.auth.agent, AGENT.id);
  assert.equal(s.cases.form_open, false, 'the administrator\'s new case is not on this agent\'s screen');
  assert.equal(s.drafts.banner, false);
  await reload();
  s = await state();
  assert.equal(s.cases.form_open, false, 'nor after a reload');
  await L.agentMenu(b.page, 'auth.menu.sign_out');
  await L.signIn(b.page, L.ADMIN);
  s = await state();
  assert.equal(s.cases.form_open, true, 'the administrator\'s own draft is back');
  assert.equal(s.fields['case.name'], '王先生');
});

test('closing the tab asks first exactly while something is unsaved', async () => {
  await L.click(b.page, 'nav.cases');
  await b.page.keyboard.press('Control+N');
  await L.settle(b.page);
  await L.click(b.page, 'case.name');
  await ime(['zhou'], '周女士');
  let s = await state();
  assert.equal(s.drafts.guard, true);
  const asked = leaveAsked;
  // Closing with the guard set: the browser asks; here the agent stays.
  b.page.removeAllListeners('dialog');
  const dialog = b.page.waitForEvent('dialog');
  await b.page.close({ runBeforeUnload: true });
  const d = await dialog;
  assert.equal(d.type(), 'beforeunload');
  await d.dismiss();
  await L.settle(b.page);
  assert.equal(b.page.isClosed(), false, 'the agent chose to stay');
  watch(b.page);
  await b.page.keyboard.press('Control+S');
  await L.saved(b.page);
  s = await state();
  assert.equal(s.drafts.guard, false);
  assert.equal(s.drafts.kept, false);
  const closed = b.page.waitForEvent('close', { timeout: 5000 });
  await b.page.close({ runBeforeUnload: true });
  await closed;  // nothing unsaved: the tab closes without asking
  assert.equal(leaveAsked, asked);
  b.page = await b.context.newPage();
  await open();
});

test('the kiosk keeps no draft, and never asks before closing', async () => {
  await b.page.goto(`${srv.url}?mode=kiosk`);
  await b.page.waitForFunction(() => window.kefu && window.kefu.ready(), null, { timeout: 30000 });
  await L.settle(b.page);
  const before = (await state()).drafts.writes;
  await L.click(b.page, 'kiosk.tile.request');
  await L.click(b.page, 'kiosk.req.name');
  await ime(['zhao'], '赵女士');
  await b.page.clock.fastForward(2000);
  await L.settle(b.page);
  const s = await state();
  assert.equal(s.mode, 'kiosk');
  assert.equal(s.drafts.guard, false);
  assert.equal(s.drafts.kept, false);
  assert.equal(s.drafts.writes, before);
});

test('while typing steadily, the draft is written at most once a second', async () => {
  // (This profile now opens in the kiosk; a fresh one is simpler than leaving it.)
  await b.close();
  b = await L.launch();
  listened.add(b.page);
  await open();
  await L.click(b.page, 'nav.cases');
  await b.page.keyboard.press('Control+N');
  await L.settle(b.page);
  await L.click(b.page, 'case.description');
  const w0 = (await state()).drafts.writes;
  const pageNow = () => b.page.evaluate(() => Date.now());  // the page's stated clock, which the app throttles by
  const t0 = await pageNow();
  for (let i = 0; i < 30; ++i) {
    await b.page.keyboard.insertText('网');
    await b.page.waitForTimeout(100);
  }
  await b.page.waitForTimeout(1200);  // the last burst is written within a second
  await L.settle(b.page);
  const seconds = ((await pageNow()) - t0) / 1000;
  const s = await state();
  assert.equal(s.drafts.kept, true);
  assert.ok(s.drafts.writes - w0 >= 2, `written while typing (${s.drafts.writes - w0} writes)`);
  assert.ok(s.drafts.writes - w0 <= Math.ceil(seconds) + 1, `${s.drafts.writes - w0} writes in ${seconds.toFixed(1)} s`);
});

test('a damaged draft (another version, a broken disk) brings nothing back and stops nothing', async () => {
  const agent = (await state()).drafts.owner;
  const put = (text) => b.page.evaluate(([key, value]) => new Promise((resolve, reject) => {
    const rq = indexedDB.open('kefu-drafts', 1);
    rq.onsuccess = () => {
      const tx = rq.result.transaction('drafts', 'readwrite');
      tx.objectStore('drafts').put(value, key);
      tx.oncomplete = () => { rq.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
    rq.onerror = () => reject(rq.error);
  }), [`data/${agent}`, text]);
  for (const text of [
    '{"v":1,"section":"cases","case":{"creating":"yes","id":7,"edit":[1,2],"cursor":"x"},"call":{"log_id":5,"started":"x"},' +
      '"article":{"edit":"text","tags":3},"survey":{"options":[1,{"a":2}],"edit":{"questions":"none"}},"work_log":{"texts":[1]},"reports_tab":"x"}',
    '{{{ not json',
  ]) {
    await put(text);
    await reload();
    const s = await state();
    assert.equal(s.auth.state, 'signed_in', 'the app started');
    assert.equal(s.cases.call_active, false);
  }
  assert.deepEqual(b.problems.filter((p) => p.startsWith('pageerror')), []);
});
