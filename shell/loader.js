// loader.js — loading screen with real byte progress, error pages, start-up.
// The manifest (URLs with content hashes, uncompressed sizes) is written into
// index.html's <script data-manifest> by scripts/stage_web.py.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const manifest = JSON.parse(document.getElementById('kefu-loader').dataset.manifest);
  const FONT_WAIT_MS = 2500;  // show the app without the CJK font after this long (English UI)

  const MESSAGES = {
    webgl: {
      zh: ['此浏览器无法显示工作台', '工作台需要 WebGL 2。请使用最新版的 Chrome、Edge、Firefox 或 Safari，并在浏览器设置中开启“硬件加速”，然后重试。'],
      en: ['This browser cannot show the workstation', 'The workstation needs WebGL 2. Use a current Chrome, Edge, Firefox or Safari with hardware acceleration turned on in the browser settings, then retry.'],
    },
    download: {
      zh: ['工作台文件下载失败', '无法下载程序文件。请检查网络连接或服务器是否仍在运行（python3 serve.py），然后重试。已保存的数据不受影响。'],
      en: ['Download failed', 'The program files could not be downloaded. Check the network connection and that the server is still running (python3 serve.py), then retry. Saved data is not affected.'],
    },
    start: {
      zh: ['工作台启动失败', '程序已下载，但无法启动。请重新加载页面；如果问题持续，请更新浏览器。已保存的数据不受影响。'],
      en: ['The workstation failed to start', 'The program downloaded but could not start. Reload the page; if it keeps happening, update the browser. Saved data is not affected.'],
    },
    crash: {
      zh: ['工作台出现内部错误', '程序遇到了无法继续的错误，已停止运行。请点击“重试”重新加载；已保存的数据不受影响。如果问题反复出现，请把下方的错误信息告诉技术支持。'],
      en: ['The workstation hit an internal error', 'The program stopped after an error it cannot recover from. Press Retry to reload; saved data is not affected. If it keeps happening, send the error text below to support.'],
    },
    gpu: {
      zh: ['显示已中断', '浏览器收回了图形资源（显卡驱动重置或内存不足）。请点击“重试”重新加载；已保存的数据不受影响。'],
      en: ['The display was interrupted', 'The browser took back the graphics resources (a driver reset or low memory). Press Retry to reload; saved data is not affected.'],
    },
  };

  function showError(kind, detail) {
    const m = MESSAGES[kind];
    $('loading').hidden = true;
    $('error-title-zh').textContent = m.zh[0];
    $('error-text-zh').textContent = m.zh[1];
    $('error-title-en').textContent = m.en[0];
    $('error-text-en').textContent = m.en[1];
    $('error-detail').textContent = detail || '';
    $('error').hidden = false;
    document.documentElement.dataset.kefuError = kind;
    console.warn(`kefu: ${kind}: ${detail || ''}`);
  }
  $('error-retry').addEventListener('click', () => location.reload());

  // ---- progress ------------------------------------------------------------------------------------
  const items = {};
  function addItem(key, label) {
    const li = document.createElement('li');
    li.innerHTML = '<span></span><span></span>';
    li.firstChild.textContent = label;
    $('loading-items').appendChild(li);
    items[key] = { li, got: 0, size: manifest[key].size };
    render();
  }
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  function render() {
    let got = 0, size = 0;
    for (const it of Object.values(items)) {
      got += Math.min(it.got, it.size);
      size += it.size;
      it.li.lastChild.textContent = `${kb(Math.min(it.got, it.size))} / ${kb(it.size)}`;
    }
    $('loading-bar').style.width = `${size ? (100 * got / size).toFixed(1) : 0}%`;
  }

  async function fetchWithProgress(key) {
    const it = items[key];
    let res;
    try {
      res = await fetch(manifest[key].url);
    } catch (err) {
      throw new Error(`${manifest[key].url}: ${err && err.message || err}`);
    }
    if (!res.ok) throw new Error(`${manifest[key].url}: HTTP ${res.status}`);
    const reader = res.body.getReader();
    const chunks = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      it.got += value.length;
      render();
    }
    const out = new Uint8Array(it.got);
    let off = 0;
    for (const c of chunks) { out.set(c, off); off += c.length; }
    it.li.className = 'done';
    return out;
  }

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = url;  // already in the HTTP cache (immutable) from fetchWithProgress
      s.onload = resolve;
      s.onerror = () => reject(new Error(`${url}: script failed to load`));
      document.head.appendChild(s);
    });
  }

  // ---- font ----------------------------------------------------------------------------------------
  let shell = null;
  let fontBytes = null;
  function banner(text) {
    $('banner-text').textContent = text;
    $('banner').hidden = false;
  }
  $('banner-close').addEventListener('click', () => { $('banner').hidden = true; });
  async function loadFont() {
    try {
      return await fetchWithProgress('font');
    } catch (err) {
      items.font.li.className = 'failed';
      throw err;
    }
  }
  function fontFailed(err) {
    console.warn(`kefu: font: ${err && err.message || err}`);
    banner('中文字体加载失败,界面暂以英文显示。 The Chinese font failed to load; the interface is shown in English.');
    if (shell) shell.fontFailed();
  }
  $('banner-retry').addEventListener('click', () => {
    $('banner').hidden = true;
    items.font.got = 0;
    loadFont().then((b) => { if (shell && !shell.deliverFont(b, manifest.font.name)) fontFailed('font rejected'); }, fontFailed);
  });

  // ---- offline: the service worker ------------------------------------------------------------------
  // It keeps this version's files for the next start without a network. A newer version
  // installs in the background and waits; the app offers the reload (never mid-edit) and
  // the page reloads once the new worker has taken over.
  function registerServiceWorker() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    let updating = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => { if (updating) location.reload(); });
    navigator.serviceWorker.register('sw.js').then((reg) => {
      const tell = () => { if (reg.waiting && navigator.serviceWorker.controller && shell) shell.updateReady(); };
      tell();
      reg.addEventListener('updatefound', () => {
        const worker = reg.installing;
        if (worker) worker.addEventListener('statechange', () => { if (worker.state === 'installed') tell(); });
      });
      setInterval(() => reg.update().catch(() => {}), 30 * 60 * 1000);
      window.kefuUpdate = Object.freeze({
        check: () => reg.update(),
        apply: () => { if (reg.waiting) { updating = true; reg.waiting.postMessage('skip-waiting'); } },
      });
    }, (err) => console.warn(`kefu: service worker: ${err && err.message || err}`));
  }

  // ---- start ------------------------------------------------------------------------------------------
  async function main() {
    const probe = document.createElement('canvas').getContext('webgl2');
    if (!probe) { showError('webgl', 'WebGL2 context unavailable'); return; }

    addItem('js', '程序脚本 Script');
    addItem('wasm', '程序主体 WebAssembly');
    addItem('font', '中文字体 Chinese font');

    const fontPromise = loadFont().then((b) => { fontBytes = b; return b; });
    fontPromise.catch(() => {});
    let wasmBytes;
    try {
      const [, wasm] = await Promise.all([fetchWithProgress('js').then(() => loadScript(manifest.js.url)), fetchWithProgress('wasm')]);
      wasmBytes = wasm;
    } catch (err) {
      showError('download', String(err && err.message || err));
      return;
    }

    let module;
    try {
      shell = window.KefuShell.create($('canvas'), $('text-agent'));
      module = await window.createKefu({
        kefuGlue: shell.glue,
        instantiateWasm(imports, done) {
          WebAssembly.instantiate(wasmBytes, imports).then((r) => done(r.instance, r.module),
            (err) => showError('start', String(err && err.message || err)));
          return {};
        },
        // A trap or abort inside the app must not leave a frozen canvas without a word.
        onAbort: (what) => showError('crash', String(what)),
        print: (t) => console.log(t),
        printErr: (t) => console.warn(t),
      });
    } catch (err) {
      showError('start', String(err && err.message || err));
      return;
    }
    $('canvas').addEventListener('webglcontextlost', (e) => { e.preventDefault(); showError('gpu', 'webglcontextlost'); });
    const rc = await shell.start(module);
    if (rc !== 0) { showError('webgl', `kefu_start returned ${rc}`); return; }

    const hide = () => { $('loading').hidden = true; };
    const timeout = setTimeout(hide, FONT_WAIT_MS);
    try {
      const bytes = await fontPromise;
      if (!shell.deliverFont(bytes, manifest.font.name)) throw new Error('font data rejected by the font loader');
    } catch (err) {
      fontFailed(err);
    }
    clearTimeout(timeout);
    hide();
    registerServiceWorker();
    loadMoreFont(0);
  }

  // The rest of the CJK font (names with 喆, 堃, 昇 …): not on the way to the first frame.
  // Until it arrives such characters draw as tofu (□); a failed fetch is tried again later.
  async function loadMoreFont(attempt) {
    if (!manifest.font_more || !shell) return;
    try {
      const res = await fetch(manifest.font_more.url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (!shell.deliverFontMore(bytes, manifest.font_more.name)) throw new Error('font data rejected by the font loader');
    } catch (err) {
      console.warn(`kefu: more font: ${err && err.message || err}`);
      if (attempt < 5) setTimeout(() => loadMoreFont(attempt + 1), 30000 * (attempt + 1));
      else shell.fontMoreFailed();
    }
  }
  main();
})();
