// The date matrix (lib.mjs, DATE_MATRIX): the date-sensitive parts of the workstation on the
// days that break naive code — the 1st and 8th of a month, a Sunday, a public holiday, a
// make-up working day, New Year's Eve at 23:55 running into 1 January, and a year the working
// calendar has no holidays for. On each date, in a fresh station at that stated time:
//   - the status-bar clock shows that date and time in Beijing time (named when the computer's
//     own clock is in another zone),
//   - a case opened ten minutes ago has the forward deadline worked out by hand for that day,
//     marked uncertain when it runs into a year whose holidays are not entered,
//   - "this month" (satisfaction) counts yesterday's answer only when yesterday was this month,
//   - a complaint closed yesterday is due its callback only if today is the next working day,
//   - the calendar notice is shown from 30 days before a year not entered, and inside it,
//   - and at 23:55 on 31 December, six minutes later: the clock, the notice and "this month"
//     have moved into the new year, and the idle lock still counts across midnight.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

const DAY = 86400000, H = 3600000, M = 60000;
let srv;
before(async () => { srv = await L.startServer(); });
after(() => srv?.stop());

// A case opened ten minutes ago and still recorded; a case closed yesterday with its callback
// and the customer's answers (both 5 → a score of 100); a complaint closed yesterday, not yet
// called back.
function fixture(now) {
  const by = { agent_id: '1001', name: '张敏' };
  const signed = (text, at) => ({ text, by, at: text ? at : 0 });
  const envelope = (type, id, t, data) => ({ type, id, rev: 1, created_at: t, created_by: by, updated_at: t, updated_by: by,
    deleted: false, data, history: [{ rev: 1, op: 'create', at: t, by, fields: [] }] });
  let seq = 0;
  const kase = (id, t, status, events, result, kind = 'fault') => envelope('case', id, t, {
    form_no: `KF-${L.beijingText(t).slice(0, 10).replaceAll('-', '')}-000${++seq}`, category: 'technical', kind, channel: 'inbound_call',
    priority: 'normal', status, customer: { name: '王丽', salutation: '女士', mobile: '13812340001', telephone: '', district: '', address: '', company: '' },
    description: signed('宽带无法连接', t), acceptance: signed('', 0), solution: signed('', 0), result: signed(result, t + M),
    review: signed('', 0), department: 'none', department_other: '', handler: '', order_no: '', follow_up_of_ref: null, follow_up_refs: [],
    events, pauses: [], escalated_at: 0, reopenings: [] });
  const opened = now - 10 * M;
  const y = now - DAY;
  const records = [
    kase('c-open', opened, 'recorded', { opened }, ''),
    kase('c-yesterday', y - H, 'closed', { opened: y - H, answered: y - H + 5 * M, closed: y - H + 10 * M }, '已当场解答。'),
    kase('c-complaint', y - 2 * H, 'closed', { opened: y - 2 * H, answered: y - 2 * H + 5 * M, closed: y - 2 * H + 10 * M }, '已向客户致歉并补发。', 'complaint'),
    envelope('callback', 'cb-yesterday', y, { case: 'c-yesterday', attempts: [{ at: y, by: { id: '1001', name: '张敏' }, outcome: 'done' }],
      finished: true, contact: '王丽', phone: '13812340001', result: '客户满意', response: 'resp-yesterday' }),
    envelope('survey_response', 'resp-yesterday', y, { survey: 'survey-zh-default', version: 0, channel: 'callback',
      agent: { id: '1001', name: '张敏' }, category: 'technical', department: 'none', at: y, complete: true, case: 'c-yesterday',
      answers: [{ q: 'overall', kind: 'rating', value: 5 }, { q: 'solved', kind: 'yes_no', value: 1 }, { q: 'attitude', kind: 'rating', value: 5 }] }),
  ];
  return JSON.stringify({ format: 'kefu.export', version: 1, app_version: 'test', exported_at: now, counts: { case: 3, callback: 1, survey_response: 1 }, records });
}

