// Settings → 工作日历与时限: weekday hours edited in place, a holiday added, a calendar file
// with mistakes refused with located reasons (nothing changes), a rule's duration changed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b;
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ viewport: { width: 1366, height: 860 } });
  await L.openApp(b.page, srv.url);
  await L.click(b.page, 'nav.settings');
});
after(async () => { await b?.close(); srv?.stop(); });

const cal = async () => (await L.state(b.page)).calendar;
const saved = () => L.saved(b.page);

test('the shipped 2026 calendar applies until edited', async () => {
  const c = await cal();
  assert.match(c.name, /2026/);
  assert.equal(c.holidays, 33);
  assert.equal(c.mon, '09:00-18:00');
  assert.equal((await L.state(b.page)).records, L.FIRST_RUN_RECORDS, 'nothing but the administrator is written on first start');
});

test('Monday hours typed in place (with a Chinese comma) are saved', async () => {
  await L.click(b.page, 'calendar.hours_mon');
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.insertText('09:00-12:00，13:00-18:00');
  await b.page.keyboard.press('Tab');
  await saved();
  assert.equal((await cal()).mon, '09:00-12:00, 13:00-18:00');
  // Nonsense is refused with a message and the field shows the stored hours again.
  await L.click(b.page, 'calendar.hours_mon');
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.insertText('nine to five');
  await b.page.keyboard.press('Tab');
  await L.settle(b.page);
  const s = await L.state(b.page);
  assert.equal(s.calendar.mon, '09:00-12:00, 13:00-18:00');
  assert.match(s.toasts.at(-1).text, /不是有效的工作时段/);
  assert.equal(s.fields['calendar.hours_mon'], '09:00-12:00, 13:00-18:00');
});

test('a calendar file with mistakes is refused, each mistake located; nothing changes', async () => {
  const bad = JSON.stringify({ format: 'kefu.calendar', version: 1, name: '坏日历', week: { mon: [['09:00', '25:00']] },
    holidays: [{ date: '2026-02-30', name: 'x' }] });
  const chooser = b.page.waitForEvent('filechooser');
  await L.click(b.page, 'calendar.import');
  await (await chooser).setFiles({ name: 'bad-calendar.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await L.settle(b.page);
  const s = await L.state(b.page);
  const text = s.toasts.at(-1).text;
  assert.match(text, /bad-calendar\.json/);
  assert.match(text, /week\.mon\[0\]/);
  assert.match(text, /holidays\[0\]\.date/);
  assert.equal(s.calendar.mon, '09:00-12:00, 13:00-18:00', 'the stored calendar is untouched');
  await L.shot(b.page, 'settings-calendar-refused');
});

test('a rule duration is changed from Settings', async () => {
  assert.equal((await cal()).forward_hours, 2);
  const r = await L.scrollIntoView(b.page, 'sla.amount_first');  // the number field, left of its -/+ buttons
  await b.page.mouse.click(r.x + 12, r.y + r.h / 2);
  await L.settle(b.page);
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.insertText('4');
  await b.page.keyboard.press('Enter');
  await saved();
  assert.equal((await cal()).forward_hours, 4);
});
