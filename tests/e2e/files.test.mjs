// Export and import through the real UI: a full export downloads a valid document; importing
// it into a fresh profile restores everything after a preview; a malformed file is refused
// with located reasons in Chinese and nothing changes; a dropped file goes the same way.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b, exported;
const dirs = [];
const profile = () => { const d = mkdtempSync(join(tmpdir(), 'kefu-files-')); dirs.push(d); return d; };

before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: profile() });
  await L.openApp(b.page, srv.url);
  await L.click(b.page, 'nav.settings');
  await L.click(b.page, 'settings.station_name');
  await b.page.keyboard.insertText('三号坐席');
  await b.page.keyboard.press('Enter');
  await L.click(b.page, 'settings.lang.en');
  await L.click(b.page, 'settings.lang.zh');
  await b.page.waitForFunction(() => window.kefu.state().save_state === 'saved');
});
after(async () => { await b?.close(); srv?.stop(); for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function pickFile(page, name, content) {
  const chooser = page.waitForEvent('filechooser');
  await L.click(page, 'data.import');
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
  await page.waitForFunction(() => window.kefu.state().import !== null);
  await L.settle(page);
  return (await L.state(page)).import;
}

test('export all downloads a dated kefu.export document whose checksum and counts hold', async () => {
  const download = b.page.waitForEvent('download');
  await L.click(b.page, 'data.export_all');
  const d = await download;
  assert.match(d.suggestedFilename(), /^kefu-export-\d{8}-\d{4}\.json$/);
  exported = readFileSync(await d.path(), 'utf8');
  const doc = JSON.parse(exported);
  assert.equal(doc.format, 'kefu.export');
  assert.equal(doc.version, 1);
  // The settings, the administrator created on first run and the access log of that sign-in.
  assert.deepEqual(doc.counts, { access: 1, agent: 1, settings: 1 });
  const settings = doc.records.find((r) => r.type === 'settings');
  assert.equal(settings.data.station_name, '三号坐席');
  assert.equal(settings.rev, 3);
  assert.equal(settings.history.length, 3);
  assert.equal(doc.records.find((r) => r.type === 'agent').data.pin.iterations, 1200000, 'the PIN only as its slow hash');
  assert.match(doc.checksum, /^crc32:[0-9a-f]{8}$/);
});

test('a malformed file is refused with located reasons in Chinese; nothing changes', async () => {
  const before = await L.state(b.page);
  const bad = JSON.parse(exported);
  const settings = bad.records.find((r) => r.type === 'settings');
  settings.rev = 'three';
  settings.data.station_name = 'x'.repeat(70000);
  delete bad.checksum;
  const plan = await pickFile(b.page, 'broken.json', JSON.stringify(bad));
  assert.equal(plan.valid, false);
  assert.equal(plan.errors, 2);
  await L.shot(b.page, 'files-import-refused');
  await L.click(b.page, 'dlg.import.cancel');
  const after = await L.state(b.page);
  assert.equal(after.import, null);
  assert.equal(after.station_name, before.station_name);
  assert.equal(after.version, before.version);
});

test('a non-JSON file is refused', async () => {
  const plan = await pickFile(b.page, 'notes.txt', '这不是 JSON');
  assert.equal(plan.valid, false);
  await L.click(b.page, 'dlg.import.cancel');
});

test('a new computer restores the backup from the first-run screen, then signs in with the old PIN', async () => {
  const fresh = await L.launch({ userDataDir: profile() });
  try {
    await L.openApp(fresh.page, srv.url, { as: null });
    assert.equal((await L.state(fresh.page)).auth.state, 'first_run');
    const chooser = fresh.page.waitForEvent('filechooser');
    await L.click(fresh.page, 'auth.restore');
    await (await chooser).setFiles({ name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    await fresh.page.waitForFunction(() => window.kefu.state().widgets.includes('dlg.import.confirm'));
    await L.settle(fresh.page);
    await L.shot(fresh.page, 'files-import-preview');
    await L.click(fresh.page, 'dlg.import.confirm');
    await L.saved(fresh.page);
    let s = await L.state(fresh.page);
    assert.equal(s.auth.state, 'signed_out', 'the restored administrator signs in');
    assert.match(s.toasts.at(-1).text, /已从“backup.json”导入：新增 3 条/);
    s = await L.signIn(fresh.page, L.ADMIN);
    assert.equal(s.station_name, '三号坐席');
    await L.openApp(fresh.page, srv.url);  // and it was durable
    s = await L.state(fresh.page);
    assert.equal(s.station_name, '三号坐席');
    assert.equal(s.records, 4, 'the three restored and this sign-in');
  } finally { await fresh.close(); }
});

test('the same file again is "unchanged"; a file dropped on the window opens the same preview', async () => {
  const dt = await b.page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], 'dropped.json', { type: 'application/json' }));
    return d;
  }, exported);
  await b.page.dispatchEvent('#canvas', 'dragover', { dataTransfer: dt });
  await b.page.dispatchEvent('#canvas', 'drop', { dataTransfer: dt });
  await b.page.waitForFunction(() => window.kefu.state().import !== null);
  await L.settle(b.page);
  const plan = (await L.state(b.page)).import;
  // Nothing is new; the administrator's sign-ins since the export are this station's own.
  assert.deepEqual([plan.valid, plan.new, plan.unchanged], [true, 0, 3]);
  await L.click(b.page, 'dlg.import.cancel');
});

test('the first release\'s settings file is migrated on import', async () => {
  const old = JSON.stringify({ format: 'kefu.settings', version: 1, language: 'zh-CN', ui_scale: 1.25, station_name: '大厅自助终端' });
  const plan = await pickFile(b.page, 'kefu-settings.json', old);
  assert.deepEqual([plan.valid, plan.updated], [true, 1]);
  await L.click(b.page, 'dlg.import.confirm');
  await L.settle(b.page);
  const s = await L.state(b.page);
  assert.equal(s.station_name, '大厅自助终端');
  assert.equal(s.ui_scale, 1.25);
  assert.deepEqual(b.problems, []);
});

test('filtered export with masked phones', async () => {
  await L.click(b.page, 'data.export_filtered');
  await L.click(b.page, 'dlg.export.mask');
  await L.click(b.page, 'dlg.export.from');
  await b.page.keyboard.insertText('2020-01-01');
  await L.settle(b.page);
  await L.shot(b.page, 'files-export-dialog');
  const download = b.page.waitForEvent('download');
  await L.click(b.page, 'dlg.export.confirm');
  const doc = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
  assert.equal(doc.masked, true);
  assert.ok(doc.filter.from > 0);
  assert.deepEqual(doc.records.map((r) => r.type), ['settings'], 'a hand-over file carries no PIN hash and no access log');
});
