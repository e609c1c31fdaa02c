// Browser checks of the generated order forms (tests/fixtures/forms-site), run by
// tests/browser.rs. Serves the built site and a receiver (`POST /mottak`) on 127.0.0.1.
// Prints `RECEIVED_JSON <json>` for each JSON submission so the Rust side can validate it
// against schema.json. Exit 0 = all good, 1 = a check failed, 3 = environment problem.
//
//   node forms.mjs --site <built site>
import { createServer } from 'node:http';
import { createReadStream, realpathSync } from 'node:fs';
import { withBrowser, resolveRequest, contentTypeFor, runAxe, formatViolations, SetupError } from './lib.mjs';

const args = process.argv.slice(2);
const site = realpathSync(args[args.indexOf('--site') + 1]);
const received = [];
let status = 200;
let delay = 0; // ms the receiver waits before it answers (a slow server)

const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'POST' && url.pathname === '/mottak') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ type: req.headers['content-type'] || '', body });
      const answer = status;
      setTimeout(() => {
        res.writeHead(answer, { 'content-type': 'application/json' });
        res.end(answer === 200 ? '{"ok":true}' : '{"ok":false}');
      }, delay);
    });
    return;
  }
  const r = resolveRequest(site, url.pathname);
  if (r.redirect) { res.writeHead(301, { location: r.redirect }); res.end(); return; }
  if (!r.file) { res.writeHead(404); res.end('not found'); return; }
  res.writeHead(200, { 'content-type': contentTypeFor(r.file) });
  createReadStream(r.file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const FORM = `${origin}/skjema/brannmur/`;

function check(cond, what) {
  if (!cond) throw new Error(`FAILED: ${what}`);
  console.log(`ok - ${what}`);
}

async function fillValid(page) {
  await page.fill('#vvf-brannmur-org', '974760673');
  await page.fill('#vvf-brannmur-navn', 'Ola Nordmann');
  await page.fill('#vvf-brannmur-omrader-0-ip', '192.0.2.0/24');
}

let code = 0;
try {
  await withBrowser(async (browser) => {
    // 1. Without JavaScript: a plain POST with every field.
    {
      const ctx = await browser.newContext({ javaScriptEnabled: false });
      const page = await ctx.newPage();
      await page.goto(FORM);
      check(await page.isVisible('#vvf-brannmur-url') && await page.isVisible('#vvf-brannmur-url-cond'), 'no-JS: conditional field shown with its condition in words');
      await fillValid(page);
      await page.fill('#vvf-brannmur-fnr', '15076500565');
      await page.check('#vvf-brannmur-har_url');
      await page.fill('#vvf-brannmur-url', 'https://example.org/tjeneste');
      await Promise.all([page.waitForNavigation(), page.click('form[data-vv-form] button[type=submit]')]);
      const last = received.at(-1);
      if (!last) console.log('page now at ' + page.url() + ' received ' + JSON.stringify(received));
      check(last && last.type.startsWith('application/x-www-form-urlencoded'), 'no-JS submission is a urlencoded POST');
      const p = new URLSearchParams(last.body);
      for (const [k, v] of [['org', '974760673'], ['navn', 'Ola Nordmann'], ['fnr', '15076500565'], ['har_url', 'true'], ['url', 'https://example.org/tjeneste'], ['omrader.0.ip', '192.0.2.0/24']]) {
        check(p.get(k) === v, `no-JS POST carries ${k}`);
      }
      await ctx.close();
    }
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(FORM);
    // 2. Error summary: focused, same wording as the inline errors; axe clean with it shown.
    await page.click('form[data-vv-form] button[type=submit]');
    check(await page.isVisible('[data-vv-summary]'), 'error summary shown');
    check(await page.evaluate(() => document.activeElement.matches('[data-vv-summary]')), 'error summary has focus');
    const summary = await page.$$eval('[data-vv-summary-list] a', (as) => as.map((a) => a.textContent));
    const inline = await page.$$eval('[data-vv-error]:not([hidden])', (es) => es.map((e) => e.textContent));
    check(summary.length === 3 && JSON.stringify(summary) === JSON.stringify(inline), `summary and inline errors match: ${JSON.stringify(summary)}`);
    check(await page.getAttribute('#vvf-brannmur-org', 'aria-invalid') === 'true', 'aria-invalid on the bad field');
    // The error border wins over the input's own border (CSS specificity).
    const border = (sel) => page.$eval(sel, (el) => getComputedStyle(el).borderTopColor + ' ' + getComputedStyle(el).borderTopWidth);
    const [badBorder, goodBorder] = [await border('#vvf-brannmur-org'), await border('#vvf-brannmur-fnr')];
    check(badBorder !== goodBorder && badBorder.startsWith('rgb(168, 25, 31)'), `invalid input has the red error border: ${badBorder} (valid: ${goodBorder})`);
    // A label mid-sentence is lower-cased; one that starts the message is not.
    check(summary[0] === 'Fyll ut organisasjonsnummer.', `required message lower-cases the label mid-sentence: ${summary[0]}`);
    await page.fill('#vvf-brannmur-org', '974760672');
    await page.click('form[data-vv-form] button[type=submit]');
    const orgError = await page.textContent('#vvf-brannmur-org-error');
    check(orgError.startsWith('Organisasjonsnummer må være et gyldig organisasjonsnummer'), `bad orgnr message starts with the label, capitalised: ${orgError}`);
    const axe = await runAxe(page);
    check(axe.violations.length === 0, 'axe clean with the error summary shown' + formatViolations(axe.violations));
    // 3. Conditional field.
    check(await page.isHidden('#vvf-brannmur-url'), 'conditional field hidden at first');
    await page.check('#vvf-brannmur-har_url');
    check(await page.isHidden('#vvf-brannmur-url-cond'), 'condition in words hidden with JavaScript');
    await page.uncheck('#vvf-brannmur-har_url');
    await page.check('#vvf-brannmur-har_url');
    check(await page.isVisible('#vvf-brannmur-url'), 'conditional field shown when its condition holds');
    // The message says https://, so http:// is refused.
    await page.fill('#vvf-brannmur-url', 'http://example.org/x');
    await page.click('form[data-vv-form] button[type=submit]');
    const urlError = await page.textContent('#vvf-brannmur-url-error');
    check(await page.isVisible('#vvf-brannmur-url-error') && urlError.includes('https://'), `http:// address refused: ${urlError}`);
    await page.fill('#vvf-brannmur-url', 'https://example.org/x');
    await page.click('form[data-vv-form] button[type=submit]');
    check(await page.isHidden('#vvf-brannmur-url-error'), 'https:// address accepted');
    await page.uncheck('#vvf-brannmur-har_url');
    check(await page.isHidden('#vvf-brannmur-url'), 'conditional field hidden again');
    // 3b. Number field: text with a numeric keypad, so what is typed is checked, not lost.
    check(await page.getAttribute('#vvf-brannmur-omrader-0-port', 'type') === 'text' && await page.getAttribute('#vvf-brannmur-omrader-0-port', 'inputmode') === 'decimal', 'number field is type=text inputmode=decimal');
    for (const [typed, want] of [['1e', 'Port må være et tall.'], ['-', 'Port må være et tall.'], ['e', 'Port må være et tall.'], ['70000', 'Port kan være høyst 65535.'], ['0', 'Port må være minst 1.']]) {
      await page.fill('#vvf-brannmur-omrader-0-port', typed);
      await page.click('form[data-vv-form] button[type=submit]');
      const got = await page.textContent('#vvf-brannmur-omrader-0-port-error');
      check(got === want, `number field with ${JSON.stringify(typed)}: ${JSON.stringify(got)}`);
    }
    await page.fill('#vvf-brannmur-omrader-0-port', '443');
    await page.click('form[data-vv-form] button[type=submit]');
    check(await page.isHidden('#vvf-brannmur-omrader-0-port-error'), 'number field with 443 accepted');
    await page.fill('#vvf-brannmur-omrader-0-port', '');
    // 4. Repeatable group.
    await page.click('[data-vv-add]');
    check(await page.locator('[data-vv-items] > [data-vv-item]').count() === 2, 'add makes a second IP range');
    check(await page.evaluate(() => document.activeElement.id === 'vvf-brannmur-omrader-1-ip'), 'focus moves to the new item');
    await page.fill('#vvf-brannmur-omrader-1-ip', '198.51.100.7');
    await page.click('[data-vv-item="0"] [data-vv-remove]');
    check(await page.locator('[data-vv-items] > [data-vv-item]').count() === 1, 'remove leaves one');
    check(await page.inputValue('#vvf-brannmur-omrader-0-ip') === '198.51.100.7', 'remaining item renumbered with its value');
    // 5. Draft restored after reload; fødselsnummer never stored.
    await page.fill('#vvf-brannmur-org', '974760673');
    await page.fill('#vvf-brannmur-navn', 'Kari Nordmann');
    await page.fill('#vvf-brannmur-fnr', '15076500565');
    await page.reload();
    check(await page.inputValue('#vvf-brannmur-navn') === 'Kari Nordmann', 'draft restored after reload');
    check(await page.inputValue('#vvf-brannmur-omrader-0-ip') === '198.51.100.7', 'repeat item restored');
    check(await page.inputValue('#vvf-brannmur-fnr') === '', 'fødselsnummer not kept in the draft');
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    check(!stored.includes('15076500565'), 'fødselsnummer never in sessionStorage');
    // 6. 500 → message, nothing lost, retry works; JSON submission.
    status = 500;
    await page.fill('#vvf-brannmur-fnr', '15076500565');
    await page.check('#vvf-brannmur-har_url');
    await page.fill('#vvf-brannmur-url', 'https://example.org/x');
    await page.uncheck('#vvf-brannmur-har_url');
    await page.click('form[data-vv-form] button[type=submit]');
    await page.waitForSelector('.vv-form__status--error');
    check((await page.textContent('[data-vv-status]')).includes('500'), 'failure message names the error');
    check(await page.inputValue('#vvf-brannmur-navn') === 'Kari Nordmann' && await page.inputValue('#vvf-brannmur-fnr') === '15076500565', 'input kept after failure');
    // Then a slow server and a second submit while the first is in flight: one POST.
    status = 200;
    delay = 1500;
    await page.fill('#vvf-brannmur-omrader-0-port', '443');
    const before = received.length;
    await page.click('form[data-vv-form] button[type=submit]');
    check(await page.isEnabled('form[data-vv-form] button[type=submit]'), 'submit button stays enabled while sending');
    await page.press('#vvf-brannmur-navn', 'Enter');
    await page.click('form[data-vv-form] button[type=submit]');
    await page.waitForSelector('[data-vv-receipt]:not([hidden])');
    await page.waitForTimeout(500);
    delay = 0;
    check(received.length === before + 1, `one POST for three quick submits: ${received.length - before}`);
    check(await page.evaluate(() => document.activeElement.matches('[data-vv-receipt]')), 'receipt shown and focused');
    const last = received.at(-1);
    check(last.type.startsWith('application/json'), 'JS submission is JSON');
    const json = JSON.parse(last.body);
    check(json.navn === 'Kari Nordmann' && json.org === '974760673' && json.omrader[0].ip === '198.51.100.7' && json.omrader[0].port === 443, 'JSON has the values, nested, numbers as numbers');
    check(!('url' in json) && !('har_url' in json), 'hidden field value dropped');
    console.log('RECEIVED_JSON ' + last.body);
    // 7. mailto mode.
    await page.goto(`${origin}/skjema/epost/`);
    await page.fill('#vvf-epost-navn', 'Ola Nordmann');
    await page.check('#vvf-epost-tilgang-1');
    await page.check('#vvf-epost-miljo-0');
    await page.check('#vvf-epost-miljo-1');
    await page.click('form[data-vv-form] button[type=submit]');
    const mailto = await page.getAttribute('form[data-vv-form=epost]', 'data-vv-mailto-url');
    console.log('MAILTO ' + mailto);
    check(mailto.startsWith('mailto:brukerservice@example.org?subject=Bestilling%20av%20brukertilgang&body='), 'mailto address and subject');
    const body = decodeURIComponent(mailto.split('&body=')[1]);
    check(body === 'Navn på bruker: Ola Nordmann\r\nTilgangsrettighet: Skrivetilgang\r\nMiljø: Testmiljø, Produksjon', `mailto body: ${JSON.stringify(body)}`);
    // Nothing is sent yet: the receipt says so, and where the e-mail goes.
    const receipt = await page.textContent('#vvf-epost-receipt');
    check(receipt.includes('E-posten er klar, men ikke sendt ennå') && !receipt.includes('er sendt'), `mailto receipt heading: ${receipt}`);
    check(receipt.includes('Send den til brukerservice@example.org fra e-postprogrammet ditt.'), `mailto receipt names the address: ${receipt}`);
    check(errors.length === 0, `no page errors: ${errors.join('; ')}`);
    await ctx.close();
  });
} catch (err) {
  console.log(err.stack || String(err));
  code = err instanceof SetupError ? 3 : 1;
}
server.close();
process.exit(code);
