// Team sync benchmark (issue "Team"): a team database of N cases with their history (made by
// kefu_team_fixture through the real commands, 5 revisions each), served by serve.py --team
// (pouchdb-server behind the app's own address), and an empty station joining it in headless
// Chromium: how long until everything is pulled, applied, journaled in IndexedDB and the
// station says 已同步; the page's memory then. In the same run and the same browser, PouchDB's
// own replicate() (pouchdb 9 from npm, IndexedDB adapter) pulls the same database, for the
// ratio. Then changes written to the server one by one, as a station's push writes them: how
// long until the station has each applied (its live feed, _bulk_get, the merge, IndexedDB).
//
//   node bench/team_sync.mjs --cases 100000 [--changes 100]   prints one JSON line at the end
//     [--dist DIR]     another staged app (e.g. linked with --profiling-funcs: wasm names in profiles)
//     [--profile N]    Chrome's CPU profile of the first sync: the N functions with the most self time
//     [--console]      the station's console messages, while the changes are measured
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as L from '../tests/e2e/lib.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const N = arg('cases', 1000);
const CHANGES = arg('changes', 20);
const PROFILE = arg('profile', 0);
const textArg = (name) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : null; };
const DIST = textArg('dist') || join(L.ROOT, 'build/web/dist');
const log = (...a) => console.error('[team-bench]', ...a);

const work = mkdtempSync(join(tmpdir(), 'kefu-team-bench-'));
const fixture = join(L.ROOT, `build/bench/team-${N}-${CHANGES}.ndjson`);
if (!existsSync(fixture)) {
  mkdirSync(dirname(fixture), { recursive: true });  // a fresh checkout has no build/bench yet
  execFileSync(join(L.ROOT, 'build/native/kefu_team_fixture'), [String(N + CHANGES), fixture], { stdio: 'inherit' });
}
// The app, with PouchDB's browser build beside it (same origin: the page's CSP allows it).
const root = join(work, 'dist');
cpSync(DIST, root, { recursive: true });
copyFileSync(join(L.ROOT, 'tests/e2e/node_modules/pouchdb/dist/pouchdb.min.js'), join(root, 'pouchdb.min.js'));

