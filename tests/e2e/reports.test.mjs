// Reports through the real canvas with demo-sized data (2,400 cases over 60 days by 24 agents,
// a call per case, callbacks, survey answers — generated from a seed, imported through the
// import dialog): the dashboard's figures match the data counted here; a drill-down lands on
// a case behind the miss; the named reports list the right records and open them; the
// printable HTML export opens in Chromium and prints on A4; the work log is drafted, edited
// through IME, saved and still there after a reload.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as L from './lib.mjs';

let srv, b, cdp;
const dir = mkdtempSync(join(tmpdir(), 'kefu-reports-'));
before(async () => {
  srv = await L.startServer();
  b = await L.launch({ userDataDir: dir, viewport: { width: 1366, height: 860 } });
  await L.openApp(b.page, srv.url);
  cdp = await b.context.newCDPSession(b.page);
});
after(async () => { await b?.close(); srv?.stop(); rmSync(dir, { recursive: true, force: true }); });

const reports = async () => (await L.state(b.page)).reports;
const saved = () => L.saved(b.page, 20000);
const DAY = 86400000, H = 3600000, M = 60000;
const localDay = (ms) => Math.floor((ms + 8 * H) / DAY);  // the calendar's UTC+8

function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Deterministic demo-sized data, and the facts the assertions count from it.
function demoData(now) {
  const rnd = mulberry32(20261124);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
  const given = ['丽', '强', '敏', '静', '伟', '芳', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '建华', '志强', '晓燕', '海燕'];
  const agents = Array.from({ length: 24 }, (_, i) => ({ agent_id: String(1001 + i), name: surnames[i % 20] + given[(i * 7) % 20] + (i >= 20 ? '二' : '') }));
  const texts = {
    technical: ['App 登录时提示验证码错误', '订单页面打不开，一直转圈', '手机收不到短信验证码', '支付后订单状态没有更新'],
    service: ['快递三天没有更新物流', '客服电话一直占线', '退货申请提交后没有回音', '发票抬头开错了需要重开'],
    sales: ['想了解企业团购的优惠', '会员续费价格咨询', '促销活动的赠品没有收到'],
    other: ['建议增加夜间人工客服', '网站字体太小看不清'],
  };
  const dept = { technical: 'technical', service: 'service', sales: 'sales', other: 'product' };
  const records = [];
  const facts = { complaints: [] };
  const signed = (text, by, at) => ({ text, by, at: text ? at : 0 });
  const envelope = (type, id, t, by, data) => ({ type, id, rev: 1, created_at: t, created_by: by, updated_at: t, updated_by: by, deleted: false, data,
    history: [{ rev: 1, op: 'create', at: t, by, fields: [] }] });
  const seq = new Map();
  for (let i = 0; i < 2400; i++) {
    const by = agents[Math.floor(rnd() * agents.length)];
    const ago = Math.floor(rnd() * 60);
    const t = now - ago * DAY - Math.floor(rnd() * 6 * H) - 30 * M;
    const category = pick(['technical', 'technical', 'service', 'service', 'sales', 'other']);
    const r = rnd();
    const kind = r < 0.55 ? 'consultation' : r < 0.67 ? 'complaint' : r < 0.82 ? 'fault' : r < 0.92 ? 'order_problem' : 'suggestion';
    const priority = kind === 'complaint' && rnd() < 0.2 ? 'major_complaint' : 'normal';
    const forwarded = kind !== 'consultation' && rnd() < 0.5;
    const events = { opened: t };
    let status, solution = signed('', by, 0), result = signed('', by, 0);
    if (!forwarded) {
      events.answered = t + 5 * M;
      status = 'answered';
      result = signed('已当场为客户解答，客户表示满意。', by, t + 5 * M);
    } else {
      events.forwarded = t + 20 * M;
      status = 'forwarded';
      if (ago > 1 && rnd() < 0.8) {
        events.solution_returned = t + (2 + Math.floor(rnd() * 40)) * H;
        solution = signed('已安排专人处理，预计两个工作日内解决。', { agent_id: '', name: '部门处理人' }, events.solution_returned);
        events.replied = events.solution_returned + H;
        result = signed('已将处理方案答复客户。', by, events.replied);
        status = 'replied';
      }
    }
    const closedAt = (events.replied ?? events.answered ?? t) + 30 * M;
    if (closedAt < now - H && rnd() < (ago > 3 ? 0.85 : 0.4) && (status === 'answered' || status === 'replied')) {
      events.closed = closedAt;
      status = 'closed';
    }
    const day = localDay(t);
    const d = new Date((day * DAY));
    const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    const n = (seq.get(ymd) ?? 0) + 1;
    seq.set(ymd, n);
    const id = `load-${i}`;  // not "demo-…": the real station refuses the demo station's records
    const name = pick(surnames) + pick(given);
    const mobile = '139' + String(10000000 + Math.floor(rnd() * 89999999));
    records.push(envelope('case', id, t, by, {
      form_no: `KF-${ymd}-${String(n).padStart(4, '0')}`, category, kind, channel: 'inbound_call', priority, status,
      customer: { name, salutation: rnd() < 0.5 ? '先生' : '女士', mobile, telephone: '', district: '', address: '', company: '' },
      description: signed(pick(texts[category]), by, t), acceptance: signed('', by, 0), solution, result, review: signed('', by, 0),
      department: forwarded ? dept[category] : 'none', department_other: '', handler: forwarded ? '李工' : '', order_no: '',
      follow_up_of_ref: null, follow_up_refs: [], events, pauses: [], escalated_at: 0, reopenings: [],
    }));
    if (kind === 'complaint' || priority === 'major_complaint') facts.complaints.push({ id, day, closed: status === 'closed' });
    const len = (1 + Math.floor(rnd() * 6)) * M + Math.floor(rnd() * 50) * 1000;
    records.push(envelope('contact', `call-${i}`, t, by, { started_at: t - len, ended_at: t, direction: 'inbound', phone: mobile, customer: name,
      question: pick(texts[category]), case_ref: `case/${id}` }));
    if (status === 'closed' && ago > 4 && rnd() < 0.6) {
      const at = closedAt + 3 * DAY;
      const caller = agents[Math.floor(rnd() * agents.length)];
      records.push(envelope('callback', `cb-${i}`, at, caller, { case: id, attempts: [{ at, by: { id: caller.agent_id, name: caller.name }, outcome: 'done' }],
        finished: true, contact: name, phone: mobile, result: '客户对处理结果满意', response: `resp-${i}` }));
      const score = () => (rnd() < 0.8 ? 5 : rnd() < 0.7 ? 4 : 3);
      records.push(envelope('survey_response', `resp-${i}`, at, caller, { survey: 'survey-zh-default', version: 0, channel: 'callback',
        agent: { id: by.agent_id, name: by.name }, category, department: forwarded ? dept[category] : 'none', at, complete: true, case: id,
        answers: [{ q: 'overall', kind: 'rating', value: score() }, { q: 'solved', kind: 'yes_no', value: 1 }, { q: 'attitude', kind: 'rating', value: score() }] }));
    }
  }
  // Today's work of the agent at this station (the work log drafts from it): a question
  // answered and closed, a complaint forwarded and still open, a fault answered.
  const station = { agent_id: L.ADMIN.id, name: L.ADMIN.name };  // who signs in at this station
  const dayStart = localDay(now) * DAY - 8 * H;
  facts.today = [];
  for (const [k, kind, status] of [[0, 'consultation', 'closed'], [1, 'complaint', 'forwarded'], [2, 'fault', 'answered']]) {
    const t = Math.max(dayStart + (k + 1) * M, now - (3 - k) * 10 * M);
    const events = status === 'forwarded' ? { opened: t, forwarded: t + M } : { opened: t, answered: t + M, ...(status === 'closed' ? { closed: t + 2 * M } : {}) };
    const d = new Date(localDay(now) * DAY);
    const form_no = `KF-${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}-${String(900 + k)}`;
    records.push(envelope('case', `today-${k}`, t, station, {
      form_no, category: 'technical', kind, channel: 'inbound_call', priority: 'normal', status,
      customer: { name: ['周文', '郑洁', '冯刚'][k], salutation: '先生', mobile: `1381234000${k}`, telephone: '', district: '', address: '', company: '' },
      description: signed(['询问积分兑换规则', '投诉快递员态度恶劣', '扫码枪无法连接'][k], station, t), acceptance: signed('', station, 0),
      solution: signed('', station, 0), result: signed(status === 'forwarded' ? '' : '已当场解答。', station, t + M), review: signed('', station, 0),
      department: status === 'forwarded' ? 'service' : 'none', department_other: '', handler: '', order_no: '',
      follow_up_of_ref: null, follow_up_refs: [], events, pauses: [], escalated_at: 0, reopenings: [],
    }));
    facts.today.push({ form_no, kind, status });
    if (kind === 'complaint') facts.complaints.push({ id: `today-${k}`, day: localDay(t), closed: false });
  }
  // The agents' profiles: three teams (班组) of eight.
  agents.forEach((a, i) => records.push(envelope('agent', a.agent_id, now - 90 * DAY, { agent_id: '9000', name: '管理员' },
    { name: a.name, role: 'agent', team: ['一组', '二组', '三组'][i % 3], active: true })));
  const counts = {};
  for (const r of records) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return { json: JSON.stringify({ format: 'kefu.export', version: 1, app_version: 'test', exported_at: now, counts, records }), facts, counts };
}

