// The case workflow through the real canvas: a call (F2) opens a case with the call timer
// running, Chinese typed through IME composition, forward / solution / reply / review /
// close through the form's buttons and dialogs, then a reload finds it intact with its
// history; an old case shows an overdue badge; the keyboard help lists the shortcuts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b, cdp;
const dir = mkdtempSync(join(tmpdir(), 'kefu-cases-'));
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: dir, viewport: { width: 1366, height: 860 } });
  await L.openApp(b.page, srv.url);
  cdp = await b.context.newCDPSession(b.page);
});
after(async () => { await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

const cases = async () => (await L.state(b.page)).cases;
const saved = () => L.saved(b.page);

// Pinyin-style composition, then the committed text (what an IME sends).
// Chinese typed through IME composition events (lib.mjs).
const imeType = (steps, commit) => L.imeType(b.page, cdp, steps, commit);

async function act(action, text, person) {
  await L.click(b.page, `case.action.${action}`);
  assert.equal((await cases()).dialog, true, `${action} opens its dialog`);
  if (text !== undefined) { await L.click(b.page, 'dlg.case.text'); await imeType([text.slice(0, 1)], text); }
  if (person !== undefined) { await L.click(b.page, 'dlg.case.person'); await b.page.keyboard.insertText(person); await L.settle(b.page); }
  await L.click(b.page, 'dlg.case.confirm');
  await saved();
}

test('the empty case list says how to start', async () => {
  const s = await L.state(b.page);
  assert.equal(s.section, 'cases');
  assert.equal(s.cases.total, 0);
  await L.shot(b.page, 'cases-empty');
});

test('F2 takes a call: timer in the status bar, a new case with focus in the phone field', async () => {
  await b.page.keyboard.press('F2');
  await L.settle(b.page);
  const s = await L.state(b.page);
  assert.equal(s.cases.call_active, true);
  assert.equal(s.cases.creating, true);
  assert.equal(s.focused, 'case.mobile', 'typing goes straight into the phone field');
  assert.ok(await L.rect(b.page, 'status.call'), 'the call timer is in the status bar');
  await b.page.keyboard.insertText('138 1234 1234');
  await L.click(b.page, 'case.name');
  await imeType(['w', 'wang', '王'], '王丽');
  await L.click(b.page, 'case.salutation');
  await imeType(['nv', '女士'], '女士');
  await L.click(b.page, 'case.category.technical');
  await L.click(b.page, 'case.description');
  await imeType(['kehu', '客户'], '客户反映 App 登录时提示“密码错误”，重置密码后仍然无法登录。');
  await L.click(b.page, 'case.acceptance');
  await imeType(['yi', '已'], '已核实客户身份，告知 2 个工作小时内转技术部。');
  const fields = (await L.state(b.page)).fields;
  assert.equal(fields['case.mobile'], '138 1234 1234');
  assert.equal(fields['case.name'], '王丽');
  assert.match(fields['case.description'], /^客户反映 App 登录时提示“密码错误”/);
  await L.shot(b.page, 'case-intake');
  await b.page.keyboard.press('Control+S');
  await saved();
  const c = await cases();
  assert.equal(c.creating, false);
  assert.match(c.open.form_no, /^KF-\d{8}-0001$/);
  assert.equal(c.open.status, 'recorded');
  assert.equal(c.open.sla, 'ok');
  assert.equal(c.open.missing, 0, 'everything the intake stage needs is there');
});

test('forward, solution, reply, review and close through the form', async () => {
  await L.click(b.page, 'dlg.case.dept.technical').catch(() => {});  // not open yet: no-op
  await L.click(b.page, 'case.action.forward');
  await L.click(b.page, 'dlg.case.dept.technical');
  await L.click(b.page, 'dlg.case.person');
  await imeType(['li', '李工'], '李工');
  await L.shot(b.page, 'case-forward-dialog');
  await L.click(b.page, 'dlg.case.confirm');
  await saved();
  assert.equal((await cases()).open.status, 'forwarded');
  await act('return_solution', '账号被锁定，已解锁并指导客户修改密码。');
  assert.equal((await cases()).open.status, 'solution_returned');
  await act('reply', '已电话告知客户，客户确认可以正常登录。');
  await act('review', '处理及时，记录完整。');
  await act('close');
  const c = await cases();
  assert.equal(c.open.status, 'closed');
  assert.equal(c.open.missing, 0);
  assert.equal(c.open.sla, 'met');
  await L.shot(b.page, 'case-closed');
  // A forbidden step is not offered: a closed case can only be reopened.
  const widgets = (await L.state(b.page)).widgets;
  assert.ok(widgets.includes('case.action.reopen'));
  assert.ok(!widgets.includes('case.action.forward'));
});

test('ending the call logs it with its duration, linked to the case', async () => {
  assert.equal((await cases()).call_active, true, 'the call is still running');
  await L.click(b.page, 'call.end');
  await saved();
  const s = await L.state(b.page);
  assert.equal(s.cases.call_active, false);
  assert.equal(s.cases.contacts, 1);
  assert.match(s.toasts.at(-1).text, /通话已记录/);
  assert.ok(s.widgets.includes('case.contacts'), 'the case lists its call');
  // Calling the customer back from the case: an outbound call on the same case.
  await L.click(b.page, 'call.outbound');
  assert.equal((await cases()).call_active, true);
  await L.click(b.page, 'call.end');
  await saved();
  assert.equal((await cases()).contacts, 2);
});

test('after a reload the case is intact, with its history', async () => {
  const before = (await cases()).open;
  await L.openApp(b.page, srv.url);
  let s = await L.state(b.page);
  assert.equal(s.cases.total, 1);
  await L.click(b.page, 'cases.row.0');
  s = await L.state(b.page);
  assert.equal(s.cases.open.form_no, before.form_no);
  assert.equal(s.cases.open.status, 'closed');
  assert.equal(s.cases.open.rev, before.rev);
  assert.match(s.fields['case.description'], /重置密码后仍然无法登录/);
  assert.match(s.fields['case.solution'], /账号被锁定/);
  assert.ok(s.widgets.includes('case.history'));
  await b.page.keyboard.press('Escape');
  await L.settle(b.page);
  await L.shot(b.page, 'cases-list');
  await L.click(b.page, 'cases.tab.contacts');
  assert.ok(await L.rect(b.page, 'contact.row.0'), 'the contact log lists the call');
  await L.shot(b.page, 'contact-log');
  await L.click(b.page, 'cases.tab.cases');
});

test('searching in Chinese finds the case; the help overlay lists the shortcuts', async () => {
  await b.page.keyboard.press('Control+F');
  await L.settle(b.page);
  await imeType(['mima'], '密码');
  assert.equal((await cases()).listed, 1);
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.insertText('找不到的内容');
  await L.settle(b.page);
  assert.equal((await cases()).listed, 0);
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.press('Backspace');
  // The created-date filter: from tomorrow on, nothing; cleared, the case is back.
  // Tomorrow by the page's clock, in Beijing time (the calendar's zone, in which the filter reads dates).
  const pageNow = await b.page.evaluate(() => Date.now());
  const tomorrow = new Date(pageNow + 8 * 3600000 + 86400000).toISOString().slice(0, 10);
  await L.click(b.page, 'cases.filter.from');
  await b.page.keyboard.insertText(tomorrow);
  await L.settle(b.page);
  assert.equal((await cases()).listed, 0);
  assert.ok((await L.state(b.page)).widgets.includes('cases.no_match'), 'an empty result says so');
  await L.shot(b.page, 'cases-filter-date');
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.press('Backspace');
  await L.settle(b.page);
  assert.equal((await cases()).listed, 1);
  await b.page.keyboard.press('F1');
  await L.settle(b.page);
  assert.equal((await cases()).help_open, true);
  await L.shot(b.page, 'cases-help');
  await b.page.keyboard.press('Escape');
  await L.settle(b.page);
  assert.equal((await cases()).help_open, false);
});

test('an old case brought in by an import shows its overdue deadlines', async () => {
  const now = await b.page.evaluate(() => Date.now());
  const t = now - 30 * 24 * 3600 * 1000;
  const by = { agent_id: '1001', name: '张敏' };
  const signed = (text) => ({ text, by, at: text ? t : 0 });
  const data = {
    form_no: 'KF-20261020-0001', category: 'service', kind: 'complaint', channel: 'inbound_call', priority: 'normal',
    status: 'recorded', customer: { name: '赵强', salutation: '先生', mobile: '13900002222', telephone: '', district: '',
      address: '', company: '' },
    description: signed('上门安装迟到两小时，旧投诉未处理'), acceptance: signed(''), solution: signed(''), result: signed(''),
    review: signed(''), department: 'none', department_other: '', handler: '', order_no: '', follow_up_of_ref: null,
    follow_up_refs: [], events: { opened: t }, pauses: [], escalated_at: 0, reopenings: [],
  };
  const file = JSON.stringify({
    format: 'kefu.export', version: 1, app_version: 'test', exported_at: now, counts: { case: 1 },
    records: [{ type: 'case', id: 'c-old-1', rev: 1, created_at: t, created_by: by, updated_at: t, updated_by: by,
      deleted: false, data, history: [{ rev: 1, op: 'create', at: t, by, fields: [] }] }],
  });
  // Through the command palette (the import button may be scrolled out of view).
  const chooser = b.page.waitForEvent('filechooser');
  await b.page.keyboard.press('Control+K');
  await L.settle(b.page);
  await b.page.keyboard.insertText('import');
  await L.settle(b.page);
  await b.page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'old-case.json', mimeType: 'application/json', buffer: Buffer.from(file) });
  await b.page.waitForFunction(() => window.kefu.state().import !== null);
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).import.new, 1);
  await L.click(b.page, 'dlg.import.confirm');
  await saved();
  await b.page.keyboard.press('Control+F');
  await L.settle(b.page);
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.insertText('旧投诉');
  await L.settle(b.page);
  assert.equal((await cases()).listed, 1);
  await L.shot(b.page, 'cases-overdue');
  await L.click(b.page, 'cases.row.0');
  const c = await cases();
  assert.equal(c.open.form_no, 'KF-20261020-0001', 'its form number is kept (no clash)');
  assert.equal(c.open.sla, 'breached');
  await L.shot(b.page, 'case-overdue');
});

