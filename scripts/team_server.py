"""The team database: starting the small-team server (pouchdb-server) and preparing any
CouchDB-protocol server for Kefu (Python standard library only).

  prepare(url, admin)   the database "kefu", its _security, its design document, who may
                        create accounts, and the first Kefu administrator: idempotent, the
                        same steps for pouchdb-server (serve.py --team) and for a CouchDB 3.x
                        (scripts/prepare_couchdb.py)
  PouchServer           pouchdb-server from team/node_modules on loopback, its files under a
                        data folder; its own server administrator, made on first start

Who is what is written by account name, never by CouchDB user role (pouchdb-server lets a
user change their own roles; docs/team-security.md): the database's _security lists its
admins (Kefu administrators) and members (every account of the team) by name, with the role
table {"kefu": {"roles": {name: "admin" | "lead" | "agent" | "station"}}}, copied into the
design document (pouchdb-server's _bulk_docs hands the validation no _security). Kefu
administrators are also admins of _users by name: they create the stations' accounts.
"""
import base64
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POUCHDB_SERVER = ROOT / "team/node_modules/pouchdb-server/bin/pouchdb-server"
DB = "kefu"
# The roles' keeping copies (core/team_join.hpp): one design document of _users per account,
# where only its admins (Kefu administrators, by name) write design documents.
ROLE_KEEP_PREFIX = "_design/kefu-role-"

# The design document's validation (docs/team-security.md): deploy/validate_doc_update.js,
# with the rule table of core/write_rules put in, as tools/rules.cpp prints it at build time
# (build.build_rules() → build/team/rules.json).
VALIDATE_JS = ROOT / "deploy" / "validate_doc_update.js"
RULES_JSON = ROOT / "build" / "team" / "rules.json"
RULES_MARK = "var RULES = null; // KEFU_RULES"


def validate_source(rules_path=RULES_JSON):
    """validate_doc_update's source: the function of deploy/validate_doc_update.js (its
    leading comment left out) with the rule table in it."""
    if not Path(rules_path).exists():
        raise TeamServerError(f"the rule table {rules_path} is missing: run python3 scripts/build.py rules")
    rules = json.loads(Path(rules_path).read_text())
    text = VALIDATE_JS.read_text()
    body = text[text.index("\nfunction") + 1:]
    # Without its comments: pouchdb-server compiles the function again for every document
    # written (BENCHMARKS.md "Team rules"). Comments are whole lines or follow two spaces.
    body = "\n".join(line for line in (re.sub(r"\s{2,}//\s.*$", "", l) for l in body.split("\n"))
                     if not re.match(r"^\s*//", line))
    if RULES_MARK not in body:
        raise TeamServerError(f"{VALIDATE_JS} lost its line {RULES_MARK!r}")
    return body.replace(RULES_MARK, "var RULES = " + json.dumps(rules, ensure_ascii=False, separators=(",", ":")) + ";").rstrip() + "\n"


# The working set's filter for servers whose `_changes?filter=_selector` cannot be used
# (pouchdb-server 4.2.0 crashes on it). The same rule as core/working_set.cpp's
# in_working_set() and the `_selector` a station sends to Apache CouchDB: records that are not
# dated always; dated ones changed since `after` (ms); cases while not closed. Tested against
# the C++ rule in tests/e2e/team_working_set.test.mjs.
WORKING_SET_FILTER = r"""function (doc, req) {
  var dated = ['case', 'contact', 'callback', 'survey_response', 'access', 'work_log', 'script_run'];
  if (dated.indexOf(doc.type) < 0) return true;
  if (doc.updated_at >= Number(req.query.after)) return true;
  return doc.type === 'case' && !!doc.data && typeof doc.data === 'object' && ('status' in doc.data) && doc.data.status !== 'closed';
}"""

# Mango indexes for finding cases older than a station's working set on the server (_find):
# form number, phones, customer name, the day a case was created.
FIND_INDEXES = {
    "form_no": ["data.form_no"],
    "mobile": ["data.customer.mobile"],
    "telephone": ["data.customer.telephone"],
    "customer": ["data.customer.name"],
    "created": ["type", "created_at"],
}


