// Preview latency: from a file write to the browser's reload, for one-paragraph edits.
//
//   node bench/preview-latency.mjs --site DIR [--edits 50] [--page /path/] [--hugo]
//
// Copies the site to a scratch folder, starts `veiviser serve` on it (or `hugo server` with
// --hugo, using the fair layouts from ../shared/bench/hugo-site), opens the page in headless
// Chromium (Debian's /usr/bin/chromium via tests/browser's playwright-core), then for each edit
// appends a paragraph to the page's markdown file and measures the time until the browser
// starts the reload (navigation) and until the new text is on screen. Prints p50/p95. For
// veiviser also the time until the page receives the reload event, and the server's own
// rebuild time.
// Loopback only; bounded by --edits and per-edit timeouts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.dirname(HERE);
const { openBrowser } = await import(path.join(REPO, 'tests/browser/lib.mjs'));

const argv = process.argv.slice(2);
const opt = (n, d) => { const i = argv.indexOf(n); return i >= 0 ? argv[i + 1] : d; };
const site = path.resolve(opt('--site', REPO));
const edits = parseInt(opt('--edits', '50'), 10);
const useHugo = argv.includes('--hugo');
const bin = opt('--bin', path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'release/veiviser'));

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'veiviser-latency-'));
const root = path.join(work, 'site');
fs.mkdirSync(root);
for (const name of ['content', 'veiviser.toml', 'config.toml', 'hugo.toml', 'static']) {
  const src = path.join(site, name);
  if (fs.existsSync(src)) fs.cpSync(src, path.join(root, name), { recursive: true });
}
// Hugo runs with the fair layouts of ../shared/bench/hugo-site and their config (plus
// config-altinn.toml for the Altinn corpus), as bench/compare.sh does; like compare.sh, the
// `children` shortcode is made usable without a closing tag and `expand` gets a stub.
const hugoConfigs = ['config.toml'];
if (useHugo) {
  const hugoSite = path.join(REPO, '../shared/bench/hugo-site');
  for (const name of ['layouts', 'static']) fs.cpSync(path.join(hugoSite, name), path.join(root, name), { recursive: true });
  fs.copyFileSync(path.join(hugoSite, 'config.toml'), path.join(root, 'config.toml'));
  if (path.basename(path.resolve(site)) === 'altinn-docs') {
    fs.copyFileSync(path.join(hugoSite, 'config-altinn.toml'), path.join(root, 'config-altinn.toml'));
    hugoConfigs.push('config-altinn.toml');
  }
  const children = path.join(root, 'layouts/shortcodes/children.html');
  if (fs.existsSync(children)) {
    fs.writeFileSync(children, fs.readFileSync(children, 'utf8').split('\n').filter((l) => !l.includes('$_ := .Inner')).join('\n'));
  }
  const expand = path.join(root, 'layouts/shortcodes/expand.html');
  if (!fs.existsSync(expand)) {
    fs.writeFileSync(expand, '<details class="expand"><summary>{{ if .IsNamedParams }}{{ .Get "header" | default (.Get "title") }}{{ else }}{{ .Get 0 }}{{ end }}</summary>\n\n{{ .Inner }}\n\n</details>\n');
  }
}

// The page to edit: the given one, or the first regular page found.
function firstPage(dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) if (e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('_')) return path.join(dir, e.name);
  for (const e of entries) if (e.isDirectory()) { const f = firstPage(path.join(dir, e.name)); if (f) return f; }
  return null;
}
const file = firstPage(path.join(root, 'content'));
const rel = path.relative(path.join(root, 'content'), file).replace(/\.md$/, '').toLowerCase();
const pagePath = opt('--page', '/' + rel.split(path.sep).join('/') + '/');

