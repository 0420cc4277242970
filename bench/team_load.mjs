// Team load (issue "Team", docs/team-sync.md "1,000 agents"): many stations against one team
// database at once, on loopback, scaled down. Each simulated station is a node client with its
// agent's account (a lead's, made as an administrator makes it; a station's own account writes nothing), keeps the live feed
// open as the app does (_changes?feed=longpoll&style=all_docs&heartbeat, everything: no
// filter), and writes case documents as the app's push does (_bulk_docs, a new case then its
// revisions with the _rev last seen, 5 writes a case). Writes are spread at random over the
// run at the given total rate. Measured: how long a write takes to be answered, how long until
// every other station's feed has brought it (the fan-out), the server's CPU time, errors.
//
//   node bench/team_load.mjs --stations 100 --rate 9.4 --seconds 60   prints one JSON line
//
// 1,000 agents write ~9.4 documents a second over an 8-hour day, ~30 at peaks (the
// arithmetic in docs/team-sync.md). This runs fewer stations (each one live feed and one
// account) at that total rate: the write load is the centre's, the fan-out is a tenth.
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as L from '../tests/e2e/lib.mjs';
import { addAccounts } from '../tests/e2e/team_docs.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const STATIONS = arg('stations', 100);
const RATE = arg('rate', 9.4);        // writes a second, all stations together
const SECONDS = arg('seconds', 60);
// --filter: every feed follows a working set through the design document's filter (as a
// pouchdb-server station keeping N days does): the server runs the filter per change per feed.
const FILTERED = process.argv.includes('--filter');
const log = (...a) => console.error('[team-load]', ...a);