def design_for(server_root, roles=None):
    """The design document for a server: how its _changes filters the working set is written
    in it ("kefu": {"working_set": …}): Apache CouchDB takes a `_selector` (its documentation's
    advice), everything else the JavaScript filter. `roles`: the role table, as in _security
    (pouchdb-server gives the validation no _security object for _bulk_docs)."""
    how = "selector" if isinstance(server_root, dict) and "couchdb" in server_root else "design"
    return {"_id": "_design/kefu", "language": "javascript", "validate_doc_update": validate_source(),
            "filters": {"working_set": WORKING_SET_FILTER}, "kefu": {"working_set": how, "roles": roles or {}}}


class TeamServerError(Exception):
    pass


def _auth_header(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def request(base, method, path, body=None, auth=None, timeout=30):
    """(status, parsed JSON or None). Never raises for HTTP statuses; raises TeamServerError
    when the server cannot be reached."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base.rstrip("/") + "/" + path.lstrip("/"), data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if auth:
        req.add_header("Authorization", _auth_header(*auth))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        raw, status = e.read(), e.code
    except (urllib.error.URLError, OSError) as e:
        raise TeamServerError(f"cannot reach {base}: {e}") from None
    try:
        return status, json.loads(raw or b"null")
    except ValueError:
        return status, None


def _section(obj, key, empty):
    """obj[key] when obj is a dict and obj[key] is of empty's type, else `empty`."""
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, type(empty)) else empty


def _must(status_body, what, ok=(200, 201, 202)):
    status, body = status_body
    if status not in ok:
        reason = body.get("reason") if isinstance(body, dict) else body
        raise TeamServerError(f"{what}: HTTP {status} {reason}")
    return body


def prepare(base, admin, first_admin=None):
    """Prepares the server at `base` (its root URL) with the server administrator `admin`
    (user, password). Returns True when `first_admin` (user, password) was created now."""
    status, _ = request(base, "PUT", DB, auth=admin)
    if status not in (201, 202, 412):  # 412: it exists already
        _must((status, _), f"creating the database {DB}")
    # Who is what, by account name (docs/team-security.md), is kept as it is: preparing again
    # never forgets anyone. The roles' keeping copies in _users (written by every join) bring the
    # table back when the team database was deleted and made again. The first Kefu
    # administrator, and every account the table calls an administrator, is an admin of both
    # databases.
    status, sec = request(base, "GET", f"{DB}/_security", auth=admin)
    sec = sec if status == 200 and isinstance(sec, dict) else {}
    table = dict(_section(sec.get("kefu"), "roles", {}))
    keys = "&".join(f"{k}={urllib.parse.quote(json.dumps(v))}" for k, v in (("startkey", ROLE_KEEP_PREFIX), ("endkey", ROLE_KEEP_PREFIX + "\ufff0")))
    status, kept = request(base, "GET", f"_users/_all_docs?include_docs=true&{keys}", auth=admin)
    # One copy per change of an account's role (core/team_account.hpp): the newest says it.
    newest = {}
    for row in (kept or {}).get("rows", []) if status == 200 else []:
        keep = _section(row.get("doc"), "kefu", {})
        at = keep.get("at_ms", 0)
        # "retired": an account replaced by a new one (a forgotten team password): newest wins, it stays out.
        if isinstance(keep.get("account"), str) and keep.get("role") in ("admin", "lead", "agent", "station", "retired") and isinstance(at, int):
            if keep["account"] not in newest or at >= newest[keep["account"]][0]:
                newest[keep["account"]] = (at, keep["role"])
    for account, (_, role) in newest.items():
        if role != "retired":
            table.setdefault(account, role)
    if first_admin:
        table.setdefault(first_admin[0], "admin")
        _must(request(base, "PUT", f"_users/{ROLE_KEEP_PREFIX}{urllib.parse.quote(first_admin[0], safe='')}",
                      {"kefu": {"account": first_admin[0], "role": "admin"}}, auth=admin), "keeping the first administrator's role",
              ok=(201, 409))
    admins = list(_section(sec.get("admins"), "names", []))
    admins += [n for n, role in table.items() if role == "admin" and n not in admins]
    names = list(_section(sec.get("members"), "names", []))
    for n in list(table) + admins:
        if n not in names:
            names.append(n)
    _must(request(base, "PUT", f"{DB}/_security", {
        "admins": {"names": admins, "roles": []},
        "members": {"names": names, "roles": []},
        "kefu": {"roles": table},
    }, auth=admin), "setting the database's _security")
    # Kefu administrators make the stations' accounts (creating another user's account needs
    # an admin of _users).
    status, users_sec = request(base, "GET", "_users/_security", auth=admin)
    users_admins = list(_section((users_sec or {}).get("admins") if status == 200 else None, "names", []))
    users_admins += [n for n in admins if n not in users_admins]
    _must(request(base, "PUT", "_users/_security", {
        "admins": {"names": users_admins, "roles": []}, "members": {"names": [], "roles": []},
    }, auth=admin), "letting Kefu administrators create accounts")
    wanted = design_for(_must(request(base, "GET", "/", auth=admin), "asking which server this is"), table)
    status, current = request(base, "GET", f"{DB}/_design/kefu", auth=admin)
    design = dict(wanted)
    if status == 200:
        if all(current.get(k) == v for k, v in wanted.items()):
            design = None
        else:
            design["_rev"] = current["_rev"]
    if design:
        _must(request(base, "PUT", f"{DB}/_design/kefu", design, auth=admin), "writing the design document")
    scrub_pins(base, admin)
    for name, fields in FIND_INDEXES.items():  # "exists" when it is there already
        _must(request(base, "POST", f"{DB}/_index", {"index": {"fields": fields}, "ddoc": "kefu-find", "name": name},
                      auth=admin), f"creating the index {name}")
    if not first_admin:
        return False
    name, password = first_admin
    status, _ = request(base, "GET", f"_users/org.couchdb.user:{name}", auth=admin)
    if status == 200:
        return False
    _must(request(base, "PUT", f"_users/org.couchdb.user:{name}",
                  {"name": name, "password": password, "roles": [], "type": "user"}, auth=admin),
          f"creating the first administrator {name}")
    return True


