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

// The next revision of `doc`: the data `fields` changed by agent `by`, a minute later.
export function nextRevision(doc, by, fields) {
  const a = actor(by);
  const rev = doc.rev + 1, at = doc.updated_at + 60000;
  const changes = Object.entries(fields).map(([field, after]) => ({ field, before: doc.data[field] ?? null, after }));
  return { ...doc, rev, updated_at: at, updated_by: a, data: { ...doc.data, ...fields },
    history: [...doc.history, { rev, op: 'update', at, by: a, fields: changes }] };
}
