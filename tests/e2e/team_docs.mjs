// Record documents as a station's push writes them (docs/team-sync.md "One record, one
// document"), made by hand for the tests and benchmarks that talk to the team server without
// the app: the rules' hostile client (rules.test.mjs) and the validation's cost (bench/team_rules.mjs).

const T0 = 1796000000000;  // 2026-11-29, a stated time
const actor = (id) => ({ agent_id: id, name: `坐席${id}` });

// A new case recorded by agent `by` (revision 1, its history one create entry).
export function caseDoc(id, by, extra = {}) {
  const a = actor(by);
  return {
    _id: `case:${id}`, type: 'case', id, rev: 1, kefu: 1, deleted: false,
    created_at: T0, created_by: a, updated_at: T0, updated_by: a,
    data: {
      status: 'new', form_no: `KF-20261129-A-${id.slice(-4)}`,
      customer: { name: '王丽', salutation: '女士', mobile: '13812341234', company: '星辰科技有限公司' },
      description: { text: '客户反映 App 登录时提示“密码错误”，重置密码后仍无法登录，已尝试清除缓存。', at: T0, by: a },
    },
    history: [{ rev: 1, op: 'create', at: T0, by: a, fields: [] }],
    ...extra,
  };
}

// An agent record as the team holds it: no PIN hash (PINs stay at the desks), made by the
// administrator 9000.
export function agentDoc(id, name, role = 'agent') {
  const a = actor('9000');
  return {
    _id: `agent:${id}`, type: 'agent', id, rev: 1, kefu: 1, deleted: false,
    created_at: T0, created_by: a, updated_at: T0, updated_by: a,
    data: { name, role, active: true, team_account: `kefu.${id}` },
    history: [{ rev: 1, op: 'create', at: T0, by: a, fields: [] }],
  };
}

// The next revision of `doc`: the data `fields` changed by agent `by`, a minute later.
export function nextRevision(doc, by, fields) {
  const a = actor(by);
  const rev = doc.rev + 1, at = doc.updated_at + 60000;
  const changes = Object.entries(fields).map(([field, after]) => ({ field, before: doc.data[field] ?? null, after }));
  return { ...doc, rev, updated_at: at, updated_by: a, data: { ...doc.data, ...fields },
    history: [...doc.history, { rev, op: 'update', at, by: a, fields: changes }] };
}

// Team accounts as an administrator makes them (docs/team-security.md "Who wrote it"): each
// account in _users without roles (they count for nothing), its role kept in _users, a member of every database in
// `dbs` by name, its role in the role table of _security and of the design document (where
// the database has one). `base`: the database server's root; `auth`: an Authorization header
// of a server administrator or a Kefu administrator. accounts: [{ name, password, role }].
export async function addAccounts(base, auth, accounts, dbs = ['kefu']) {
  const call = async (method, path, body) => {
    const r = await fetch(`${base}/${path}`, {
      method, headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json().catch(() => null);
    return { status: r.status, json };
  };
  const must = (r, what) => { if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`); return r.json; };
  for (const { name, password } of accounts) {
    const path = `_users/${encodeURIComponent(`org.couchdb.user:${name}`)}`;
    const old = await call('GET', path);
    must(await call('PUT', path, { name, password, roles: [], type: 'user', ...(old.status === 200 ? { _rev: old.json._rev } : {}) }), `account ${name}`);
  }
  for (const { name, role } of accounts) {  // the role's keeping copy (core/team_join.hpp); 409: kept already
    const r = await call('PUT', `_users/_design/kefu-role-${encodeURIComponent(name)}`, { kefu: { account: name, role } });
    if (r.status !== 409) must(r, `keeping the role of ${name}`);
  }
  for (const db of dbs) {
    const ddoc = await call('GET', `${db}/_design/kefu`);
    const sec = must(await call('GET', `${db}/_security`), `${db}/_security`);
    sec.members = { roles: [], ...(sec.members || {}) };
    sec.members.names = [...(sec.members.names || [])];
    const roles = { ...(sec.kefu?.roles || {}) };
    for (const { name, role } of accounts) {
      roles[name] = role;
      if (!sec.members.names.includes(name)) sec.members.names.push(name);
    }
    if (ddoc.status === 200 && ddoc.json.kefu) {  // the design document's table first: see core/team_join.hpp
      must(await call('PUT', `${db}/_design/kefu`, { ...ddoc.json, kefu: { ...ddoc.json.kefu, roles } }), `${db}/_design/kefu`);
    }
    must(await call('PUT', `${db}/_security`, { ...sec, kefu: { ...(sec.kefu || {}), roles } }), `${db}/_security`);
  }
}
