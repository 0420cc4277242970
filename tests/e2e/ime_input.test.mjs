// Chinese typed through the IME path (CDP Input.imeSetComposition + Input.insertText, the
// events a Pinyin IME produces) and plain typing reach Dear ImGui text fields via the text agent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b, cdp;
before(async () => {
  srv = await L.startServer();
  b = await L.launch();
  await L.openApp(b.page, srv.url);
  cdp = await b.context.newCDPSession(b.page);
});
after(async () => { await b?.close(); srv?.stop(); });

async function compose(steps, commit) {
  for (const text of steps) {
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  }
  const during = await b.page.evaluate(() => ({
    agent: window.kefu.textAgent(),
    cls: document.getElementById('text-agent').className,
    value: document.getElementById('text-agent').value,
  }));
  await cdp.send('Input.insertText', { text: commit });
  await L.settle(b.page);
  return during;
}

test('Pinyin composition commits Chinese into the station-name field', async () => {
  await L.click(b.page, 'nav.settings');
  await L.click(b.page, 'settings.station_name');
  assert.equal((await b.page.evaluate(() => window.kefu.textAgent())).focused, true, 'text agent follows the field');
  const agentBox = await b.page.locator('#text-agent').boundingBox();
  const field = await L.rect(b.page, 'settings.station_name');
  assert.ok(agentBox.x >= field.x && agentBox.x <= field.x + field.w, 'agent sits at the caret, inside the field');

  const during = await compose(['y', 'yi', 'yihao', '一号'], '一号坐席');
  assert.equal(during.agent.composing, true);
  assert.match(during.cls, /composing/, 'preedit is shown while composing');
  assert.equal(during.value, '一号');
  await L.shot(b.page, 'ime-committed');

  const s = await L.state(b.page);
  assert.equal(s.fields['settings.station_name'], '一号坐席');
  assert.equal(await b.page.locator('#text-agent').getAttribute('class'), '', 'preedit hidden after commit');
});

test('mixed typing: Latin keys and a second composition append in order; Enter saves', async () => {
  await b.page.keyboard.type(' A-7');
  await compose(['dating'], '大厅');
  await b.page.keyboard.press('Enter');
  await L.settle(b.page);
  const s = await L.state(b.page);
  assert.equal(s.station_name, '一号坐席 A-7大厅');
  assert.equal(s.fields['settings.station_name'], '一号坐席 A-7大厅');
  await L.shot(b.page, 'ime-station-saved');
});

test('Backspace and End edit the field through the real key path', async () => {
  await L.click(b.page, 'settings.station_name');
  await b.page.keyboard.press('End');
  await b.page.keyboard.press('Backspace');
  await b.page.keyboard.press('Backspace');
  await L.settle(b.page);
  assert.equal((await L.state(b.page)).fields['settings.station_name'], '一号坐席 A-7');
  await b.page.keyboard.press('Escape');
});

test('the command palette accepts IME input and runs the match with Enter', async () => {
  await L.click(b.page, 'nav.cases');
  await b.page.keyboard.press('Control+K');
  await L.settle(b.page);
  let s = await L.state(b.page);
  assert.equal(s.palette_open, true);
  assert.equal(s.focused, 'palette.input');
  await compose(['she', 'shezhi', '设置'], '设置');
  s = await L.state(b.page);
  assert.equal(s.palette_query, '设置');
  assert.ok(s.widgets.includes('cmd.nav.settings'));
  await L.shot(b.page, 'palette-ime');
  await b.page.keyboard.press('Enter');
  await L.settle(b.page);
  s = await L.state(b.page);
  assert.equal(s.palette_open, false);
  assert.equal(s.section, 'settings');
  assert.deepEqual(b.problems, []);
});
