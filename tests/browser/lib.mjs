// Shared browser-test machinery for veiviser: a tiny static server for a
// built site, a Chromium launcher (Debian's /usr/bin/chromium through
// playwright-core; never a downloaded browser), page watchers that collect
// console errors, page errors, failed and third-party requests, an axe-core
// runner and a one-call `checkPage` used by check.mjs.
//
// Later browser checks (search box, forms, live preview…) should reuse this:
//
//   import { withSite, withBrowser, openCheckedPage, assertClean } from './lib.mjs';
//   await withSite('public', async (site) => {
//     await withBrowser(async (browser) => {
//       const { page, problems, close } = await openCheckedPage(browser, site.origin);
//       await page.goto(site.url('/'));
//       ...
//       assertClean(problems);
//       await close();
//     });
//   });
//
// Nothing here skips silently: a missing Chromium or a missing node_modules
// throws a SetupError with a message that says how to fix it.

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { statSync, realpathSync, createReadStream, accessSync, constants as fsConstants } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Error in the test environment (not in the site under test). */
export class SetupError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SetupError';
  }
}

// ---------------------------------------------------------------------------
// Dependencies (node_modules)
// ---------------------------------------------------------------------------

const requireHere = createRequire(import.meta.url);

function missingNodeModules(what, err) {
  return new SetupError(
    `cannot load ${what} from ${path.join(HERE, 'node_modules')} (${err.code || err.message}).\n` +
      `Install the browser-test dependencies with:\n` +
      `    cd ${HERE} && npm ci --no-audit --no-fund\n` +
      `(or run ./test.sh at the repository root, which does it for you).`,
  );
}

let playwrightPromise;
/** playwright-core, imported lazily so a missing install gives a clear message. */
export function loadPlaywright() {
  playwrightPromise ??= import('playwright-core').catch((err) => {
    throw missingNodeModules('playwright-core', err);
  });
  return playwrightPromise;
}

/** Absolute path of axe-core's browser bundle. */
export function axePath() {
  try {
    return requireHere.resolve('axe-core/axe.min.js');
  } catch (err) {
    throw missingNodeModules('axe-core', err);
  }
}

// ---------------------------------------------------------------------------
// Static server
// ---------------------------------------------------------------------------

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Map a URL pathname to a file under `root` (already a realpath).
 * Returns { file } | { redirect } | { notFound } | { bad }.
 * Pretty URLs: `/a/` → `a/index.html`; `/a` (a directory) → 301 to `/a/`.
 */
export function resolveRequest(root, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { bad: 'malformed percent-encoding' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) {
    return { bad: 'invalid path' };
  }
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) {
    return { bad: 'path traversal' };
  }
  const candidate = path.join(root, ...segments.filter((s) => s !== ''));
  let real;
  try {
    real = realpathSync(candidate);
  } catch {
    return { notFound: true };
  }
  // Symlinks must not lead out of the site either.
  if (real !== root && !real.startsWith(root + path.sep)) {
    return { bad: 'outside the site root' };
  }
  if (isDir(real)) {
    if (!decoded.endsWith('/')) return { redirect: pathname + '/' };
    const index = path.join(real, 'index.html');
    return isFile(index) ? { file: index } : { notFound: true };
  }
  if (decoded.endsWith('/')) return { notFound: true };
  return isFile(real) ? { file: real } : { notFound: true };
}

/**
 * Serve the built site in `dir` on 127.0.0.1 with a random free port.
 * Resolves to { origin, port, root, url(path), requests, close() }.
 * `requests` logs every request as { method, path, status }.
 */
