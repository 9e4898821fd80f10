#!/usr/bin/env node
// Drives the `tenderguard serve` page in headless Chromium through a list of steps and prints
// what each step observed as one JSON object. The steps come from the Rust test
// (tests/serve.rs) as a JSON file, so each test reads as its scenario; this script only knows
// how to do each kind of step.
//
// Chromium is driven over the DevTools protocol on a pipe, as check-html.js does (chromium.js
// has the plumbing both use and says why).
//
// Steps (each an object; `as` names what it records):
//   {"goto": URL}                         navigate and wait for the load event
//   {"width": N}                          set the viewport width (phone when < 500)
//   {"javascript": false}                 turn the page's scripts off (or on again)
//   {"fill": SELECTOR, "value": TEXT}     set a field's value and fire input and change
//   {"check": SELECTOR, "on": BOOL}       tick or untick a checkbox (fires input and change)
//   {"select": SELECTOR, "value": VALUE}  choose an option (fires change)
//   {"upload": SELECTOR, "file": PATH}    give a file input a file
//   {"click": SELECTOR, "navigates": B}   click; when it navigates, wait for the new page
//   {"download": SELECTOR, "dir": DIR}    click and wait until the download is saved in DIR
//   {"eval": EXPR, "as": NAME}            evaluate (awaiting a promise) and record the value
//   {"wait": EXPR, "ms": N}               poll until EXPR is truthy (fails after N ms)
//   {"axe": NAME}                         run axe-core on the page and record its violations
//   {"screenshot": PATH}                  a full-page PNG at the current width
//
// Usage: node drive-serve.js STEPS.json [--chromium PATH]
// Exit status: 0 with the JSON report; 1 if a step failed (the message says which).

'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { launch } = require('./chromium');

const args = process.argv.slice(2);
const stepsFile = args[0];
const chromiumAt = args.indexOf('--chromium');
const chromiumPath = chromiumAt >= 0 ? args[chromiumAt + 1] : '/usr/bin/chromium';
if (!stepsFile) {
  console.error('usage: node drive-serve.js STEPS.json [--chromium PATH]');
  process.exit(1);
}
const steps = JSON.parse(fs.readFileSync(stepsFile, 'utf8'));
const axePath = path.join(__dirname, 'node_modules', 'axe-core', 'axe.min.js');

const { send, listen, waitFor, cleanUp, stderr } = launch(chromiumPath);

const watchdog = setTimeout(async () => {
  console.error(`timed out driving Chromium\n${stderr().slice(-4000)}`);
  await cleanUp();
  process.exit(1);
}, 240000);

async function evaluate(expression, sessionId) {
  const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId);
  if (r.exceptionDetails) throw new Error(`page evaluation failed: ${JSON.stringify(r.exceptionDetails).slice(0, 500)}`);
  return r.result.value;
}

const q = (selector) => `document.querySelector(${JSON.stringify(selector)})`;
const need = (selector) => `(() => { const el = ${q(selector)}; if (!el) throw new Error('no element ' + ${JSON.stringify(selector)}); return el; })()`;