let demo, now;
const pickPeriod = async (n) => {
  await L.click(b.page, 'report.period');
  await L.settle(b.page);
  for (let i = 0; i < n; i++) await b.page.keyboard.press('ArrowDown');
  await b.page.keyboard.press('Enter');
  await L.settle(b.page);
};

test('demo-sized data goes in through the import dialog', async () => {
  now = await b.page.evaluate(() => Date.now());
  demo = demoData(now);
  assert.equal(demo.counts.case, 2403);
  const chooser = b.page.waitForEvent('filechooser');
  await b.page.keyboard.press('Control+K');
  await L.settle(b.page);
  await b.page.keyboard.insertText('import');
  await L.settle(b.page);
  await b.page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'demo.json', mimeType: 'application/json', buffer: Buffer.from(demo.json) });
  await b.page.waitForFunction(() => window.kefu.state().import !== null, null, { timeout: 20000 });
  await L.settle(b.page);
  await L.click(b.page, 'dlg.import.confirm');
  await saved();
  assert.equal((await L.state(b.page)).cases.total, 2403);
});

test('the dashboard over the last 30 days: complaint resolution counted by hand, a miss opens its case', async () => {
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.tab_dashboard');
  await pickPeriod(4);  // today → last 30 days
  const r = await reports();
  assert.equal(r.period, 'last_30_days');
  const today = localDay(now);
  const inPeriod = demo.facts.complaints.filter((c) => c.day >= today - 29 && c.day <= today);
  const closed = inPeriod.filter((c) => c.closed).length;
  assert.ok(inPeriod.length > 50, 'demo data has complaints in the period');
  assert.deepEqual(r.kpi_parts.complaint_resolution, [closed, inPeriod.length]);
  for (const k of ['on_time', 'callback_rate', 'satisfaction', 'completeness', 'call_duration'])
    assert.notEqual(r.kpis[k], null, `${k} has a value over demo data`);
  await L.shot(b.page, 'reports-dashboard-demo');
  await L.click(b.page, 'report.kpi.complaint_resolution');
  const d = await reports();
  assert.equal(d.drill, inPeriod.length);
  assert.equal(d.drill_misses, inPeriod.length - closed);
  await L.click(b.page, 'report.drill0');
  const s = await L.state(b.page);
  assert.equal(s.section, 'cases');
  const open = inPeriod.find((c) => c.id === s.cases.open.id);
  assert.ok(open, 'the drill-down opens a complaint of the period');
  assert.equal(open.closed, false, 'misses first: a complaint not resolved');
});

