#!/usr/bin/env python3
"""Kefu: set up, build and serve the app on localhost (Python standard library only).

  python3 serve.py                 # checks/installs dependencies, builds, serves on 127.0.0.1:8080
  python3 serve.py --port 9000     # another port;  --host 0.0.0.0 to serve the local network
  python3 serve.py --no-build      # serve what is already built
"""
import argparse
import errno
import gzip
import hashlib
import http.server
import socketserver
import sys
from pathlib import Path
from urllib.parse import urlsplit

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


def make_handler(root: Path):
    etags: dict = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "kefu"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet: one line per error only
            if args and str(args[1] if len(args) > 1 else "").startswith(("4", "5")):
                sys.stderr.write("[serve] %s\n" % (fmt % args))

        def do_HEAD(self):
            self.do_GET(head=True)

        def do_GET(self, head=False):
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
    allow_reuse_address = False  # a second server on the same port must fail loudly


def serve(root: Path, host: str, port: int, quiet: bool = False):
    try:
        httpd = Server((host, port), make_handler(root.resolve()))
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
    args = ap.parse_args()
    if args.root:
        args.no_build = True
    if not args.no_build:
        try:
            build.setup(tests=False)
            build.build_web()
        except build.BuildError as e:
            print(f"[serve] ERROR: build failed: {e}", file=sys.stderr)
            return 1
    if args.build_only:
        return 0
    root = Path(args.root).resolve() if args.root else build.DIST
    if not (root / "index.html").exists():
        print("[serve] ERROR: nothing built yet; run without --no-build", file=sys.stderr)
        return 1
    httpd = serve(root, args.host, args.port)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        print("\n[serve] stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
