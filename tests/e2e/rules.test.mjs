// The team database's rules, on a real server (issue "Team security", docs/team-security.md):
// the design document serve.py --team puts on pouchdb-server says what apply() says, case by
// case (tools/rules.cpp runs commands as agents, a lead and the administrator and writes the
// documents their changes make), and a hostile client — plain HTTP, no Kefu code, an agent's
// own credentials — is refused at every attempt, with nothing stored changed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';
import { teamServer } from './team_lib.mjs';
import { addAccounts, agentDoc, caseDoc, nextRevision as next } from './team_docs.mjs';

const RULES_TOOL = join(ROOT, 'build/native/kefu_rules');
let srv, base, serverAdmin;
const accounts = {};  // agent id → Authorization header of its account kefu.<id>
const kiosks = [];    // serve.py --add-kiosk: { label, address (/team/kiosk/<code>), db, auth }
const ROLES = { 1001: 'agent', 1002: 'agent', 2001: 'lead', 9000: 'admin' };
const SIGN_IN_LIMIT = 4, SIGN_IN_WINDOW_S = 3;  // serve.py --sign-in-limit, small so the test sees the window pass

const basic = (name, pw) => `Basic ${Buffer.from(`${name}:${pw}`).toString('base64')}`;
// auth: an Authorization header; null: none (anyone); left out: the server administrator.
async function call(method, path, body, auth = serverAdmin) {
  const r = await fetch(`${base}/${path}`, {
    method, headers: { ...(auth ? { Authorization: auth } : {}), 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text };
}
const docPath = (id) => `kefu/${encodeURIComponent(id)}`;
const strip = ({ _rev, _revisions, ...d }) => d;  // eslint-disable-line no-unused-vars

// The server holds `doc` (null: nothing) under its id, put there by the server administrator
// (whom the validation lets through); returns its _rev.
async function holds(id, doc) {
  const cur = await call('GET', docPath(id));
  if (cur.status === 200) assert.equal((await call('DELETE', `${docPath(id)}?rev=${cur.json._rev}`)).status, 200);
  if (!doc) return undefined;
  const r = await call('PUT', docPath(id), strip(doc));
  assert.equal(r.status, 201, `seeding ${id}: ${r.text}`);
  return r.json.rev;
}
// What the server holds under `id`, without its _rev (null: nothing or a deletion).
async function stored(id) {
  const r = await call('GET', docPath(id));
  return r.status === 200 ? strip(r.json) : null;
}

before(async () => {
  const t = await teamServer('rules', ['--sign-in-limit', `${SIGN_IN_LIMIT}/${SIGN_IN_WINDOW_S}`, '--add-kiosk', '大厅终端', '--add-kiosk', '门店终端']);
  srv = t;
  for (const end = performance.now() + 20000; (t.srv.output().match(/\[serve\] kiosk /g) || []).length < 2;) {
    if (performance.now() > end) throw new Error(`no kiosks printed:\n${t.srv.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (const m of t.srv.output().matchAll(/\[serve\] kiosk (\S+): address (\S+) {2}account: (\S+) {2}password: (\S+)/g))
    kiosks.push({ label: m[1], address: m[2], db: `kefu_kiosk_${m[2].split('/').pop()}`, auth: basic(m[3], m[4]) });
  const { name, password } = JSON.parse(readFileSync(join(t.teamDir, 'server-admin.json'), 'utf8'));
  const port = t.srv.output().match(/pouchdb-server on 127\.0\.0\.1:(\d+)/)[1];
  base = `http://127.0.0.1:${port}`;
  serverAdmin = basic(name, password);
  // Four agents' accounts, members by name, their roles in the role table.
  const made = Object.entries(ROLES).map(([id, role]) => ({ name: `kefu.${id}`, password: `pw-${id}-${Math.random().toString(36).slice(2)}`, role }));
  await addAccounts(base, serverAdmin, made);
  for (const m of made) accounts[m.name.slice('kefu.'.length)] = basic(m.name, m.password);
  // A station's own account (core/team_join.hpp names it so), role `station`.
  const station = { name: 'kefu-station-z-q7k2m9', password: `pw-station-${Math.random().toString(36).slice(2)}`, role: 'station' };
  await addAccounts(base, serverAdmin, [station]);
  accounts.station = basic(station.name, station.password);
  // A kiosk's account (scripts/team_server.py add_kiosk names it so), role `kiosk`: the rule
  // cases of the kiosk run as it.
  const kiosk = { name: 'kefu-kiosk-z-m3x8q2', password: `pw-kiosk-${Math.random().toString(36).slice(2)}`, role: 'kiosk' };
  await addAccounts(base, serverAdmin, [kiosk]);
  accounts['~kiosk'] = basic(kiosk.name, kiosk.password);
});
after(() => srv?.stop());

test('the design document on the server carries the rule table core/ prints, and says of every case what apply() says', async () => {
  const ddoc = (await call('GET', 'kefu/_design/kefu')).json;
  const table = JSON.parse(execFileSync(RULES_TOOL, ['table'], { encoding: 'utf8' }));
  const m = ddoc.validate_doc_update.match(/var RULES = (\{.*\});/);
  assert.ok(m, 'the rule table is in the validation function');
  assert.deepEqual(JSON.parse(m[1]), table);

  const cases = JSON.parse(execFileSync(RULES_TOOL, ['cases'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  assert.ok(cases.some((c) => !c.allowed) && cases.some((c) => c.allowed), 'both answers occur');
  const disagree = [];
  for (const how of ['PUT', '_bulk_docs']) {  // one document, and the push's way
    for (const c of cases) {
      // Each document of the command, written by the actor's own account over what the server
      // held before it: accepted only if every one is (one command, one answer).
      let accepted = true;
      const reasons = [];
      for (const d of c.docs) {
        const id = d.new._id;
        const rev = await holds(id, d.old);
        const doc = { ...d.new, ...(rev ? { _rev: rev } : {}) };
        let status, reason;
        if (how === 'PUT') {
          const r = await call('PUT', docPath(id), doc, accounts[c.agent]);
          status = r.status;
          reason = r.json?.reason;
          if (status !== 201) assert.equal(status, 403, `${c.label}: a refusal is 403 (${r.text})`);
        } else {
          const r = await call('POST', 'kefu/_bulk_docs', { docs: [doc] }, accounts[c.agent]);
          assert.equal(r.status, 201, r.text);
          status = r.json[0].ok ? 201 : 403;
          reason = r.json[0].reason;
          if (!r.json[0].ok) assert.equal(r.json[0].error, 'forbidden', `${c.label}: ${r.text}`);
        }
        if (status === 201) continue;
        accepted = false;
        reasons.push(reason);
        assert.deepEqual(await stored(id), d.old ? strip(d.old) : null, `${c.label}: refused, nothing stored changed`);
      }
      if (accepted !== c.allowed) disagree.push(`${how}: ${c.label} as ${c.agent} (${c.role}): apply() ${c.allowed ? 'allows' : 'refuses'}, the server ${accepted ? 'accepted' : `refused: ${reasons}`}`);
    }
  }
  assert.deepEqual(disagree, []);
});

test('a hostile client with an agent\'s credentials is refused at every attempt, and nothing stored changes', async () => {
  const agent = accounts[1001];
  // What is fair goes through: the agent records a case in their own name.
  const mine = caseDoc('c-hostile-1', '1001');
  let r = await call('PUT', docPath(mine._id), mine, agent);
  assert.equal(r.status, 201, r.text);
  const held = { ...mine, _rev: r.json.rev };
  // A lead reviews it.
  const reviewed = next(held, '2001', { status: 'reviewed', review: { text: '处理及时。', at: 1796000120000, by: { agent_id: '2001', name: '赵组长' } } });
  r = await call('PUT', docPath(mine._id), reviewed, accounts[2001]);
  assert.equal(r.status, 201, r.text);
  const current = { ...reviewed, _rev: r.json.rev };
  const before = await stored(mine._id);

  const attempts = [
    ['changes the lead\'s review', next(current, '1001', { review: { text: '已审核（伪造）', at: 1, by: { agent_id: '2001', name: '赵组长' } } })],
    ['writes a change signed as another agent', next(current, '1002', { status: 'closed' })],
    ['writes a change signed as the lead', next(current, '2001', { status: 'closed' })],
    ['truncates the history', { ...next(current, '1001', { status: 'closed' }), history: next(current, '1001', { status: 'closed' }).history.slice(1) }],
    ['rewrites an earlier history entry', (() => { const d = next(current, '1001', { status: 'closed' }); d.history = d.history.map((e, i) => (i === 0 ? { ...e, by: { agent_id: '1001', name: '别人' } } : e)); return d; })()],
    ['changes the data without a history entry', { ...current, data: { ...current.data, status: 'closed' } }],
    ['changes the record\'s type', { ...next(current, '1001', { status: 'closed' }), type: 'faq', _id: current._id }],
    ['deletes the case (a tombstone)', { ...next(current, '1001', {}), deleted: true }],
    ['deletes the document outright', { _id: current._id, _rev: current._rev, _deleted: true }],
    ['replays an old revision', { ...next(held, '1001', { status: 'closed' }), _rev: held._rev }],
  ];
  for (const [what, doc] of attempts) {
    const res = await call('PUT', docPath(current._id), { _rev: current._rev, ...doc }, agent);
    assert.ok([403, 409].includes(res.status), `${what}: ${res.status} ${res.text}`);
    assert.deepEqual(await stored(current._id), before, `${what}: nothing stored changed`);
  }
  // The same through _bulk_docs (what the push uses): refused document by document.
  const bulk = await call('POST', 'kefu/_bulk_docs', { docs: [attempts[0][1]] }, agent);
  assert.equal(bulk.status, 201);
  assert.equal(bulk.json[0].error, 'forbidden', JSON.stringify(bulk.json));
  assert.deepEqual(await stored(current._id), before);

  // Configuration and agents are the administrator's; a record of no known type is nobody's.
  const cfg = { ...caseDoc('calendar', '1001'), _id: 'config:calendar', type: 'config', data: { utc_offset_minutes: 480 } };
  assert.equal((await call('PUT', docPath(cfg._id), cfg, agent)).status, 403);
  const raised = { ...caseDoc('1001', '1001'), _id: 'agent:1001', type: 'agent', data: { name: '张敏', role: 'admin', active: true } };
  assert.equal((await call('PUT', docPath(raised._id), raised, agent)).status, 403);
  const stranger = { ...caseDoc('x-1', '1001'), _id: 'note:x-1', type: 'note' };
  assert.equal((await call('PUT', docPath(stranger._id), stranger, agent)).status, 403);
  // 10 MB in one document.
  const big = caseDoc('c-hostile-big', '1001', {});
  big.data.description.text = '长'.repeat(3_500_000);
  r = await call('PUT', docPath(big._id), big, agent);
  assert.ok([403, 413].includes(r.status), `10 MB: ${r.status}`);
  assert.equal(await stored(big._id), null);

  // The server's own documents: design documents and _security are a server administrator's.
  const ddoc = (await call('GET', 'kefu/_design/kefu')).json;
  r = await call('PUT', 'kefu/_design/kefu', { ...ddoc, validate_doc_update: 'function () {}' }, agent);
  assert.ok([401, 403].includes(r.status), `design document: ${r.status}`);
  r = await call('PUT', 'kefu/_design/evil', { validate_doc_update: 'function () {}' }, agent);
  assert.ok([401, 403].includes(r.status), `a new design document: ${r.status}`);
  const sec = (await call('GET', 'kefu/_security')).json;
  r = await call('PUT', 'kefu/_security', { ...sec, kefu: { roles: { ...sec.kefu.roles, 'kefu.1001': 'admin' } } }, agent);
  assert.ok([401, 403].includes(r.status), `_security: ${r.status}`);
  assert.equal((await call('GET', 'kefu/_security')).json.kefu.roles['kefu.1001'], 'agent');

  // Roles in _users count for nothing once the role table names the account: on
  // pouchdb-server a user may give themselves any role there; it changes nothing.
  const me = await call('GET', `_users/${encodeURIComponent('org.couchdb.user:kefu.1001')}`, undefined, agent);
  if (me.status === 200) {
    const raise = await call('PUT', `_users/${encodeURIComponent('org.couchdb.user:kefu.1001')}`, { ...me.json, roles: ['kefu-admin', '_admin'] }, agent);
    if (raise.status === 201) {
      const fresh = await call('GET', `_users/${encodeURIComponent('org.couchdb.user:kefu.1001')}`);
      assert.ok(fresh.json.roles.includes('kefu-admin'), 'pouchdb-server let the user raise their roles in _users');
    }
  }
  assert.equal((await call('PUT', docPath(cfg._id), cfg, agent)).status, 403, 'still no administrator');
  r = await call('PUT', docPath(current._id), next(current, '1001', { review: { text: '改', at: 2, by: { agent_id: '1001', name: '张敏' } } }), agent);
  assert.equal(r.status, 403, 'still no lead');
  assert.deepEqual(await stored(current._id), before);
});

test('a change another agent made offline goes up with the next one\'s session saying via them; no one relays under another name or beyond their role', async () => {
  const relay = (doc, by, via, fields) => {
    const d = next(doc, by, fields);
    d.history[d.history.length - 1].via = { agent_id: via, name: via };
    return d;
  };
  // 1002 recorded a case offline and signed out; 1001 signs in at that desk and sends it.
  const made = caseDoc('c-relay-1', '1002');
  made.history[0].via = { agent_id: '1001', name: '张敏' };
  let r = await call('PUT', docPath(made._id), made, accounts[1001]);
  assert.equal(r.status, 201, `relayed and said so: ${r.text}`);
  const held = { ...made, _rev: r.json.rev };
  assert.deepEqual((await stored(made._id)).history[0].via, { agent_id: '1001', name: '张敏' }, 'the server keeps who sent it');
  const before = await stored(made._id);
  const attempts = [
    ['relays without saying so', next(held, '1002', { status: 'closed' })],
    ['says another agent relayed it', relay(held, '1002', '1002', { status: 'closed' })],
    ['says the lead relayed it', relay(held, '1002', '2001', { status: 'closed' })],
    ['relays a lead\'s review beyond the sender\'s role', relay(held, '2001', '1001', { status: 'reviewed', review: { text: '通过', at: 1, by: { agent_id: '2001', name: '赵组长' } } })],
    ['takes the relay off an entry the server holds', (() => { const d = next(held, '1001', { status: 'closed' }); d.history[0] = { ...d.history[0], via: undefined }; return d; })()],
    ['puts its own change as relayed by someone else', relay(held, '1001', '1002', { status: 'closed' })],
  ];
  for (const [what, doc] of attempts) {
    r = await call('PUT', docPath(held._id), { _rev: held._rev, ...doc }, accounts[1001]);
    assert.equal(r.status, 403, `${what}: ${r.status} ${r.text}`);
    assert.deepEqual(await stored(held._id), before, `${what}: nothing stored changed`);
  }
  // A lead may relay the lead's review an agent could not: the rules are the sender's.
  r = await call('PUT', docPath(held._id), relay(held, '2001', '2001', { status: 'reviewed' }), accounts[2001]);
  assert.equal(r.status, 403, 'a lead\'s own change is not relayed (via is for others\' changes)');
  const lead = relay(held, '1002', '2001', { status: 'closed' });
  r = await call('PUT', docPath(held._id), lead, accounts[2001]);
  assert.equal(r.status, 201, `a lead relays an agent's change: ${r.text}`);
});

test('a station\'s own account reads the team\'s records and writes none: every change goes up with an agent\'s session', async () => {
  const station = accounts.station;
  const held = caseDoc('c-station-held', '1001');
  await holds(held._id, held);
  let r = await call('GET', 'kefu/_all_docs?limit=1', undefined, station);
  assert.equal(r.status, 200, `the station reads: ${r.text}`);
  const fresh = caseDoc('c-station-new', '1001');
  const relayed = caseDoc('c-station-relayed', '1001');
  relayed.history[0].via = { agent_id: '1002', name: '李强' };
  const changed = next({ ...held, _rev: (await call('GET', docPath(held._id))).json._rev }, '1001', { status: 'answered' });
  for (const [method, path, body] of [
    ['PUT', docPath(fresh._id), fresh],
    ['POST', 'kefu/_bulk_docs', { docs: [fresh] }],
    ['PUT', docPath(relayed._id), relayed],
    ['PUT', docPath(held._id), changed],
    ['POST', 'kefu/_bulk_docs', { docs: [changed] }],
  ]) {
    r = await call(method, path, body, station);
    const refused = r.status === 403 || (r.status === 201 && Array.isArray(r.json) && r.json.every((d) => d.error === 'forbidden'));
    assert.ok(refused, `a station: ${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
    assert.match(r.text, /a station writes no records/);
  }
  assert.equal(await stored(fresh._id), null);
  assert.equal(await stored(relayed._id), null);
  assert.deepEqual(await stored(held._id), strip(held));
  // The same change with the agent's own session goes through.
  r = await call('PUT', docPath(held._id), changed, accounts[1001]);
  assert.equal(r.status, 201, r.text);
});

test('kiosks write, never read: a request and a survey answer reach the team through the drop-box; the kiosk reads nothing of the team nor of another kiosk, and changes nothing', async () => {
  assert.equal(kiosks.length, 2, 'two kiosks printed');
  const [hall, shop] = kiosks;
  const T0 = 1796000000000;
  const signed = { agent_id: '~kiosk', name: '自助终端' };
  const request = caseDoc('c-kiosk-1', '1001');
  request.created_by = request.updated_by = request.data.description.by = request.history[0].by = signed;
  request.data.channel = 'kiosk';
  const answer = { _id: 'survey_response:r-kiosk-1', type: 'survey_response', id: 'r-kiosk-1', rev: 1, kefu: 1, deleted: false,
    created_at: T0, created_by: signed, updated_at: T0, updated_by: signed,
    data: { survey_id: 'default-satisfaction', version: 0, channel: 'kiosk', agent: signed, at: T0, complete: true, answers: [] },
    history: [{ rev: 1, op: 'create', at: T0, by: signed, fields: [] }] };
  // Through the app's own address, as the kiosk's app sends them (serve.py maps /team/kiosk/<code>).
  const viaProxy = async (method, path, body, auth) => {
    const r = await fetch(`${srv.srv.url}${hall.address.slice(1)}/${path}`, { method, headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, json: await r.json().catch(() => null) };
  };
  let r = await viaProxy('POST', '_bulk_docs', { docs: [request, answer] }, hall.auth);
  assert.equal(r.status, 201);
  assert.ok(r.json.every((d) => d.ok), JSON.stringify(r.json));
  // The server's replication brings both into the team database, checked again there.
  for (const end = performance.now() + 20000; !(await stored(request._id)) || !(await stored(answer._id));) {
    if (performance.now() > end) throw new Error('the kiosk\'s records never reached the team database');
    await new Promise((x) => setTimeout(x, 200));
  }
  assert.equal((await stored(request._id)).data.channel, 'kiosk');

  // Reads: nothing of the team, nothing of the other kiosk (directly and through the app's address).
  const refusedRead = (st) => [401, 403].includes(st);
  for (const [path, auth] of [['kefu/_all_docs', hall.auth], [docPath(request._id), hall.auth], ['kefu/_changes', hall.auth], ['kefu/_security', hall.auth],
    [`${shop.db}/_all_docs`, hall.auth], [`${hall.db}/_all_docs`, shop.auth], ['_users/org.couchdb.user%3Akefu.1001', hall.auth], ['_replicator/_all_docs', hall.auth]]) {
    r = await call('GET', path, undefined, auth);
    // pouchdb-server fails any non-administrator's read of its system databases (500 or 400,
    // "reading 'getSecurity'": docs/team-security.md); CouchDB refuses it. Nothing comes back either way.
    const system = /^_(users|replicator)\//.test(path) && r.status >= 400 && !r.json?.rows && !r.json?.name;
    assert.ok(refusedRead(r.status) || system, `a kiosk reads ${path}: ${r.status} ${r.text.slice(0, 120)}`);
  }
  for (const path of ['team/db/_all_docs', `team/db/${encodeURIComponent(request._id)}`, `${shop.address.slice(1)}/_all_docs`]) {
    const x = await fetch(`${srv.srv.url}${path}`, { headers: { Authorization: hall.auth } });
    assert.ok(refusedRead(x.status), `a kiosk reads /${path} through the app's address: ${x.status}`);
  }

  // Writes: only new requests and answers, signed by the kiosk.
  const held = (await call('GET', `${hall.db}/${encodeURIComponent(request._id)}`)).json;
  const phoned = { ...request, _id: 'case:c-kiosk-2', id: 'c-kiosk-2', data: { ...request.data, channel: 'inbound_call' } };
  const asAgent = caseDoc('c-kiosk-3', '1001');
  asAgent.data.channel = 'kiosk';
  for (const [method, path, body, what] of [
    ['PUT', `${hall.db}/${encodeURIComponent(phoned._id)}`, phoned, 'a phone case'],
    ['PUT', `${hall.db}/${encodeURIComponent(asAgent._id)}`, asAgent, 'a request signed by an agent'],
    ['PUT', `${hall.db}/${encodeURIComponent(request._id)}`, next(held, '1001', { status: 'closed' }), 'its own request changed'],
    ['DELETE', `${hall.db}/${encodeURIComponent(request._id)}?rev=${held._rev}`, undefined, 'its own request deleted'],
    ['PUT', `${hall.db}/${encodeURIComponent(agentDoc('9001', '黑客', 'admin')._id)}`, agentDoc('9001', '黑客', 'admin'), 'an agent'],
    ['PUT', `${hall.db}/_design/evil`, { validate_doc_update: 'function () {}' }, 'a design document'],
    ['PUT', `${hall.db}/_security`, { members: { names: [], roles: [] } }, 'the drop-box\'s _security'],
    ['PUT', `${shop.db}/${encodeURIComponent('case:c-kiosk-4')}`, { ...request, _id: 'case:c-kiosk-4', id: 'c-kiosk-4' }, 'the other kiosk\'s drop-box'],
    ['PUT', docPath('case:c-kiosk-5'), { ...request, _id: 'case:c-kiosk-5', id: 'c-kiosk-5' }, 'the team database directly'],
  ]) {
    r = await call(method, path, body, hall.auth);
    assert.ok([401, 403].includes(r.status), `a kiosk writes ${what}: ${r.status} ${r.text.slice(0, 160)}`);
  }
  // Behind the drop-box's validation (its server administrator puts a record there): the team
  // database's own rules refuse it on the way in, the relay being a kiosk too.
  const smuggled = agentDoc('9002', '夹带', 'admin');
  assert.equal((await call('PUT', `${hall.db}/${encodeURIComponent(smuggled._id)}`, smuggled)).status, 201);
  const marker = { ...answer, _id: 'survey_response:r-kiosk-2', id: 'r-kiosk-2' };
  assert.equal((await call('PUT', `${hall.db}/${encodeURIComponent(marker._id)}`, marker, hall.auth)).status, 201);
  for (const end = performance.now() + 20000; !(await stored(marker._id));) {  // what the kiosk sent after it arrives
    if (performance.now() > end) throw new Error('the second answer never arrived');
    await new Promise((x) => setTimeout(x, 200));
  }
  assert.equal(await stored(smuggled._id), null, 'the smuggled agent never reached the team');
  for (const id of [phoned._id, asAgent._id, 'case:c-kiosk-4', 'case:c-kiosk-5']) assert.equal(await stored(id), null, id);
  assert.equal((await stored(request._id)).data.status, request.data.status, 'the request as it was sent');
});

test('PIN hashes stay at the desks: no one writes one into the team database, a member reads none, nor another agent\'s account', async () => {
  const PIN = { algorithm: 'PBKDF2-SHA256', iterations: 1200000, salt: 'AAECAwQFBgcICQoLDA0ODw==', hash: '3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=' };
  // The agent record as the stations push it: no hash.
  const rev = await holds('agent:1001', agentDoc('1001', '张敏'));
  const held = { ...agentDoc('1001', '张敏'), _rev: rev };
  const before = await stored('agent:1001');
  const withPin = (doc, by) => { const d = next(doc, by, { pin: PIN }); return d; };
  const inHistory = (doc, by) => {  // the data without it, an entry that carries it
    const d = next(doc, by, { name: '张敏（新）' });
    d.history[d.history.length - 1].fields.push({ field: 'pin', before: null, after: PIN });
    return d;
  };
  for (const [what, doc, who] of [
    ['the agent, their own PIN', withPin(held, '1001'), 1001],
    ['the administrator, an agent\'s PIN', withPin(held, '9000'), 9000],
    ['the agent, a PIN in a history entry', inHistory(held, '1001'), 1001],
    ['the administrator, a new agent with a PIN', { ...agentDoc('1099', '孙丽'), data: { ...agentDoc('1099', '孙丽').data, pin: PIN } }, 9000],
  ]) {
    const r = await call('PUT', docPath(doc._id), doc, accounts[who]);
    assert.equal(r.status, 403, `${what}: refused (${r.status} ${r.text})`);
    assert.match(r.json.reason, /PIN/, what);
  }
  assert.deepEqual(await stored('agent:1001'), before, 'nothing stored changed');
  assert.equal(await stored('agent:1099'), null);
  // A member reads the whole database: no hash anywhere.
  const all = await call('GET', 'kefu/_all_docs?include_docs=true', undefined, accounts[1002]);
  assert.equal(all.status, 200);
  assert.ok(all.json.rows.some((row) => row.id === 'agent:1001'));
  assert.ok(!all.text.includes(PIN.hash) && !/"pin"/.test(all.text), 'no PIN hash in what a member reads');
  // Another agent's account document (where the agent's PIN follows them) is not theirs to read.
  const other = await call('GET', `_users/${encodeURIComponent('org.couchdb.user:kefu.1001')}`, undefined, accounts[1002]);
  assert.notEqual(other.status, 200, `another agent's account: ${other.status}`);
  assert.ok(!other.text.includes('kefu_pin'));
  const own = await call('GET', `_users/${encodeURIComponent('org.couchdb.user:kefu.1002')}`, undefined, accounts[1002]);
  assert.equal(own.status, 200, 'one\'s own is (its PIN copy goes there)');

  // A team made before PINs left the database: preparing the server clears them, history too.
  const legacy = agentDoc('1004', '周强');
  legacy.data.pin = PIN;
  legacy.history = [...legacy.history, { rev: 2, op: 'update', at: legacy.updated_at + 1, by: legacy.created_by, fields: [{ field: 'pin', before: null, after: PIN }] }];
  legacy.rev = 2;
  await holds('agent:1004', legacy);
  const [user, password] = Buffer.from(serverAdmin.slice('Basic '.length), 'base64').toString().split(':');
  execFileSync('python3', [join(ROOT, 'scripts/prepare_couchdb.py'), base, '--server-admin', user],
    { env: { ...process.env, KEFU_COUCH_PASSWORD: password }, stdio: 'pipe' });
  const cleared = await stored('agent:1004');
  assert.equal(cleared.data.pin, undefined);
  assert.ok(!JSON.stringify(cleared).includes(PIN.hash), 'cleared from the history as well');
  assert.equal(cleared.history.length, 2, 'the entries stay, without the hash');
  assert.equal(cleared.data.name, '周强');
});

test('roles go by name: a stranger who signs up and gives itself every role gets nothing, and no agent takes over an account or a station', async () => {
  const usersPath = (name) => `_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
  // A refusal: an HTTP error, or _bulk_docs answering every document with an error.
  const refused = (r, ok = [401, 403]) => ok.includes(r.status) || (r.status === 201 && Array.isArray(r.json) && r.json.every((d) => d.error));
  const seeded = caseDoc('c-stranger', '1001');
  await holds(seeded._id, seeded);
  const secBefore = (await call('GET', 'kefu/_security')).json;
  const usersSecBefore = (await call('GET', '_users/_security')).json;

  // Anyone may sign up on pouchdb-server (no roles given at sign-up)…
  let r = await call('PUT', usersPath('mallory'), { name: 'mallory', password: 'mallory-password', roles: ['kefu-admin'], type: 'user' }, null);
  assert.ok([401, 403].includes(r.status), `sign-up with roles: ${r.status}`);
  r = await call('PUT', usersPath('mallory'), { name: 'mallory', password: 'mallory-password', roles: [], type: 'user' }, null);
  assert.equal(r.status, 201, `sign-up: ${r.text}`);
  const mallory = basic('mallory', 'mallory-password');
  // …and then give itself every role Kefu ever used, and the server's own.
  const me = await call('GET', usersPath('mallory'), undefined, mallory);
  assert.equal(me.status, 200);
  r = await call('PUT', usersPath('mallory'), { ...me.json, roles: ['kefu-admin', 'kefu-station', 'kefu-lead', 'admin', 'station'] }, mallory);
  if (r.status === 201) {  // pouchdb-server allows it (CouchDB does not): it must change nothing
    assert.ok((await call('GET', '_session', undefined, mallory)).json.userCtx.roles.includes('kefu-admin'));
  }
  for (const [method, path, body] of [
    ['GET', 'kefu/_all_docs'], ['GET', docPath(seeded._id)], ['GET', 'kefu/_changes'], ['GET', 'kefu/_security'],
    ['PUT', docPath('case:c-mallory'), caseDoc('c-mallory', '1001')],
    ['POST', 'kefu/_bulk_docs', { docs: [caseDoc('c-mallory', '1001')] }],
    ['PUT', docPath('kefu-station:Q'), { kind: 'station', code: 'Q', account: 'mallory' }],
    ['PUT', 'kefu/_security', { ...secBefore, kefu: { roles: { ...secBefore.kefu.roles, mallory: 'admin' } } }],
    ['PUT', '_users/_security', { admins: { names: ['mallory'], roles: [] }, members: { names: [], roles: [] } }],
    ['PUT', '_users/_design/kefu-role-mallory', { kefu: { account: 'mallory', role: 'admin' } }],  // a role kept for the next restore
    ['PUT', usersPath('kefu-station-q'), { name: 'kefu-station-q', password: 'x'.repeat(12), roles: ['kefu-station'], type: 'user' }],
  ]) {
    r = await call(method, path, body, mallory);
    assert.ok(refused(r), `a stranger with self-given roles: ${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  assert.equal(await stored('case:c-mallory'), null);
  assert.equal(await stored('kefu-station:Q'), null);

  // An agent of the team, with self-given roles too: no station claims, no one else's account.
  const agent = accounts[1001];
  const mine = await call('GET', usersPath('kefu.1001'), undefined, agent);
  if (mine.status === 200) await call('PUT', usersPath('kefu.1001'), { ...mine.json, roles: ['kefu-admin', 'kefu-station', '_admin'] }, agent);
  const lead = (await call('GET', usersPath('kefu.2001'))).json;
  for (const [method, path, body] of [
    ['PUT', docPath('kefu-station:Q'), { kind: 'station', code: 'Q', account: 'kefu.1001' }],
    ['PUT', usersPath('kefu.2001'), { ...lead, password: 'taken-over-password' }],  // the lead's password
    ['PUT', usersPath('kefu.2001'), { name: 'kefu.2001', password: 'taken-over-password', roles: [], type: 'user' }],
    ['PUT', usersPath('kefu-station-q'), { name: 'kefu-station-q', password: 'x'.repeat(12), roles: [], type: 'user', _rev: '1-x' }],
    ['PUT', '_users/_security', { admins: { names: ['kefu.1001'], roles: [] }, members: { names: [], roles: [] } }],
    ['PUT', '_users/_design/kefu-role-kefu.1001x', { kefu: { account: 'kefu.1001', role: 'admin' } }],
    ['PUT', 'kefu/_security', { ...secBefore, admins: { names: ['kefu.1001'], roles: [] } }],
  ]) {
    r = await call(method, path, body, agent);
    assert.ok(refused(r, [401, 403, 409]), `an agent: ${method} ${path}: ${r.status} ${r.text.slice(0, 200)}`);
  }
  assert.equal((await call('GET', '_session', undefined, basic('kefu.2001', 'taken-over-password'))).status, 401, 'the lead\'s password is the lead\'s');
  assert.equal(await stored('kefu-station:Q'), null);
  // Who is what is as it was.
  assert.deepEqual((await call('GET', 'kefu/_security')).json, secBefore);
  assert.deepEqual((await call('GET', '_users/_security')).json, usersSecBefore);
  assert.deepEqual(await stored(seeded._id), strip(seeded));
});

test('the small-team server rate-limits failed sign-ins per account: a guesser waits, everyone else signs in', async () => {
  const proxy = (path) => `${srv.srv.url}${path}`;
  const post = (name, password) => fetch(proxy('team/_session'), {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify({ name, password }),
  });
  const adminPw = srv.password;
  assert.equal((await post('admin', adminPw)).status, 200, 'the right password signs in');
  for (let i = 0; i < SIGN_IN_LIMIT; i++) assert.equal((await post('admin', `guess-${i}`)).status, 401, `guess ${i + 1}`);
  // The limit is reached: even the right password waits, with a reason and Retry-After.
  let r = await post('admin', adminPw);
  assert.equal(r.status, 429);
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= SIGN_IN_WINDOW_S, `Retry-After ${retry}`);
  assert.match((await r.json()).reason, /too many failed sign-ins/);
  r = await fetch(proxy('team/_session'), { headers: { Authorization: basic('admin', adminPw) } });
  assert.equal(r.status, 429, 'Basic credentials wait too');
  // Another account from the same address is not held up (a desk beside the guesser).
  r = await fetch(proxy('team/db/_all_docs?limit=1'), { headers: { Authorization: accounts[1001] } });
  assert.equal(r.status, 200, 'an agent whose password works is not held up');
  // Once the failures leave the window, the right password signs in again.
  await new Promise((res) => setTimeout(res, retry * 1000 + 100));
  r = await post('admin', adminPw);
  assert.equal(r.status, 200, 'after the window');
  assert.match(r.headers.get('set-cookie') || '', /AuthSession=.*HttpOnly/i, 'a cookie session the page cannot read');
});

test('the replication door (new_edits: false): a branch grafted on an older revision that drops history is refused, and the current record stays the winner', async () => {
  const agent = accounts[1001];
  const first = caseDoc('c-graft', '1001');
  let r = await call('PUT', docPath(first._id), first, agent);
  assert.equal(r.status, 201, r.text);
  const rev1 = r.json.rev;
  const second = next({ ...first, _rev: rev1 }, '1001', { status: 'answered' });
  r = await call('PUT', docPath(first._id), { ...second, _rev: rev1 }, agent);
  assert.equal(r.status, 201, r.text);
  const rev2 = r.json.rev;
  const before = await stored(first._id);
  const hash = (rev) => rev.split('-')[1];
  // A revision of its own, as a replicator writes it: a child of revision 1 (not the current
  // 2), whose record forgets revision 2's history entry and says the case is closed.
  const graft = next(first, '1001', { status: 'closed' });
  graft.rev = 2;
  graft.history = [first.history[0], { ...graft.history[1], rev: 2 }];
  const branch = { ...graft, _rev: '2-ffffffffffffffffffffffffffffffff', _revisions: { start: 2, ids: ['ffffffffffffffffffffffffffffffff', hash(rev1)] } };
  r = await call('POST', 'kefu/_bulk_docs', { docs: [branch], new_edits: false }, agent);
  const refused = r.status === 403 || (r.status === 201 && Array.isArray(r.json) && r.json.length === 1 && r.json[0].error === 'forbidden');
  assert.ok(refused, `a grafted branch: ${r.status} ${r.text}`);
  assert.deepEqual(await stored(first._id), before, 'the current record is still the winner');
  const leaves = await call('GET', `${docPath(first._id)}?open_revs=all`, undefined);
  assert.equal(leaves.status, 200);
  const revs = (Array.isArray(leaves.json) ? leaves.json : []).map((x) => x.ok?._rev).filter(Boolean);
  assert.deepEqual(revs, [rev2], `one leaf only, the current one: ${revs}`);
});
