// Satisfaction and callbacks through the real canvas: closed cases come due for a callback;
// a callback is completed with the survey read out (ratings clicked, the customer's words
// typed through IME) and the score and callback rate change; the results view draws its
// charts; the full-screen self-service survey takes touch input and Chinese free text; all
// of it is still there after a reload.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b, cdp;
const dir = mkdtempSync(join(tmpdir(), 'kefu-survey-'));
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: dir, viewport: { width: 1366, height: 860 } });
  await L.openApp(b.page, srv.url);
  cdp = await b.context.newCDPSession(b.page);
});
after(async () => { await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

// Chinese typed through IME composition events (lib.mjs).
const imeType = (steps, commit) => L.imeType(b.page, cdp, steps, commit);
const surveys = async () => (await L.state(b.page)).surveys;
const saved = () => L.saved(b.page);

// Three cases closed a week ago, answered on the spot: due for a callback now.
function closedCases(now) {
  const t = now - 8 * 24 * 3600 * 1000;
  const by = { agent_id: '1001', name: '张敏' };
  const names = [['王丽', '女士', '13812340001'], ['李强', '先生', '13812340002'], ['陈静', '女士', '13812340003']];
  const records = names.map(([name, salutation, mobile], i) => {
    const signed = (text, at) => ({ text, by, at: text ? at : 0 });
    const data = {
      form_no: `KF-20261116-000${i + 1}`, category: 'technical', kind: 'consultation', channel: 'inbound_call', priority: 'normal',
      status: 'closed', customer: { name, salutation, mobile, telephone: '', district: '', address: '', company: '星辰科技' },
      description: signed('App 登录时提示验证码错误', t), acceptance: signed('', 0), solution: signed('', 0),
      result: signed('已指导客户清除缓存后重新获取验证码，登录成功。', t + 600000), review: signed('', 0),
      department: 'none', department_other: '', handler: '', order_no: '', follow_up_of_ref: null, follow_up_refs: [],
      events: { opened: t, answered: t + 600000, closed: t + 660000 }, pauses: [], escalated_at: 0, reopenings: [],
    };
    return { type: 'case', id: `c-closed-${i + 1}`, rev: 1, created_at: t, created_by: by, updated_at: t + 660000, updated_by: by,
      deleted: false, data, history: [{ rev: 1, op: 'create', at: t, by, fields: [] }] };
  });
  return JSON.stringify({ format: 'kefu.export', version: 1, app_version: 'test', exported_at: now, counts: { case: 3 }, records });
}

test('closed cases come due for a callback', async () => {
  const now = await b.page.evaluate(() => Date.now());
  const chooser = b.page.waitForEvent('filechooser');
  await b.page.keyboard.press('Control+K');
  await L.settle(b.page);
  await b.page.keyboard.insertText('import');
  await L.settle(b.page);
  await b.page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'closed.json', mimeType: 'application/json', buffer: Buffer.from(closedCases(now)) });
  await b.page.waitForFunction(() => window.kefu.state().import !== null);
  await L.settle(b.page);  // the dialog sizes itself over its first frames
  await L.click(b.page, 'dlg.import.confirm');
  await saved();
  await L.click(b.page, 'nav.surveys');
  const s = await surveys();
  assert.equal(s.due, 3);
  assert.equal(s.rate_month === null || s.rate_month === 0, true, 'nobody called back yet');
  assert.equal(s.score_month, null, 'no answers: no score, not 0');
});

// Settings is long and its phrase table catches the wheel at the right margin: scroll the page
// from below the table, where the callback rules are.
async function settingsBottom() {
  await L.click(b.page, 'nav.settings');
  for (let i = 0; i < 4; i++) {
    await b.page.mouse.move(700, 820);
    await b.page.mouse.wheel(0, 1500);
    await L.settle(b.page);
  }
}

test('the callback rules are edited in Settings and the due list follows them', async () => {
  await settingsBottom();
  await L.click(b.page, 'callback_rules.closed_cases');
  await L.click(b.page, 'callback_rules.save');
  await saved();
  await L.shot(b.page, 'settings-callback-rules');
  await L.click(b.page, 'nav.surveys');
  assert.equal((await surveys()).due, 0, 'only complaints and key customers now: none of these');
  await settingsBottom();
  await L.click(b.page, 'callback_rules.defaults');
  await L.click(b.page, 'callback_rules.save');
  await saved();
  await L.click(b.page, 'nav.surveys');
  assert.equal((await surveys()).due, 3);
});