# Kiosks' drop-boxes (docs/team-security.md "Kiosks write, never read"): a database per kiosk
# that only its kiosk's account writes (new requests and survey answers, the same validation
# with the kiosk's role), replicated into the team database by the server (_replicator) as a
# relay account of that kiosk whose role in the team's table is `kiosk` too, so the team
# database checks every record again on the way in. The kiosk's account is a member of its
# drop-box only: it reads nothing of the team, nor any other kiosk's drop-box.
KIOSK_DB_PREFIX = "kefu_kiosk_"
STATION_PREFIX = "kefu-station:"


def station_code_at(n):
    """core/case.cpp station_code_at: A..Z, AA..ZZ, AAA.. (bijective base 26)."""
    out = ""
    n += 1
    while n > 0 and len(out) < 3:
        n -= 1
        out = chr(ord("A") + n % 26) + out
        n //= 26
    return out


def _put_roles(base, admin, db, roles, readers=()):
    """`db`'s _security: members by name (the table's accounts and `readers`), no admins but the
    server's, the role table; and the same table in its design document."""
    names = list(roles) + [r for r in readers if r not in roles]
    _must(request(base, "PUT", f"{db}/_security", {"admins": {"names": [], "roles": []}, "members": {"names": names, "roles": []},
                                                   "kefu": {"roles": roles}}, auth=admin), f"setting {db}'s _security")


def _add_to_team_table(base, admin, account, role):
    status, sec = request(base, "GET", f"{DB}/_security", auth=admin)
    sec = sec if status == 200 and isinstance(sec, dict) else {}
    members = _section(sec.get("members"), "names", [])
    if account not in members:
        members.append(account)
    roles = dict(_section(sec.get("kefu"), "roles", {}))
    roles[account] = role
    sec["members"] = {"names": members, "roles": []}
    sec["kefu"] = {"roles": roles}
    _must(request(base, "PUT", f"{DB}/_security", sec, auth=admin), "adding the kiosk's relay to the team")
    design = _must(request(base, "GET", f"{DB}/_design/kefu", auth=admin), "reading the design document")
    design.setdefault("kefu", {})["roles"] = dict(_section(design.get("kefu"), "roles", {}), **{account: role})
    _must(request(base, "PUT", f"{DB}/_design/kefu", design, auth=admin), "adding the kiosk's relay to the design document")
    _must(request(base, "PUT", f"_users/{ROLE_KEEP_PREFIX}{urllib.parse.quote(account, safe='')}",
                  {"kefu": {"account": account, "role": role, "at_ms": int(time.time() * 1000)}}, auth=admin),
          "keeping the relay's role", ok=(201, 409))


