// What the team database's validation costs (issue "Team security": ≤ 20 % on pushing 10,000
// changes). One pouchdb-server (serve.py --team), three databases with the same members: `kefu`
// with the design document (validate_doc_update with the rule table, docs/team-security.md),
// `kefu_empty` with the same design documents but a validation that does nothing, and
// `kefu_plain` without any. An agent's own account (kefu.1001, in the role table: every
// rule runs, the role rules too) pushes as a station does: _bulk_docs, 200 documents a
// request, one request at a time; half the changes create cases, half change them (so the
// validation compares each history with the stored one). The two databases take turns, three
// runs each; medians. Also the team sign-in (≤ 1 s on loopback), 20 times through serve.py.
//
//   node bench/team_rules.mjs --changes 10000     prints one JSON line
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as L from '../tests/e2e/lib.mjs';
import { addAccounts, caseDoc, nextRevision } from '../tests/e2e/team_docs.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const CHANGES = arg('changes', 10000);
const RUNS = arg('runs', 3);
const BATCH = 200;  // core/team_sync.hpp push_batch
const log = (...a) => console.error('[team-rules]', ...a);

const work = mkdtempSync(join(tmpdir(), 'kefu-team-rules-'));
const srv = await L.startServer(['--team', '--team-data', join(work, 'team')]);
const basic = (u, p) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
let base, admin;
async function call(method, path, body, auth = admin) {
  const r = await fetch(`${base}/${path}`, { method, headers: { Authorization: auth, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await r.json().catch(() => null);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  for (const end = performance.now() + 30000; !/pouchdb-server on 127\.0\.0\.1:(\d+)/.test(srv.output());) {
    if (performance.now() > end) throw new Error(`no team server:\n${srv.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const end = performance.now() + 30000; !/team administrator/.test(srv.output());) {
    if (performance.now() > end) throw new Error(`team server not prepared:\n${srv.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  base = `http://127.0.0.1:${srv.output().match(/pouchdb-server on 127\.0\.0\.1:(\d+)/)[1]}`;
  const sa = JSON.parse(readFileSync(join(work, 'team', 'server-admin.json'), 'utf8'));
  admin = basic(sa.name, sa.password);

  // The agent's account, a member by name, its role in the role table; the same account a
  // member of a database without the design document, and of one whose validation does
  // nothing (what the server's validation machinery costs by itself: pouchdb-server reads the
  // design documents and compiles the function per document).
  const pw = `pw-${Math.random().toString(36).slice(2)}`;
  const agent = basic('kefu.1001', pw);
  await call('PUT', 'kefu_plain');
  await call('PUT', 'kefu_empty');
  // The same design documents as kefu's (the working-set filter, the role table, the Mango
  // indexes), only the validation doing nothing: the difference is the rules' own work.
  const ddocs = await call('GET', `kefu/_all_docs?include_docs=true&startkey=${encodeURIComponent('"_design/"')}&endkey=${encodeURIComponent('"_design0"')}`);
  for (const { doc: { _rev, ...doc } } of ddocs.rows) {  // eslint-disable-line no-unused-vars
    if (doc.validate_doc_update) doc.validate_doc_update = 'function (newDoc, oldDoc, userCtx, secObj) {}';
    await call('PUT', `kefu_empty/${doc._id}`, doc);
  }
  await addAccounts(base, admin, [{ name: 'kefu.1001', password: pw, role: 'agent' }], ['kefu', 'kefu_plain', 'kefu_empty']);

  // One push of CHANGES changes into `db`: the cases (ids unique to this run), then a change
  // of each, as a station sends them. Returns the milliseconds it took.
  async function push(db, run) {
    const cases = CHANGES / 2;
    const docs = [];
    for (let i = 0; i < cases; i++) docs.push(caseDoc(`c-r${run}-${String(i).padStart(6, '0')}`, '1001'));
    const t = performance.now();
    const revs = new Map();  // answers come per document, not always in the order sent
    for (let i = 0; i < docs.length; i += BATCH) {
      const res = await call('POST', `${db}/_bulk_docs`, { docs: docs.slice(i, i + BATCH) }, agent);
      for (const r of res) { if (!r.ok) throw new Error(`${db}: ${JSON.stringify(r)}`); revs.set(r.id, r.rev); }
    }
    for (let i = 0; i < docs.length; i += BATCH) {
      const batch = docs.slice(i, i + BATCH).map((d) => ({ ...nextRevision(d, '1001', { status: 'answered' }), _rev: revs.get(d._id) }));
      const res = await call('POST', `${db}/_bulk_docs`, { docs: batch }, agent);
      for (const r of res) if (!r.ok) throw new Error(`${db}: ${JSON.stringify(r)}`);
    }
    return Math.round(performance.now() - t);
  }

  const withRules = [], without = [], empty = [];
  for (let run = 0; run < RUNS; run++) {
    without.push(await push('kefu_plain', run));
    empty.push(await push('kefu_empty', run));
    withRules.push(await push('kefu', run));
    log(`run ${run + 1}: without ${without.at(-1)} ms, an empty validation ${empty.at(-1)} ms, with the rules ${withRules.at(-1)} ms`);
  }
  // The rules really ran: a change signed as someone else is refused by `kefu` only.
  const forged = caseDoc('c-forged', '2001');
  const refused = await call('POST', 'kefu/_bulk_docs', { docs: [forged] }, agent);
  if (refused[0].error !== 'forbidden') throw new Error(`the validation did not run: ${JSON.stringify(refused)}`);
  // The team sign-in as a station makes it (core/team_session.hpp), through serve.py's proxy:
  // POST _session with the password, then with the cookie GET _session and the database's
  // _security. Budget: ≤ 1 s on loopback. 20 sign-ins; median and slowest.
  const signIns = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const r = await fetch(`${srv.url}team/_session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'kefu.1001', password: pw }) });
    const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
    await r.arrayBuffer();
    if (r.status !== 200 || !cookie.startsWith('AuthSession=')) throw new Error(`team sign-in: ${r.status}`);
    const who = await (await fetch(`${srv.url}team/_session`, { headers: { Cookie: cookie } })).json();
    const sec = await (await fetch(`${srv.url}team/db/_security`, { headers: { Cookie: cookie } })).json();
    if (who.userCtx.name !== 'kefu.1001' || sec.kefu.roles['kefu.1001'] !== 'agent') throw new Error('team sign-in: not signed in as the agent');
    signIns.push(performance.now() - t);
  }
  const out = { changes: CHANGES, runs: RUNS, batch: BATCH, without_ms: median(without), empty_validation_ms: median(empty), with_rules_ms: median(withRules),
    signin_ms: +median(signIns).toFixed(1), signin_max_ms: +Math.max(...signIns).toFixed(1) };
  out.overhead_pct = +(100 * (out.with_rules_ms / out.without_ms - 1)).toFixed(1);
  out.empty_overhead_pct = +(100 * (out.empty_validation_ms / out.without_ms - 1)).toFixed(1);
  console.log(JSON.stringify(out));
} finally {
  await srv.stop();
  rmSync(work, { recursive: true, force: true });
}