test('complaint statistics list the period\'s complaints and open them; the HTML export prints on A4', async () => {
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.tab_reports');
  await L.click(b.page, 'report.kind.complaints');
  await L.settle(b.page);
  let r = await reports();
  assert.equal(r.doc.kind, 'complaints');
  const today = localDay(now);
  const inPeriod = demo.facts.complaints.filter((c) => c.day >= today - 29 && c.day <= today);
  const list = r.doc.tables.find((t) => t.title.startsWith('投诉明细'));
  assert.equal(list.rows, inPeriod.length);
  const byCategory = r.doc.tables.find((t) => t.title === '按问题类别');
  assert.ok(byCategory.rows >= 2);
  await L.shot(b.page, 'reports-complaints');

  // The printable file: downloaded, opened in Chromium, printed.
  const download = b.page.waitForEvent('download');
  await L.click(b.page, 'rdoc.export_html');
  const file = await download;
  assert.match(file.suggestedFilename(), /^kefu-complaints-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.html$/);
  const html = readFileSync(await file.path(), 'utf8');
  const page = await b.context.newPage();
  const requests = [];
  page.on('request', (q) => { if (!q.url().startsWith('data:') && q.url() !== 'about:blank') requests.push(q.url()); });
  await page.setViewportSize({ width: 794, height: 1123 });  // A4 at 96 dpi
  await page.setContent(html, { waitUntil: 'load' });
  assert.deepEqual(requests, [], 'self-contained: nothing fetched');
  const facts = await page.evaluate(() => ({
    title: document.querySelector('h1').textContent,
    tables: document.querySelectorAll('table').length,
    listRows: [...document.querySelectorAll('h2')].find((h) => h.textContent === '投诉明细')?.parentElement.querySelectorAll('tbody tr').length,
    svgs: document.querySelectorAll('svg').length,
    bars: document.querySelectorAll('svg rect title').length,
    overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
  }));
  assert.equal(facts.title, '客户投诉统计表');
  assert.equal(facts.listRows, inPeriod.length);
  assert.equal(facts.svgs, 1, 'the complaints-per-day chart');
  assert.ok(facts.bars > 20, 'a bar with its value per day');
  assert.equal(facts.overflow, false, 'nothing wider than the page');
  await page.emulateMedia({ media: 'print' });
  await L.shot(page, 'report-html-print');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 2, `the list runs over pages (${pages})`);
  assert.match(text, /\/MediaBox\s*\[0 0 59[45]\.\d+ 84[12]\.\d+\]/, 'A4 pages');
  await page.close();

  // A listed complaint opens from the report: scroll the report (in its margin, left of the
  // tables, which scroll themselves) down to the list.
  const title = await L.rect(b.page, 'rdoc.title');
  const view = b.page.viewportSize();
  for (let i = 0; i < 40; i++) {
    const c = await L.rect(b.page, 'rdoc.case0');
    if (c && c.y > 0 && c.y + c.h < view.height - 40) break;
    await b.page.mouse.move(title.x - 3, view.height / 2);
    await b.page.mouse.wheel(0, 300);
    await L.settle(b.page);
  }
  await L.shot(b.page, 'reports-complaint-list');
  await L.click(b.page, 'rdoc.case0');
  const s = await L.state(b.page);
  assert.equal(s.section, 'cases');
  assert.ok(inPeriod.some((c) => c.id === s.cases.open.id));
});

