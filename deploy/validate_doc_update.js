// The team database's validation (issue "Team security", docs/team-security.md): every write,
// replicated ones included, passes here on the server. RULES is the rule table of
// core/write_rules.cpp, put in by scripts/team_server.py from what tools/rules.cpp prints at
// build time: who may create, change and delete each record type. ES5 only (CouchDB's
// SpiderMonkey); the file holds exactly one function expression.
function (newDoc, oldDoc, userCtx, secObj) {
  var RULES = null; // KEFU_RULES
  var STATION_PREFIX = 'kefu-station:';
  var AGENT_PREFIX = 'kefu.';
  var MAX_BYTES = 8000000;  // CouchDB's own max_document_size: pouchdb-server has none
  var LEVEL = { agent: 1, lead: 2, admin: 3 };
  var own = Object.prototype.hasOwnProperty;
  var roles = userCtx.roles || [];
  if (roles.indexOf('_admin') >= 0) return;  // server administrators: the preparing scripts
  function refuse(why) { throw ({ forbidden: why }); }
  function isObject(v) { return v !== null && typeof v === 'object' && !isArray(v); }
  function isArray(v) { return Object.prototype.toString.call(v) === '[object Array]'; }
  // Deep equality, key order aside (a server may keep an object's keys in another order).
  function same(a, b) {
    if (a === b) return true;
    if (isArray(a)) {
      if (!isArray(b) || a.length !== b.length) return false;
      for (var i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
      return true;
    }
    if (!isObject(a) || !isObject(b)) return false;
    var k;
    for (k in a) if (own.call(a, k) && (!own.call(b, k) || !same(a[k], b[k]))) return false;
    for (k in b) if (own.call(b, k) && !own.call(a, k)) return false;
    return true;
  }

  function body(doc) {  // the record, without the server's revision fields
    var out = {};
    for (var k in doc) if (own.call(doc, k) && k !== '_rev' && k !== '_revisions') out[k] = doc[k];
    return out;
  }

  // Who writes: the role table in _security, by account name (only the database's
  // administrators write _security; its admins and members are listed by name). CouchDB user
  // roles count for nothing here: pouchdb-server lets a user change their own. pouchdb-server
  // hands _bulk_docs writes no _security object, so the same table is also in this design
  // document (`this`), written with it.
  var name = userCtx.name;
  var ddoc = this;
  var table = secObj && isObject(secObj.kefu) && isObject(secObj.kefu.roles) ? secObj.kefu.roles
    : ddoc && isObject(ddoc.kefu) && isObject(ddoc.kefu.roles) ? ddoc.kefu.roles : {};
  var role = name && own.call(table, name) ? table[name] : null;
  if (role !== 'station' && role !== 'kiosk' && !own.call(LEVEL, role)) throw ({ unauthorized: 'not a member of this team' });
  // An agent's account is kefu.<工号>.<random tag> (core/team_account.hpp): `me` is the 工号.
  var me = name && name.indexOf(AGENT_PREFIX) === 0 ? name.substring(AGENT_PREFIX.length).split('.')[0] : null;

  var id = newDoc._id;
  if (id.charAt(0) === '_') refuse('document ids starting with "_" are the server\'s');
  if (id.indexOf(STATION_PREFIX) === 0) {  // a station code, claimed once when a station joins
    if (role !== 'admin') refuse('only a team administrator adds a station');
    if (oldDoc && !oldDoc._deleted) refuse('a station code, once claimed, is never taken over');
    if (newDoc._deleted) refuse('a station code is never released');
    return;
  }
  // A station's own account reads the team's records and writes none: every change goes up with
  // the session of an agent signed in to the team, who answers for it (theirs, or relayed `via`).
  if (role === 'station') refuse('a station writes no records: they go up when an agent signs in to the team');
  if (newDoc._deleted) refuse('a record is never deleted outright: its deletion is a record with its history');
  var text = JSON.stringify(newDoc);  // its size in UTF-8 bytes (a Chinese character is three)
  if (text.length > MAX_BYTES / 3 && unescape(encodeURIComponent(text)).length > MAX_BYTES) refuse('the document is larger than 8 MB');

  // The record: its _id says its type and id, and the type never changes.
  var type = newDoc.type;
  if (typeof type !== 'string' || typeof newDoc.id !== 'string' || id !== type + ':' + newDoc.id)
    refuse('the document id must be <type>:<id> of the record in it');
  var rule = own.call(RULES.types, type) ? RULES.types[type] : null;
  if (!rule) refuse('records of type "' + type + '" do not belong in the team database');
  var old = oldDoc && !oldDoc._deleted ? oldDoc : null;
  if (old && old.type !== type) refuse('a record\'s type never changes');

  // Secrets stay at the desks: an agent's PIN hash never enters the team database, neither in
  // the record nor in any entry of its history (core/team_doc.hpp; each desk keeps its own, the
  // agent's own _users document the one that follows them).
  var SECRET = type === 'agent' ? 'pin' : null;
  var newH = newDoc.history;
  if (!isArray(newH) || newH.length === 0) refuse('a record travels with its history');
  var i, j;
  if (SECRET) {
    if (isObject(newDoc.data) && own.call(newDoc.data, SECRET)) refuse('an agent\'s PIN stays at the station: the team\'s agent records go without it');
    for (i = 0; i < newH.length; i++) {
      var fs = isObject(newH[i]) && isArray(newH[i].fields) ? newH[i].fields : [];
      for (j = 0; j < fs.length; j++) if (isObject(fs[j]) && fs[j].field === SECRET) refuse('an agent\'s PIN stays at the station: history entry ' + (i + 1) + ' carries it');
    }
  }
  // An entry as compared: one written before PINs left the team database may still hold one
  // (scripts/team_server.py clears them when it prepares the server); without it, it is the same.
  function entry(e) {
    if (!SECRET || !isObject(e) || !isArray(e.fields)) return e;
    var out = {}, k;
    for (k in e) if (own.call(e, k)) out[k] = e[k];
    out.fields = [];
    for (k = 0; k < e.fields.length; k++) if (!(isObject(e.fields[k]) && e.fields[k].field === SECRET)) out.fields.push(e.fields[k]);
    return out;
  }

  // History is append-only: what the server holds stays, entry by entry; new entries follow,
  // each a later revision, the last one the record's.
  var oldH = old && isArray(old.history) ? old.history : [];
  if (newH.length < oldH.length) refuse('history is append-only: entries were removed');
  for (i = 0; i < oldH.length; i++) if (!same(entry(oldH[i]), newH[i])) refuse('history is append-only: entry ' + (i + 1) + ' was changed');
  var last = oldH.length ? oldH[oldH.length - 1].rev : 0;
  for (i = oldH.length; i < newH.length; i++) {
    if (!isObject(newH[i]) || typeof newH[i].rev !== 'number' || newH[i].rev <= last) refuse('history entries must follow each other');
    last = newH[i].rev;
  }
  if (newDoc.rev !== last) refuse('the record\'s revision must be its last history entry\'s');
  var added = newH.slice(oldH.length);
  if (old && added.length === 0) {
    if (same(body(old), body(newDoc))) return;  // the same record sent again
    refuse('a change needs its history entry');
  }
  if (!rule.change && old) refuse('records of type "' + type + '" are written once and never changed');

  // Who made the new entries: the agent signed in, or another agent whose change they relay
  // and say so (`via`: made at this desk offline by someone since signed out, 代为上传). The
  // role rules below are the sender's: no one relays what they could not do themselves.
  // A kiosk (its drop-box's account, or the server's relay of the drop-boxes into the team
  // database): new requests and survey answers only, signed by the kiosk (RULES.kiosk, from
  // core/write_rules.cpp); it changes nothing, not even what it sent.
  if (role === 'kiosk') {
    if (old) refuse('a kiosk only adds new requests and survey answers: it changes nothing');
    var kiosk = RULES.kiosk, allowed = false;
    for (i = 0; i < kiosk.create.length; i++) {
      var kr = kiosk.create[i];
      if (kr.type === type && (!own.call(kr, 'field') || (isObject(newDoc.data) && newDoc.data[kr.field] === kr.value))) allowed = true;
    }
    if (!allowed) refuse('a kiosk sends requests from its screen and survey answers, nothing else');
    for (i = 0; i < newH.length; i++)
      if (!isObject(newH[i].by) || newH[i].by.agent_id !== kiosk.actor || own.call(newH[i], 'via')) refuse('a kiosk\'s records are signed by the kiosk');
    return;
  }
  if (!me) refuse('this account writes no records: sign in as an agent');
  for (i = 0; i < added.length; i++) {
    var by = isObject(added[i].by) ? added[i].by.agent_id : null;
    var via = own.call(added[i], 'via') ? (isObject(added[i].via) ? added[i].via.agent_id : '') : null;
    if (via !== null && via !== me) refuse('a change can only be relayed by the agent who sends it');
    if (via !== null && by === me) refuse('one\'s own change is sent, not relayed');
    if (by !== me && via !== me) refuse('a change must be signed by the agent who sends it');
  }

  // What the change needs: the type's role for creating, changing or deleting, more for some
  // fields; an owner may write their own at a lower role.
  var deleting = newDoc.deleted === true && !(old && old.deleted === true);
  var restoring = old && old.deleted === true && newDoc.deleted !== true;
  var need = !old ? rule.create : deleting || restoring ? rule['delete'] : rule.change;
  if (!need) refuse(deleting ? 'records of type "' + type + '" are never deleted' : 'records of type "' + type + '" are never changed');
  var before = old && isObject(old.data) ? old.data : {};
  var after = isObject(newDoc.data) ? newDoc.data : {};
  var changed = [], k;
  for (k in after) if (own.call(after, k) && !same(after[k], own.call(before, k) ? before[k] : undefined)) changed.push(k);
  for (k in before) if (own.call(before, k) && !own.call(after, k)) changed.push(k);
  var level = LEVEL[need];
  for (i = 0; i < rule.fields.length; i++) {
    var f = rule.fields[i];
    if (changed.indexOf(f.field) < 0) continue;
    if (own.call(f, 'value') && after[f.field] !== f.value) continue;
    if (LEVEL[f.role] > level) level = LEVEL[f.role];
  }
  if (LEVEL[role] >= level) return;
  var o = rule.own;
  if (o && LEVEL[role] >= LEVEL[o.role]) {
    var ownerOf = function (doc) { return o.owner === 'id' ? doc.id : isObject(doc.data) ? doc.data[o.owner] : null; };
    var mine = ownerOf(newDoc) === me && (!old || ownerOf(old) === me);
    if (mine && o.when) mine = after[o.when.field] === o.when.value && (!old || before[o.when.field] === o.when.value);
    if (mine && o.fields.length) for (i = 0; i < changed.length; i++) if (o.fields.indexOf(changed[i]) < 0) mine = false;
    if (mine) return;
  }
  refuse(level === LEVEL.admin ? 'only an administrator may make this change' : 'only a team lead may make this change');
}