export async function serveSite(dir) {
  if (!dir || !isDir(dir)) {
    throw new Error(`site folder ${JSON.stringify(dir)} does not exist or is not a directory`);
  }
  const root = realpathSync(dir);
  const notFoundPage = path.join(root, '404.html');
  const requests = [];

  const server = createServer((req, res) => {
    const log = (status) => requests.push({ method: req.method, path: req.url, status });
    const send = (status, headers, body) => {
      log(status);
      res.writeHead(status, { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const sendFile = (status, file) => {
      let size;
      try {
        size = statSync(file).size;
      } catch {
        return send(500, { 'Content-Type': 'text/plain; charset=utf-8' }, 'cannot read file\n');
      }
      log(status);
      res.writeHead(status, {
        'Content-Type': contentTypeFor(file),
        'Content-Length': size,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') return res.end();
      const stream = createReadStream(file);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    };

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }, 'method not allowed\n');
    }
    let url;
    try {
      url = new URL(req.url, 'http://127.0.0.1');
    } catch {
      return send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad request\n');
    }
    // Raw request targets like `/../x` are normalised away by URL(); look at
    // the raw target too so traversal attempts are refused, not re-rooted.
    const rawPath = req.url.split(/[?#]/, 1)[0];
    if (!rawPath.startsWith('/')) {
      return send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, 'bad request: origin-form request target expected\n');
    }
    const rawCheck = resolveRequest(root, rawPath);
    if (rawCheck.bad) {
      return send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, `bad request: ${rawCheck.bad}\n`);
    }
    const r = resolveRequest(root, url.pathname);
    if (r.bad) return send(400, { 'Content-Type': 'text/plain; charset=utf-8' }, `bad request: ${r.bad}\n`);
    if (r.redirect) return send(301, { Location: r.redirect + url.search }, '');
    if (r.file) return sendFile(200, r.file);
    if (isFile(notFoundPage)) return sendFile(404, notFoundPage);
    return send(404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'not found (and the site has no 404.html)\n');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    root,
    requests,
    url: (p = '/') => new URL(p, origin).href,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Serve `dir`, run `fn(site)`, always stop the server. */
export async function withSite(dir, fn) {
  const site = await serveSite(dir);
  try {
    return await fn(site);
  } finally {
    await site.close();
  }
}

// ---------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Path of the Chromium binary: $CHROMIUM_PATH, else Debian's. Throws SetupError. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  const candidates = fromEnv ? [fromEnv] : CHROMIUM_CANDIDATES;
  for (const c of candidates) {
    try {
      accessSync(c, fsConstants.X_OK);
      if (isFile(c)) return c;
    } catch {
      // try the next one
    }
  }
  throw new SetupError(
    `Chromium not found (looked for ${candidates.join(', ')}).\n` +
      `Install Debian's Chromium with:\n` +
      `    apt-get update && apt-get install -y chromium\n` +
      `or point CHROMIUM_PATH at a Chromium binary. Browser checks never skip.`,
  );
}

/** Launch headless Chromium through playwright-core. Close it with `browser.close()`. */
export async function openBrowser({ executablePath = findChromium(), args = [], timeout = 60_000 } = {}) {
  const { chromium } = await loadPlaywright();
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...args],
      timeout,
    });
  } catch (err) {
    throw new SetupError(`could not start Chromium at ${executablePath}: ${err.message}`);
  }
}

/** Launch Chromium, run `fn(browser)`, always close it. */
export async function withBrowser(fn, options) {
  const browser = await openBrowser(options);
  try {
    return await fn(browser);
  } finally {
    await browser.close().catch(() => {});
  }
}

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
  phone: { width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
};

