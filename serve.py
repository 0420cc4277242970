#!/usr/bin/env python3
"""Kefu: set up, build and serve the app on localhost (Python standard library only).

  python3 serve.py                 # checks/installs dependencies, builds, serves on 127.0.0.1:8080
  python3 serve.py --port 9000     # another port;  --host 0.0.0.0 to serve the local network
  python3 serve.py --no-build      # serve what is already built
  python3 serve.py --team          # also the team database (pouchdb-server), on the same address:
                                   # stations open the app here and join the team in 设置 → 团队同步
  python3 serve.py --team --team-data /srv/kefu-team   # keep the team's files there (default team/data)
"""
import argparse
import base64
import collections
import errno
import gzip
import hashlib
import http.client
import http.server
import json
import math
import re
import signal
import socketserver
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "scripts"))
import build  # noqa: E402

TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".wasm": "application/wasm", ".json": "application/json; charset=utf-8", ".ttf": "font/ttf",
    ".png": "image/png", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json",
}
# As strict as the app allows: no inline script or style, no eval; WebAssembly compilation
# needs 'wasm-unsafe-eval'. blob: images/downloads are the app's own exports.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


# The team database under /team/ on the app's own origin (no CORS): only what a station
# needs passes, everything else is refused here before it reaches the database server.
#   /team/db[/…]                         → /kefu[/…]   (documents, _changes, _bulk_docs, …)
#   /team/_session                       → /_session   (who am I)
#   /team/_users/org.couchdb.user:<name> → GET, PUT    (an administrator makes an account; an agent
#                                                      reads and writes their own: a new team password)
#   /team/_users/_design/kefu-role-<name> → PUT only   (the account's role, kept)
#   /team/_users/_security               → GET, PUT    (administrators make accounts: admins by name)
#   /team/kiosk/<code>[/…]               → /kefu_kiosk_<code>[/…]  (a kiosk's drop-box: only its account writes)
#   /team/info                           answered here: {"db": "/team/db"} (a team server is here)
TEAM_HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "www-authenticate",
                    "proxy-authenticate", "proxy-authorization", "content-length", "content-encoding"}


def team_upstream(method: str, raw_path: str):
    """The database server's path for a /team/ request, or (None, reason) when refused."""
    url = urlsplit(raw_path)
    path, query = url.path, url.query
    plain = unquote(path)  # what the database server will read (document ids arrive encoded)
    if ".." in plain.split("/") or "//" in plain:
        return None, "bad path"
    if path == "/team/db" or path.startswith("/team/db/"):
        rest = path[len("/team/db"):]
        if rest in ("", "/") and method not in ("GET", "HEAD"):
            return None, "the database itself is not changed from here"
        # pouchdb-server 4.2 crashes on filter=_selector (docs/team-sync.md): never let one through.
        if "_selector" in " ".join(v for vs in parse_qs(query).values() for v in vs):
            return None, "filter=_selector is not supported by this server"
        return "/kefu" + rest + ("?" + query if query else ""), None
    # A kiosk's drop-box (scripts/team_server.py add_kiosk): /team/kiosk/<code>[/…] → /kefu_kiosk_<code>[/…];
    # the database server lets only that kiosk's account in.
    m = re.match(r"^/team/kiosk/([a-z]{1,3})(/.*)?$", path)
    if m:
        rest = m.group(2) or ""
        if rest in ("", "/") and method not in ("GET", "HEAD"):
            return None, "the database itself is not changed from here"
        return "/kefu_kiosk_" + m.group(1) + rest + ("?" + query if query else ""), None
    if path == "/team/_session":
        return "/_session" + ("?" + query if query else ""), None
    if plain == "/team/_users/_security" and method in ("GET", "PUT"):
        return path[len("/team"):], None
    for prefix, methods in (("/team/_users/org.couchdb.user:", ("GET", "PUT")), ("/team/_users/_design/kefu-role-", ("PUT",))):
        if plain.startswith(prefix) and method in methods and "/" not in plain[len(prefix):]:
            return path[len("/team"):], None
    return None, "not a team path"