// Beijing calendar facts the expectations need, from the stated time alone.
const ymd = (ms) => L.beijingText(ms).slice(0, 10);
const sameMonth = (a, b) => ymd(a).slice(0, 7) === ymd(b).slice(0, 7);
function gapYear(now) {  // the year the notice should name (2026 is the one year entered), or null
  const year = Number(ymd(now).slice(0, 4));
  if (year !== 2026) return year;
  return L.at(`${year + 1}-01-01 00:00`) - now <= 30 * DAY ? year + 1 : null;
}

for (const row of L.DATE_MATRIX) {
  test(`on ${row.name} (${row.at})`, async () => {
    const now = L.at(row.at);
    const b = await L.launch({ now, timezoneId: row.timezoneId ?? 'Asia/Shanghai', viewport: { width: 1366, height: 860 } });
    try {
      await L.openApp(b.page, srv.url);
      const s0 = await L.state(b.page);
      const zone = row.timezoneId && row.timezoneId !== 'Asia/Shanghai' ? ' 北京时间' : '';
      const clockNow = await b.page.evaluate(() => Date.now());
      assert.equal(s0.fields['status.clock_text'], L.beijingText(clockNow) + zone, 'the status bar shows the stated time in Beijing time');
      assert.ok(Math.abs(clockNow - now) < 5 * M, 'the page runs at the stated time');
      const gap = gapYear(clockNow);
      assert.equal(s0.widgets.includes('status.calendar_gap'), gap !== null, `calendar notice (${gap})`);

      await L.importJson(b.page, 'dates.json', fixture(now));
      await L.click(b.page, 'nav.cases');
      let open;
      for (const row of ['cases.row.0', 'cases.row.1', 'cases.row.2']) {  // the list's order is not this test's business
        await L.click(b.page, row);
        open = (await L.state(b.page)).cases.open;
        if (open?.id === 'c-open') break;
        await b.page.keyboard.press('Escape');
        await L.settle(b.page);
      }
      assert.equal(open?.id, 'c-open');
      const forward = open.clocks.find((c) => c.rule === 'forward');
      assert.equal(L.beijingText(forward.deadline), row.forward, 'forward deadline, 2 working hours');
      assert.equal(forward.uncertain, Boolean(row.uncertain), 'uncertain only through a year not entered');
      assert.equal((await L.state(b.page)).widgets.includes('case.sla_uncertain'), Boolean(row.uncertain), 'the form says so');
      if (row.uncertain) await L.shot(b.page, `dates-uncertain-${ymd(now)}`);

      await L.click(b.page, 'nav.surveys');
      const s = (await L.state(b.page)).surveys;
      assert.equal(s.due, row.due, 'the complaint closed yesterday is due on the next working day');
      const pageNow = await b.page.evaluate(() => Date.now());
      if (sameMonth(pageNow - DAY, pageNow)) assert.equal(Math.round(s.score_month), 100, "yesterday's answer is this month's");
      else assert.equal(s.score_month, null, "yesterday was last month: this month has no answer yet");

      if (row.crossMinutes) {
        await b.page.clock.fastForward(row.crossMinutes * M);
        await b.page.evaluate(() => window.dispatchEvent(new Event('focus')));  // a frame without input
        await L.settle(b.page);
        const s1 = await L.state(b.page);
        const t1 = await b.page.evaluate(() => Date.now());
        assert.equal(s1.fields['status.clock_text'], L.beijingText(t1));
        assert.equal(ymd(t1).slice(0, 4), String(Number(ymd(now).slice(0, 4)) + 1), 'crossed into the new year');
        assert.ok(s1.widgets.includes('status.calendar_gap'), 'inside a year not entered, the notice stays');
        const s2 = (await L.state(b.page)).surveys;
        assert.equal(s2.score_month, null, 'a new month: nothing answered yet');
        await L.shot(b.page, `dates-new-year`);
        // The idle lock (10 minutes by default) counts across midnight too.
        await b.page.clock.fastForward(5 * M);
        await b.page.evaluate(() => window.dispatchEvent(new Event('focus')));
        await b.page.waitForFunction(() => window.kefu.state().auth.state === 'locked', null, { timeout: 10000 });
      }
      assert.deepEqual(b.problems, []);
    } finally { await b.close(); }
  });
}
