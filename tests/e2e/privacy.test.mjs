// Phone masking for screens visitors may see (Settings → 屏幕上的电话): the case form, the
// contact log and the automation bridge show 138****1234; an agent clicking into the field
// reads and edits the full number, masked again once the field is left; the setting
// survives a reload.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b;
const dir = mkdtempSync(join(tmpdir(), 'kefu-privacy-'));
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: dir, viewport: { width: 1280, height: 800 } });
  await L.openApp(b.page, srv.url);
});
after(async () => { await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

const saved = () => L.saved(b.page);
const fields = async () => (await L.state(b.page)).fields;

test('a call is taken with the number in full while masking is off', async () => {
  await b.page.keyboard.press('F2');
  await L.settle(b.page);
  await b.page.keyboard.insertText('13812345678');
  await L.click(b.page, 'case.name');
  await b.page.keyboard.insertText('Wang Li');
  await L.click(b.page, 'case.description');
  await b.page.keyboard.insertText('Cannot log in');
  await b.page.keyboard.press('Control+S');
  await saved();
  await L.click(b.page, 'call.end');
  await saved();
  assert.equal((await fields())['case.mobile'], '13812345678');
});

test('with masking on, the form and the contact log show 138****5678; a click shows the full number to edit', async () => {
  await L.click(b.page, 'nav.settings');
  await L.click(b.page, 'settings.mask_phones');
  await saved();
  assert.equal((await L.state(b.page)).mask_phones, true);
  await L.click(b.page, 'nav.cases');
  await L.settle(b.page);
  let f = await fields();
  assert.equal(f['case.mobile'], '138****5678', 'masked on screen and on the automation bridge');
  await L.shot(b.page, 'privacy-masked-form');

  // The agent clicks into the number: the full number, editable.
  await L.click(b.page, 'case.mobile');
  await L.settle(b.page);
  f = await fields();
  assert.equal(f['case.mobile'], '13812345678');
  await b.page.keyboard.press('End');
  await b.page.keyboard.press('Backspace');
  await b.page.keyboard.insertText('9');
  await L.click(b.page, 'case.name');  // leaves the field: masked again
  f = await fields();
  assert.equal(f['case.mobile'], '138****5679');
  await b.page.keyboard.press('Control+S');
  await saved();

  await L.click(b.page, 'case.back');
  await L.click(b.page, 'cases.tab.contacts');
  await L.settle(b.page);
  await L.shot(b.page, 'privacy-masked-contacts');
  assert.equal((await fields())['contact.phone.0'], '138****5678', 'the call as logged, masked');
});

test('the setting and the edited number survive a reload', async () => {
  await b.page.reload();
  await L.openApp(b.page, srv.url);
  await L.click(b.page, 'cases.tab.cases');
  await L.click(b.page, 'cases.row.0');
  await L.settle(b.page);
  const f = await fields();
  assert.equal(f['case.mobile'], '138****5679');
  await L.click(b.page, 'case.mobile');
  await L.settle(b.page);
  assert.equal((await fields())['case.mobile'], '13812345679', 'the full number was saved');
});