async function main() {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const requests = [];
  listen((msg) => {
    if (msg.method === 'Network.requestWillBeSent' && msg.sessionId === sessionId) requests.push(msg.params.request.url);
  });
  await send('Network.enable', {}, sessionId);
  await send('Page.enable', {}, sessionId);
  await send('Runtime.enable', {}, sessionId);
  let width = 1280;
  await send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
  const results = {};
  const downloads = [];
  listen((msg) => {
    if (msg.method === 'Browser.downloadWillBegin') downloads.push({ guid: msg.params.guid, name: msg.params.suggestedFilename, state: 'started' });
    if (msg.method === 'Browser.downloadProgress') {
      const d = downloads.find((x) => x.guid === msg.params.guid);
      if (d) d.state = msg.params.state;
    }
  });

  for (const [index, step] of steps.entries()) {
    const label = `step ${index + 1} ${JSON.stringify(step).slice(0, 200)}`;
    try {
      if (step.goto) {
        const loaded = waitFor('Page.loadEventFired', sessionId, 60000);
        const nav = await send('Page.navigate', { url: step.goto }, sessionId);
        if (nav.errorText) throw new Error(`navigation failed: ${nav.errorText}`);
        await loaded;
      } else if (step.width) {
        width = step.width;
        await send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: width < 500 }, sessionId);
      } else if (step.javascript !== undefined) {
        await send('Emulation.setScriptExecutionDisabled', { value: !step.javascript }, sessionId);
      } else if (step.fill) {
        await evaluate(`(() => { const el = ${need(step.fill)}; el.value = ${JSON.stringify(step.value)};
          el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); })()`, sessionId);
      } else if (step.check) {
        await evaluate(`(() => { const el = ${need(step.check)}; if (el.checked !== ${!!step.on}) el.click(); })()`, sessionId);
      } else if (step.select) {
        await evaluate(`(() => { const el = ${need(step.select)}; el.value = ${JSON.stringify(step.value)};
          if (el.value !== ${JSON.stringify(step.value)}) throw new Error('no option ' + ${JSON.stringify(step.value)});
          el.dispatchEvent(new Event('change', { bubbles: true })); })()`, sessionId);
      } else if (step.upload) {
        const { root } = await send('DOM.getDocument', {}, sessionId);
        const { nodeId } = await send('DOM.querySelector', { nodeId: root.nodeId, selector: step.upload }, sessionId);
        if (!nodeId) throw new Error(`no element ${step.upload}`);
        await send('DOM.setFileInputFiles', { nodeId, files: [path.resolve(step.file)] }, sessionId);
      } else if (step.click) {
        const loaded = step.navigates ? waitFor('Page.loadEventFired', sessionId, 120000) : null;
        await evaluate(`${need(step.click)}.click()`, sessionId);
        if (loaded) await loaded;
      } else if (step.download) {
        fs.mkdirSync(step.dir, { recursive: true });
        await send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: path.resolve(step.dir), eventsEnabled: true });
        const before = downloads.length;
        await evaluate(`${need(step.download)}.click()`, sessionId);
        const started = Date.now();
        for (;;) {
          const d = downloads[before];
          if (d && d.state === 'completed') { if (step.as) results[step.as] = d.name; break; }
          if (d && d.state === 'canceled') throw new Error('the download was cancelled');
          if (Date.now() - started > 120000) throw new Error('the download did not finish in 120 s');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } else if (step.eval) {
        const value = await evaluate(step.eval, sessionId);
        if (step.as) results[step.as] = value;
      } else if (step.wait) {
        const limit = step.ms || 30000;
        const started = Date.now();
        while (!(await evaluate(step.wait, sessionId))) {
          if (Date.now() - started > limit) throw new Error(`still false after ${limit} ms: ${step.wait}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } else if (step.axe) {
        if (!fs.existsSync(axePath)) throw new Error(`axe-core is not installed at ${axePath}; run scripts/install-test-deps`);
        const has = await evaluate(`typeof axe !== 'undefined'`, sessionId);
        if (!has) await evaluate(fs.readFileSync(axePath, 'utf8'), sessionId);
        results[step.axe] = await evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })))`, sessionId);
      } else if (step.screenshot) {
        const { data } = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true,
          clip: await evaluate(`({ x: 0, y: 0, width: ${width}, height: Math.min(document.documentElement.scrollHeight, ${step.height || 4000}), scale: 1 })`, sessionId) }, sessionId);
        fs.writeFileSync(step.screenshot, Buffer.from(data, 'base64'));
      } else {
        throw new Error('unknown step');
      }
    } catch (e) {
      throw new Error(`${label}: ${e.message}`);
    }
  }
  results.requests = requests;
  await send('Browser.close').catch(() => {});
  return JSON.stringify(results);
}

main().then(async (json) => {
  clearTimeout(watchdog);
  await cleanUp();
  process.stdout.write(json, () => process.exit(0));
}).catch(async (e) => {
  clearTimeout(watchdog);
  console.error(`${e.stack || e}\n--- chromium stderr ---\n${stderr().slice(-3000)}`);
  await cleanUp();
  process.exit(1);
});
