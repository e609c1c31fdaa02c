// Live preview in a real browser: `node serve.mjs --url http://127.0.0.1:PORT/ --root SITE_ROOT`
// The preview server (`veiviser serve`) must already be running on SITE_ROOT, a scratch copy of
// a site with content/_index.md and content/veiledning/kom-i-gang.md. Checks, without any
// user action in the page: an edit shows up; a front-matter error shows the overlay with the
// diagnostic (escaped) and fixing it removes the overlay; a CSS edit is applied without a
// navigation. Exit 0 on success, 1 with a message on failure.
import fs from 'node:fs';
import path from 'node:path';
import { openBrowser } from './lib.mjs';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const url = arg('--url');
const root = arg('--root');
if (!url || !root) { console.error('usage: node serve.mjs --url URL --root DIR'); process.exit(2); }

const page_md = path.join(root, 'content/veiledning/kom-i-gang.md');
const css = path.join(root, 'themes/default/static/css/veiviser.css');
const original = fs.readFileSync(page_md, 'utf8');

function fail(msg) { console.error('FAIL: ' + msg); process.exit(1); }
const step = (msg) => console.log('ok: ' + msg);

const browser = await openBrowser();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(new URL('/veiledning/kom-i-gang/', url).toString());
  await page.waitForFunction(() => document.documentElement.getAttribute('data-vv-status') === 'ok', null, { timeout: 15000 });
  await page.evaluate(() => { window.__vvMarker = 'same-document'; window.scrollTo(0, 200); });

  // 1. Edit: new content appears by itself (a reload).
  fs.writeFileSync(page_md, original.replace(/\n## /, '\nNytt avsnitt fra testen.\n\n## '));
  await page.waitForFunction(() => document.body.textContent.includes('Nytt avsnitt fra testen.'), null, { timeout: 15000 })
    .catch(() => fail('edited text did not appear without user action'));
  step('edit shown without user action');

  // 2. Break front matter: overlay with the diagnostic, HTML escaped; old page still shown.
  fs.writeFileSync(page_md, '---\ntitle: [<script>alert(1)</script>\n---\nødelagt\n');
  await page.waitForSelector('#vv-live-overlay', { timeout: 15000 }).catch(() => fail('error overlay did not appear'));
  const overlay = await page.textContent('#vv-live-overlay');
  if (!overlay.includes('content/veiledning/kom-i-gang.md:2:')) fail('overlay lacks file:line: ' + overlay);
  if (!overlay.includes('<script>alert(1)</script>')) fail('overlay lacks the source line as text: ' + overlay);
  if (await page.$('#vv-live-overlay script')) fail('overlay parsed a diagnostic as HTML');
  if (!(await page.textContent('body')).includes('Nytt avsnitt fra testen.')) fail('last good page not kept');
  step('error overlay shown, escaped, last good page kept');

  // 3. Fix it: overlay disappears by itself.
  fs.writeFileSync(page_md, original);
  await page.waitForFunction(() => !document.getElementById('vv-live-overlay') && !document.body.textContent.includes('Nytt avsnitt fra testen.'), null, { timeout: 15000 })
    .catch(() => fail('overlay did not disappear after the fix'));
  step('overlay cleared after the fix');

  // 4. CSS: applied without a navigation.
  await page.evaluate(() => { window.__vvMarker = 'before-css'; });
  fs.mkdirSync(path.dirname(css), { recursive: true });
  fs.writeFileSync(css, fs.readFileSync(css, 'utf8') + '\nbody { background-color: rgb(1, 2, 3) !important; }\n');
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)', null, { timeout: 15000 })
    .catch(() => fail('CSS change not applied'));
  const marker = await page.evaluate(() => window.__vvMarker);
  if (marker !== 'before-css') fail('CSS change caused a navigation');
  step('CSS swapped without navigation');
  if (errors.length) fail('page errors: ' + errors.join('; '));
} finally {
  await browser.close();
}
