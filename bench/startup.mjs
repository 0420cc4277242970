// Browser benchmarks in headless Debian Chromium: cold, warm and offline start (the service
// worker's cache, network off), bytes transferred, frames rendered while idle, and sign-in
// (PBKDF2 through WebCrypto, and Enter → signed in), the second font (after the first frame),
// drafts (main-thread time of a write with a 20,000-character case, restoring at start-up). Prints one JSON object (bench/run.py tabulates it).
//   node bench/startup.mjs [--runs N]
import * as L from '../tests/e2e/lib.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function measure(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.kefu && window.kefu.ready() && window.kefu.timings().font_ready !== undefined &&
    window.kefu.timings().font_more_ready !== undefined, null, { timeout: 60000 });
  return page.evaluate(() => {
    const t = window.kefu.timings();
    const res = performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'));
    const bytes = {};
    for (const r of res) {
      const name = new URL(r.name).pathname.replace(/^\//, '') || 'index.html';
      bytes[name] = (bytes[name] || 0) + r.transferSize;
    }
    return { first_frame_ms: t.first_frame, font_ready_ms: t.font_ready, font_more_ready_ms: t.font_more_ready,
      font_more_merge_ms: t.font_more_merge_ms, transferred: bytes };
  });
}

const srv = await L.startServer();
const out = { runs, cold: [], warm: [], offline: [], idle_frames_2s: null, signin: [], demo_first_ms: [], demo_reset_ms: [],
  draft_write_ms: [], draft_restore: [] };
try {
  for (let i = 0; i < runs; i++) {
    const b = await L.launch({ now: null });
    try {
      out.cold.push(await measure(b.page, srv.url));
      out.warm.push(await measure(b.page, srv.url));  // same profile: HTTP cache (immutable URLs)
      // The network off: everything from the service worker's cache.
      // (The active worker serves the next navigation; this page itself may be uncontrolled if
      // the worker activated while it was loading.)
      await b.page.evaluate(() => navigator.serviceWorker.ready);
      await b.context.setOffline(true);
      out.offline.push(await measure(b.page, srv.url));
      await b.context.setOffline(false);
      if (i === 0) {
        await L.settle(b.page);
        const sec = await b.page.evaluate(() => new Date().getSeconds());
        if (sec > 54) await new Promise((r) => setTimeout(r, (61 - sec) * 1000));  // clock redraws on the minute
        const f0 = await b.page.evaluate(() => window.kefu.frames());
        await b.page.waitForTimeout(2000);
        out.idle_frames_2s = (await b.page.evaluate(() => window.kefu.frames())) - f0;
      }
    } finally { await b.close(); }
  }
  // Sign-in: the first-run administrator, then sign out and in again `runs` times.
  const b = await L.launch({ now: null });
  try {
    await L.openApp(b.page, srv.url);
    for (let i = 0; i < runs; i++) {
      await L.click(b.page, 'status.agent');
      await L.click(b.page, 'auth.menu.sign_out');
      await L.typeInto(b.page, 'auth.id', L.ADMIN.id);
      await L.typeInto(b.page, 'auth.pin', L.ADMIN.pin);
      const t0 = Date.now();
      await b.page.keyboard.press('Enter');
      await b.page.waitForFunction(() => window.kefu.state().auth.state === 'signed_in', null, { timeout: 15000, polling: 5 });
      const total = Date.now() - t0;
      out.signin.push({ pbkdf2_ms: await b.page.evaluate(() => window.kefu.timings().pin_ms), enter_to_signed_in_ms: total });
    }
    // Drafts: a new case with a 20,000-character description (pasted), then bursts of typing;
    // each burst's draft write is timed inside the app (serialising + handing to IndexedDB).
    await L.click(b.page, 'nav.cases');
    await b.page.keyboard.press('Control+N');
    await L.settle(b.page);
    await L.click(b.page, 'case.description');
    await b.page.evaluate((t) => navigator.clipboard.writeText(t), '宽带断线😀'.repeat(4000));
    await b.page.keyboard.press('Control+V');
    await L.settle(b.page);
    for (let i = 0; i < runs; i++) {
      const w = (await L.state(b.page)).drafts.writes;
      await b.page.keyboard.insertText('网络中断');
      await b.page.waitForFunction((n) => window.kefu.state().drafts.writes > n, w, { timeout: 5000 });
      out.draft_write_ms.push((await L.state(b.page)).drafts.write_ms);
      await b.page.waitForTimeout(1100);
    }
    // Start-up with that draft waiting: reading the drafts (IndexedDB, beside mounting the
    // records) and putting the case back on screen.
    for (let i = 0; i < runs; i++) {
      await b.page.reload();
      await b.page.waitForFunction(() => window.kefu && window.kefu.ready() && window.kefu.state().drafts.banner, null, { timeout: 30000 });
      const t = await b.page.evaluate(() => window.kefu.timings());
      out.draft_restore.push({ read_ms: t.drafts_ms, restore_ms: (await L.state(b.page)).drafts.restore_ms });
    }
  } finally { await b.close(); }
  // The demo station: generating its data on the first visit, then "reset" `runs` times.
  const d = await L.launch({ now: null });
  try {
    await L.openApp(d.page, `${srv.url}?mode=demo`, { as: null });
    out.demo_first_ms.push((await L.state(d.page)).demo.reset_ms);
    for (let i = 0; i < runs; i++) {
      await L.click(d.page, 'demo.reset');
      await L.click(d.page, 'demo.reset.yes');
      await L.saved(d.page);
      out.demo_reset_ms.push((await L.state(d.page)).demo.reset_ms);
    }
  } finally { await d.close(); }
} finally { srv.stop(); }

out.summary = {
  cold_first_frame_ms: median(out.cold.map((r) => r.first_frame_ms)),
  cold_font_ready_ms: median(out.cold.map((r) => r.font_ready_ms)),
  warm_first_frame_ms: median(out.warm.map((r) => r.first_frame_ms)),
  warm_font_ready_ms: median(out.warm.map((r) => r.font_ready_ms)),
  offline_first_frame_ms: median(out.offline.map((r) => r.first_frame_ms)),
  cold_transferred: out.cold[0].transferred,
  warm_transferred: out.warm[0].transferred,
  idle_frames_2s: out.idle_frames_2s,
  signin_pbkdf2_ms: median(out.signin.map((r) => r.pbkdf2_ms)),
  signin_enter_to_signed_in_ms: median(out.signin.map((r) => r.enter_to_signed_in_ms)),
  demo_first_visit_ms: out.demo_first_ms[0],
  demo_reset_ms: median(out.demo_reset_ms),
  cold_font_more_ready_ms: median(out.cold.map((r) => r.font_more_ready_ms)),
  warm_font_more_ready_ms: median(out.warm.map((r) => r.font_more_ready_ms)),
  font_more_merge_ms: median(out.warm.map((r) => r.font_more_merge_ms)),
  draft_write_ms: Math.max(...out.draft_write_ms),
  draft_read_ms: median(out.draft_restore.map((r) => r.read_ms)),
  draft_restore_ms: median(out.draft_restore.map((r) => r.restore_ms)),
};
console.log(JSON.stringify(out));
