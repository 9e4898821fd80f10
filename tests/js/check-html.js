#!/usr/bin/env node
// Opens an HTML file in headless Chromium and reports, as one JSON object on stdout, what a
// real browser sees: the page's language, headings, contents links, tables, every network
// request (to prove nothing is fetched), the layout on a phone and under print styles, and an
// axe-core accessibility audit run inside the page.
//
// Why this shape: Chromium is driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: commands on fd 3, replies on fd 4, NUL-separated JSON), which is
// what Puppeteer does internally. It needs no npm packages beyond axe-core, no WebSocket
// client (Node 20 has none built in) and no free TCP port, and it lets the checks wait for
// axe's promise instead of guessing when a --dump-dom snapshot is complete. axe is evaluated
// into the page through the protocol, so the document under test is not modified.
//
// axe takes about 15 s on the largest pack on two busy cores; --no-axe skips it when only the
// structure is wanted.
//
// The report also measures the page at 1280, 680 and 390 px wide (document width against viewport
// width, and any element that sticks out past the edge without being inside a scroll region),
// and with --pdf prints the page to PDF as Chromium's print dialog would (CSS page size and
// margin boxes, no browser header or footer).
//
// Usage: node check-html.js FILE.html [--chromium PATH] [--no-axe] [--pdf OUT.pdf]
//        [--screenshots DIR ID...]
// Exit status: 0 with the JSON report; 1 if the browser could not be driven.

