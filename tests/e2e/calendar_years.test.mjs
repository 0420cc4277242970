// A new year's holidays, as an administrator meets it on 6 December 2026 (the shipped calendar
// holds 2026 only): the status bar says 2027 is missing; a click opens the calendar settings;
// the State Council's notice pasted with a wrong weekday is refused with the text quoted and
// nothing saved; corrected, its days are shown on month grids and saved; the notice is gone
// and the year stays after a reload.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

// Written like a real notice, but NOT the real 2027 schedule (unpublished when this was
// written): the weekdays are right for 2027, the dates are the test's own.
const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知（测试用文字，并非真实安排）
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（周五）至11日（周四）放假调休，共7天。2月14日（周日）上班。`;

let srv, b;
const dir = mkdtempSync(join(tmpdir(), 'kefu-years-'));
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: dir, now: L.at('2026-12-06 10:00'), viewport: { width: 1366, height: 860 } });
  await L.openApp(b.page, srv.url);
});
after(async () => { await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

const state = () => L.state(b.page);

test('26 days before 2027, the administrator is told 2027 is missing; a click opens the calendar', async () => {
  const s = await state();
  assert.deepEqual(s.calendar.years, [2026]);
  assert.ok(s.widgets.includes('status.calendar_gap'));
  await L.shot(b.page, 'calendar-gap-status');
  await L.click(b.page, 'status.calendar_gap');
  const t = await state();
  assert.equal(t.section, 'settings');
  assert.ok(t.widgets.includes('cal_years.gap'), 'Settings says it too');
  await L.click(b.page, 'cal_years.add');
  assert.equal((await state()).fields['cal_years.year_value'], '2027', 'the missing year is offered');
});

test('a notice with a wrong weekday is refused, the date quoted, nothing saved', async () => {
  await L.click(b.page, 'cal_years.notice');
  await b.page.keyboard.insertText(NOTICE_2027.replace('2月14日（周日）', '2月14日（周六）'));
  await L.settle(b.page);
  const s = await state();
  assert.equal(s.fields['cal_years.error_count'], '1');
  assert.ok(s.widgets.includes('cal_years.errors'));
  await L.shot(b.page, 'calendar-notice-error');
  await L.click(b.page, 'cal_years.save');  // disabled: nothing happens
  assert.deepEqual((await state()).calendar.years, [2026]);
});

test('corrected, the days are shown on month grids and saved; the notice disappears and stays gone after a reload', async () => {
  await L.click(b.page, 'cal_years.notice');
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.insertText(NOTICE_2027);
  await L.settle(b.page);
  const s = await state();
  assert.equal(s.fields['cal_years.error_count'], '0');
  assert.ok(s.widgets.includes('cal_years.found'));
  await L.scrollIntoView(b.page, 'cal_years.save');
  await L.shot(b.page, 'calendar-notice-grids');
  await L.click(b.page, 'cal_years.save');
  await L.saved(b.page);
  const t = await state();
  assert.deepEqual(t.calendar.years, [2026, 2027]);
  assert.equal(t.calendar.holidays, 33 + 10);
  assert.equal(t.calendar.workdays, 6 + 1);
  assert.ok(!t.widgets.includes('status.calendar_gap'), 'nothing to warn about now');
  await b.page.reload();
  await L.openApp(b.page, srv.url);
  const r = await state();
  assert.deepEqual(r.calendar.years, [2026, 2027]);
  assert.equal(r.calendar.holidays, 43);
  assert.deepEqual(b.problems, []);
});