class SignInLimiter:
    """Failed team sign-ins, per client address and account name, in a sliding window (the
    database server has no lockout of its own: pouchdb-server none, CouchDB from 3.4 on).
    A failure is an answer 401 to a request that carried credentials (a password, through
    Basic or POST _session). A name that failed `limit` times from one address within
    `window` seconds is refused there (429) until its oldest failure leaves the window, even
    with the right password; an address that failed `5 × limit` times, for any names, is
    refused for every name. A station whose account works never fails, so it is never held up
    by a neighbour guessing. Python's standard library has no rate limiter; this is the
    sliding-window log every limiter keeps, on a deque per key."""

    def __init__(self, limit=10, window=60.0, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self.failures = collections.defaultdict(collections.deque)  # (address, name) or address -> times
        self.lock = threading.Lock()

    def _prune(self, key, now):
        q = self.failures.get(key)
        while q and q[0] <= now - self.window:
            q.popleft()
        if q is not None and not q:
            del self.failures[key]
        return q or ()

    def wait(self, address, name):
        """Seconds until `name` may try again from `address` (0: now)."""
        with self.lock:
            now = self.clock()
            waits = [0.0]
            for key, limit in (((address, name), self.limit), (address, 5 * self.limit)):
                q = self._prune(key, now)
                if len(q) >= limit:
                    waits.append(q[len(q) - limit] + self.window - now)
            return max(waits)

    def failed(self, address, name):
        with self.lock:
            now = self.clock()
            self.failures[(address, name)].append(now)
            self.failures[address].append(now)


def credentials_name(headers, method, path, body):
    """The account name a request signs in as (None: it carries no password)."""
    auth = headers.get("Authorization") or ""
    if auth.lower().startswith("basic "):
        try:
            return base64.b64decode(auth[6:].strip()).decode("utf-8", "replace").split(":", 1)[0]
        except ValueError:
            return ""
    if method == "POST" and urlsplit(path).path == "/team/_session":
        text = (body or b"").decode("utf-8", "replace")
        try:
            data = json.loads(text)
        except ValueError:
            data = {k: v[0] for k, v in parse_qs(text).items()}
        return str(data.get("name", "")) if isinstance(data, dict) else ""
    return None


def make_handler(root: Path, team=None, limiter=None):
    """`team`: (host, port) of the team database server, or None."""
    etags: dict = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "kefu"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet: one line per error only
            if args and str(args[1] if len(args) > 1 else "").startswith(("4", "5")):
                sys.stderr.write("[serve] %s\n" % (fmt % args))

        def do_HEAD(self):
            self.do_GET(head=True)

        def do_POST(self):
            self.team_proxy() if self.path.startswith("/team/") else self.send_error(405)

        def do_PUT(self):
            self.team_proxy() if self.path.startswith("/team/") else self.send_error(405)

        def do_DELETE(self):
            self.team_proxy() if self.path.startswith("/team/") else self.send_error(405)

        def send_json(self, status, obj, headers=None):
            data = json.dumps(obj).encode()
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def team_proxy(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if team is None:
                return self.send_json(404, {"error": "not_found", "reason": "no team server here (serve.py --team)"})
            if urlsplit(self.path).path == "/team/info":
                return self.send_json(200, {"db": "/team/db"})
            upstream, why = team_upstream(self.command, self.path)
            if upstream is None:
                return self.send_json(403 if why != "bad path" else 400, {"error": "forbidden", "reason": why})
            name = credentials_name(self.headers, self.command, self.path, body)
            address = self.client_address[0]
            if name is not None and limiter:
                wait = limiter.wait(address, name)
                if wait > 0:
                    seconds = max(1, math.ceil(wait))
                    return self.send_json(429, {"error": "too_many_requests", "reason": f"too many failed sign-ins: try again in {seconds} s",
                                                "retry_after": seconds}, {"Retry-After": str(seconds)})
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() in ("authorization", "content-type", "accept", "cookie")}
            # A long poll stays open for its heartbeat (25 s): wait well beyond it.
            conn = http.client.HTTPConnection(team[0], team[1], timeout=120)
            try:
                conn.request(self.command, upstream, body=body, headers=headers)
                r = conn.getresponse()
                data = r.read()
            except OSError as e:
                conn.close()
                return self.send_json(502, {"error": "unreachable", "reason": f"the team database does not answer ({e})"})
            conn.close()
            if r.status == 401 and name is not None and limiter:
                limiter.failed(address, name)
            self.send_response(r.status)
            for k, v in r.getheaders():
                if k.lower() == "set-cookie" and "samesite" not in v.lower():
                    v += "; SameSite=Strict"  # the team session's cookie goes to this origin's pages only
                if k.lower() not in TEAM_HOP_HEADERS:
                    self.send_header(k, v)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self, head=False):
            if self.path.startswith("/team/"):
                return self.team_proxy()
            url = urlsplit(self.path)
            rel = url.path.lstrip("/") or "index.html"
            path = (root / rel).resolve()
            if root not in path.parents and path != root or not path.is_file() or path.suffix == ".gz":
                return self.send_error(404, "Not found")
            accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
            gz = path.with_name(path.name + ".gz")
            body_path = gz if accepts_gzip and gz.exists() else path
            data = body_path.read_bytes()
            key = (str(body_path), body_path.stat().st_mtime_ns)
            etag = etags.get(key) or etags.setdefault(key, '"%s"' % hashlib.sha256(data).hexdigest()[:20])

            hashed = "v=" in (url.query or "")
            self.send_response(304 if self.headers.get("If-None-Match") == etag else 200)
            self.send_header("Content-Type", TYPES.get(path.suffix, "application/octet-stream"))
            # Hashed URLs never change: cache for a year. Everything else: revalidate (cheap 304).
            self.send_header("Cache-Control", "public, max-age=31536000, immutable" if hashed else "no-cache")
            self.send_header("ETag", etag)
            self.send_header("Vary", "Accept-Encoding")
            if body_path is gz:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            if self.headers.get("If-None-Match") == etag:
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if not head:
                self.wfile.write(data)

    return Handler


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    # SO_REUSEADDR: a restart may take the port at once (connections of the last run linger in
    # TIME_WAIT for a minute); a second server on a port still listening fails loudly anyway.
    allow_reuse_address = True