function sameOrigin(url, origin) {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/**
 * Open a fresh context + page whose every problem is recorded in `problems`
 * (array of { kind, message }): console errors, uncaught page errors, failed
 * requests, HTTP errors on sub-resources, and any request that leaves
 * `origin` (those are blocked too: no third-party requests allowed).
 *
 * A main-frame document answered with HTTP 4xx/5xx is a problem too, unless
 * `documentStatusChecked` is true (the caller checks `response.status()`
 * itself, as checkPage does for expected 404 pages).
 */
export async function openCheckedPage(browser, origin, { viewport = VIEWPORTS.desktop, locale = 'nb-NO', documentStatusChecked = false } = {}) {
  const { width, height, ...device } = viewport;
  const context = await browser.newContext({
    viewport: { width, height },
    ...device,
    locale,
    bypassCSP: true, // so axe can be injected into pages with a strict CSP
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(30_000);
  const problems = [];
  const seen = new Set();
  const add = (kind, message) => {
    const key = `${kind}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ kind, message });
  };
  // Main-frame document URLs that answered with an HTTP error status.
  const expectedDocumentErrors = new Set();
  const blocked = new Set();

  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (sameOrigin(url, origin)) return route.continue();
    blocked.add(url);
    add('third-party request', `${route.request().method()} ${url} (blocked; only ${origin} is allowed)`);
    return route.abort('blockedbyclient');
  });
  context.on('websocket', (ws) => {
    if (!ws.url().startsWith(origin.replace(/^http/, 'ws'))) {
      add('third-party request', `WebSocket ${ws.url()}`);
    }
  });

  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    // Chromium logs "Failed to load resource: … 404" for an error document itself.
    if (expectedDocumentErrors.has(loc?.url) && /Failed to load resource/.test(msg.text())) return;
    // Blocked third-party requests are already reported once.
    if (blocked.has(loc?.url) && /Failed to load resource/.test(msg.text())) return;
    const where = loc?.url ? ` (${loc.url}${loc.lineNumber != null ? `:${loc.lineNumber + 1}` : ''})` : '';
    add('console error', msg.text() + where);
  });
  page.on('pageerror', (err) => {
    add('page error', err.stack || err.message || String(err));
  });
  page.on('requestfailed', (req) => {
    if (blocked.has(req.url())) return;
    const reason = req.failure()?.errorText || 'unknown error';
    add('failed request', `${req.method()} ${req.url()}: ${reason}`);
  });
  page.on('response', (res) => {
    const status = res.status();
    if (status < 400) return;
    const req = res.request();
    if (req.isNavigationRequest() && req.frame() === page.mainFrame()) {
      // Chromium also logs "Failed to load resource" for it: report it once.
      expectedDocumentErrors.add(res.url());
      if (documentStatusChecked) return;
      add('HTTP status', `document ${res.url()} answered HTTP ${status}`);
      return;
    }
    add('failed request', `${req.method()} ${res.url()}: HTTP ${status}`);
  });

  return {
    context,
    page,
    problems,
    /** Record a problem of your own (deduplicated). */
    addProblem: add,
    close: () => context.close().catch(() => {}),
  };
}

/** Throw if `problems` is not empty (for ad-hoc checks in later tests). */
export function assertClean(problems, what = 'page') {
  if (problems.length) {
    throw new Error(`${what} has ${problems.length} problem(s):\n` + problems.map((p) => `  - ${p.kind}: ${p.message}`).join('\n'));
  }
}

// ---------------------------------------------------------------------------
// axe-core
// ---------------------------------------------------------------------------

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Run axe-core on the page (WCAG 2.1 A/AA). Returns axe's results object. */
export async function runAxe(page, { tags = AXE_TAGS } = {}) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ path: axePath() });
  return page.evaluate(
    (tags) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations', 'incomplete'],
      }),
    tags,
  );
}

/** Human-readable lines for axe violations. */
export function formatViolations(violations, indent = '    ') {
  const lines = [];
  for (const v of violations) {
    lines.push(`${indent}✗ axe ${v.id} [${v.impact ?? 'n/a'}]: ${v.help}`);
    lines.push(`${indent}  ${v.helpUrl}`);
    for (const node of v.nodes) {
      lines.push(`${indent}  - target: ${JSON.stringify(node.target)}`);
      lines.push(`${indent}    html:   ${oneLine(node.html, 300)}`);
      const summary = node.failureSummary && oneLine(node.failureSummary, 400);
      if (summary) lines.push(`${indent}    why:    ${summary}`);
    }
  }
  return lines;
}

function oneLine(s, max) {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

// ---------------------------------------------------------------------------
// One page, one viewport
// ---------------------------------------------------------------------------

/** File-name-safe label for a URL path: "/" → "home", "/a/b/" → "a_b". */
export function slugForPath(p) {
  const clean = p
    .replace(/[?#].*$/, '')
    .replace(/^\/+|\/+$/g, '')
    .replace(/\.html?$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  return clean || 'home';
}

/**
 * Load `pagePath` from `site` in the given viewport, check the HTTP status,
 * run axe, look for horizontal overflow, collect console/page/request
 * problems and (optionally) take a full-page screenshot.
 *
 * Returns { path, viewportName, status, title, violations, incomplete,
 *           problems, screenshot }. `ok` is true when nothing failed.
 */
export async function checkPage(browser, site, pagePath, { viewportName = 'desktop', expectedStatus = 200, screenshotDir, axe = true } = {}) {
  const viewport = VIEWPORTS[viewportName];
  if (!viewport) throw new Error(`unknown viewport ${viewportName}`);
  const { page, problems, addProblem: add, close } = await openCheckedPage(browser, site.origin, { viewport, documentStatusChecked: true });
  const result = { path: pagePath, viewportName, viewport, status: null, title: '', violations: [], incomplete: [], problems, screenshot: null };
  try {
    let response;
    try {
      response = await page.goto(site.url(pagePath), { waitUntil: 'load' });
    } catch (err) {
      add('navigation', `could not load ${pagePath}: ${err.message.split('\n')[0]}`);
      return result;
    }
    result.status = response ? response.status() : null;
    if (result.status !== expectedStatus) {
      const hint = result.status === 404 && expectedStatus === 200 ? ' (use --not-found for pages that should be missing)' : '';
      add('HTTP status', `${pagePath} answered ${result.status}, expected ${expectedStatus}${hint}`);
    }
    // Let late requests, fonts and scripts settle so their errors are caught.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    await page.evaluate(() => document.fonts?.ready).catch(() => {});
    result.title = await page.title();

    const overflow = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const sw = document.documentElement.scrollWidth;
      if (sw <= vw + 1) return null;
      const culprits = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > vw + 1 && r.width > 0) {
          // Report the outermost overflowing elements only.
          if (!culprits.some((c) => c.el.contains(el))) {
            culprits.push({ el, desc: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + ` (right edge ${Math.round(r.right)}px)` });
          }
        }
        if (culprits.length >= 5) break;
      }
      return { vw, sw, culprits: culprits.map((c) => c.desc) };
    });
    if (overflow) {
      add(
        'layout',
        `page is ${overflow.sw}px wide in a ${overflow.vw}px viewport (horizontal scrolling, WCAG 1.4.10 reflow); overflowing: ${overflow.culprits.join(', ') || 'unknown'}`,
      );
    }

    // Links to anchors on the same page (the table of contents, "skip to
    // content") must point at an element that exists.
    const brokenAnchors = await page.evaluate(() => {
      const here = location.href.split('#')[0];
      const broken = [];
      for (const a of document.querySelectorAll('a[href*="#"]')) {
        const [base, hash] = a.href.split('#');
        if (base !== here || !hash) continue;
        let id;
        try {
          id = decodeURIComponent(hash);
        } catch {
          id = hash;
        }
        if (!document.getElementById(id) && !document.getElementsByName(id).length) {
          broken.push(`${a.getAttribute('href')} ("${a.textContent.trim().slice(0, 60)}")`);
        }
      }
      return broken;
    });
    for (const b of brokenAnchors) add('broken anchor', `no element with that id for link ${b}`);

    if (axe) {
      const results = await runAxe(page);
      result.violations = results.violations;
      result.incomplete = results.incomplete;
    }

    if (screenshotDir) {
      await mkdir(screenshotDir, { recursive: true });
      const file = path.join(screenshotDir, `${slugForPath(pagePath)}-${viewportName}.png`);
      await page.screenshot({ path: file, fullPage: true });
      result.screenshot = file;
    }
  } finally {
    await close();
  }
  return result;
}

export function resultOk(r) {
  return r.problems.length === 0 && r.violations.length === 0;
}