// Real case documents (valid for the importer and the validation function), from the fixture.
const fixture = join(L.ROOT, 'build/bench/team-200-5.ndjson');
if (!existsSync(fixture)) execFileSync(join(L.ROOT, 'build/native/kefu_team_fixture'), ['205', fixture], { stdio: 'inherit' });
const templates = readFileSync(fixture, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

const work = mkdtempSync(join(tmpdir(), 'kefu-team-load-'));
const srv = await L.startServer(['--team', '--team-data', join(work, 'team')]);
const out = { stations: STATIONS, rate_per_s: RATE, seconds: SECONDS, filter: FILTERED ? 'kefu/working_set' : 'none' };
// New writes are recent: they pass the working set's filter, as a centre's live writes do.
const after = Math.min(...templates.map((d) => d.updated_at)) - 1;
const filterQuery = FILTERED ? `&filter=kefu/working_set&after=${after}` : '';
const feeds = [];
let stopping = false;
try {
  for (const end = performance.now() + 30000; !/team administrator: admin {2}password: (\S+)/.test(srv.output());) {
    if (performance.now() > end) throw new Error(`no administrator printed:\n${srv.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const password = srv.output().match(/team administrator: admin {2}password: (\S+)/)[1];
  const port = srv.output().match(/pouchdb-server on 127\.0\.0\.1:(\d+)/)[1];
  const base = `http://127.0.0.1:${port}`;  // the database server itself, as nginx would reach it
  const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
  const admin = basic('admin', password);
  const serverPid = Number(execFileSync('pgrep', ['-f', `pouchdb-server.*${port}`]).toString().trim().split('\n')[0]);
  const cpuSeconds = () => { const f = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };

  // ---- the desks: each with the account of the agent signed in to the team there (a station's
  // own account writes nothing), a lead's (the fixture's cases carry reviews), its 工号 L<n>
  const stations = [], made = [];
  for (let i = 0; i < STATIONS; i++) {
    const id = `L${String(i).padStart(4, '0')}`, name = `kefu.${id}.t${i}`, pw = `pw-${i}-${Math.random().toString(36).slice(2)}`;
    made.push({ name, password: pw, role: 'lead' });
    stations.push({ name, auth: basic(name, pw), actor: { agent_id: id, name: `组长${i}` } });
  }
  await addAccounts(base, admin, made);  // as the Kefu administrator, who makes the accounts

  // ---- every station's live feed, from now on
  const info = await (await fetch(`${base}/kefu`, { headers: { Authorization: admin } })).json();
  const written = new Map();  // "<id> <rev>" -> when the server answered the write
  const delivery = [], writeMs = [];
  let feedErrors = 0, writeErrors = 0, delivered = 0;
  for (const st of stations) {
    feeds.push((async () => {
      let since = info.update_seq;
      while (!stopping) {
        try {
          const r = await fetch(`${base}/kefu/_changes?style=all_docs&feed=longpoll&heartbeat=25000&timeout=5000&since=${encodeURIComponent(since)}${filterQuery}`, { headers: { Authorization: st.auth } });
          if (r.status !== 200) { feedErrors++; await new Promise((x) => setTimeout(x, 500)); continue; }
          const j = await r.json();
          const now = performance.now();
          for (const row of j.results) {
            const at = written.get(`${row.id} ${row.changes[0].rev}`);
            if (at !== undefined) { delivery.push(now - at); delivered++; }
          }
          since = j.last_seq;
        } catch (e) {
          if (!stopping) feedErrors++;
        }
      }
    })());
  }
  await new Promise((r) => setTimeout(r, 500));  // the feeds are open

  // ---- writes at RATE a second, from random stations: a new case, then its revisions
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const open = [];  // cases with revisions still to write: {id, rev, doc, left}
  let n = 0, writes = 0;
  const pending = new Set();
  while (performance.now() - t0 < SECONDS * 1000) {
    const st = stations[Math.floor(Math.random() * stations.length)];
    let doc, c;
    const ready = open.filter((x) => !x.inflight && x.serverRev);  // each revision needs the last _rev
    if (ready.length && Math.random() < 0.8) {  // 4 revisions for each new case: 80 % of writes
      c = ready[Math.floor(Math.random() * ready.length)];
      const k = open.indexOf(c);
      c.doc.rev += 1;
      c.doc.updated_at += 60000;
      c.doc.updated_by = st.actor;  // signed by the agent whose session sends it
      c.doc.history.push({ ...c.doc.history[c.doc.history.length - 1], rev: c.doc.rev, at: c.doc.updated_at, by: st.actor });
      doc = { ...c.doc, _rev: c.serverRev };
      if (--c.left === 0) open.splice(k, 1);
    } else {
      const tpl = templates[n % templates.length];
      const id = `c-load-${String(n++).padStart(7, '0')}`;
      const fresh = JSON.parse(JSON.stringify(tpl));
      fresh._id = `case:${id}`;
      fresh.id = id;
      fresh.created_by = fresh.updated_by = st.actor;
      for (const h of fresh.history) { h.by = st.actor; delete h.via; }
      c = { doc: fresh, serverRev: null, left: 4 };
      open.push(c);
      doc = fresh;
    }
    const started = performance.now();
    c.inflight = true;
    const p = fetch(`${base}/kefu/_bulk_docs`, { method: 'POST', headers: { Authorization: st.auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ docs: [doc] }) })
      .then(async (r) => {
        const j = await r.json();
        const answered = performance.now();
        if (r.status !== 201 || !j[0] || !j[0].ok) { writeErrors++; return; }
        writeMs.push(answered - started);
        written.set(`${j[0].id} ${j[0].rev}`, answered);
        c.serverRev = j[0].rev;
        writes++;
      })
      .catch(() => { writeErrors++; })
      .finally(() => { c.inflight = false; pending.delete(p); });
    pending.add(p);
    // Open loop: the next write does not wait for this one (a slow server gets the load
    // anyway). Exponential gaps: RATE writes a second on average, bursts included.
    const gap = (-Math.log(1 - Math.random()) * 1000) / RATE;
    await new Promise((r) => setTimeout(r, gap));
  }
  await Promise.allSettled([...pending]);
  const elapsed = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 2000));  // the last writes reach the feeds
  const cpu = cpuSeconds() - cpu0;
  stopping = true;

  const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(s.length * q))]) : null; };
  out.writes = writes;
  out.writes_per_s = +(writes / elapsed).toFixed(1);
  out.write_p50_ms = pct(writeMs, 0.5);
  out.write_p95_ms = pct(writeMs, 0.95);
  out.write_p99_ms = pct(writeMs, 0.99);
  out.deliveries = delivered;
  out.deliveries_expected = writes * STATIONS;
  out.delivery_p50_ms = pct(delivery, 0.5);
  out.delivery_p95_ms = pct(delivery, 0.95);
  out.delivery_p99_ms = pct(delivery, 0.99);
  out.server_cpu_share = +(cpu / elapsed).toFixed(2);  // of one core
  out.write_errors = writeErrors;
  out.feed_errors = feedErrors;
  log(`${writes} writes in ${elapsed.toFixed(0)} s (${out.writes_per_s}/s) from ${STATIONS} stations: answered p50 ${out.write_p50_ms} ms, p95 ${out.write_p95_ms} ms, p99 ${out.write_p99_ms} ms`);
  log(`fan-out: ${delivered} of ${out.deliveries_expected} deliveries to the live feeds, p50 ${out.delivery_p50_ms} ms, p95 ${out.delivery_p95_ms} ms, p99 ${out.delivery_p99_ms} ms`);
  log(`server CPU ${Math.round(out.server_cpu_share * 100)} % of a core; errors: ${writeErrors} writes, ${feedErrors} feeds`);
  if (writes === 0 || delivered < writes * STATIONS * 0.99 || writeErrors > 0) throw new Error(`the load run lost writes or deliveries: ${JSON.stringify(out)}`);
} finally {
  stopping = true;
  await srv.stop();
  await Promise.race([Promise.allSettled(feeds), new Promise((r) => setTimeout(r, 3000))]);
  rmSync(work, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
process.exit(0);  // long polls of a stopped server may still be open
