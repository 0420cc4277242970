// The call-centre deployment, tested against the server we can run here: deploy/nginx-kefu.conf
// (the app and the database on one origin) in front of a bare CouchDB-protocol server
// (pouchdb-server; Apache CouchDB itself is not installable on these machines), prepared by
// scripts/prepare_couchdb.py exactly as the README tells an administrator to. Then a station
// joins through nginx and a second one sees its case; and what nginx must not let through
// (CouchDB's configuration, other databases, changing the database) is refused.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';
import { adminAccount, signInWithTeam, TEAM_PW } from './team_lib.mjs';

// nginx serves HTTPS with a certificate this test makes for 127.0.0.1 (self-signed: node's
// fetch and the browsers are told to take it).
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
const work = mkdtempSync(join(tmpdir(), 'kefu-nginx-'));
const dirs = [work];
const procs = [];
let couch, url, plainUrl, firstPassword, a, b;

async function waitHttp(u, ok = (s) => s > 0, timeout = 20000) {
  const end = performance.now() + timeout;
  for (;;) {
    try { const r = await fetch(u); if (ok(r.status)) return r; } catch { /* not up yet */ }
    if (performance.now() > end) throw new Error(`no answer from ${u}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  // A bare server with its own administrator, as a fresh CouchDB install has.
  const port = await L.freePort();
  couch = `http://127.0.0.1:${port}`;
  mkdirSync(join(work, 'db'));
  procs.push(spawn('node', [join(L.ROOT, 'team/node_modules/pouchdb-server/bin/pouchdb-server'), '--host', '127.0.0.1',
    '--port', String(port), '--dir', join(work, 'db'), '--config', join(work, 'config.json'), '--no-stdout-logs'],
  { cwd: work, stdio: 'ignore' }));
  await waitHttp(couch);
  const made = await fetch(`${couch}/_config/admins/root`, { method: 'PUT', body: JSON.stringify('server-secret') });
  assert.equal(made.status, 200);

  // The nginx site as shipped, with its values filled in, in a private prefix.
  const listen = await L.freePort(), plain = await L.freePort();
  url = `https://127.0.0.1:${listen}/`;
  plainUrl = `http://127.0.0.1:${plain}/`;
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(work, 'key.pem'), '-out', join(work, 'cert.pem')], { stdio: 'pipe' });
  const site = readFileSync(join(L.ROOT, 'deploy/nginx-kefu.conf'), 'utf8')
    .replaceAll('KEFU_HTTP_LISTEN', `127.0.0.1:${plain}`)
    .replaceAll('KEFU_LISTEN', `127.0.0.1:${listen}`)
    .replaceAll('KEFU_CERT', join(work, 'cert.pem'))
    .replaceAll('KEFU_KEY', join(work, 'key.pem'))
    .replaceAll('KEFU_DIST', join(L.ROOT, 'build/web/dist'))
    .replaceAll('KEFU_COUCH', `127.0.0.1:${port}`);
  writeFileSync(join(work, 'kefu.conf'), site);
  writeFileSync(join(work, 'nginx.conf'), `${process.getuid() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${work}/body; proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fcgi; uwsgi_temp_path ${work}/uwsgi; scgi_temp_path ${work}/scgi;
  include ${work}/kefu.conf;
}
`);
  execFileSync('/usr/sbin/nginx', ['-t', '-p', work, '-c', join(work, 'nginx.conf')], { stdio: 'pipe' });
  procs.push(spawn('/usr/sbin/nginx', ['-p', work, '-c', join(work, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' }));
  await waitHttp(url, (s) => s === 200);
});

after(async () => {
  await a?.close();
  await b?.close();
  for (const p of procs) p.kill();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('prepare_couchdb.py prepares a bare server, says so, and can run again', () => {
  const run = () => execFileSync('python3', [join(L.ROOT, 'scripts/prepare_couchdb.py'), couch, '--server-admin', 'root'],
    { env: { ...process.env, KEFU_COUCH_PASSWORD: 'server-secret' }, encoding: 'utf8' });
  const first = run();
  const m = first.match(/first Kefu administrator: admin {2}password: (\S+)/);
  assert.ok(m, first);
  firstPassword = m[1];
  assert.match(run(), /exists already: its password is unchanged/);
  let failed;
  try {
    execFileSync('python3', [join(L.ROOT, 'scripts/prepare_couchdb.py'), couch, '--server-admin', 'root'],
      { env: { ...process.env, KEFU_COUCH_PASSWORD: 'wrong' }, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) { failed = e; }
  assert.ok(failed, 'a wrong server password fails');
  assert.match(failed.stderr, /ERROR: creating the database kefu: HTTP 401/);
});

test('nginx serves the app with its headers and lets only a station\'s requests reach the database', async () => {
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('strict-transport-security') || '', /max-age=\d{7,}/, 'HTTPS is remembered');
  const redirect = await fetch(`${plainUrl}team/db`, { redirect: 'manual' });
  assert.equal(redirect.status, 301, 'plain HTTP only sends browsers to HTTPS');
  assert.match(redirect.headers.get('location'), /^https:\/\/127\.0\.0\.1(:\d+)?\/team\/db$/);
  assert.match(page.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const wasm = await fetch(`${url}kefu.wasm?v=1`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  // A kiosk's drop-box path reaches the database server's kefu_kiosk_<code> (none made here:
  // the server's own "not found"); the database itself is not changed through it.
  const dropbox = await fetch(`${url}team/kiosk/zz/_all_docs`);
  assert.ok([401, 404].includes(dropbox.status), `the drop-box path reaches the database: ${dropbox.status}`);
  assert.ok(/not_found|unauthorized/.test(await dropbox.text()));
  assert.equal((await fetch(`${url}team/kiosk/zz`, { method: 'DELETE' })).status, 403);
  assert.match(wasm.headers.get('cache-control'), /immutable/);
  assert.deepEqual(await (await fetch(`${url}team/info`)).json(), { db: '/team/db' });
  const auth = { Authorization: `Basic ${Buffer.from(`admin:${firstPassword}`).toString('base64')}` };
  assert.equal((await fetch(`${url}team/db`, { headers: auth })).status, 200);
  assert.equal((await fetch(`${url}team/_session`, { headers: auth })).status, 200);
  // A cookie session (team sign-in): Secure, HttpOnly, SameSite=Strict.
  const signIn = await fetch(`${url}team/_session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'admin', password: firstPassword }) });
  assert.equal(signIn.status, 200);
  const cookie = signIn.headers.get('set-cookie') || '';
  for (const flag of [/AuthSession=/, /;\s*Secure/i, /;\s*HttpOnly/i, /;\s*SameSite=Strict/i]) assert.match(cookie, flag, cookie);
  for (const [method, path] of [['GET', 'team/_config'], ['GET', 'team/_all_dbs'], ['PUT', 'team/db'], ['DELETE', 'team/db'],
    ['DELETE', 'team/_users/org.couchdb.user:admin'], ['GET', 'team/_users/_all_docs'], ['PUT', 'team/_users/_design/other'],
    ['GET', 'team/_users/_design/kefu-role-admin'],
    ['GET', 'team/_utils/'], ['PUT', 'team/other']]) {
    const r = await fetch(`${url}${path}`, { method, headers: auth });
    assert.equal(r.status, 403, `${method} /${path} is refused by nginx (got ${r.status})`);
  }
  // A user reads their own account document (a new team password needs its _rev).
  assert.equal((await fetch(`${url}team/_users/org.couchdb.user:admin`, { headers: auth })).status, 200);
  const anon = await fetch(`${url}team/db/_all_docs`);
  assert.equal(anon.status, 401, 'the database refuses a request without an account');
  assert.equal(anon.headers.get('www-authenticate'), null, 'no browser password dialog');
});

test('stations join and sync through nginx', async () => {
  const profile = () => { const d = mkdtempSync(join(tmpdir(), 'kefu-station-')); dirs.push(d); return d; };
  a = await L.launch({ userDataDir: profile(), selfSignedTls: true });
  await L.openApp(a.page, url);
  await L.click(a.page, 'nav.settings');
  for (const [id, text] of [['team.address', '/team/db'], ['team.admin', 'admin'], ['team.password', firstPassword]]) await L.typeInto(a.page, id, text);
  await L.click(a.page, 'team.join');
  await a.page.waitForFunction(() => window.kefu.state().team.phase === 'held', null, { timeout: 30000 });  // nobody signed in to the team yet
  await adminAccount(a.page, firstPassword);  // signed in to the team; a new desk signs them in with it
  await L.click(a.page, 'nav.cases');
  await a.page.keyboard.press('F2');
  await L.settle(a.page);
  await a.page.keyboard.insertText('138 6666 7777');
  await L.click(a.page, 'case.description');
  await a.page.keyboard.insertText('经 nginx 同步的来电记录。');
  await a.page.keyboard.press('Control+S');
  await L.saved(a.page);
  const form = (await L.state(a.page)).cases.open.form_no;
  assert.match(form, /^KF-\d{8}-A-0001$/);

  b = await L.launch({ userDataDir: profile(), selfSignedTls: true });
  await L.openApp(b.page, url, { as: null });
  await L.click(b.page, 'auth.team');
  for (const [id, text] of [['team.address', '/team/db'], ['team.admin', 'admin'], ['team.password', firstPassword]]) await L.typeInto(b.page, id, text);
  await L.click(b.page, 'team.join');
  await b.page.waitForFunction(() => window.kefu.state().auth.state === 'signed_out', null, { timeout: 30000 });
  await signInWithTeam(b.page, L.ADMIN, TEAM_PW);
  await b.page.waitForFunction((f) => window.kefu.state().cases.form_nos.includes(f), form, { timeout: 15000 });
  assert.equal((await L.state(b.page)).team.station, 'B');
});

test('nginx rate-limits the team sign-in: a burst of guesses meets 429, a station\'s own requests do not', async () => {
  const statuses = [];
  for (let i = 0; i < 12; i++) {
    const r = await fetch(`${url}team/_session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password: `guess-${i}` }) });
    statuses.push(r.status);
  }
  assert.ok(statuses.slice(0, 5).every((s) => s === 401), `the first guesses reach the database: ${statuses}`);
  assert.ok(statuses.slice(6).every((s) => s === 429), `then nginx refuses: ${statuses}`);
  const auth = { Authorization: `Basic ${Buffer.from(`admin:${firstPassword}`).toString('base64')}` };
  assert.equal((await fetch(`${url}team/_session`, { headers: auth })).status, 200, 'GET _session is not a sign-in');
  assert.equal((await fetch(`${url}team/db`, { headers: auth })).status, 200);
});