function start() {
  return new Promise((resolve, reject) => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = useHugo
      ? spawn('hugo', ['server', '--config', hugoConfigs.join(','), '--source', root, '--port', String(port), '--bind', '127.0.0.1', '--baseURL', `http://127.0.0.1:${port}/`, '--appendPort=false'], { stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(bin, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VEIVISER_TIMINGS: '1' } });
    let out = '';
    const onData = (d) => {
      out += d;
      const m = useHugo ? (out.includes('Web Server is available') && `http://127.0.0.1:${port}/`) : (out.match(/http:\/\/[^\s]+/) || [])[0];
      if (m) resolve({ child, url: m.endsWith('/') ? m : m + '/' });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    // The server's own rebuild time per change (`serve: Body update in 3.1 ms, …`).
    let pending = '';
    child.stderr.on('data', (d) => {
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const m = line.match(/serve: (\w+) update in ([\d.]+) ms/);
        if (m) updates.push([m[1], parseFloat(m[2])]);
      }
    });
    child.on('exit', (c) => reject(new Error('server exited ' + c + ': ' + out.slice(-500))));
    // unref: a pending start-up timeout must not keep the script alive after the run.
    setTimeout(() => reject(new Error('server did not start: ' + out.slice(-500))), 600_000).unref();
  });
}

const updates = [];
const pct = (a, q) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const { child, url } = await start();
const browser = await openBrowser();
try {
  const page = await browser.newPage();
  // veiviser: note when the page receives the reload event (a second EventSource, opened in
  // every document the tab loads).
  let eventAt = null;
  if (!useHugo) {
    await page.exposeFunction('__vvReloadEvent', () => { if (eventAt === null) eventAt = performance.now(); });
    await page.addInitScript(() => {
      const es = new EventSource('/__veiviser/events');
      es.addEventListener('reload', () => window.__vvReloadEvent());
    });
  }
  await page.goto(new URL(pagePath, url).toString(), { timeout: 120_000 });
  await page.waitForTimeout(1000);
  const original = fs.readFileSync(file, 'utf8');
  const nav = [];
  const shown = [];
  const received = [];
  for (let i = 0; i < edits; i++) {
    const marker = `Latensmåling ${i} ${Date.now()}`;
    let navAt = null;
    eventAt = null;
    const onNav = (f) => { if (f === page.mainFrame() && navAt === null) navAt = performance.now(); };
    page.on('framenavigated', onNav);
    const t0 = performance.now();
    fs.writeFileSync(file, original + `\n\n${marker}\n`);
    try {
      await page.waitForFunction((m) => document.body && document.body.textContent.includes(m), marker, { timeout: 60_000, polling: 5 });
      const t1 = performance.now();
      shown.push(t1 - t0);
      if (navAt !== null) nav.push(navAt - t0);
      if (eventAt !== null) received.push(eventAt - t0);
    } catch (e) {
      console.error(`edit ${i}: new text not shown within 60 s`);
    }
    page.off('framenavigated', onNav);
    await page.waitForTimeout(150);
  }
  fs.writeFileSync(file, original);
  const name = useHugo ? 'hugo server' : 'veiviser serve';
  console.log(`${name} on ${site} (${edits} edits of ${path.relative(root, file)}):`);
  if (received.length) console.log(`  write → reload event received in the page: p50 ${pct(received, 0.5)?.toFixed(0)} ms, p95 ${pct(received, 0.95)?.toFixed(0)} ms (n=${received.length})`);
  console.log(`  write → reload starts: p50 ${pct(nav, 0.5)?.toFixed(0)} ms, p95 ${pct(nav, 0.95)?.toFixed(0)} ms (n=${nav.length})`);
  console.log(`  write → new text shown: p50 ${pct(shown, 0.5)?.toFixed(0)} ms, p95 ${pct(shown, 0.95)?.toFixed(0)} ms (n=${shown.length})`);
  if (!useHugo && updates.length) {
    const ms = updates.map((u) => u[1]);
    const kinds = {};
    for (const [k] of updates) kinds[k] = (kinds[k] || 0) + 1;
    console.log(`  server-side rebuild (one-page incremental): p50 ${pct(ms, 0.5).toFixed(1)} ms, p95 ${pct(ms, 0.95).toFixed(1)} ms (n=${ms.length}, ${JSON.stringify(kinds)})`);
  }
} finally {
  await browser.close();
  child.kill();
  fs.rmSync(work, { recursive: true, force: true });
}
