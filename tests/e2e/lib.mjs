// Shared helpers for the end-to-end tests and browser benchmarks: a server on a free port,
// headless Debian Chromium through playwright-core, and input through the real canvas path
// (mouse clicks at widget rectangles from the read-only window.kefu bridge).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS = join(ROOT, 'build/e2e-screenshots');
mkdirSync(SHOTS, { recursive: true });

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
];

export async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
    s.on('error', rej);
  });
}

// Starts serve.py --no-build on a free port; resolves to { url, stop() }.
// `port`: this one (a restart on the address the stations know), else a free one.
export async function startServer(extraArgs = [], { port: wanted } = {}) {
  const port = wanted || await freePort();
  const proc = spawn('python3', [join(ROOT, 'serve.py'), '--no-build', '--port', String(port), ...extraArgs],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const deadline = Date.now() + 15000;
  while (!out.includes('Kefu is at')) {
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`serve.py did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  // stop() resolves once the server has exited (its port is free again).
  const exited = new Promise((r) => proc.once('exit', r));
  return { url: `http://127.0.0.1:${port}/`, port, output: () => out, stop: () => { proc.kill(); return exited; } };
}

// The stated time every browser runs at unless a test names its own: no test reads the real
// date, so the suite passes on any day of the year. A Tuesday, an ordinary working day in
// the middle of a month, at 10:00 Beijing time. KEFU_TEST_NOW (an ISO time) moves the whole
// suite to another date, e.g. to try it on the 1st of a month.
export const TEST_NOW = Date.parse(process.env.KEFU_TEST_NOW || '2026-11-24T10:00:00+08:00');
if (Number.isNaN(TEST_NOW)) throw new Error(`KEFU_TEST_NOW is not a time: ${process.env.KEFU_TEST_NOW}`);
// Browsers launched later in a file start later by the time the test has taken so far (a
// profile reopened after a restart must not go back in time); only the elapsed time is real.
const started = performance.now();
export const testNow = () => TEST_NOW + Math.round(performance.now() - started);
// Stated times are read in Beijing time: "2026-12-31 23:55" means what an agent in Shanghai sees.
export const at = (text) => {
  const t = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}+08:00`);
  if (Number.isNaN(t)) throw new Error(`not a time: ${text}`);
  return t;
};

// A fresh browser profile (persistent, so IndexedDB and the HTTP cache survive reloads), its
// clock installed at `now` (Playwright's fake clock: Date, timers and animation frames; time
// flows on from there) and its computer clock in `timezoneId`. `now: null` leaves the real
// clock: only the benchmarks do that, since they time durations and read no date.
export async function launch({ viewport = { width: 1280, height: 800 }, dpr = 1, locale = 'zh-CN', userDataDir, hasTouch = false,
  now = testNow(), timezoneId = 'Asia/Shanghai', selfSignedTls = false } = {}) {
  const dir = userDataDir || mkdtempSync(join(tmpdir(), 'kefu-chromium-'));
  // selfSignedTls: the test's own certificate (nginx.test.mjs) is taken, service worker included.
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true, args: selfSignedTls ? [...CHROMIUM_ARGS, '--ignore-certificate-errors'] : CHROMIUM_ARGS,
    ignoreHTTPSErrors: selfSignedTls,
    viewport, deviceScaleFactor: dpr, locale, acceptDownloads: true, hasTouch, timezoneId,
  });
  if (now !== null) await context.clock.install({ time: now });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}\n${e.stack}`));
  return {
    context, page, problems, dir,
    async close() { await context.close(); if (!userDataDir) rmSync(dir, { recursive: true, force: true }); },
  };
}

// The administrator the tests create on a fresh station (through the real first-run screen).
export const ADMIN = Object.freeze({ id: '9000', name: '王管理', pin: '246810' });

// Opens the app and, unless `as` is null, makes sure someone is signed in: a fresh station
// goes through the first-run screen (creating ADMIN), a signed-out one through sign-in.
export async function openApp(page, url, { waitFont = true, as = ADMIN } = {}) {
  await page.goto(url);
  await page.waitForFunction(() => window.kefu && window.kefu.ready(), null, { timeout: 30000 });
  if (waitFont) await page.waitForFunction(() => window.kefu.state().font !== 'loading', null, { timeout: 30000 });
  await settle(page);
  if (as) await ensureSignedIn(page, as);
}

