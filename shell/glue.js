// glue.js — the browser half of web/web_backend.cpp.
//
// Implements:
//  [x] Frame driver: frames only on demand (input, timers the app asks for); idle = no frames
//  [x] Canvas sizing: CSS size × devicePixelRatio, re-applied on resize and on DPR change
//  [x] Pointer, wheel (Ctrl+wheel scales the UI instead of zooming the page), keyboard
//  [x] Text agent: a hidden <input> that follows the focused ImGui field, receives typing and
//      IME composition (shows the preedit while composing) and commits text into the field
//  [x] Clipboard: copy/cut/paste events, navigator.clipboard for copies the app asks for
//  [x] Files: download a Blob, pick a file, drop a file on the window
//  [x] Storage: IDBFS mounted at /data and loaded before the app starts; every change is
//      synced to IndexedDB at once (coalesced), retried with back-off on failure, flushed
//      when the page is hidden; "saved" is reported only when nothing is left to write
//  [x] Drafts: unsaved work per agent in its own IndexedDB database ("kefu-drafts", never the
//      records' folder), read before the app starts, written when the app asks (at most once
//      a second), asked for once more when the page is hidden; beforeunload only while
//      something is unsaved
//  [x] window.kefu: a frozen, read-only automation bridge (state, widget rects, frame count)
'use strict';

