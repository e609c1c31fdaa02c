// Embedding check (run by tests/browser.rs): the built forms-site is served on one
// 127.0.0.1 port (the form origin); a portal on another port shows the form three ways,
// each page under a strict Content-Security-Policy:
//   /iframe.html   <iframe src="<form origin>/…/embed/"> + forms-embed.js (height follows)
//   /fragment.html the form's fragment.html included server-side
//   /element.html  <veiviser-form src="…/fragment.html"> (light-DOM custom element)
// The portal serves copies of css/forms.css, js/forms.js and the fragment (as a portal
// would) and receives POST /mottak. Fails on any CSP violation or console error.
import { createServer } from 'node:http';
import { readFileSync, realpathSync, createReadStream } from 'node:fs';
import path from 'node:path';
import { withBrowser, resolveRequest, contentTypeFor, SetupError } from './lib.mjs';

const args = process.argv.slice(2);
const site = realpathSync(args[args.indexOf('--site') + 1]);
const FORM_PATH = '/skjema/brannmur/';

function listen(handler) {
  // Browsers ask every origin for /favicon.ico; a portal has one.
  const s = createServer((req, res) => (req.url === '/favicon.ico' ? (res.writeHead(204), res.end()) : handler(req, res)));
  return new Promise((ok) => s.listen(0, '127.0.0.1', () => ok(s)));
}
function serveFile(res, file, headers = {}) {
  res.writeHead(200, { 'content-type': contentTypeFor(file), ...headers });
  createReadStream(file).pipe(res);
}

const formServer = await listen((req, res) => {
  const r = resolveRequest(site, new URL(req.url, 'http://x').pathname);
  if (r.redirect) { res.writeHead(301, { location: r.redirect }); res.end(); return; }
  if (!r.file) { res.writeHead(404); res.end(); return; }
  serveFile(res, r.file);
});
const formOrigin = `http://127.0.0.1:${formServer.address().port}`;
const csp = `default-src 'self'; frame-src ${formOrigin}`;
const received = [];
const page = (title, body) =>
  `<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
const fragment = readFileSync(path.join(site, FORM_PATH, 'fragment.html'), 'utf8');
const hostPages = {
  '/iframe.html': page('Portal med iframe',
    `<iframe data-veiviser-form title="Bestill åpning i brannmur" src="${formOrigin}${FORM_PATH}embed/"></iframe><p id="etter">Etter skjemaet</p><script src="/forms-embed.js" defer></script>`),
  '/fragment.html': page('Portal med fragment', fragment),
  '/element.html': page('Portal med eget element',
    `<veiviser-form src="${FORM_PATH}fragment.html"></veiviser-form><script src="/js/forms.js" defer></script>`),
};
const hostServer = await listen((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  if (req.method === 'POST' && p === '/mottak') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => { received.push(body); res.writeHead(200, { 'content-type': 'application/json' }); res.end('{}'); });
    return;
  }
  if (hostPages[p]) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    res.end(hostPages[p]);
    return;
  }
  const copies = { '/forms-embed.js': 'js/forms-embed.js', '/js/forms.js': 'js/forms.js', '/css/forms.css': 'css/forms.css', [`${FORM_PATH}fragment.html`]: `${FORM_PATH.slice(1)}fragment.html` };
  if (copies[p]) { serveFile(res, path.join(site, copies[p]), { 'content-security-policy': csp }); return; }
  res.writeHead(404); res.end();
});
const host = `http://127.0.0.1:${hostServer.address().port}`;

function check(cond, what) {
  if (!cond) throw new Error(`FAILED: ${what}`);
  console.log(`ok - ${what}`);
}

let code = 0;
try {
  await withBrowser(async (browser) => {
    const ctx = await browser.newContext();
    await ctx.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const problems = [];
    const tab = await ctx.newPage();
    tab.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    tab.on('pageerror', (e) => problems.push(e.message));
    tab.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });

    // iframe: shown, height follows the content.
    await tab.goto(`${host}/iframe.html`);
    const frame = await (await tab.waitForSelector('iframe[data-veiviser-form]')).contentFrame();
    await frame.waitForSelector('form[data-vv-form]');
    const heights = async () => ({
      outer: await tab.$eval('iframe', (f) => f.clientHeight),
      inner: await frame.evaluate(() => document.documentElement.scrollHeight),
    });
    await tab.waitForFunction(() => parseFloat(document.querySelector('iframe').style.height) > 300);
    let h = await heights();
    check(Math.abs(h.outer - h.inner) <= 2, `iframe height follows the form (${h.outer} vs ${h.inner})`);
    const before = h.outer;
    await frame.click('form[data-vv-form] button[type=submit]');
    await tab.waitForFunction((b) => parseFloat(document.querySelector('iframe').style.height) > b, before);
    h = await heights();
    check(h.outer > before && Math.abs(h.outer - h.inner) <= 2, `iframe grows with the error summary (${before} → ${h.outer})`);
    check((await tab.evaluate(() => window.__csp)).length === 0, 'no CSP violations (iframe)');

    // Fragment included server-side.
    await tab.goto(`${host}/fragment.html`);
    await tab.waitForSelector('form[data-vv-form]');
    await tab.click('form[data-vv-form] button[type=submit]');
    check(await tab.evaluate(() => document.activeElement.matches('[data-vv-summary]')), 'fragment: forms.js runs (summary focused)');
    check(await tab.$eval('.vv-form-root .ds-input', (e) => getComputedStyle(e).borderStyle) === 'solid', 'fragment: forms.css applies');
    await tab.fill('#vvf-brannmur-org', '974760673');
    await tab.fill('#vvf-brannmur-navn', 'Ola');
    await tab.fill('#vvf-brannmur-omrader-0-ip', '10.0.0.0/8');
    await tab.click('form[data-vv-form] button[type=submit]');
    await tab.waitForSelector('[data-vv-receipt]:not([hidden])');
    check(JSON.parse(received.at(-1)).org === '974760673', 'fragment: JSON submission reached the portal');
    check((await tab.evaluate(() => window.__csp)).length === 0, 'no CSP violations (fragment)');

    // Custom element.
    await tab.evaluate(() => sessionStorage.clear());
    await tab.goto(`${host}/element.html`);
    await tab.waitForSelector('veiviser-form form[data-vv-form]');
    await tab.click('form[data-vv-form] button[type=submit]');
    check(await tab.evaluate(() => document.activeElement.matches('[data-vv-summary]')), 'custom element: form works');
    check((await tab.evaluate(() => window.__csp)).length === 0, 'no CSP violations (custom element)');
    check(problems.length === 0, `no console errors: ${problems.join(' | ')}`);
    await ctx.close();
  });
} catch (err) {
  console.log(err.stack || String(err));
  code = err instanceof SetupError ? 3 : 1;
}
formServer.close();
hostServer.close();
process.exit(code);
