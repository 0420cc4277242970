// Bad conditions get a plain message: no WebGL2, a failed wasm download, a failed font
// download (the app falls back to the built-in font, shows English, and says so).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv;
before(async () => { srv = await L.startServer(); });
after(() => srv?.stop());

test('without WebGL2 the page explains what to do, in Chinese and English', async () => {
  const b = await L.launch();
  try {
    await b.page.addInitScript(() => {
      const orig = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : orig.call(this, kind, ...rest);
      };
    });
    await b.page.goto(srv.url);
    await b.page.waitForSelector('#error:not([hidden])');
    assert.match(await b.page.textContent('#error-text-zh'), /WebGL 2.*硬件加速/);
    assert.match(await b.page.textContent('#error-text-en'), /WebGL 2.*hardware acceleration/);
    assert.equal(await b.page.isVisible('#error-retry'), true);
    await L.shot(b.page, 'fault-no-webgl2');
  } finally { await b.close(); }
});

test('a failed wasm download shows an error page with retry, and retry recovers', async () => {
  const b = await L.launch();
  try {
    let fail = true;
    await b.page.route(/kefu\.wasm/, (route) => (fail ? route.abort('connectionrefused') : route.continue()));
    await b.page.goto(srv.url);
    await b.page.waitForSelector('#error:not([hidden])');
    assert.match(await b.page.textContent('#error-title-zh'), /下载失败/);
    assert.match(await b.page.textContent('#error-detail'), /kefu\.wasm/);
    await L.shot(b.page, 'fault-wasm-download');
    fail = false;
    await b.page.click('#error-retry');
    await b.page.waitForFunction(() => window.kefu && window.kefu.ready(), null, { timeout: 30000 });
    assert.equal(await b.page.isHidden('#error'), true);
  } finally { await b.close(); }
});

test('a failed font download falls back to the built-in font, shows English, and says so', async () => {
  const b = await L.launch();
  try {
    let fail = true;
    await b.page.route(/kefu-cjk\.ttf/, (route) => (fail ? route.abort('failed') : route.continue()));
    await L.openApp(b.page, srv.url);
    let s = await L.state(b.page);
    assert.equal(s.font, 'failed');
    assert.equal(s.language, 'zh-CN', 'the saved choice is kept');
    assert.equal(s.display_language, 'en', 'but the UI shows English, which the built-in font can draw');
    assert.equal(await b.page.isVisible('#banner'), true);
    assert.match(await b.page.textContent('#banner-text'), /中文字体加载失败.*Chinese font failed/);
    await L.shot(b.page, 'fault-font');
    fail = false;
    await b.page.click('#banner-retry');
    await b.page.waitForFunction(() => window.kefu.state().font === 'ready');
    await L.settle(b.page);
    s = await L.state(b.page);
    assert.equal(s.display_language, 'zh-CN');
    await L.shot(b.page, 'fault-font-recovered');
  } finally { await b.close(); }
});

test('losing the WebGL context shows a plain message with retry instead of a frozen canvas', async () => {
  const b = await L.launch();
  try {
    await L.openApp(b.page, srv.url);
    await b.page.evaluate(() => {
      // The canvas's WebGL2 context already exists; getContext returns it.
      document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context').loseContext();
    });
    await b.page.waitForSelector('#error:not([hidden])');
    assert.match(await b.page.textContent('#error-title-zh'), /显示已中断/);
    assert.match(await b.page.textContent('#error-title-en'), /display was interrupted/);
  } finally { await b.close(); }
});
