// Files: export downloads a real file; import through the file picker and by dropping a file;
// a malformed import is refused with a plain message and nothing already set is lost.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b;
before(async () => {
  srv = await L.startServer();
  b = await L.launch();
  await L.openApp(b.page, srv.url);
  await L.click(b.page, 'nav.settings');
  await L.click(b.page, 'settings.station_name');
  await b.page.keyboard.type('Desk 3');
  await b.page.keyboard.press('Enter');
  await L.settle(b.page);
});
after(async () => { await b?.close(); srv?.stop(); });

async function importViaPicker(name, content) {
  const chooser = b.page.waitForEvent('filechooser');
  await L.click(b.page, 'settings.import');
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
  await b.page.waitForFunction(() => window.kefu.state().toasts.length > 0);
  await L.settle(b.page);
  return L.state(b.page);
}

test('export downloads the settings as a JSON file', async () => {
  const download = b.page.waitForEvent('download');
  await L.click(b.page, 'settings.export');
  const d = await download;
  assert.equal(d.suggestedFilename(), 'kefu-settings.json');
  const json = JSON.parse(readFileSync(await d.path(), 'utf8'));
  assert.equal(json.format, 'kefu.settings');
  assert.equal(json.station_name, 'Desk 3');
  assert.equal(json.language, 'zh-CN');
});

test('a malformed file is refused with a Chinese message; settings are unchanged', async () => {
  const s = await importViaPicker('broken.json', '{"format": "kefu.settings", "version": 1, "language": ');
  assert.equal(s.station_name, 'Desk 3');
  assert.equal(s.toasts.at(-1).error, true);
  assert.match(s.toasts.at(-1).text, /broken\.json.*不是有效的 JSON 文件.*设置未更改/);
  await L.shot(b.page, 'files-import-error');
  await L.click(b.page, 'toast.close');
  assert.equal((await L.state(b.page)).toasts.filter((t) => t.error).length, 0, 'the error toast closes');
});

test('a file of another format names the problem', async () => {
  const s = await importViaPicker('other.json', '{"cases": []}');
  assert.match(s.toasts.at(-1).text, /other\.json.*不是客服工作台的设置文件/);
  assert.equal(s.station_name, 'Desk 3');
  await L.click(b.page, 'toast.close');
});

test('a valid file picked through the file chooser is imported', async () => {
  const content = JSON.stringify({ format: 'kefu.settings', version: 1, language: 'zh-CN', ui_scale: 1, station_name: '二号坐席' });
  const s = await importViaPicker('good.json', content);
  assert.equal(s.station_name, '二号坐席');
  assert.equal(s.toasts.at(-1).error, false);
  assert.equal(s.fields['settings.station_name'], '二号坐席');
});

test('a file dropped on the window is imported', async () => {
  const content = JSON.stringify({ format: 'kefu.settings', version: 1, language: 'en', ui_scale: 1.25, station_name: 'Lobby kiosk' });
  const dt = await b.page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return d;
  }, content);
  await b.page.dispatchEvent('#canvas', 'dragover', { dataTransfer: dt });
  await b.page.dispatchEvent('#canvas', 'drop', { dataTransfer: dt });
  await b.page.waitForFunction(() => window.kefu.state().station_name === 'Lobby kiosk');
  await L.settle(b.page);
  const s = await L.state(b.page);
  assert.equal(s.language, 'en');
  assert.equal(s.ui_scale, 1.25);
  await L.shot(b.page, 'files-dropped-en-125');
  assert.deepEqual(b.problems, []);
});
