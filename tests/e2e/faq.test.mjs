// The knowledge base through the real canvas: the built-in articles are there on first start
// without anything written; Chinese typed through IME composition finds the right article
// and marks the matched words; an English typo still finds; editing an article and
// searching again finds the new text at once, and the edit survives a reload with its
// versions; the case form suggests articles for the description it is given.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b, cdp;
const dir = mkdtempSync(join(tmpdir(), 'kefu-faq-'));
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: dir, viewport: { width: 1366, height: 860 } });
  await L.openApp(b.page, srv.url);
  cdp = await b.context.newCDPSession(b.page);
});
after(async () => { await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

const faq = async () => (await L.state(b.page)).faq;
const saved = () => L.saved(b.page);

// Chinese typed through IME composition events (lib.mjs).
const imeType = (steps, commit) => L.imeType(b.page, cdp, steps, commit);

async function clearSearch() {
  await L.click(b.page, 'faq.search');
  await b.page.keyboard.press('Control+A');
  await b.page.keyboard.press('Backspace');
  await L.settle(b.page);
}

test('the built-in articles are there on first start, and nothing was written', async () => {
  await L.click(b.page, 'nav.faq');
  const s = await L.state(b.page);
  assert.equal(s.section, 'faq');
  assert.equal(s.records, L.FIRST_RUN_RECORDS, 'built-in articles are not records');
  assert.ok(s.faq.total >= 40, `built-in articles: ${s.faq.total}`);
  assert.equal(s.faq.listed, s.faq.total, 'without a query every article is listed');
});

test('Chinese typed through IME finds the right article and marks the matched words', async () => {
  await L.click(b.page, 'faq.search');
  await imeType(['t', 'tui', 'tuikuan', '退款'], '退款');
  await imeType(['d', 'duojiu', '多久'], '多久');
  await imeType(['d', 'daozhang', '到账'], '到账');
  const f = await faq();
  assert.equal(f.hits[0], 'starter-zh-refund-time', `first hit: ${f.hits[0]}`);
  assert.equal(f.open, 'starter-zh-refund-time', 'the best answer opens at once');
  assert.ok(f.marks.includes('退款') && f.marks.includes('到账'), `marked: ${JSON.stringify(f.marks)}`);
  await L.shot(b.page, 'faq-search-zh');
});

test('an English typo still finds the article', async () => {
  await clearSearch();
  await b.page.keyboard.insertText('invoce');
  await L.settle(b.page);
  const f = await faq();
  assert.equal(f.hits[0], 'starter-en-invoice');
});

test('editing an article: the new text is found at once, and survives a reload with its versions', async () => {
  await clearSearch();
  await imeType(['kaipiao'], '开发票');
  let f = await faq();
  assert.equal(f.open, 'starter-zh-invoice-apply');
  await L.click(b.page, 'faq.edit');
  assert.equal((await faq()).editing, true);
  await L.click(b.page, 'faq.answer');
  await b.page.keyboard.press('Control+End');
  await b.page.keyboard.press('Enter');
  await b.page.keyboard.press('Enter');
  await imeType(['zhizhi', '纸质'], '纸质发票请在申请时勾选“邮寄”，三个工作日内寄出。');
  await L.click(b.page, 'faq.save');
  await saved();
  f = await faq();
  assert.equal(f.editing, false);
  await clearSearch();
  await imeType(['youji'], '邮寄');
  f = await faq();
  assert.equal(f.hits[0], 'starter-zh-invoice-apply', 'the new text is searchable at once');
  assert.ok(f.marks.includes('邮寄'));
  await L.shot(b.page, 'faq-after-edit');

  await b.page.reload();
  await L.openApp(b.page, srv.url);
  await L.click(b.page, 'nav.faq');
  await L.click(b.page, 'faq.search');
  await imeType(['youji'], '邮寄');
  f = await faq();
  assert.equal(f.hits[0], 'starter-zh-invoice-apply', 'the edit survived the reload');
  await L.click(b.page, 'faq.history');
  assert.equal((await faq()).history_open, true);
  assert.ok(await L.rect(b.page, 'faq.diff'), 'the changes between versions are shown');
  await L.shot(b.page, 'faq-history');
  await L.click(b.page, 'faq.history_close');
});

test('a new article: written, previewed, published, found', async () => {
  await L.click(b.page, 'faq.new');
  assert.equal((await L.state(b.page)).focused, 'faq.question', 'typing goes straight into the question');
  await imeType(['shouhou'], '上门安装需要另外付费吗？');
  await L.click(b.page, 'faq.category');
  await b.page.keyboard.insertText('订单与配送/安装');
  await L.click(b.page, 'faq.answer');
  await imeType(['mianfei'], '大件家电**免费上门安装**。\n\n- 需要拆旧机的，另收 50 元\n- 偏远地区以当地报价为准');
  await L.settle(b.page);
  await L.shot(b.page, 'faq-editor');
  await L.click(b.page, 'faq.save_publish');
  await saved();
  await clearSearch();
  await imeType(['anzhuang'], '安装收费');
  const f = await faq();
  assert.ok(f.hits.length > 0);
  const s = await L.state(b.page);
  assert.ok(s.records >= 2);
});

test('the case form suggests articles for the description', async () => {
  await L.click(b.page, 'nav.cases');
  await b.page.keyboard.press('Control+n');
  await L.settle(b.page);
  await L.click(b.page, 'case.description');
  await imeType(['kehu'], '客户说收不到短信验证码，登录不了');
  // The suggestions follow 300 ms after typing stops.
  await b.page.waitForFunction(() => window.kefu.state().faq.suggestions.length > 0, null, { timeout: 5000 });
  const f = await faq();
  assert.equal(f.suggestions[0], 'starter-zh-login-sms', `suggested: ${JSON.stringify(f.suggestions)}`);
  assert.ok(await L.rect(b.page, 'case.suggest0'));
  await L.shot(b.page, 'case-suggestions');
});
