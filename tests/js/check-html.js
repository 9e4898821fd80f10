#!/usr/bin/env node
// Opens an HTML file in headless Chromium and reports, as one JSON object on stdout, what a
// real browser sees: the page's language, headings, contents links, tables, every network
// request (to prove nothing is fetched), the layout on a phone and under print styles, and an
// axe-core accessibility audit run inside the page.
//
// Chromium is driven over the DevTools protocol on a pipe (chromium.js says why). axe is
// evaluated into the page through the protocol, so the document under test is not modified.
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
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { launch } = require('./chromium');

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

const { send, listen, waitFor, cleanUp, stderr } = launch(chromiumPath);

const watchdog = setTimeout(async () => {
  console.error(`timed out driving Chromium\n${stderr().slice(-4000)}`);
  await cleanUp();
  process.exit(1);
}, 150000);

// Everything the page exposes to a reader, gathered inside the page.
const FACTS = `(() => {
  const text = (el) => el.innerText.replace(/\\s+/g, ' ').trim();
  // What a screen reader announces: the text without aria-hidden parts (a clause's badge).
  const spoken = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim();
  };
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => {
    const clause = h.classList.contains('clause-heading');
    const next = h.nextElementSibling;
    return {
      level: Number(h.tagName[1]), id: h.id, text: text(h), spoken: spoken(h), clause,
      // The line under a clause title: its identifier and category.
      meta: clause && next && next.classList.contains('clause-meta') ? text(next) : null,
    };
  });
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
  listen((msg) => {
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
  console.error(`${e.stack || e}\n--- chromium stderr ---\n${stderr().slice(-4000)}`);
  await cleanUp();
  process.exit(1);
});
