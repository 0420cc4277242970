#!/usr/bin/env python3
"""Prepares an Apache CouchDB 3.x (or any CouchDB-protocol server) for a Kefu team:
the database `kefu`, its _security (members by Kefu role), the validation design document,
Kefu administrators as admins of _users (they create the stations' accounts), and the first
Kefu administrator. Idempotent: run it again after updating Kefu to refresh the design
document. Python standard library only.

  python3 scripts/prepare_couchdb.py http://127.0.0.1:5984 --server-admin admin
      # asks for the server administrator's password; prints the first Kefu administrator's

  KEFU_COUCH_PASSWORD=… python3 scripts/prepare_couchdb.py URL --server-admin NAME \\
      [--first-admin admin] [--first-admin-password …]
"""
import argparse
import getpass
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import team_server  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url", help="the server's root URL, e.g. http://127.0.0.1:5984")
    ap.add_argument("--server-admin", required=True, help="a CouchDB server administrator (from its [admins] section)")
    ap.add_argument("--first-admin", default="admin", help="the first Kefu administrator's account name (default admin)")
    ap.add_argument("--first-admin-password", help="default: a generated one, printed once")
    ap.add_argument("--add-kiosk", action="append", default=[], metavar="NAME",
                    help="add a kiosk: its drop-box database, its account (printed once) and the server's replication of it")
    ap.add_argument("--inner-url", help="the address at which the server reaches itself for the kiosks' replication (default: url)")
    args = ap.parse_args()
    password = os.environ.get("KEFU_COUCH_PASSWORD") or getpass.getpass(f"password of {args.server_admin}: ")
    first_pw = args.first_admin_password or team_server.new_password()
    try:
        import build  # noqa: E402  (scripts/)
        build.build_rules()  # the design document's rule table, printed from core/ (docs/team-security.md)
    except build.BuildError as e:
        print(f"[prepare] ERROR: building the rule table: {e}", file=sys.stderr)
        return 1
    try:
        created = team_server.prepare(args.url, (args.server_admin, password), (args.first_admin, first_pw))
        kiosks = [team_server.add_kiosk(args.url, (args.server_admin, password), label, args.inner_url) for label in args.add_kiosk]
    except team_server.TeamServerError as e:
        print(f"[prepare] ERROR: {e}", file=sys.stderr)
        return 1
    print(f"[prepare] {args.url.rstrip('/')}/{team_server.DB} is ready for Kefu "
          "(database, _security, design document, account rights)")
    if created:
        print(f"[prepare] first Kefu administrator: {args.first_admin}  password: {first_pw}   (write it down)")
    else:
        print(f"[prepare] the account {args.first_admin} exists already: its password is unchanged")
    for k in kiosks:
        print(f"[prepare] kiosk {k['label']}: address /team/kiosk/{k['code'].lower()} (database {k['db']})  account: {k['account']}  "
              f"password: {k['password']}   (at the kiosk: 设置 → 团队同步 → 作为自助终端接入; shown once)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