def serve(root: Path, host: str, port: int, quiet: bool = False, team=None, limiter=None):
    try:
        httpd = Server((host, port), make_handler(root.resolve(), team, limiter))
    except OSError as e:
        if e.errno in (errno.EADDRINUSE, errno.EACCES):
            why = "is already in use" if e.errno == errno.EADDRINUSE else "needs more privileges"
            sys.exit(f"[serve] ERROR: port {port} on {host} {why}.\n"
                     f"        Kefu may already be running: try http://{host}:{port}/\n"
                     f"        Or pick another port:  python3 serve.py --port {port + 1}")
        raise
    if not quiet:
        print(f"[serve] Kefu is at  http://{host}:{port}/   (Ctrl+C stops the server)", flush=True)
    return httpd


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--no-build", action="store_true", help="serve build/web/dist as it is")
    ap.add_argument("--build-only", action="store_true", help="set up and build, do not serve")
    ap.add_argument("--root", help="serve this folder, a built dist, as it is (tests serve a copy they change)")
    ap.add_argument("--team", action="store_true", help="also run the team database (pouchdb-server) on this address")
    ap.add_argument("--team-data", default=str(ROOT / "team/data"), help="the team database's folder (default team/data)")
    ap.add_argument("--add-kiosk", action="append", default=[], metavar="NAME",
                    help="with --team: add a kiosk (a drop-box it writes to, never reads the team) and print its account; once per kiosk")
    ap.add_argument("--sign-in-limit", default="10/60", metavar="N/SECONDS",
                    help="failed team sign-ins allowed per account and address in that many seconds (default 10/60)")
    args = ap.parse_args()
    try:
        n, seconds = (float(x) for x in args.sign_in_limit.split("/"))
    except ValueError:
        n = seconds = 0
    limiter = SignInLimiter(int(n), seconds) if n >= 1 and seconds > 0 else None
    if limiter is None:
        print(f"[serve] ERROR: --sign-in-limit {args.sign_in_limit}: write it as N/SECONDS, e.g. 10/60", file=sys.stderr)
        return 1
    if args.root:
        args.no_build = True
    if not args.no_build:
        try:
            build.setup(tests=False, team=args.team)
            build.build_web()
            if args.team:
                build.build_rules()  # the design document's rule table, from core/
        except build.BuildError as e:
            print(f"[serve] ERROR: build failed: {e}", file=sys.stderr)
            return 1
    if args.build_only:
        return 0
    root = Path(args.root).resolve() if args.root else build.DIST
    if not (root / "index.html").exists():
        print("[serve] ERROR: nothing built yet; run without --no-build", file=sys.stderr)
        return 1
    pouch = None
    team = None
    if args.team:
        import team_server  # noqa: E402  (scripts/)
        try:
            pouch = team_server.PouchServer(Path(args.team_data)).start()
            name, password, _ = team_server.first_admin(Path(args.team_data))
            created = team_server.prepare(pouch.base, pouch.admin, (name, password))
            kiosks = [team_server.add_kiosk(pouch.base, pouch.admin, label) for label in args.add_kiosk]
        except team_server.TeamServerError as e:
            print(f"[serve] ERROR: team database: {e}", file=sys.stderr)
            if pouch:
                pouch.stop()
            return 1
        team = ("127.0.0.1", pouch.port)
    httpd = serve(root, args.host, args.port, team=team, limiter=limiter)
    if team:
        print(f"[serve] team database: {Path(args.team_data).resolve()} (pouchdb-server on 127.0.0.1:{pouch.port}, "
              f"reached through this address under /team/)", flush=True)
        print(f"[serve] team administrator: {name}  password: {password}"
              + ("   (new: write it down; it is also in first-admin.json there)" if created else ""), flush=True)
        print("[serve] on each station: open the address above, then 设置 → 团队同步 → 加入团队", flush=True)
        for k in kiosks:
            print(f"[serve] kiosk {k['label']}: address /team/kiosk/{k['code'].lower()}  account: {k['account']}  password: {k['password']}"
                  "   (at the kiosk: 设置 → 团队同步 → 作为自助终端接入; write it down, it is shown once)", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        print("\n[serve] stopped")
    finally:
        if pouch:
            pouch.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