window.KefuShell = (() => {
  const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
  // Keys whose browser default fights the app (focus moves, page scrolls, browser shortcuts).
  const APP_KEYS = new Set(['Tab', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown',
    'Home', 'End', 'Backspace', 'Delete', 'Enter', 'NumpadEnter', 'Escape', 'Space']);
  const APP_CTRL_KEYS = new Set(['KeyA', 'KeyK', 'KeyZ', 'KeyY', 'KeyS', 'KeyF', 'KeyP', 'Equal', 'Minus',
    'NumpadAdd', 'NumpadSubtract', 'Digit0']);
  const MAX_FILE_BYTES = 64 * 1024 * 1024;

  function create(canvas, agent) {
    let M = null;
    let started = false;  // kefu_start() has run: the app accepts input and frames
    let kiosk = false;    // kiosk mode: reload keys and the back button are held
    // The data space: the real station ("/data", IndexedDB database "/data") or the demo station
    // ("?mode=demo": "/demo", its own database, lock and channel); they never share a byte.
    const MODE = (new URLSearchParams(location.search).get('mode') || '').slice(0, 64);
    const SPACE = MODE === 'demo' ? 'demo' : 'data';
    const SESSION_KEY = `kefu.${SPACE}.session.agent`;
    let rafPending = false;
    let timer = 0;
    let composing = false;
    let pendingCopy = null;
    let inCopyKeystroke = false;
    let imeWanted = false;
    const marks = {};

    const mods = (e) => (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0);
    // Every string handed to the wasm side is well-formed UTF-16 first. A lone surrogate (a
    // broken clipboard, half an emoji) becomes U+FFFD and the user is told; left alone,
    // Emscripten would pair it with whatever follows and store a made-up character.
    let repaired = false;
    const wellFormed = (s) => {
      if (typeof s.isWellFormed !== 'function' || s.isWellFormed()) return s;
      repaired = true;
      return s.toWellFormed();
    };
    const callStr = (fn, ...args) => {
      const out = M.ccall(fn, null, args.map((a) => (typeof a === 'string' ? 'string' : 'number')),
        args.map((a) => (typeof a === 'string' ? wellFormed(a) : a)));
      if (repaired) { repaired = false; M._kefu_text_repaired(); }
      return out;
    };

    // ---- frames -----------------------------------------------------------------------------
    function frameNow() {
      if (!started) return;
      clearTimeout(timer);
      timer = 0;
      // Browsers fire the DPR media query on zoom or a move to another screen, but not in every
      // case (emulation, some embedders): also catch a change at the next frame.
      if ((window.devicePixelRatio || 1) !== lastDpr) applySize();
      const next = M._kefu_frame();
      if (marks.first_frame === undefined) {
        marks.first_frame = performance.now();
        document.dispatchEvent(new Event('kefu-first-frame'));
      }
      if (next === 0) wake();
      else if (next > 0) timer = setTimeout(wake, next);
    }
    function wake() {
      if (!started || rafPending) return;
      rafPending = true;
      requestAnimationFrame(() => { rafPending = false; frameNow(); });
    }
    // Frames for what happened in the background (the team's server answered, IndexedDB saved):
    // a few at once, then at most two a second (a token bucket). A change arriving from another
    // desk (two or three answers) draws at once; a first sync answers many times a second, and
    // drawing after each answer cost more than the answers themselves. Input always draws at
    // once (wake).
    const BACKGROUND_BURST = 4, BACKGROUND_PER_S = 2;
    let backgroundTokens = BACKGROUND_BURST;
    let backgroundAt = performance.now();
    let backgroundTimer = 0;
    function wakeSoon() {
      if (!started || backgroundTimer) return;
      const now = performance.now();
      backgroundTokens = Math.min(BACKGROUND_BURST, backgroundTokens + ((now - backgroundAt) * BACKGROUND_PER_S) / 1000);
      backgroundAt = now;
      if (backgroundTokens >= 1) {
        backgroundTokens -= 1;
        wake();
        return;
      }
      backgroundTimer = setTimeout(() => { backgroundTimer = 0; wakeSoon(); }, ((1 - backgroundTokens) * 1000) / BACKGROUND_PER_S);
    }

    // ---- size and DPR ------------------------------------------------------------------------
    let lastDpr = window.devicePixelRatio || 1;
    function applySize() {
      const dpr = window.devicePixelRatio || 1;
      lastDpr = dpr;
      const w = window.innerWidth, h = window.innerHeight;
      const bw = Math.round(w * dpr), bh = Math.round(h * dpr);
      if (canvas.width !== bw || canvas.height !== bh) { canvas.width = bw; canvas.height = bh; }
      if (started) M._kefu_resize(w, h, dpr);
    }
    function resize() {
      applySize();
      frameNow();  // resizing clears the canvas: draw at once, no blank flash
    }
    function watchDpr() {
      const mq = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      mq.addEventListener('change', () => { resize(); watchDpr(); }, { once: true });
    }

    // ---- pointer ----------------------------------------------------------------------------
    const pos = (e) => { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    const BUTTONS = [0, 2, 1];  // DOM left/middle/right -> ImGui left/middle(2)/right(1)
    canvas.addEventListener('pointermove', (e) => { if (started) M._kefu_mouse_move(...pos(e)); });
    canvas.addEventListener('pointerdown', (e) => {
      if (!started) return;
      e.preventDefault();  // keep keyboard focus where the app put it (the text agent)
      canvas.setPointerCapture(e.pointerId);
      M._kefu_mouse_move(...pos(e));
      M._kefu_mouse_button(BUTTONS[e.button] ?? 0, 1);
    });
    canvas.addEventListener('pointerup', (e) => {
      if (!started) return;
      M._kefu_mouse_move(...pos(e));
      M._kefu_mouse_button(BUTTONS[e.button] ?? 0, 0);
      // Run the frame inside the gesture: a button that opens the file picker, copies to the
      // clipboard or focuses a text field (mobile keyboard) needs the user activation.
      frameNow();
      frameNow();
    });
    canvas.addEventListener('pointerleave', (e) => { if (started && !canvas.hasPointerCapture(e.pointerId)) M._kefu_mouse_leave(); });
    canvas.addEventListener('contextmenu', (e) => e.preventDefault());
    canvas.addEventListener('wheel', (e) => {
      if (!started) return;
      e.preventDefault();  // also stops Ctrl+wheel page zoom: the app scales its UI instead
      const unit = e.deltaMode === 1 ? 1 / 3 : e.deltaMode === 2 ? 1 : 1 / 100;
      M._kefu_wheel(-e.deltaX * unit, -e.deltaY * unit, mods(e));
    }, { passive: false });

    // ---- keyboard ------------------------------------------------------------------------------
    function onKey(e, down) {
      if (!started) return;
      // In the kiosk, reloading or leaving with the keyboard does nothing (F5, Ctrl+R, Alt+←).
      if (kiosk && (e.code === 'F5' || ((e.ctrlKey || e.metaKey) && e.code === 'KeyR') || (e.altKey && e.code === 'ArrowLeft') ||
                    e.code === 'BrowserBack')) {
        e.preventDefault();
        return;
      }
      if (e.isComposing || e.keyCode === 229) return;  // the IME owns this keystroke
      const primary = isMac ? e.metaKey : e.ctrlKey;
      if (down && primary && e.code === 'KeyV') return;  // wait for the 'paste' event and its text
      callStr('kefu_key', e.code, down ? 1 : 0, mods(e));
      if (down && primary && (e.code === 'KeyC' || e.code === 'KeyX')) {
        // Let ImGui copy now; the browser then fires 'copy'/'cut', which carries the text.
        inCopyKeystroke = true;
        frameNow();
        frameNow();
        inCopyKeystroke = false;
        return;
      }
      const printable = e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;
      if (down && ((APP_KEYS.has(e.code) && !(printable && document.activeElement === agent)) ||
                   ((e.ctrlKey || e.metaKey) && APP_CTRL_KEYS.has(e.code)))) {
        e.preventDefault();
      }
    }
    window.addEventListener('keydown', (e) => onKey(e, true));
    // The back button in the kiosk: the page put an entry on the history; going back returns to it.
    window.addEventListener('popstate', () => { if (kiosk) history.pushState({ kefuKiosk: true }, ''); });
    window.addEventListener('keyup', (e) => onKey(e, false));
    window.addEventListener('blur', () => { if (started) M._kefu_focus(0); });
    window.addEventListener('focus', () => { if (started) M._kefu_focus(1); });

    // ---- text agent and IME ------------------------------------------------------------------
    function showPreedit(text) {
      agent.classList.toggle('composing', text.length > 0);
      agent.style.width = text.length ? `${text.length + 1}em` : '';
    }
    function commitText(text) { if (started && text) { callStr('kefu_text', text); frameNow(); } }
    agent.addEventListener('compositionstart', () => { composing = true; });
    agent.addEventListener('compositionupdate', (e) => showPreedit(e.data || ''));
    agent.addEventListener('compositionend', (e) => {
      composing = false;
      showPreedit('');
      const text = e.data || agent.value;
      agent.value = '';
      commitText(text);
    });
    agent.addEventListener('input', (e) => {
      if (composing || e.isComposing) { showPreedit(agent.value); return; }
      const text = agent.value;
      agent.value = '';
      commitText(text);
    });

    // ---- clipboard -----------------------------------------------------------------------------
    function onCopy(e) {
      if (pendingCopy === null) return;
      e.clipboardData.setData('text/plain', pendingCopy);
      e.preventDefault();
      pendingCopy = null;
    }
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', (e) => {
      if (!started) return;
      e.preventDefault();
      // The Ctrl (Cmd) keydown of this very keystroke may still wait in the app's input queue;
      // a frame lets it land first, else the paste can arrive with Ctrl and V in one frame and be dropped.
      frameNow();
      callStr('kefu_paste', e.clipboardData.getData('text/plain'));
      frameNow();
      frameNow();
    });

    // ---- files ------------------------------------------------------------------------------------
    async function deliverFile(id, file) {
      let bytes = null, error = '';
      if (file.size > MAX_FILE_BYTES) error = `file too large (${file.size} bytes)`;
      else {
        try { bytes = new Uint8Array(await file.arrayBuffer()); } catch (err) { error = String(err && err.message || err); }
      }
      let ptr = 0;
      if (bytes && bytes.length) { ptr = M._malloc(bytes.length); M.HEAPU8.set(bytes, ptr); }
      callStr('kefu_file', id, file.name, ptr, bytes ? bytes.length : 0, error);
      frameNow();
    }
    canvas.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
    canvas.addEventListener('drop', (e) => {
      e.preventDefault();
      const file = e.dataTransfer.files && e.dataTransfer.files[0];
      if (started && file) deliverFile(0, file);
    });

    // ---- storage (IDBFS) ---------------------------------------------------------------------------
    let syncing = false;
    let syncDirty = false;
    let retryTimer = 0;
    let retryDelay = 1000;
    const errText = (e) => (e && (e.name || e.message) ? `${e.name || 'Error'}: ${e.message || ''}` : String(e));
    function mountStorage() {
      return new Promise((resolve) => {
        try {
          M.FS.mkdir(`/${SPACE}`);
          M.FS.mount(M.FS.filesystems.IDBFS, {}, `/${SPACE}`);
          M.FS.syncfs(true, (err) => resolve(err ? errText(err) : null));
        } catch (e) {
          resolve(errText(e));
        }
      });
    }
    function syncNow() {
      clearTimeout(retryTimer);
      retryTimer = 0;
      if (syncing) { syncDirty = true; return; }
      syncing = true;
      syncDirty = false;
      marks.sync_started = performance.now();
      M.FS.syncfs(false, (err) => {
        syncing = false;
        if (err) {
          M.ccall('kefu_sync_done', null, ['number', 'string'], [0, errText(err)]);
          retryTimer = setTimeout(syncNow, retryDelay);
          retryDelay = Math.min(retryDelay * 2, 30000);
          frameNow();
          return;
        }
        retryDelay = 1000;
        if (syncDirty) { syncNow(); return; }  // changes arrived meanwhile: not "saved" yet
        marks.synced = performance.now();
        M.ccall('kefu_sync_done', null, ['number', 'string'], [1, '']);  // it asks for a frame (wakeSoon)
        reportStorage();
      });
    }
    const flush = () => { if (started && (syncDirty || retryTimer)) syncNow(); };
    // Resolves once nothing is left to write (used before handing the writer lock over).
    function drained() {
      return new Promise((resolve) => {
        const check = () => (syncing || syncDirty || retryTimer ? setTimeout(check, 20) : resolve());
        flush();
        check();
      });
    }
    let lastEstimate = -Infinity;
    function reportStorage() {
      if (!navigator.storage || !navigator.storage.estimate || performance.now() - lastEstimate < 3000) return;
      lastEstimate = performance.now();
      Promise.all([navigator.storage.estimate(), navigator.storage.persisted ? navigator.storage.persisted() : false])
        .then(([e, persisted]) => M._kefu_storage_info(e.usage || 0, e.quota || 0, persisted ? 1 : 0))
        .catch(() => {});
    }

    // ---- one writer: the Web Locks API decides which tab may write --------------------------------
    let releaseLock = null;
    const channel = 'BroadcastChannel' in window ? new BroadcastChannel(`kefu-${SPACE}`) : null;
    function acquireWriterLock() {
      if (!navigator.locks) return Promise.resolve('writer');  // no Web Locks: nothing to coordinate with
      return new Promise((resolve) => {
        navigator.locks.request(`kefu-writer-${SPACE}`, { ifAvailable: true }, (lock) => {
          if (!lock) { resolve('reader'); return undefined; }
          resolve('writer');
          return new Promise((release) => { releaseLock = release; });  // held until handed over
        });
      });
    }
    function tabBanner(text, button, onClick) {
      const el = document.getElementById('tab-banner');
      document.getElementById('tab-banner-text').textContent = text;
      const b = document.getElementById('tab-banner-action');
      b.textContent = button;
      b.onclick = onClick;
      el.hidden = false;
    }
    function becomeReader(why) {
      M._kefu_set_read_only(1);
      frameNow();
      if (why === 'start') {
        tabBanner('客服工作台已在另一个标签页中打开。为避免两处同时修改数据，本页只能查看。 Kefu is open in another tab; this one is read-only so that only one tab writes.',
          '在本页继续使用 Use it here', () => {
            document.getElementById('tab-banner-action').disabled = true;
            channel && channel.postMessage({ type: 'takeover' });
            // The writer finishes saving, then releases the lock; this tab then reloads as the writer.
            navigator.locks.request(`kefu-writer-${SPACE}`, () => { location.reload(); });
          });
      } else {
        tabBanner('已在另一个标签页继续使用，本页的更改均已保存，现在只能查看。 Kefu continues in another tab; everything here was saved and this tab is now read-only.',
          '重新加载 Reload', () => location.reload());
      }
    }
    if (channel) {
      channel.onmessage = async (e) => {
        if (!e.data || e.data.type !== 'takeover' || !releaseLock) return;
        M._kefu_set_read_only(1);  // no new changes from here on
        await drained();           // everything already typed reaches IndexedDB first
        const release = releaseLock;
        releaseLock = null;
        release();
        becomeReader('handover');
      };
    }
    // ---- drafts -----------------------------------------------------------------------------------
    // One small database for every data space; keys "<space>/<agent>". Only this space's drafts
    // are read, once, before the app starts; the app then reads them from memory.
    const drafts = new Map();
    let draftDb = null;
    let draftFailed = false;
    function loadDrafts() {
      return new Promise((resolve) => {
        const t0 = performance.now();
        const done = () => { marks.drafts_ms = performance.now() - t0; resolve(); };
        try {
          const rq = indexedDB.open('kefu-drafts', 1);
          rq.onupgradeneeded = () => rq.result.createObjectStore('drafts');
          rq.onerror = done;
          rq.onblocked = done;
          rq.onsuccess = () => {
            draftDb = rq.result;
            const range = IDBKeyRange.bound(`${SPACE}/`, `${SPACE}/\uffff`);
            const tx = draftDb.transaction('drafts', 'readonly');
            const store = tx.objectStore('drafts');
            const keys = store.getAllKeys(range), values = store.getAll(range);
            tx.oncomplete = () => {
              keys.result.forEach((k, i) => { if (typeof values.result[i] === 'string') drafts.set(k.slice(SPACE.length + 1), values.result[i]); });
              done();
            };
            tx.onerror = done;
          };
        } catch (_) {
          done();  // no IndexedDB: the app works without drafts
        }
      });
    }
    function writeDraft(agent, text) {
      if (text) drafts.set(agent, text); else drafts.delete(agent);
      if (!draftDb) return;
      try {
        const tx = draftDb.transaction('drafts', 'readwrite');
        const store = tx.objectStore('drafts');
        if (text) store.put(text, `${SPACE}/${agent}`); else store.delete(`${SPACE}/${agent}`);
        tx.oncomplete = () => { marks.draft_written = performance.now(); if (draftFailed) { draftFailed = false; M.ccall('kefu_draft_result', null, ['number', 'string'], [1, '']); frameNow(); } };
        const failed = () => { if (!draftFailed) { draftFailed = true; M.ccall('kefu_draft_result', null, ['number', 'string'], [0, errText(tx.error)]); frameNow(); } };
        tx.onerror = failed;
        tx.onabort = failed;
        if (tx.commit) tx.commit();  // sent now: a page closing right after still gets it written
      } catch (e) {
        if (!draftFailed) { draftFailed = true; M.ccall('kefu_draft_result', null, ['number', 'string'], [0, errText(e)]); }
      }
    }
    // Closing or reloading the tab asks first, only while the app says something is unsaved
    // (a listener kept for good would also keep the page out of the back/forward cache).
    const onBeforeUnload = (e) => { e.preventDefault(); e.returnValue = ''; };
    let leaveGuard = false;
    function setLeaveGuard(on) {
      if (on === leaveGuard) return;
      leaveGuard = on;
      if (on && !kiosk) window.addEventListener('beforeunload', onBeforeUnload);
      else window.removeEventListener('beforeunload', onBeforeUnload);
    }
    const hidden = () => {
      if (started) M._kefu_flush_draft();
      flush();
    };
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') hidden(); });
    window.addEventListener('pagehide', hidden);

    const httpOpen = new Set();  // AbortControllers of the team requests in flight
    // ---- the API web_backend.cpp calls (Module.kefuGlue) ---------------------------------------------
    const glue = {
      wake,
      wakeSoon,
      requestSync: syncNow,
      setIme(wantText, x, y, lineH) {
        imeWanted = wantText;
        if (wantText) {
          agent.style.left = `${Math.round(x)}px`;
          agent.style.top = `${Math.round(y)}px`;
          agent.style.height = `${Math.round(lineH)}px`;
          agent.style.fontSize = `${Math.max(10, Math.round(lineH * 0.82))}px`;
          if (document.activeElement !== agent) agent.focus({ preventScroll: true });
        } else if (document.activeElement === agent && !composing) {
          agent.blur();
        }
      },
      writeClipboard(text) {
        pendingCopy = text;
        if (inCopyKeystroke) return;  // the 'copy' event of this keystroke delivers it
        const fallback = () => { try { document.execCommand('copy'); } catch (_) { /* reported below */ } };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(() => { pendingCopy = null; }, fallback);
        } else {
          fallback();
        }
      },
      download(name, mime, bytes) {
        const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
        const a = document.createElement('a');
        a.href = url;
        a.download = name;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 30000);
      },
      // The service worker holds a new version: activate it; the page reloads when it takes over.
      applyUpdate() { if (window.kefuUpdate) window.kefuUpdate.apply(); },
      sessionAgent() { try { return sessionStorage.getItem(SESSION_KEY) || ''; } catch (_) { return ''; } },
      setSessionAgent(v) {
        try { if (v) sessionStorage.setItem(SESSION_KEY, v); else sessionStorage.removeItem(SESSION_KEY); } catch (_) { /* blocked: the session ends with the page */ }
      },
      // Kiosk mode: reload keys do nothing, and the back button stays on this page.
      setKiosk(on) {
        kiosk = on;
        if (on) window.removeEventListener('beforeunload', onBeforeUnload);  // nobody there to answer
        else if (leaveGuard) window.addEventListener('beforeunload', onBeforeUnload);
        if (on && !history.state?.kefuKiosk) history.pushState({ kefuKiosk: true }, '');
      },
      // The team database (web/team_link.cpp): fetch with JSON and Basic authentication or the
      // team session's cookie, a
      // timeout, abortable. The answer goes back as kefu_http_done(id, status, body, length):
      // status 0 when there was none (offline, refused, aborted), -1 when it ended at its time
      // limit (the live feed's normal turn: core/replicator.hpp kStatusTimedOut). The body's bytes
      // are copied onto the heap as they came (UTF-8): no decoding to a JS string and encoding
      // back, which cost a first sync more than parsing the pages.
      http(id, method, url, body, user, password, timeoutMs) {
        const ctl = new AbortController();
        httpOpen.add(ctl);
        let timedOut = false;
        const timer = setTimeout(() => { timedOut = true; ctl.abort(); }, timeoutMs);
        const headers = { Accept: 'application/json' };
        if (body) headers['Content-Type'] = 'application/json';
        // Basic credentials, UTF-8 (btoa takes Latin-1 only).
        if (user) headers.Authorization = 'Basic ' + btoa(String.fromCharCode(...new TextEncoder().encode(`${user}:${password}`)));
        const done = (status, bytes) => {
          clearTimeout(timer);
          httpOpen.delete(ctl);
          if (!M) return;
          const len = bytes ? bytes.length : 0;
          const ptr = M._malloc(len + 1);
          if (len) M.HEAPU8.set(bytes, ptr);
          M._kefu_http_done(id, status, ptr, len);  // it asks for a frame itself when something shows
        };
        // Without a user, the team session's cookie (HttpOnly: set by the server at the team
        // sign-in, sent by the browser, never seen here); with one, no cookie at all.
        fetch(url, { method, headers, body: body || undefined, signal: ctl.signal, cache: 'no-store', credentials: user ? 'omit' : 'same-origin' })
          .then((r) => r.arrayBuffer().then((b) => done(r.status, new Uint8Array(b))))
          .catch(() => done(timedOut ? -1 : 0, null));
      },
      httpAbortAll() { for (const ctl of [...httpOpen]) ctl.abort(); },
      randomText(n) {
        const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
        let out = '';
        while (out.length < n) {  // bytes of 220 and above are dropped: every symbol equally likely
          for (const b of crypto.getRandomValues(new Uint8Array(n))) if (b < 220 && out.length < n) out += alphabet[b % 55];
        }
        return out;
      },
      // PBKDF2-SHA256 through WebCrypto; a new random 16-byte salt when none is given.
      derivePin(id, pin, saltB64, iterations) {
        const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
        const done = (salt, hash, error) => {
          M.ccall('kefu_pin_derived', null, ['number', 'string', 'string', 'string'], [id, salt, hash, error]);
          frameNow();
        };
        try {
          const salt = saltB64 ? Uint8Array.from(atob(saltB64), (c) => c.charCodeAt(0)) : crypto.getRandomValues(new Uint8Array(16));
          const t0 = performance.now();
          crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits'])
            .then((key) => crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256))
            .then((bits) => { marks.pin_ms = performance.now() - t0; done(b64(salt), b64(bits), ''); },
              (e) => done('', '', errText(e)));
        } catch (e) {
          done('', '', errText(e));
        }
      },
      readDraft: (agent) => drafts.get(agent) || '',
      writeDraft,
      setLeaveGuard,
      pickFile(id, accept) {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = accept;
        input.addEventListener('change', () => { if (input.files[0]) deliverFile(id, input.files[0]); });
        input.click();
      },
    };

    // Mounts storage, then starts the app. Resolves to 0 or kefu_start's error code.
    async function start(module) {
      M = module;
      const role = await acquireWriterLock();
      // A read-only tab neither restores nor keeps drafts: the writing tab owns them.
      const [storageError] = await Promise.all([mountStorage(), role === 'writer' ? loadDrafts() : null]);
      if (storageError) console.warn(`kefu: storage unavailable: ${storageError}`);
      else if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
      const langs = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'zh-CN']).join(',');
      applySize();
      const mode = MODE;
      const rc = M.ccall('kefu_start', 'number', ['string', 'number', 'number', 'number', 'number', 'number', 'string'],
        [langs, isMac ? 1 : 0, window.innerWidth, window.innerHeight, window.devicePixelRatio || 1, storageError ? 0 : 1, mode]);
      if (rc !== 0) return rc;
      started = true;
      if (role === 'reader') becomeReader('start');
      reportStorage();
      window.addEventListener('resize', resize);
      watchDpr();
      frameNow();
      return 0;
    }

    function deliverFont(bytes, name) {
      const ptr = M._malloc(bytes.length);
      M.HEAPU8.set(bytes, ptr);
      const ok = M.ccall('kefu_font_data', 'number', ['number', 'number', 'string'], [ptr, bytes.length, name]);
      marks.font_ready = performance.now();
      frameNow();
      return ok === 1;
    }
    function fontFailed() { M._kefu_font_failed(); frameNow(); }
    function deliverFontMore(bytes, name) {
      const t0 = performance.now();
      const ptr = M._malloc(bytes.length);
      M.HEAPU8.set(bytes, ptr);
      const ok = M.ccall('kefu_font_more', 'number', ['number', 'number', 'string'], [ptr, bytes.length, name]);
      marks.font_more_ready = performance.now();
      marks.font_more_merge_ms = marks.font_more_ready - t0;
      frameNow();
      return ok === 1;
    }
    function fontMoreFailed() { if (started) { M._kefu_font_more_failed(); frameNow(); } }
    function updateReady() { if (started) { M._kefu_update_ready(); frameNow(); } }

    // Read-only automation bridge for tests and benchmarks: it can look, never change.
    const bridge = Object.freeze({
      ready: () => started && marks.first_frame !== undefined,
      state: () => JSON.parse(M.UTF8ToString(M._kefu_state_json())),
      rect: (id) => JSON.parse(M.UTF8ToString(M.ccall('kefu_widget_rect', 'number', ['string'], [String(id)]))),
      frames: () => (started ? M._kefu_frame_count() : 0),
      memory: () => (M ? M.HEAPU8.length : 0),  // the wasm memory's size in bytes (the benchmarks read it)
      timings: () => Object.freeze({ ...marks }),
      textAgent: () => Object.freeze({ focused: document.activeElement === agent, composing, wanted: imeWanted }),
    });
    Object.defineProperty(window, 'kefu', { value: bridge, writable: false, configurable: false, enumerable: true });

    return { glue, start, deliverFont, fontFailed, deliverFontMore, fontMoreFailed, updateReady, marks };
  }

  return Object.freeze({ create });
})();
