// Headless Chromium driven over the DevTools protocol on a pipe, shared by check-html.js (one
// pack page) and drive-serve.js (the `serve` page, step by step).
//
// Why this shape: --remote-debugging-pipe (commands on fd 3, replies on fd 4, NUL-separated
// JSON) is what Puppeteer does internally. It needs no npm packages, no WebSocket client (Node
// 20 has none built in) and no free TCP port, and it lets a check wait for a promise in the
// page (axe's, say) instead of guessing when a --dump-dom snapshot is complete.

'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// Starts Chromium with a fresh profile. Returns the protocol (`send`, `waitFor`, `listen`),
// what the browser wrote on stderr so far, and `cleanUp`, which stops it and its helpers and
// removes the profile.
function launch(chromiumPath) {
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
        for (const l of [...listeners]) l(msg);
      }
    }
  });

  // Sends a command (to a page when `sessionId` is given) and resolves with its result.
  function send(method, params = {}, sessionId) {
    const id = nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, method });
      toBrowser.write(JSON.stringify(message) + '\0');
    });
  }

  // Calls `listener` with every event from now on.
  function listen(listener) {
    listeners.push(listener);
  }

  // Resolves with the next `method` event of the session; rejects after `ms` when given.
  function waitFor(method, sessionId, ms) {
    return new Promise((resolve, reject) => {
      let timer = null;
      const l = (msg) => {
        if (msg.method === method && msg.sessionId === sessionId) {
          if (timer) clearTimeout(timer);
          listeners.splice(listeners.indexOf(l), 1);
          resolve(msg.params);
        }
      };
      if (ms) {
        timer = setTimeout(() => {
          listeners.splice(listeners.indexOf(l), 1);
          reject(new Error(`no ${method} within ${ms} ms`));
        }, ms);
      }
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

  return { send, listen, waitFor, cleanUp, stderr: () => stderr };
}

module.exports = { launch };