// Types into a probed text field through the real canvas (click, select all, replace).
export async function typeInto(page, id, text) {
  await click(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.insertText(text);
  await settle(page);  // the layout may change with what was typed (the next click needs the new one)
}

const authState = async (page) => (await state(page)).auth.state;

// The first-run screen: creates `who` as the administrator and signs in.
export async function firstRun(page, who = ADMIN) {
  await typeInto(page, 'auth.id', who.id);
  await typeInto(page, 'auth.name', who.name);
  await typeInto(page, 'auth.pin', who.pin);
  await typeInto(page, 'auth.pin2', who.pin);
  await click(page, 'auth.submit');
  await page.waitForFunction(() => window.kefu.state().auth.state === 'signed_in', null, { timeout: 15000 });
  await settle(page);
}

// The sign-in (or lock) screen: types the PIN (and the 工号 unless locked), presses Enter,
// and waits for WebCrypto and the core to answer. Returns the state after the try.
export async function signIn(page, who, { expect = 'signed_in' } = {}) {
  if ((await authState(page)) === 'signed_out') await typeInto(page, 'auth.id', who.id);
  await typeInto(page, 'auth.pin', who.pin);
  const before = (await state(page)).auth.answered;
  await page.keyboard.press('Enter');
  // Answered: the key is handled on a later frame, and the PIN's derivation takes a while on a
  // busy machine (waiting for "not verifying" could pass before it even started).
  await page.waitForFunction((n) => window.kefu.state().auth.answered > n, before, { timeout: 15000 });
  if (expect) await page.waitForFunction((e) => window.kefu.state().auth.state === e, expect, { timeout: 15000 });
  await settle(page);
  return state(page);
}

export async function ensureSignedIn(page, who = ADMIN) {
  const st = await authState(page);
  if (st === 'first_run') await firstRun(page, who);
  else if (st === 'signed_out' || st === 'locked') await signIn(page, who);
}

// Waits until the last change is written to IndexedDB. Settles first: a key pressed a moment
// ago is handled on the next frame, and until then the previous change's "saved" still shows.
export async function saved(page, timeout = 10000) {
  await settle(page);
  await page.waitForFunction(() => window.kefu.state().save_state === 'saved', null, { timeout });
}

// What a fresh station holds right after the first-run screen: the administrator's profile
// and the access-log entry of their first sign-in.
export const FIRST_RUN_RECORDS = 2;

export const state = (page) => page.evaluate(() => window.kefu.state());
export const rect = (page, id) => page.evaluate((i) => window.kefu.rect(i), id);

// Waits until no frame has been rendered for a while (the app has gone idle).
export async function settle(page, quietMs = 150, timeoutMs = 10000) {
  const end = Date.now() + timeoutMs;
  let last = await page.evaluate(() => window.kefu.frames());
  let since = Date.now();
  while (Date.now() < end) {
    await page.waitForTimeout(30);
    const now = await page.evaluate(() => window.kefu.frames());
    if (now !== last) { last = now; since = Date.now(); } else if (Date.now() - since >= quietMs) return;
  }
}

export async function waitFor(page, predicate, arg, timeout = 10000) {
  await page.waitForFunction(predicate, arg, { timeout });
}

// Clicks the centre of a probed widget through the real mouse path.
export async function click(page, id) {
  const r = await scrollIntoView(page, id);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  await settle(page);
  return r;
}

// Brings a probed widget into the viewport; returns its rectangle.
export async function scrollIntoView(page, id) {
  await page.waitForFunction((i) => window.kefu.rect(i) !== null, id, { timeout: 10000 });
  let r = await rect(page, id);
  // Scroll the widget into view with the mouse wheel, as a user would (long pages such as
  // Settings go below the fold).
  const view = page.viewportSize();
  for (let i = 0; i < 20 && (r.y < 0 || r.y + r.h > view.height - 40); i++) {
    // Over the main area's right margin: no inner scrolling list there to catch the wheel.
    await page.mouse.move(view.width - 30, view.height / 2);
    await page.mouse.wheel(0, r.y < 0 ? Math.max(r.y - 80, -600) : Math.min(r.y + r.h - view.height + 120, 600));
    await settle(page);
    const was = r;
    r = await rect(page, id);
    // It did not move: it does not scroll (the status bar, a menu over it), or the page's end
    // is reached. Wheeling on would only cost time.
    if (r && was && r.y === was.y && r.y >= 0 && r.y + r.h <= view.height) break;
  }
  return r;
}

export async function shot(page, name) {
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// Distinct colours in the WebGL canvas (the drawing buffer is preserved between frames).
export async function canvasColours(page) {
  return page.evaluate(() => {
    const src = document.getElementById('canvas');
    const c = document.createElement('canvas');
    c.width = src.width; c.height = src.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(src, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return { colours: seen.size, width: c.width, height: c.height };
  });
}

// Imports a JSON export through the command palette and the import dialog's preview, as a
// user would; resolves when it is saved.
export async function importJson(page, name, text) {
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+K');
  await settle(page);
  await page.keyboard.insertText('import');
  await settle(page);
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.waitForFunction(() => window.kefu.state().import !== null, null, { timeout: 20000 });
  await settle(page);  // the dialog sizes itself over its first frames
  await click(page, 'dlg.import.confirm');
  await saved(page);
}

// "2026-12-06 10:00" as the status bar shows an instant in Beijing time.
export const beijingText = (ms) => new Date(ms + 8 * 3600000).toISOString().slice(0, 16).replace('T', ' ');

// The date matrix: the days a date-sensitive scenario must pass on. Adding a date is one line.
// Worked out by hand from the shipped 2026 calendar (Mon–Fri 09:00–18:00 Beijing time, the
// State Council's holidays and make-up days): `forward`, the deadline of "forward to a
// department within 2 working hours" for a case opened ten minutes before `at`; `due`, whether
// a complaint closed yesterday is due its callback today (the next working day after closing).
export const DATE_MATRIX = [
  { name: 'the 1st of a month', at: '2026-12-01 10:00', forward: '2026-12-01 11:50', due: 1 },
  { name: 'the 8th of a month', at: '2026-12-08 10:00', forward: '2026-12-08 11:50', due: 1 },
  { name: 'a Sunday, computer clock in New York', at: '2026-12-06 10:00', forward: '2026-12-07 11:00', due: 0, timezoneId: 'America/New_York' },
  { name: 'a public holiday (National Day)', at: '2026-10-01 10:00', forward: '2026-10-08 11:00', due: 0 },
  { name: 'a make-up working day (Saturday)', at: '2026-10-10 10:00', forward: '2026-10-10 11:50', due: 1 },
  { name: '31 December 23:55 into the new year', at: '2026-12-31 23:55', forward: '2027-01-01 11:00', due: 1, uncertain: true, crossMinutes: 6 },
  { name: 'a year the calendar has no data for', at: '2028-03-15 10:00', forward: '2028-03-15 11:50', due: 1, uncertain: true },
];

// Types through the input method as a user with a Chinese IME does: composition updates
// (the preedit), then the committed text. `cdp` is a CDP session of the page's context.
export async function imeType(page, cdp, steps, commit) {
  for (const text of steps) await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  if (commit !== undefined) await cdp.send('Input.insertText', { text: commit });
  await settle(page);
}

// The status bar's agent menu: opens it and picks an item (auth.menu.lock, .sign_out, …).
export async function agentMenu(page, item) {
  await click(page, 'status.agent');
  await click(page, item);
}

// Settings → agents → add: 工号, name, role (combo: ArrowDown from the first entry), PIN twice.
export async function addAgent(page, who, roleSteps = 0) {
  await click(page, 'nav.settings');
  await click(page, 'agents.add');
  await typeInto(page, 'agents.edit.id', who.id);
  await typeInto(page, 'agents.edit.name', who.name);
  if (roleSteps) {
    await click(page, 'agents.edit.role');
    for (let i = 0; i < roleSteps; ++i) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await settle(page);
  }
  await typeInto(page, 'agents.edit.pin', who.pin);
  await typeInto(page, 'agents.edit.pin2', who.pin);
  await click(page, 'agents.edit.save');
  await page.waitForFunction(() => !window.kefu.state().widgets.includes('agents.edit.save'), null, { timeout: 15000 });
  await saved(page);
}