test('a callback with the survey read out: answers, the customer\'s words through IME, saved as done', async () => {
  await L.click(b.page, 'callback.row0');
  const first = (await surveys()).selected_case;
  await L.click(b.page, 'callback.q0.5');  // overall: 5
  await L.click(b.page, 'callback.q1.1');  // solved: yes
  await L.click(b.page, 'callback.q2.4');  // attitude: 4
  await L.scrollIntoView(b.page, 'callback.q6.text');
  await L.click(b.page, 'callback.q6.text');
  await imeType(['xiwang', '希望'], '希望以后回访时间安排在下午');
  await L.click(b.page, 'callback.result');
  await imeType(['manyi'], '客户对处理结果满意');
  await L.shot(b.page, 'callback-workspace');
  await L.click(b.page, 'callback.done');
  await saved();
  const s = await surveys();
  assert.equal(s.due, 2);
  assert.notEqual(s.selected_case, first, 'the next customer is up');
  assert.equal(s.responses, 1);
  assert.equal(s.callbacks, 1);
  assert.equal(Math.round(s.score_month), 90, '5 and 4 → 20 × 4.5');
  assert.equal(Math.round(s.rate_month), 33, 'one of three closed cases called back');
});

test('an unreachable customer stays on the list to be tried again; Ctrl+Enter saves a reached one', async () => {
  await L.click(b.page, 'callback.unreachable');
  await saved();
  let s = await surveys();
  assert.equal(s.due, 1, 'tried today: listed again from the next working day');
  assert.equal(s.callbacks, 2);
  await L.click(b.page, 'callback.q0.3');
  await b.page.mouse.move(10, 10);
  await b.page.keyboard.press('Control+Enter');
  await saved();
  s = await surveys();
  assert.equal(s.due, 0);
  assert.equal(s.responses, 2, 'a partial response (required questions left) is kept');
  assert.equal(Math.round(s.score_month), 75, '(90 + 60) / 2');
});

test('the results view shows the score against its target, with charts', async () => {
  await L.click(b.page, 'survey.tab_results');
  assert.ok(await L.rect(b.page, 'results.score'));
  assert.ok(await L.rect(b.page, 'results.trend'), 'a trend line with the 95 target');
  assert.ok(await L.rect(b.page, 'results.dist0'), 'the distribution of the first question');
  await L.shot(b.page, 'survey-results');
  await L.click(b.page, 'results.bar_group');
  await L.settle(b.page);
  await b.page.keyboard.press('Escape');
  await L.click(b.page, 'survey.tab_log');
  assert.ok(await L.rect(b.page, 'callback.log_row0'), 'the callback log lists the calls');
  await L.shot(b.page, 'callback-log');
  // The newest call's case shows its callback and satisfaction in the form's panel.
  await L.click(b.page, 'callback.log_case0');
  const st = await L.state(b.page);
  assert.equal(st.section, 'cases');
  assert.ok(await L.rect(b.page, 'case.callback'));
  assert.ok(await L.rect(b.page, 'case.satisfaction'));
  await L.scrollIntoView(b.page, 'case.satisfaction');
  await L.shot(b.page, 'case-callback-panel');
  await L.click(b.page, 'nav.surveys');
});