const srv = await L.startServer(['--root', root, '--team', '--team-data', join(work, 'team')]);
const out = { cases: N };
let a, p;
try {
  for (let end = Date.now() + 30000; !/team administrator: admin {2}password: (\S+)/.test(srv.output());) {
    if (Date.now() > end) throw new Error(`no administrator printed:\n${srv.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const password = srv.output().match(/team administrator: admin {2}password: (\S+)/)[1];
  const auth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
  // The team's records are written as the server's administrator: the validation lets only
  // agents' own accounts write records (docs/team-security.md), and these are many agents'.
  const sa = JSON.parse(readFileSync(join(work, 'team', 'server-admin.json'), 'utf8'));
  const writer = `Basic ${Buffer.from(`${sa.name}:${sa.password}`).toString('base64')}`;

  // ---- load the team database
  let t = performance.now();
  const all = readFileSync(fixture, 'utf8').split('\n').filter(Boolean);
  const lines = all.slice(0, N), later = all.slice(N);
  let bytes = 0;
  for (let i = 0; i < lines.length; i += 1000) {
    const body = `{"docs":[${lines.slice(i, i + 1000).join(',')}]}`;
    bytes += body.length;
    const r = await fetch(`${srv.url}team/db/_bulk_docs`, { method: 'POST', headers: { Authorization: writer, 'Content-Type': 'application/json' }, body });
    if (r.status !== 201) throw new Error(`_bulk_docs: ${r.status} ${await r.text()}`);
  }
  out.load_ms = Math.round(performance.now() - t);
  out.db_bytes = bytes;
  log(`loaded ${lines.length} documents (${(bytes / 1048576).toFixed(1)} MB) in ${out.load_ms} ms`);

  // ---- Kefu: an empty station joins and pulls everything
  a = await L.launch({ now: null, userDataDir: join(work, 'station-a') });
  await L.openApp(a.page, srv.url, { as: null });
  await L.click(a.page, 'auth.team');
  for (const [id, text] of [['team.address', '/team/db'], ['team.admin', 'admin'], ['team.password', password]]) await L.typeInto(a.page, id, text);
  let prof = null;
  if (PROFILE) {
    prof = await a.context.newCDPSession(a.page);
    await prof.send('Profiler.enable');
    await prof.send('Profiler.setSamplingInterval', { interval: 1000 });
    await prof.send('Profiler.start');
  }
  const frames0 = await a.page.evaluate(() => window.kefu.frames());
  t = performance.now();
  await L.click(a.page, 'team.join');
  for (;;) {
    const s = await a.page.evaluate(() => { const x = window.kefu.state(); return { phase: x.team.phase, pulled: x.team.pulled, total: x.cases ? x.cases.total : -1, save: x.save_state }; });
    if (s.phase === 'synced' && s.pulled >= N && s.save === 'saved') break;
    if (performance.now() - t > 30 * 60 * 1000) throw new Error(`first sync did not finish: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 250));  // state() is not free: not too often
  }
  out.kefu_first_sync_ms = Math.round(performance.now() - t);
  log(JSON.stringify(await a.page.evaluate(() => window.kefu.timings())));
  out.kefu_frames_during_sync = (await a.page.evaluate(() => window.kefu.frames())) - frames0;
  if (prof) {
    const { profile } = await prof.send('Profiler.stop');
    const self = new Map();
    const dt = new Map(profile.samples.map((s, i) => [i, profile.timeDeltas[i] || 0]));
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const f = byNode.get(id).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop().split('?')[0] : ''}`;
      self.set(key, (self.get(key) || 0) + dt.get(i) / 1000);
    });
    const total = [...self.values()].reduce((x, y) => x + y, 0);
    log(`CPU profile of the first sync: ${Math.round(total)} ms sampled; most self time:`);
    for (const [k, ms] of [...self].sort((x, y) => y[1] - x[1]).slice(0, PROFILE)) log(`  ${String(Math.round(ms)).padStart(7)} ms  ${k.slice(0, 140)}`);
    // Inclusive time of the app's own functions (kefu::…, kefu_… exports): where the work is.
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
    const incl = new Map();
    profile.samples.forEach((id, i) => {
      const seen = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const name = byNode.get(at).callFrame.functionName || '';
        if (!/^kefu(::|_)/.test(name)) continue;
        const short = name.replace(/\(.*$/, '');
        if (seen.has(short)) continue;
        seen.add(short);
        incl.set(short, (incl.get(short) || 0) + dt.get(i) / 1000);
      }
    });
    log('most inclusive time in the app\'s functions:');
    for (const [k, ms] of [...incl].sort((x, y) => y[1] - x[1]).slice(0, PROFILE)) log(`  ${String(Math.round(ms)).padStart(7)} ms  ${k.slice(0, 140)}`);
  }
  const cdp = await a.context.newCDPSession(a.page);
  const heap = await cdp.send('Runtime.getHeapUsage');
  out.kefu_js_heap_mb = Math.round(heap.usedSize / 1048576);
  out.kefu_wasm_mb = Math.round((await a.page.evaluate(() => window.kefu.memory())) / 1048576);
  // The storage folder's files live in memory too (IDBFS keeps them in MEMFS, outside the JS
  // heap's count): their size on disk in IndexedDB is a close measure of them.
  out.kefu_storage_mb = Math.round((await a.page.evaluate(async () => (await navigator.storage.estimate()).usage)) / 1048576);
  log(`Kefu first sync: ${out.kefu_first_sync_ms} ms; wasm memory ${out.kefu_wasm_mb} MB, JS heap ${out.kefu_js_heap_mb} MB, storage ${out.kefu_storage_mb} MB`);

  // ---- the same station reopened: what it holds in memory when it starts from its own files
  await L.openApp(a.page, srv.url, { as: null });
  out.kefu_wasm_after_reload_mb = Math.round((await a.page.evaluate(() => window.kefu.memory())) / 1048576);
  log(`reopened: wasm memory ${out.kefu_wasm_after_reload_mb} MB`);

  // ---- PouchDB's replicate(), same browser, same database
  p = await L.launch({ now: null, userDataDir: join(work, 'pouch') });
  await p.page.goto(`${srv.url}manifest.webmanifest`);  // any page of the origin: the app itself stays out of it
  await p.page.addScriptTag({ url: '/pouchdb.min.js' });
  out.pouchdb_replicate_ms = await p.page.evaluate(async (basic) => {
    const db = new window.PouchDB('bench');
    const remote = new window.PouchDB(`${location.origin}/team/db`, {
      fetch: (url, opts) => { opts.headers.set('Authorization', basic); return window.PouchDB.fetch(url, opts); },
    });
    const t0 = performance.now();
    await db.replicate.from(remote, { batch_size: 500 });
    const info = await db.info();
    if (info.doc_count < 1) throw new Error('PouchDB pulled nothing');
    return Math.round(performance.now() - t0);
  }, auth);
  out.ratio_pouchdb_over_kefu = +(out.pouchdb_replicate_ms / out.kefu_first_sync_ms).toFixed(2);
  log(`PouchDB replicate(): ${out.pouchdb_replicate_ms} ms (${out.ratio_pouchdb_over_kefu}× Kefu's time)`);

  // ---- changes reaching a station: written to the server one at a time (as a push does)
  const lat = [];
  if (process.argv.includes('--console')) a.page.on('console', (m) => log(`console: ${m.text()}`));
  for (const line of later) {
    const before = await a.page.evaluate(() => window.kefu.state().team.pulled);
    const t0 = performance.now();
    const r = await fetch(`${srv.url}team/db/_bulk_docs`, { method: 'POST', headers: { Authorization: writer, 'Content-Type': 'application/json' }, body: `{"docs":[${line}]}` });
    if (r.status !== 201) throw new Error(`_bulk_docs: ${r.status}`);
    await a.page.waitForFunction((n) => window.kefu.state().team.pulled > n, before, { timeout: 30000, polling: 10 });  // not rAF: an idle app draws no frames
    lat.push(performance.now() - t0);
  }
  lat.sort((x, y) => x - y);
  out.change_p50_ms = Math.round(lat[Math.floor(lat.length * 0.5)] || 0);
  out.change_p95_ms = Math.round(lat[Math.min(lat.length - 1, Math.floor(lat.length * 0.95))] || 0);
  log(`a change written to the server, applied at the station: p50 ${out.change_p50_ms} ms, p95 ${out.change_p95_ms} ms over ${lat.length}`);
} finally {
  await a?.close();
  await p?.close();
  await srv.stop();
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