test('agent daily statistics, feedback per department and the weekly summary render with their tables', async () => {
  await L.click(b.page, 'nav.reports');
  await L.click(b.page, 'report.kind.agent_daily');
  await L.settle(b.page);
  let r = await reports();
  const perAgent = r.doc.tables.find((t) => t.title === '按坐席');
  assert.equal(perAgent.rows, 26, '24 agents, this station and the total');
  assert.equal(r.doc.tables.find((t) => t.title === '按日').rows, 30);
  await L.shot(b.page, 'reports-agent-daily');
  // One team (the list: all teams, 一组, 三组, 二组): its eight agents and the total.
  await L.click(b.page, 'report.team');
  await L.settle(b.page);
  await b.page.keyboard.press('ArrowDown');
  await b.page.keyboard.press('Enter');
  await L.settle(b.page);
  r = await reports();
  assert.equal(r.doc.tables.find((t) => t.title === '按坐席').rows, 9, 'team 一组: 8 agents and the total');
  await L.shot(b.page, 'reports-agent-daily-team');
  await L.click(b.page, 'report.team');
  await L.settle(b.page);
  await b.page.keyboard.press('Home');  // all teams
  await b.page.keyboard.press('Enter');
  await L.settle(b.page);
  assert.equal((await reports()).doc.tables.find((t) => t.title === '按坐席').rows, 26);
  await L.click(b.page, 'report.kind.department');
  await L.settle(b.page);
  r = await reports();
  const overview = r.doc.tables.find((t) => t.title === '概况');
  assert.equal(overview.rows, 4, 'product, sales, technical, service');
  await L.shot(b.page, 'reports-department');
  await L.click(b.page, 'report.kind.summary');
  await pickPeriod(6);  // last week (the list opens on its first entry)
  r = await reports();
  assert.equal(r.period, 'last_week');
  assert.equal(r.doc.kind, 'summary');
  assert.ok(r.doc.tables.find((t) => t.title === '关键指标').rows >= 8);
  await L.shot(b.page, 'reports-summary');
});