test('the self-service survey: touch targets, Chinese comments through IME, thanks, reset', async () => {
  await L.click(b.page, 'survey.self_service');
  assert.equal((await surveys()).kiosk_open, true);
  // Touch input as a kiosk's screen sends it.
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  const tap = async (id) => {
    const r = await L.scrollIntoView(b.page, id);
    const point = { x: r.x + r.w / 2, y: r.y + r.h / 2 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await L.settle(b.page);
  };
  await tap('kiosk.start');
  await L.shot(b.page, 'kiosk-survey-welcome-done');
  assert.ok((await L.rect(b.page, 'kiosk.q.5')).h >= 60, 'large touch targets');
  await tap('kiosk.q.5');
  await L.shot(b.page, 'kiosk-survey-question');
  await tap('kiosk.next');
  await tap('kiosk.q.1');
  await tap('kiosk.next');
  await tap('kiosk.q.5');
  for (let i = 0; i < 4; i++) await tap('kiosk.next');  // on from attitude past speed, channel, recommend: optional
  await tap('kiosk.q.text');
  await imeType(['fuwu', '服务'], '服务很周到，谢谢');
  await tap('kiosk.submit');
  await saved();
  assert.ok(await L.rect(b.page, 'kiosk.thanks'));
  const s = await surveys();
  assert.equal(s.responses, 3);
  await L.shot(b.page, 'kiosk-survey-thanks');
  // Leaving the survey at an agent's desk locks the screen: the customer cannot walk into the workstation.
  await tap('kiosk.exit');
  assert.equal((await L.state(b.page)).auth.state, 'locked');
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
  await L.signIn(b.page, L.ADMIN);
  assert.equal((await surveys()).kiosk_open, false);
});

test('the survey builder: a survey with answers is saved as a new version', async () => {
  await L.click(b.page, 'survey.tab_builder');
  await L.click(b.page, 'builder.row0');
  assert.equal((await surveys()).builder_version, 0, 'the built-in text');
  await L.click(b.page, 'builder.edit');
  await L.click(b.page, 'builder.text0');
  await b.page.keyboard.press('Control+A');
  await imeType(['zongti'], '总体而言，您对这次服务满意吗？');
  await L.click(b.page, 'builder.add_question');
  await L.click(b.page, 'builder.text7');
  await imeType(['dengdai'], '等待的时间您可以接受吗？');
  await L.shot(b.page, 'survey-builder');
  await L.click(b.page, 'builder.save');
  await saved();
  const s = await surveys();
  assert.equal(s.builder_editing, false);
  assert.equal(s.builder_version, 1);
  assert.equal(s.builder_questions, 8);
  assert.equal(s.responses, 3, 'earlier responses stay, tied to version 0');
  await L.shot(b.page, 'survey-builder-saved');
});

test('the reports dashboard: this month\'s KPIs against their targets, and the records behind one', async () => {
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.period');
  await L.settle(b.page);
  await b.page.keyboard.press('Escape');
  // This month (the default is today: nothing closed today).
  const pick = async (n) => {
    await L.click(b.page, 'report.period');
    for (let i = 0; i < n; i++) await b.page.keyboard.press('ArrowDown');
    await b.page.keyboard.press('Enter');
    await L.settle(b.page);
  };
  await pick(2);
  let r = (await L.state(b.page)).reports;
  assert.equal(r.period, 'this_month');
  assert.equal(r.kpis.on_time, 100, 'answered on the spot: no deadline missed');
  assert.equal(Math.round(r.kpis.callback_rate), 67, 'two of three closed cases reached');
  assert.equal(Math.round(r.kpis.satisfaction), 83);
  await L.shot(b.page, 'reports-dashboard');
  // The report as a CSV file Excel opens with its Chinese intact.
  const download = b.page.waitForEvent('download');
  await L.click(b.page, 'report.export_csv');
  const d = await download;
  assert.match(d.suggestedFilename(), /^kefu-report-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await d.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
  const lines = csv.toString('utf8').slice(1).split('\r\n');
  assert.equal(lines[0], '指标,数值,目标,是否达标,达标数,总数,定义');
  assert.ok(lines.some((l) => l.startsWith('回访率,66.7%,≥ 60%,达标,2,3,')));
  await L.click(b.page, 'report.kpi.callback_rate');
  r = (await L.state(b.page)).reports;
  assert.equal(r.drill, 3);
  assert.equal(r.drill_misses, 1, 'the customer not reached yet');
  await L.shot(b.page, 'reports-drilldown');
  await L.click(b.page, 'report.drill0');
  const s = await L.state(b.page);
  assert.equal(s.section, 'cases');
  assert.equal(s.cases.open.id, 'c-closed-2', 'the drill-down lands on the case behind the miss');
  // "Needs action" leads to the callbacks due.
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.action.callbacks');
  const t = await L.state(b.page);
  assert.equal(t.section, 'surveys');
  assert.equal(t.surveys.tab, 'callbacks');
});

test('after a reload the responses and callbacks are all there', async () => {
  await b.page.reload();
  await L.openApp(b.page, srv.url);
  const s = await surveys();
  assert.equal(s.responses, 3);
  assert.equal(s.callbacks, 3, 'two reached, one not reached yet');
  assert.equal(s.due, 0);
  assert.equal(Math.round(s.score_month), Math.round((90 + 60 + 100) / 3));
  await L.click(b.page, 'nav.surveys');
  await L.click(b.page, 'survey.tab_builder');
  await L.click(b.page, 'builder.row0');
  assert.equal((await surveys()).builder_version, 1, 'the new version is stored');
});