test('keyboard only: F2, then Tab walks the form in order and into the description', async () => {
  await b.page.keyboard.press('Escape');
  await L.settle(b.page);
  await b.page.keyboard.press('F2');
  await L.settle(b.page);
  const order = [];
  for (let i = 0; i < 12; i++) {
    await b.page.keyboard.press('Tab');
    await L.settle(b.page);
    order.push((await L.state(b.page)).focused);
  }
  assert.deepEqual(order, ['case.telephone', 'case.name', 'case.salutation', 'case.company', 'case.district', 'case.address',
    'case.category.service', 'case.kind', 'case.channel', 'case.priority', 'case.order_no', 'case.description']);
  await imeType(['kuandai'], '宽带晚上频繁掉线');
  assert.equal((await L.state(b.page)).fields['case.description'], '宽带晚上频繁掉线');
  await b.page.keyboard.press('Tab');
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).focused, 'case.acceptance');
  // Esc leaves the field, a second Esc the form — which, with unsaved text, asks first.
  await b.page.keyboard.press('Escape');
  await L.settle(b.page);
  await b.page.keyboard.press('Escape');
  await L.settle(b.page);
  assert.equal((await cases()).dialog, true);
  await L.click(b.page, 'dlg.case.drop');
  assert.equal((await cases()).form_open, false);
  await L.click(b.page, 'status.call_end');
  await saved();
});

test('a call that ends before its new case is saved is linked when the case is saved: one command, both or neither', async () => {
  const before = await cases();
  await b.page.keyboard.press('F2');
  await L.settle(b.page);
  await b.page.keyboard.insertText('13712345678');
  await L.click(b.page, 'call.end');  // the customer hangs up; the case is still being written
  await saved();
  let s = await cases();
  assert.equal(s.contacts, before.contacts + 1);
  assert.equal(s.creating, true);
  await L.click(b.page, 'case.name');
  await imeType(['zhao'], '赵先生');
  await L.click(b.page, 'case.description');
  await imeType(['fapiao'], '发票抬头需要更改。');
  await b.page.keyboard.press('Control+S');
  await saved();
  s = await cases();
  assert.equal(s.creating, false);
  assert.equal(s.total, before.total + 1);
  assert.ok((await L.state(b.page)).widgets.includes('case.contacts'), 'the new case lists the call it came from');
});