def add_kiosk(base, admin, label, inner_base=None):
    """A new kiosk of the team: its station code (claimed in the team database, so its form
    numbers are its own), its drop-box database with the validation, its account (a member of
    the drop-box only), and the server's continuous replication of the drop-box into the team
    database as the kiosk's relay account. `inner_base`: the address at which the database
    server reaches itself (default `base`). Returns {code, label, db, account, password}."""
    inner = (inner_base or base).rstrip("/")
    status, found = request(base, "GET", f'{DB}/_all_docs?startkey=%22kefu-station%3A%22&endkey=%22kefu-station%3A%EF%BF%B0%22', auth=admin)
    taken = {row["id"][len(STATION_PREFIX):] for row in (found or {}).get("rows", [])} if status == 200 else set()
    n = 0
    while station_code_at(n) in taken:
        n += 1
    code = station_code_at(n)
    tag = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(6))
    account, relay = f"kefu-kiosk-{code.lower()}-{tag}", f"kefu-relay-{code.lower()}-{tag}"
    password, relay_password = new_password(), new_password() + new_password()
    db = KIOSK_DB_PREFIX + code.lower()
    _must(request(base, "PUT", f"{DB}/{urllib.parse.quote(STATION_PREFIX + code, safe='')}",
                  {"kind": "kiosk", "code": code, "name": label, "account": account}, auth=admin), f"claiming the station code {code}")
    for name, pw in ((account, password), (relay, relay_password)):
        _must(request(base, "PUT", f"_users/org.couchdb.user:{name}", {"name": name, "password": pw, "roles": [], "type": "user"}, auth=admin),
              f"creating the account {name}")
    status, body = request(base, "PUT", db, auth=admin)
    if status not in (201, 202, 412):
        _must((status, body), f"creating the drop-box {db}")
    roles = {account: "kiosk"}
    _put_roles(base, admin, db, roles, readers=[relay])
    design = design_for(_must(request(base, "GET", "/", auth=admin), "asking which server this is"), roles)
    design["kefu"]["kiosk"] = {"code": code, "name": label}
    _must(request(base, "PUT", f"{db}/_design/kefu", design, auth=admin), f"writing {db}'s design document")
    _add_to_team_table(base, admin, relay, "kiosk")
    status, body = request(base, "PUT", "_replicator", auth=admin)  # pouchdb-server makes it on first use; CouchDB has it
    def at(path):
        scheme, rest = inner.split("://", 1)
        return f"{scheme}://{urllib.parse.quote(relay, safe='')}:{urllib.parse.quote(relay_password, safe='')}@{rest}/{path}"
    _must(request(base, "PUT", f"_replicator/kefu-kiosk-{code.lower()}", {
        "source": at(db), "target": at(DB), "continuous": True,
    }, auth=admin), f"starting the replication of {db} into {DB}")
    return {"code": code, "label": label, "db": db, "account": account, "password": password}


def without_pins(doc):
    """An agent record's document without PIN hashes (in its data and in its history's
    entries), or None when it holds none. PINs stay at the stations (docs/team-security.md)."""
    data = doc.get("data") if isinstance(doc.get("data"), dict) else {}
    history = doc.get("history") if isinstance(doc.get("history"), list) else []
    def holds(e):
        return isinstance(e, dict) and isinstance(e.get("fields"), list) and \
            any(isinstance(f, dict) and f.get("field") == "pin" for f in e["fields"])
    if "pin" not in data and not any(holds(e) for e in history):
        return None
    out = dict(doc, data={k: v for k, v in data.items() if k != "pin"})
    out["history"] = [dict(e, fields=[f for f in e["fields"] if not (isinstance(f, dict) and f.get("field") == "pin")])
                      if holds(e) else e for e in history]
    return out


