// Durable records in the browser's real IndexedDB (IDBFS): reloads, a browser restart, a
// reload right after a change, storage refused, a failing write, a damaged stored segment.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv;
const dirs = [];
before(async () => { srv = await L.startServer(); });
after(() => { srv?.stop(); for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const require_text = (p) => readFileSync(p, 'utf8');
function profile() { const d = mkdtempSync(join(tmpdir(), 'kefu-profile-')); dirs.push(d); return d; }

async function setStation(page, name) {
  await L.click(page, 'nav.settings');
  await L.click(page, 'settings.station_name');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(name);
  await page.keyboard.press('Enter');
}

// With a station name, waits until that change itself is written: right after pressing Enter the
// previous change's 'saved' may still be showing.
const saved = (page, station) => page.waitForFunction((name) => {
  const s = window.kefu.state();
  return s.save_state === 'saved' && (name === undefined || s.station_name === name);
}, station, { timeout: 10000 });

test('a change is saved, survives a reload and a browser restart', async () => {
  const dir = profile();
  let b = await L.launch({ userDataDir: dir });
  try {
    await L.openApp(b.page, srv.url);
    assert.equal((await L.state(b.page)).save_state, 'saved', 'the first-run administrator is saved');
    await setStation(b.page, '三号坐席');
    await saved(b.page);
    await L.settle(b.page);
    await L.shot(b.page, 'storage-saved');
    await L.openApp(b.page, srv.url);  // reload
    let s = await L.state(b.page);
    assert.equal(s.station_name, '三号坐席');
    assert.equal(s.records, L.FIRST_RUN_RECORDS + 1);
    assert.deepEqual(b.problems, []);
  } finally { await b.close(); }
  b = await L.launch({ userDataDir: dir });  // a new browser process on the same profile
  try {
    await L.openApp(b.page, srv.url);
    assert.equal((await L.state(b.page)).station_name, '三号坐席');
  } finally { await b.close(); }
});

test('a reload 200 ms after a change keeps the change', async () => {
  const b = await L.launch({ userDataDir: profile() });
  try {
    await L.openApp(b.page, srv.url);
    await setStation(b.page, '快速刷新 A');
    await b.page.waitForTimeout(200);
    await b.page.reload();
    await b.page.waitForFunction(() => window.kefu && window.kefu.ready(), null, { timeout: 30000 });
    assert.equal((await L.state(b.page)).station_name, '快速刷新 A');
  } finally { await b.close(); }
});

test('without IndexedDB the app still works, and says plainly that nothing is saved', async () => {
  const b = await L.launch();
  try {
    await b.page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('blocked', 'SecurityError'); } });
    });
    await L.openApp(b.page, srv.url);
    const s = await L.state(b.page);
    assert.equal(s.save_state, 'unavailable');
    assert.match(s.toasts.at(-1).text, /不允许本网页使用本地存储.*导出备份/);
    await setStation(b.page, '内存模式');
    await L.settle(b.page);
    assert.equal((await L.state(b.page)).station_name, '内存模式');
    assert.equal((await L.state(b.page)).save_state, 'unavailable');
    await L.shot(b.page, 'storage-unavailable');
  } finally { await b.close(); }
});

test('a failing write (quota exceeded) is reported, kept in memory, retried, then saved', async () => {
  const b = await L.launch({ userDataDir: profile() });
  try {
    await L.openApp(b.page, srv.url);
    await b.page.evaluate(() => {
      window.__realPut = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    await setStation(b.page, '配额测试');
    await b.page.waitForFunction(() => window.kefu.state().save_state === 'failed', null, { timeout: 10000 });
    const s = await L.state(b.page);
    assert.equal(s.station_name, '配额测试', 'the change is kept in memory');
    assert.match(s.toasts.at(-1).text, /保存到浏览器存储失败：浏览器分配给本网页的存储空间已满.*自动重试/);
    await L.settle(b.page);
    await L.shot(b.page, 'storage-quota');
    // The message offers an export, so nothing need be lost while saving fails.
    const download = b.page.waitForEvent('download');
    await L.click(b.page, 'toast.export');
    const doc = JSON.parse(require_text(await (await download).path()));
    assert.equal(doc.records.find((r) => r.type === 'settings').data.station_name, '配额测试');
    await b.page.evaluate(() => { IDBObjectStore.prototype.put = window.__realPut; });
    await saved(b.page);  // the retry succeeds
    await L.openApp(b.page, srv.url);
    assert.equal((await L.state(b.page)).station_name, '配额测试');
  } finally { await b.close(); }
});

test('a damaged stored journal segment is cut at the last good change and reported', async () => {
  const b = await L.launch({ userDataDir: profile() });
  try {
    await L.openApp(b.page, srv.url);
    await setStation(b.page, '第一版');
    await saved(b.page, '第一版');
    await setStation(b.page, '第二版');
    await saved(b.page, '第二版');
    // Corrupt the last bytes of the segment in IndexedDB itself (IDBFS: db "/data", store FILE_DATA).
    const cut = await b.page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('/data');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['FILE_DATA'], 'readwrite');
        const store = tx.objectStore('FILE_DATA');
        const key = '/data/kefu/seg-0000000001.kj';
        const get = store.get(key);
        get.onsuccess = () => {
          const entry = get.result;
          const bytes = new Uint8Array(entry.contents);
          bytes[bytes.length - 3] ^= 0xff;
          entry.contents = bytes;
          store.put(entry, key);
        };
        tx.oncomplete = () => resolve(true);
        tx.onerror = () => reject(tx.error);
      };
    }));
    assert.equal(cut, true);
    await L.openApp(b.page, srv.url);
    const s = await L.state(b.page);
    assert.equal(s.station_name, '第一版', 'restored up to the last complete change');
    assert.match(s.toasts.at(-1).text, /本地数据的末尾有损坏.*已恢复到最后一条完整的记录/);
    await L.shot(b.page, 'storage-recovered');
    // New changes append after the repaired point and persist.
    await setStation(b.page, '第三版');
    await saved(b.page, '第三版');
    await L.openApp(b.page, srv.url);
    assert.equal((await L.state(b.page)).station_name, '第三版');
  } finally { await b.close(); }
});