'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const args = process.argv.slice(2);
const file = args[0];
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const chromiumPath = opt('--chromium', '/usr/bin/chromium');
const runAxe = !args.includes('--no-axe');
const shotsAt = args.indexOf('--screenshots');
const shotDir = shotsAt >= 0 ? args[shotsAt + 1] : null;
const shotTargets = [];
for (let i = shotsAt + 2; shotsAt >= 0 && i < args.length && !args[i].startsWith('--'); i++) shotTargets.push(args[i]);
const pdfOut = opt('--pdf', null);
if (!file) {
  console.error('usage: node check-html.js FILE.html [--chromium PATH] [--no-axe] [--pdf OUT.pdf] [--screenshots DIR ID...]');
  process.exit(1);
}
const axePath = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');
if (!fs.existsSync(axePath)) {
  console.error(`axe-core is not installed at ${axePath}; run scripts/install-test-deps`);
  process.exit(1);
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenderguard-chromium-'));
const browser = spawn(chromiumPath, [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--user-data-dir=${userDataDir}`, '--remote-debugging-pipe', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: true });
// Chromium's helper processes (renderer, zygote) outlive a killed browser process and keep
// writing to the profile; running it in its own process group lets clean-up stop them all.

let stderr = '';
browser.stderr.on('data', (d) => { stderr += d; });
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
// Once the browser exits its pipes close; a late write must not crash the check.
toBrowser.on('error', () => {});
fromBrowser.on('error', () => {});
browser.on('error', (e) => { console.error(`cannot start ${chromiumPath}: ${e.message}`); process.exit(1); });

let nextId = 1;
const pending = new Map();
const listeners = [];
let buffer = Buffer.alloc(0);
fromBrowser.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  let end;
  while ((end = buffer.indexOf(0)) >= 0) {
    const msg = JSON.parse(buffer.subarray(0, end).toString('utf8'));
    buffer = buffer.subarray(end + 1);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  }
});

function send(method, params = {}, sessionId) {
  const id = nextId++;
  const message = { id, method, params };
  if (sessionId) message.sessionId = sessionId;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, method });
    toBrowser.write(JSON.stringify(message) + '\0');
  });
}

function waitFor(method, sessionId) {
  return new Promise((resolve) => {
    const l = (msg) => {
      if (msg.method === method && msg.sessionId === sessionId) {
        listeners.splice(listeners.indexOf(l), 1);
        resolve(msg.params);
      }
    };
    listeners.push(l);
  });
}

const exited = new Promise((resolve) => browser.on('exit', resolve));

// Stops the browser (if it has not closed itself), waits for it, removes its profile.
async function cleanUp() {
  if (browser.exitCode === null && browser.signalCode === null) {
    browser.kill('SIGKILL');
  }
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  try {
    process.kill(-browser.pid, 'SIGKILL');
  } catch (e) {
    // The group is already gone.
  }
  for (let attempt = 0; ; attempt++) {
    try {
      fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      return;
    } catch (e) {
      // A temporary profile that resists deletion is not a failure of the page under test.
      if (attempt === 4) {
        console.error(`warning: could not remove ${userDataDir}: ${e.message}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

const watchdog = setTimeout(async () => {
  console.error(`timed out driving Chromium\n${stderr.slice(-4000)}`);
  await cleanUp();
  process.exit(1);
}, 150000);

// Everything the page exposes to a reader, gathered inside the page.
const FACTS = `(() => {
  const text = (el) => el.innerText.replace(/\\s+/g, ' ').trim();
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => ({
    level: Number(h.tagName[1]), id: h.id, text: text(h), clause: h.classList.contains('clause-heading'),
  }));
  const links = [...document.querySelectorAll('nav a[href^="#"]')].map((a) => a.getAttribute('href').slice(1));
  const firstFocusable = document.querySelector('a[href], button, input, select, textarea, [tabindex]');
  const tables = [...document.querySelectorAll('table')];
  return {
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    headings,
    contentsLinks: links,
    brokenContentsLinks: links.filter((id) => !document.getElementById(id)),
    skipLink: firstFocusable ? { text: text(firstFocusable), href: firstFocusable.getAttribute('href'),
      targetExists: !!document.getElementById((firstFocusable.getAttribute('href') || '#').slice(1)) } : null,
    scripts: document.scripts.length,
    externalResources: [...document.querySelectorAll('link[href], img, iframe, object, embed, video, audio, source')].length,
    tables: tables.length,
    tablesWithoutCaption: tables.filter((t) => !t.caption || !text(t.caption)).length,
    headerCellsWithoutScope: [...document.querySelectorAll('th')].filter((th) => !th.hasAttribute('scope')).length,
    landmarks: { main: document.querySelectorAll('main').length, nav: document.querySelectorAll('nav').length,
      header: document.querySelectorAll('body > header').length, footer: document.querySelectorAll('body > footer').length },
    bodyText: document.body.innerText,
  };
})()`;

// Elements that reach past the left or right edge of the page where no scroll region holds
// them: content a reader cannot see without scrolling the whole page sideways.
const CUT_OFF = `(() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const inScrollRegion = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { if (scrolls(p)) return true; } return false; };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).position === 'absolute') continue;
    if ((r.right > width + 0.5 || r.left < -0.5) && !inScrollRegion(el)) out.push(name(el) + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
    if (out.length >= 10) break;
  }
  return out;
})()`;

const LAYOUT = `(() => ({
  viewport: window.innerWidth,
  clientWidth: document.documentElement.clientWidth,
  scrollWidth: document.documentElement.scrollWidth,
  cutOff: ${CUT_OFF},
  scrollRegions: [...document.querySelectorAll('.table-wrap')].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => ({
    label: (document.getElementById(el.getAttribute('aria-labelledby')) || {}).textContent || null,
    role: el.getAttribute('role'), focusable: el.tabIndex >= 0,
    cue: getComputedStyle(el).backgroundImage.includes('gradient') })),
  tableDisplay: (document.querySelector('table.cards') && getComputedStyle(document.querySelector('table.cards')).display) || null,
  clauseHeadingPx: (document.querySelector('.clause-heading') && parseFloat(getComputedStyle(document.querySelector('.clause-heading')).fontSize)) || null,
  labelPx: (document.querySelector('.clause .label') && parseFloat(getComputedStyle(document.querySelector('.clause .label')).fontSize)) || null,
  bodyFontPx: parseFloat(getComputedStyle(document.body).fontSize),
  skipLinkDisplay: getComputedStyle(document.querySelector('.skip-link')).display,
  chapterBreak: (document.querySelector('.chapter') && getComputedStyle(document.querySelector('.chapter')).breakBefore) || null,
  theadDisplay: (document.querySelector('thead') && getComputedStyle(document.querySelector('thead')).display) || null,
}))()`;

const t0 = Date.now();
const mark = (what) => { if (process.env.CHECK_HTML_TIMING) console.error(`${what}: ${Date.now() - t0} ms`); };

async function evaluate(expression, sessionId, awaitPromise = false) {
  const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise }, sessionId);
  if (r.exceptionDetails) throw new Error(`page evaluation failed: ${JSON.stringify(r.exceptionDetails).slice(0, 500)}`);
  return r.result.value;
}

async function main() {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const requests = [];
  listeners.push((msg) => {
    if (msg.method === 'Network.requestWillBeSent' && msg.sessionId === sessionId) requests.push(msg.params.request.url);
  });
  await send('Network.enable', {}, sessionId);
  await send('Page.enable', {}, sessionId);
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
  const url = pathToFileURL(path.resolve(file)).href;
  const loaded = waitFor('Page.loadEventFired', sessionId);
  const nav = await send('Page.navigate', { url }, sessionId);
  if (nav.errorText) throw new Error(`navigation failed: ${nav.errorText}`);
  await loaded;
  mark('loaded');

  const facts = await evaluate(FACTS, sessionId);
  const desktop = await evaluate(LAYOUT, sessionId);
  mark('facts');

  let violations = [];
  if (runAxe) {
    await evaluate(fs.readFileSync(axePath, 'utf8'), sessionId);
    violations = await evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`, sessionId, true);
  }

  mark('axe desktop');
  const shots = [];
  if (shotDir) {
    for (const target of shotTargets) {
      for (const [label, width] of [['desktop', 1280], ['phone', 390]]) {
        await send('Emulation.setDeviceMetricsOverride', { width, height: 1300, deviceScaleFactor: 1, mobile: width < 500 }, sessionId);
        await evaluate(`(document.getElementById(${JSON.stringify(target)}) || document.body).scrollIntoView()`, sessionId);
        const { data } = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
        const out = path.join(shotDir, `${label}-${target}.png`);
        fs.writeFileSync(out, Buffer.from(data, 'base64'));
        shots.push(out);
      }
    }
  }

  const widths = [];
  for (const width of [1280, 680, 390]) {
    await send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: width < 500 }, sessionId);
    widths.push(await evaluate(LAYOUT, sessionId));
  }
  await send('Emulation.setDeviceMetricsOverride', { width: 375, height: 800, deviceScaleFactor: 2, mobile: true }, sessionId);
  const phone = await evaluate(LAYOUT, sessionId);
  await send('Emulation.setEmulatedMedia', { media: 'print' }, sessionId);
  const print = await evaluate(LAYOUT, sessionId);
  mark('phone and print layout');
  if (pdfOut) {
    await send('Emulation.setEmulatedMedia', { media: '' }, sessionId);
    await send('Emulation.clearDeviceMetricsOverride', {}, sessionId);
    const { data } = await send('Page.printToPDF', { preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false }, sessionId);
    fs.writeFileSync(pdfOut, Buffer.from(data, 'base64'));
    mark('printed');
  }
  const external = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('about:'));
  const report = {
    url, requests, externalRequests: external, ...facts, desktop, phone, print, widths, pdf: pdfOut,
    axeRun: runAxe, violations, screenshots: shots,
  };
  await send('Browser.close').catch(() => {});
  return JSON.stringify(report);
}

main().then(async (json) => {
  clearTimeout(watchdog);
  await cleanUp();
  // A pipe is written asynchronously: exit only once the whole report is out.
  process.stdout.write(json, () => process.exit(0));
}).catch(async (e) => {
  clearTimeout(watchdog);
  console.error(`${e.stack || e}\n--- chromium stderr ---\n${stderr.slice(-4000)}`);
  await cleanUp();
  process.exit(1);
});