def scrub_pins(base, admin):
    """Teams made before PINs left the team database: their agent records lose the hashes
    (written as the server administrator, whom the validation lets through), and the database
    is compacted so that the revisions that held them go too. Returns how many were cleared."""
    status, found = request(base, "GET", f'{DB}/_all_docs?include_docs=true&startkey=%22agent%3A%22&endkey=%22agent%3A%EF%BF%B0%22',
                            auth=admin)
    rows = found.get("rows", []) if status == 200 and isinstance(found, dict) else []
    cleared = 0
    for row in rows:
        doc = row.get("doc") if isinstance(row, dict) else None
        clean = without_pins(doc) if isinstance(doc, dict) else None
        if clean is not None:
            _must(request(base, "PUT", f"{DB}/{urllib.parse.quote(doc['_id'], safe='')}", clean, auth=admin),
                  f"clearing the PIN from {doc['_id']}")
            cleared += 1
    if cleared:
        request(base, "POST", f"{DB}/_compact", {}, auth=admin)  # old revisions' bodies go; best effort
    return cleared


def _die_with_parent():
    # The server stops when serve.py does, however serve.py ends (Ctrl+C, kill, a crash).
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM
    except OSError:
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_password():
    # 20 characters from an alphabet without look-alikes (0/O, 1/l/I): typed by hand once.
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(20))


class PouchServer:
    """pouchdb-server on 127.0.0.1:<port>, its files in `data_dir` (db/, config.json, log)."""

    def __init__(self, data_dir: Path, port: int = 0):
        self.data_dir = Path(data_dir).resolve()
        self.port = port or free_port()
        self.proc = None
        self.base = f"http://127.0.0.1:{self.port}"
        self.admin = None

    def start(self, timeout=30.0):
        if not POUCHDB_SERVER.exists():
            raise TeamServerError("pouchdb-server is not installed: run  bash scripts/setup.sh --team")
        (self.data_dir / "db").mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir / "server.log", "ab")
        self.proc = subprocess.Popen(
            ["node", str(POUCHDB_SERVER), "--host", "127.0.0.1", "--port", str(self.port),
             "--dir", str(self.data_dir / "db"), "--config", str(self.data_dir / "config.json"), "--no-stdout-logs"],
            cwd=str(self.data_dir), stdout=log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + timeout
        while True:
            try:
                status, body = request(self.base, "GET", "/", timeout=2)
                if status == 200:
                    break
            except TeamServerError:
                pass
            if self.proc.poll() is not None:
                raise TeamServerError(f"pouchdb-server stopped at start (exit {self.proc.returncode}); "
                                      f"see {self.data_dir / 'server.log'}")
            if time.monotonic() > deadline:
                self.stop()
                raise TeamServerError(f"pouchdb-server did not answer within {timeout:.0f} s")
            time.sleep(0.1)
        self.admin = self._server_admin()
        return self

    def _server_admin(self):
        """The server administrator (made on first start, kept in server-admin.json, 0600)."""
        path = self.data_dir / "server-admin.json"
        if path.exists():
            saved = json.loads(path.read_text())
            return saved["name"], saved["password"]
        name, password = "kefu-server", new_password()
        _must(request(self.base, "PUT", f"_config/admins/{name}", password), "creating the server administrator")
        path.write_text(json.dumps({"name": name, "password": password}))
        os.chmod(path, 0o600)
        return name, password

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None


def first_admin(data_dir: Path):
    """The first Kefu administrator's account: (name, password, created_now). The password is
    kept in first-admin.json (0600) so that it can be printed again; change it in the app."""
    path = Path(data_dir) / "first-admin.json"
    if path.exists():
        saved = json.loads(path.read_text())
        return saved["name"], saved["password"], False
    name, password = "admin", new_password()
    path.write_text(json.dumps({"name": name, "password": password}))
    os.chmod(path, 0o600)
    return name, password, True


if __name__ == "__main__":  # a quick manual check: start, prepare, print, wait
    d = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "team/data")
    srv = PouchServer(d).start()
    name, pw, _ = first_admin(d)
    prepare(srv.base, srv.admin, (name, pw))
    print(srv.base, name, pw)
    try:
        srv.proc.wait()
    except KeyboardInterrupt:
        srv.stop()