test('the work log: drafted from today, edited through IME, saved, still there after a reload (the station now opening on the dashboard)', async () => {
  await L.click(b.page, 'report.tab_log');
  await L.settle(b.page);
  let r = await reports();
  assert.equal(r.log.rev, 0);
  assert.equal(r.log.dirty, false);
  assert.match(r.log.text, /^工作日志 \d{4}-\d{2}-\d{2} · /);
  assert.match(r.log.text, /新建工单 3 张，其中当场解答 2 张、转交部门 1 张；结案 1 张/);
  const [closedToday, complaint, fault] = demo.facts.today;
  const special = r.log.text.indexOf('三、特殊情况'), open = r.log.text.indexOf('四、未结事项');
  for (const c of demo.facts.today) assert.ok(r.log.text.indexOf(c.form_no) < special, `${c.form_no} is in the day's feedback`);
  assert.ok(r.log.text.indexOf(complaint.form_no, special) < open, 'the complaint is reported to the lead');
  assert.ok(r.log.text.indexOf(complaint.form_no, open) > open, '…and followed up');
  assert.ok(r.log.text.indexOf(fault.form_no, open) > open, 'an answered, unclosed case is open');
  assert.equal(r.log.text.indexOf(closedToday.form_no, open), -1, 'a closed case is not');
  await L.shot(b.page, 'work-log-draft');
  await L.click(b.page, 'log.text');
  await L.settle(b.page);
  await b.page.keyboard.press('Control+End');
  for (const text of ['jin', '今天']) await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  await cdp.send('Input.insertText', { text: '今天系统运行正常，无特殊情况。' });
  await L.settle(b.page);
  r = await reports();
  assert.equal(r.log.dirty, true);
  assert.ok(r.log.text.endsWith('今天系统运行正常，无特殊情况。'));
  await L.click(b.page, 'log.save');
  await saved();
  r = await reports();
  assert.equal(r.log.rev, 1);
  assert.equal(r.log.dirty, false);
  await L.shot(b.page, 'work-log-saved');

  // This station is a team lead's: it opens on the dashboard from now on.
  await L.click(b.page, 'nav.settings');
  await L.click(b.page, 'settings.home.dashboard');
  await saved();
  await L.shot(b.page, 'settings-home');

  await b.page.reload();
  await L.openApp(b.page, srv.url);
  const home = await L.state(b.page);
  assert.equal(home.section, 'reports', 'the dashboard is the home screen');
  assert.equal(home.reports.tab, 'dashboard');
  await L.click(b.page, 'report.tab_log');
  r = await reports();
  assert.equal(r.log.rev, 1, 'the saved log, not a new draft');
  assert.ok(r.log.text.endsWith('今天系统运行正常，无特殊情况。'));
});
