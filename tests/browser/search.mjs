#!/usr/bin/env node
// Browser test of search on a built site (real Chromium, axe-core):
//  - window.veiviser.search(query, { limit }) answers with { url, title, heading, snippet };
//  - the header search box is a combobox usable with the keyboard only: typing opens the
//    listbox, the result count is announced in a live region, arrows move the active
//    option (aria-activedescendant), Escape closes, Enter opens the active result;
//  - axe finds no WCAG 2.1 A/AA violations with the suggestions open, nor on /sok/?q=;
//  - the results page /sok/?q= works as a link target;
//  - the client's analysis (stemmer, fold, stop words) matches the Rust index side
//    (--parity FILE: JSON [{ word, stem, fold, stop }] written by tests/browser.rs).
//
//   node tests/browser/search.mjs --site DIR --query WORD --expect PATH [--parity FILE]
//
// Exit codes: 0 ok, 1 failure, 2 usage, 3 environment not ready.
import { readFileSync } from 'node:fs';
import { withSite, withBrowser, openCheckedPage, runAxe, formatViolations, assertClean, SetupError } from './lib.mjs';

function parseArgs(argv) {
  const o = { site: null, query: null, expect: null, parity: null, screenshots: null };
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i];
    switch (argv[i]) {
      case '--site': o.site = v(); break;
      case '--query': o.query = v(); break;
      case '--expect': o.expect = v(); break;
      case '--parity': o.parity = v(); break;
      case '--screenshots': o.screenshots = v(); break;
      default:
        console.error(`unknown argument ${argv[i]}`);
        process.exit(2);
    }
  }
  if (!o.site || !o.query || !o.expect) {
    console.error('usage: node search.mjs --site DIR --query WORD --expect PATH [--parity FILE]');
    process.exit(2);
  }
  return o;
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function axeClean(page, what) {
  const { violations } = await runAxe(page);
  check(violations.length === 0, `axe: ${violations.length} violation(s) ${what}:\n${formatViolations(violations)}`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  await withSite(o.site, (site) =>
    withBrowser(async (browser) => {
      // 1. The API on the home page.
      {
        const { page, problems, close } = await openCheckedPage(browser, site.origin);
        await page.goto(site.url('/'), { waitUntil: 'load' });
        await page.waitForFunction(() => window.veiviser && typeof window.veiviser.search === 'function');
        const hits = await page.evaluate((q) => window.veiviser.search(q, { limit: 5 }), o.query);
        check(Array.isArray(hits) && hits.length > 0, `window.veiviser.search("${o.query}") found nothing`);
        for (const h of hits) {
          for (const k of ['url', 'title', 'heading', 'snippet']) check(typeof h[k] === 'string', `result lacks ${k}: ${JSON.stringify(h)}`);
        }
        check(decodeURIComponent(hits[0].url).startsWith(o.expect), `best hit for "${o.query}" is ${hits[0].url}, expected ${o.expect}`);
        check(/<mark>/.test(hits.map((h) => h.snippet).join(' ')), `no highlighted match in the snippets: ${JSON.stringify(hits.map((h) => h.snippet))}`);
        const none = await page.evaluate(() => window.veiviser.search('qqxqzzv', { limit: 5 }));
        check(Array.isArray(none) && none.length === 0, 'a nonsense query returned results');
        const limited = await page.evaluate((q) => window.veiviser.search(q, { limit: 1 }), o.query);
        check(limited.length === 1, `limit 1 gave ${limited.length} results`);
        // Markup in the query is never interpreted.
        const xss = await page.evaluate(() => window.veiviser.search('<img src=x onerror=alert(1)>', { limit: 5 }));
        check(xss.every((h) => !/<img/i.test(h.snippet)), 'query markup reached a snippet');

        // Parity of the client's analysis with the Rust side.
        if (o.parity) {
          const words = JSON.parse(readFileSync(o.parity, 'utf8'));
          const got = await page.evaluate((ws) => ws.map((w) => ({
            word: w.word,
            stem: window.veiviser._analysis.stem(w.word),
            fold: window.veiviser._analysis.fold(w.word),
            stop: window.veiviser._analysis.isStop(w.word),
          })), words);
          const bad = got.filter((g, i) => g.stem !== words[i].stem || g.fold !== words[i].fold || g.stop !== words[i].stop);
          check(bad.length === 0, `client analysis differs from the index for ${bad.length} of ${words.length} words, e.g. ${JSON.stringify(bad.slice(0, 5))} vs ${JSON.stringify(bad.slice(0, 5).map((b) => words.find((w) => w.word === b.word)))}`);
          console.log(`parity: ${words.length} words agree`);
        }
        assertClean(problems, 'home page (API)');
        await close();
      }

      // 2. The combobox, keyboard only.
      {
        const { page, problems, close } = await openCheckedPage(browser, site.origin);
        await page.goto(site.url('/'), { waitUntil: 'networkidle' });
        const input = page.locator('#vv-search-input');
        check((await input.getAttribute('role')) === 'combobox', 'the search input is not a combobox');
        // Reach the search box with the keyboard: Tab from the top of the page.
        let focused = '';
        for (let i = 0; i < 10 && focused !== 'vv-search-input'; i++) {
          await page.keyboard.press('Tab');
          focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
        }
        check(focused === 'vv-search-input', 'the search box cannot be reached with Tab');
        await page.keyboard.type(o.query, { delay: 20 });
        await page.waitForFunction(() => document.querySelector('#vv-search-input').getAttribute('aria-expanded') === 'true', null, { timeout: 10000 });
        const status = await page.locator('header [data-vv-search-status]').textContent();
        check(/\d/.test(status) && status.includes(o.query), `the live region does not announce the result count: "${status}"`);
        const live = await page.locator('header [data-vv-search-status]').getAttribute('role');
        check(live === 'status', 'the result count is not in a role=status live region');
        const options = await page.locator('#vv-search-list [role=option]').count();
        check(options >= 2, `expected suggestions, got ${options} options`);
        await page.keyboard.press('ArrowDown');
        const active = await input.getAttribute('aria-activedescendant');
        check(active, 'ArrowDown did not set aria-activedescendant');
        check((await page.locator(`#${active}`).getAttribute('aria-selected')) === 'true', 'the active option is not aria-selected');
        await axeClean(page, 'with the suggestions open');
        if (o.screenshots) await page.screenshot({ path: `${o.screenshots}/search-combobox.png` });
        await page.keyboard.press('Escape');
        check((await input.getAttribute('aria-expanded')) === 'false', 'Escape did not close the suggestions');
        check(await page.locator('#vv-search-list').isHidden(), 'the listbox is still visible after Escape');
        // Open again and follow the first suggestion with Enter.
        await page.keyboard.press('ArrowDown');
        await page.waitForFunction(() => document.querySelector('#vv-search-input').getAttribute('aria-expanded') === 'true');
        await page.keyboard.press('ArrowDown');
        const target = await page.locator(`#${await input.getAttribute('aria-activedescendant')}`).getAttribute('data-url');
        await Promise.all([page.waitForURL((u) => decodeURIComponent(u.pathname).startsWith(o.expect)), page.keyboard.press('Enter')]);
        check(decodeURIComponent(page.url()).includes(decodeURIComponent(target.split('#')[0])), `Enter went to ${page.url()}, not ${target}`);
        await page.waitForLoadState('networkidle');
        // Enter without an active option submits to the results page.
        await page.goto(site.url('/'), { waitUntil: 'networkidle' });
        await page.locator('#vv-search-input').focus();
        await page.keyboard.type(o.query);
        await Promise.all([page.waitForURL(/\/sok\/\?q=/), page.keyboard.press('Enter')]);
        await page.waitForLoadState('networkidle');
        assertClean(problems, 'combobox');
        await close();
      }

      // 3. The results page as a link target.
      {
        const { page, problems, close } = await openCheckedPage(browser, site.origin);
        await page.goto(site.url(`/sok/?q=${encodeURIComponent(o.query)}`), { waitUntil: 'load' });
        await page.waitForFunction(() => document.querySelectorAll('[data-vv-search-results] a').length > 0, null, { timeout: 10000 });
        const value = await page.locator('#vv-results-input').inputValue();
        check(value === o.query, `the results page does not show the query: "${value}"`);
        const first = await page.locator('[data-vv-search-results] a').first().getAttribute('href');
        check(decodeURIComponent(first).startsWith(o.expect), `first result link ${first}, expected ${o.expect}`);
        const status = await page.locator('[data-vv-search-page] [data-vv-search-status]').textContent();
        check(/\d/.test(status), `the results page does not announce a count: "${status}"`);
        await axeClean(page, 'on the results page');
        if (o.screenshots) await page.screenshot({ path: `${o.screenshots}/search-results.png`, fullPage: true });
        assertClean(problems, 'results page');
        await close();
      }
    }),
  );
  console.log('search: ok');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(e instanceof SetupError ? 3 : 1);
});
