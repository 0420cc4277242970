// Reply templates through the real canvas: a greeting filled in with the customer's surname
// is inserted into a case; a template copied to the system clipboard is pasted into another
// field; the phrase checker flags a forbidden phrase typed through IME in a case.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b, cdp;
const dir = mkdtempSync(join(tmpdir(), 'kefu-tpl-'));
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: dir, viewport: { width: 1366, height: 860 } });
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.url });
  await L.openApp(b.page, srv.url);
  cdp = await b.context.newCDPSession(b.page);
});
after(async () => { await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

// Chinese typed through IME composition events (lib.mjs).
const imeType = (steps, commit) => L.imeType(b.page, cdp, steps, commit);
const fields = async () => (await L.state(b.page)).fields;

test('the library is there on first start; without a case the customer placeholders stay visible', async () => {
  await L.click(b.page, 'nav.templates');
  const s = await L.state(b.page);
  assert.equal(s.section, 'templates');
  assert.ok(s.templates.builtin >= 40);
  assert.equal(s.records, L.FIRST_RUN_RECORDS, 'the library is not records');
  await L.click(b.page, 'tpl.search');
  await imeType(['laokehu'], '老客户');
  await L.click(b.page, 'tpl.row0');
  const f = await fields();
  assert.match(f['tpl.rendered'], /^\{customer\.surname\}\{customer\.salutation\}，您好！/);
});

test('a greeting with the customer\'s surname is inserted into the case being written', async () => {
  await b.page.keyboard.press('Control+n');
  await L.settle(b.page);
  await L.click(b.page, 'case.name');
  await imeType(['wangli'], '王丽');
  await L.click(b.page, 'case.salutation');
  await imeType(['nvshi'], '女士');
  await L.click(b.page, 'case.acceptance');
  await b.page.keyboard.insertText('客户来电。');
  await L.settle(b.page);
  await L.click(b.page, 'nav.templates');
  assert.match((await fields())['tpl.rendered'], /^王女士，您好！/, 'filled in for the open case');
  await L.shot(b.page, 'templates-preview');
  await L.click(b.page, 'tpl.insert');
  // This station has no company name set: the agent is asked before anything is inserted.
  let s = await L.state(b.page);
  assert.equal(s.section, 'templates', 'nothing inserted yet');
  assert.ok(s.widgets.includes('tpl.gaps.value0'), 'the missing value can be filled in');
  assert.equal(s.focused, 'tpl.gaps.value0');
  await L.shot(b.page, 'templates-gaps');
  await imeType(['huaxin'], '华信');
  await L.click(b.page, 'tpl.gaps.fill');
  s = await L.state(b.page);
  assert.equal(s.section, 'cases');
  assert.match(s.fields['case.acceptance'], /^客户来电。王女士，您好！华信客服为您服务/, 'inserted at the cursor, after what was typed, with the value filled in');
});

test('a value still missing never slips into a record: cancel, or insert and copy with the gap marked', async () => {
  const before = (await fields())['case.acceptance'];
  await L.click(b.page, 'nav.templates');
  await L.click(b.page, 'tpl.insert');
  await L.click(b.page, 'tpl.gaps.cancel');
  let s = await L.state(b.page);
  assert.equal(s.section, 'templates');
  assert.equal(s.widgets.includes('tpl.gaps.value0'), false);
  await L.click(b.page, 'tpl.copy');
  await L.click(b.page, 'tpl.gaps.mark');
  const copied = await b.page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^王女士，您好！【公司名称】客服为您服务/);
  assert.equal(copied.includes('{'), false, 'no {placeholder} on the clipboard');
  await L.click(b.page, 'tpl.insert');
  await L.click(b.page, 'tpl.gaps.mark');
  s = await L.state(b.page);
  assert.equal(s.section, 'cases');
  assert.ok(s.fields['case.acceptance'].startsWith(before), 'what was there stays');
  assert.ok(s.fields['case.acceptance'].includes('王女士，您好！【公司名称】客服为您服务'));
  assert.equal(s.fields['case.acceptance'].includes('{company.name}'), false);
  await L.shot(b.page, 'templates-gap-in-case');
});

test('a template copied to the clipboard pastes into another field', async () => {
  await L.click(b.page, 'nav.templates');
  await L.click(b.page, 'tpl.search');
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.press('Backspace');
  await imeType(['zhuanjie'], '转接');
  await L.click(b.page, 'tpl.row0');
  await L.click(b.page, 'tpl.copy');
  const copied = await b.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, '请您稍等，我马上为您转接。');
  await L.click(b.page, 'nav.cases');
  await L.click(b.page, 'case.address');
  await b.page.keyboard.press('Control+V');
  await L.settle(b.page);
  assert.equal((await fields())['case.address'], '请您稍等，我马上为您转接。');
});

test('a forbidden phrase typed through IME is flagged under the field, without blocking', async () => {
  await L.click(b.page, 'case.description');
  await imeType(['zhe', 'zhebushi'], '这不是我们部门的事');
  assert.ok(await L.rect(b.page, 'case.description_phrases'), 'the warning is shown under the description');
  await L.shot(b.page, 'templates-phrase-warning');
});

