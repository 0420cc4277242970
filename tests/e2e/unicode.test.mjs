// Every Unicode character survives the real input path: a name with characters outside GB2312
// and outside the Basic Multilingual Plane (CJK Extension B, emoji with a skin tone) typed
// through the IME and pasted from the clipboard is stored byte for byte, found by the search,
// and still there after a reload; a lone surrogate from a broken clipboard becomes U+FFFD and
// the agent is told, never a made-up character.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

const NAME = '王喆堃昇𠀋😀👍🏻';
const TEXT = '客户微信里发来😀👍🏻，说宽带又断了🙏。' + '网络中断😀'.repeat(4000) + '𡈼𨭉';  // ~20,000 characters, emoji throughout

let srv, b, cdp;
const dir = mkdtempSync(join(tmpdir(), 'kefu-unicode-'));
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: dir, viewport: { width: 1366, height: 860 } });
  await L.openApp(b.page, srv.url);
  cdp = await b.context.newCDPSession(b.page);
});
after(async () => { await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

const state = () => L.state(b.page);
const imeType = (steps, commit) => L.imeType(b.page, cdp, steps, commit);
// Pasted from the system clipboard with Ctrl+V, as an agent pastes from WeChat.
async function paste(text) {
  await b.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await b.page.keyboard.press('Control+V');
  await L.settle(b.page);
}

test('a name outside GB2312 and outside the BMP, through the IME; a long text with emoji, pasted; saved whole', async () => {
  await L.click(b.page, 'nav.cases');
  await b.page.keyboard.press('Control+N');
  await L.settle(b.page);
  await L.click(b.page, 'case.mobile');
  await b.page.keyboard.insertText('13812340001');
  await L.click(b.page, 'case.name');
  await imeType(['w', 'wang', '王'], NAME);
  assert.equal((await state()).fields['case.name'], NAME);
  await L.click(b.page, 'case.description');
  // The agent pastes the customer's WeChat message as the very first thing in the freshly
  // clicked field (Ctrl and V arrive together: this paste was once lost), then goes back to the
  // start and types a few words before it through the IME.
  await paste(TEXT);
  assert.equal((await state()).fields['case.description'], TEXT);
  await b.page.keyboard.press('Control+Home');
  await imeType(['kehu', '客户'], '客户原话：');
  assert.equal((await state()).fields['case.description'], '客户原话：' + TEXT);
  await b.page.keyboard.press('Control+S');
  await L.saved(b.page);
  const s = await state();
  assert.equal(s.cases.creating, false);
  assert.deepEqual(s.toasts.filter((t) => t.error), [], 'nothing was repaired: the text was well formed');
});

test('the search finds the case by a character outside the BMP; a reload keeps every character', async () => {
  await b.page.keyboard.press('Escape');
  await L.settle(b.page);
  await b.page.keyboard.press('Control+F');
  await L.settle(b.page);
  await imeType(['ji'], '𠀋');
  assert.equal((await state()).cases.listed, 1);
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.insertText('😀👍🏻');
  await L.settle(b.page);
  assert.equal((await state()).cases.listed, 1);
  await b.page.reload();
  await L.openApp(b.page, srv.url);
  await L.click(b.page, 'nav.cases');
  await L.click(b.page, 'cases.row.0');
  const s = await state();
  assert.equal(s.fields['case.name'], NAME);
  assert.equal(s.fields['case.description'], '客户原话：' + TEXT);
  await L.shot(b.page, 'unicode-name');
});

test('a lone surrogate (half an emoji from a broken input method) becomes U+FFFD and the agent is told', async () => {
  await L.click(b.page, 'case.address');
  // Chromium's own IME path already repairs such text, so the broken input method is played
  // by a composition event whose data ends an emoji half-way, dispatched on the text agent.
  await b.page.evaluate(() => {
    const agent = document.getElementById('text-agent');
    agent.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
    agent.dispatchEvent(new CompositionEvent('compositionend', { data: '\uD83D北京路' }));
  });
  await L.settle(b.page);
  const s = await state();
  assert.equal(s.fields['case.address'], '\uFFFD北京路');
  assert.match(s.toasts.at(-1).text, /无法识别的字符/);
  assert.deepEqual(b.problems, []);
});

// The pixels of a probed field, as a PNG (the caret sits at the same place for glyphs of the
// same width, so two renderings of the same glyph compare equal byte for byte).
async function fieldPixels(page, id, text) {
  await L.click(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
  await L.settle(page);
  const r = await L.rect(page, id);
  return page.screenshot({ clip: { x: r.x, y: r.y, width: Math.min(r.w, 200), height: r.h } });
}

test('names outside GB2312 draw once the rest of the font arrives: 喆, 堃, 昇 are glyphs, not "?" and not tofu', async () => {
  await b.page.waitForFunction(() => window.kefu.state().font_more === 'ready', null, { timeout: 30000 });
  const shown = {};
  for (const ch of ['喆', '堃', '昇', '?', '□']) shown[ch] = await fieldPixels(b.page, 'case.address', ch);
  for (const ch of ['喆', '堃', '昇']) {
    assert.equal(shown[ch].equals(shown['?']), false, `${ch} is not drawn as "?"`);
    assert.equal(shown[ch].equals(shown['□']), false, `${ch} is not drawn as tofu`);
  }
  assert.equal(shown['喆'].equals(shown['堃']), false, 'each its own glyph');
  await fieldPixels(b.page, 'case.address', '王喆堃昇𠀋😀');
  await L.shot(b.page, 'unicode-rare-names');
  const t = await b.page.evaluate(() => window.kefu.timings());
  assert.ok(t.font_more_ready > t.first_frame, 'the extra font is not on the way to the first frame');
});

test('until the rest of the font arrives (or when it cannot), such a character is tofu, never "?"', async () => {
  const c = await L.launch();
  try {
    await c.context.route(/kefu-cjk-more\.ttf/, (route) => route.abort());
    await L.openApp(c.page, srv.url);
    await L.click(c.page, 'nav.cases');
    const rare = await fieldPixels(c.page, 'cases.search', '喆');
    const tofu = await fieldPixels(c.page, 'cases.search', '□');
    const question = await fieldPixels(c.page, 'cases.search', '?');
    assert.notEqual((await L.state(c.page)).font_more, 'ready');
    assert.ok(rare.equals(tofu), '喆 shows as □ while its font is missing');
    assert.equal(rare.equals(question), false);
  } finally {
    await c.close();
  }
});

// What a download of the page delivered, as text.
async function downloaded(page, probe) {
  const download = page.waitForEvent('download');
  await L.click(page, probe);
  return readFileSync(await (await download).path(), 'utf8');
}

test('exported, imported on another station, and in the printable and CSV reports: every character identical', async () => {
  // A complaint (so that the complaint report lists the customer); the address typed above
  // is saved with it.
  await L.click(b.page, 'case.kind');
  await b.page.keyboard.press('ArrowDown');
  await b.page.keyboard.press('Enter');
  await L.settle(b.page);
  await b.page.keyboard.press('Control+S');
  await L.saved(b.page);
  await L.click(b.page, 'nav.settings');
  const text = await downloaded(b.page, 'data.export_all');
  const doc = JSON.parse(text);
  const c = doc.records.find((r) => r.type === 'case');
  assert.equal(c.data.customer.name, NAME);
  assert.equal(c.data.description.text, '客户原话：' + TEXT);
  assert.equal(text.includes('\\ufffd'), false);

  // The complaint report lists the case with its customer: HTML (printed) and CSV.
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.tab_reports');
  await L.click(b.page, 'report.kind.complaints');
  const html = await downloaded(b.page, 'rdoc.export_html');
  assert.ok(html.includes(NAME), 'the printable report has the name');
  const csv = await downloaded(b.page, 'rdoc.export_csv');
  assert.ok(csv.includes(NAME), 'the CSV has the name');
  const print = await b.context.newPage();
  try {
    await print.setContent(html, { waitUntil: 'load' });
    assert.ok((await print.evaluate(() => document.body.innerText)).includes(NAME), 'printed as it was written');
    assert.ok((await print.pdf({ format: 'A4' })).length > 1000);
  } finally { await print.close(); }

  // Another station imports the file: the case reads back byte for byte.
  const other = await L.launch();
  try {
    await L.openApp(other.page, srv.url);
    await L.importJson(other.page, 'kefu-export.json', text);
    await L.click(other.page, 'nav.cases');
    await L.click(other.page, 'cases.row.0');
    const st = await L.state(other.page);
    assert.equal(st.fields['case.name'], NAME);
    assert.equal(st.fields['case.description'], '客户原话：' + TEXT);
  } finally { await other.close(); }
});