test('the callback script runs beside the saved case: steps ticked, an answer written, the run recorded', async () => {
  await b.page.keyboard.press('Control+s');
  await b.page.waitForFunction(() => window.kefu.state().cases.open !== undefined, null, { timeout: 10000 });
  // The runner is low in the case's side panel: scroll the panel to it.
  await b.page.mouse.move(1200, 400);
  await b.page.mouse.wheel(0, 800);
  await L.settle(b.page);
  await L.click(b.page, 'script.start');
  let t = (await L.state(b.page)).templates;
  assert.equal(t.script_runs, 1);
  await L.click(b.page, 'script.step0');
  await L.click(b.page, 'script.answer0');
  await imeType(['benren'], '本人接听');
  await b.page.keyboard.press('Enter');
  await L.settle(b.page);
  await L.shot(b.page, 'templates-script-runner');
  await L.click(b.page, 'script.finish');
  t = (await L.state(b.page)).templates;
  assert.equal(t.script_runs_finished, 1);
});

test('the phrase list is edited in Settings and applies at once to what agents write', async () => {
  const before = (await L.state(b.page)).templates.phrases;
  await L.click(b.page, 'nav.settings');
  await L.click(b.page, 'phrases.add');
  assert.equal((await L.state(b.page)).focused, `phrases.text${before}`, 'the new row takes the typing');
  await imeType(['xiacizaishuo'], '下次再说');
  await L.click(b.page, 'phrases.save');
  await b.page.waitForFunction(() => window.kefu.state().save_state === 'saved', null, { timeout: 10000 });
  assert.equal((await L.state(b.page)).templates.phrases, before + 1);
  await L.shot(b.page, 'settings-phrases');
  await L.click(b.page, 'nav.cases');
  await L.click(b.page, 'case.description');
  await b.page.keyboard.press('Control+A');
  await imeType(['xiaci'], '这个问题下次再说吧');
  assert.ok(await L.rect(b.page, 'case.description_phrases'), 'the new phrase is flagged at once');
});

test('a template edited twice shows its versions and differences; the built-in text is restored', async () => {
  await L.click(b.page, 'nav.templates');
  await L.click(b.page, 'tpl.search');
  await b.page.keyboard.press('Control+A');
  await imeType(['chengnuo'], '承诺');
  await L.click(b.page, 'tpl.row0');
  const original = (await fields())['tpl.rendered'];
  await L.click(b.page, 'tpl.edit');
  await L.click(b.page, 'tpl.body');
  await b.page.keyboard.press('Control+End');
  await b.page.keyboard.press('Enter');
  await imeType(['xiexie'], '感谢您的耐心等待。');
  await L.click(b.page, 'tpl.save');
  await b.page.waitForFunction(() => !window.kefu.state().templates.editing, null, { timeout: 10000 });
  assert.match((await fields())['tpl.rendered'], /感谢您的耐心等待。$/);
  await L.click(b.page, 'tpl.history');
  assert.equal((await L.state(b.page)).templates.history_open, true);
  assert.ok(await L.rect(b.page, 'tpl.diff'), 'built-in text → version 1 compared');
  await L.shot(b.page, 'templates-history');
  await L.click(b.page, 'tpl.to0');
  await L.click(b.page, 'tpl.restore');
  const s = await L.state(b.page);
  assert.equal(s.templates.history_open, false);
  assert.equal(s.fields['tpl.rendered'], original, 'the built-in text is back, saved as version 2');
});

test('a call script is written in the scripts tab and offered beside a case', async () => {
  await L.click(b.page, 'tpl.tab_scripts');
  const before = (await L.state(b.page)).templates.scripts;
  await L.click(b.page, 'script.new');
  assert.equal((await L.state(b.page)).focused, 'script.title');
  await imeType(['tousu'], '投诉回访');
  await L.click(b.page, 'script.question0');
  await imeType(['manyi'], '您对处理结果满意吗？');
  await L.click(b.page, 'script.add_step');
  await L.click(b.page, 'script.add_step');
  await L.click(b.page, 'script.remove1');
  await L.shot(b.page, 'templates-script-editor');
  await L.click(b.page, 'script.save');
  const t = (await L.state(b.page)).templates;
  assert.equal(t.script_editing, false);
  assert.equal(t.scripts, before + 1);
  assert.equal((await fields())['script.title_view'], '投诉回访');
  assert.equal(t.script_steps, 2);
  await L.shot(b.page, 'templates-script-view');
  // Reload: the script is stored, with two steps and the question.
  await b.page.reload();
  await L.openApp(b.page, srv.url);
  assert.equal((await L.state(b.page)).templates.scripts, before + 1);
  await L.click(b.page, 'nav.templates');
  await L.click(b.page, 'tpl.tab_scripts');
  await L.click(b.page, 'script.row0');
  assert.equal((await L.state(b.page)).templates.script_steps, 2, 'stored with its two steps');
  assert.equal((await fields())['script.title_view'], '投诉回访');
});
