#!/usr/bin/env node
// Browser check of a built veiviser site: serves the folder on 127.0.0.1,
// opens each page in headless Chromium at desktop and phone widths, runs
// axe-core (WCAG 2.1 A/AA), and fails on any accessibility violation,
// console error, page error, failed or third-party request, horizontal
// overflow, or unexpected HTTP status. Takes full-page screenshots.
//
//   node check.mjs --site public --screenshots target/screenshots \
//       --page / --page /veiledning/ --not-found /finnes-ikke/
//
// Exit codes: 0 all clean, 1 problems found, 2 usage error,
// 3 environment not ready (Chromium or node_modules missing).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { withSite, withBrowser, checkPage, formatViolations, resultOk, SetupError, VIEWPORTS, findChromium, axePath, loadPlaywright } from './lib.mjs';

const USAGE = `usage: node check.mjs --site DIR [options]

  --site DIR           built site folder to serve (required)
  --page PATH          page that must answer 200 (repeatable; default /)
  --not-found PATH     URL that must answer 404 with the site's 404.html (repeatable)
  --screenshots DIR    write full-page PNG screenshots there
  --viewport NAME      desktop or phone (repeatable; default both)
  --no-axe             skip the axe-core accessibility scan
  --timeout SECONDS    give up after this long in all (default 300)
  -h, --help           this text`;

function usageError(msg) {
  console.error(`check.mjs: ${msg}\n\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { site: null, pages: [], screenshots: null, viewports: [], axe: true, timeout: 300 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) usageError(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--site':
        opts.site = value();
        break;
      case '--page':
        opts.pages.push({ path: value(), expectedStatus: 200 });
        break;
      case '--not-found':
        opts.pages.push({ path: value(), expectedStatus: 404 });
        break;
      case '--screenshots':
        opts.screenshots = value();
        break;
      case '--viewport': {
        const v = value();
        if (!VIEWPORTS[v]) usageError(`unknown viewport ${v} (known: ${Object.keys(VIEWPORTS).join(', ')})`);
        opts.viewports.push(v);
        break;
      }
      case '--no-axe':
        opts.axe = false;
        break;
      case '--timeout':
        opts.timeout = Number(value());
        if (!(opts.timeout > 0)) usageError('--timeout needs a positive number of seconds');
        break;
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        usageError(`unknown argument ${arg}`);
    }
  }
  if (!opts.site) usageError('--site is required');
  if (!existsSync(opts.site) || !statSync(opts.site).isDirectory()) usageError(`site folder ${opts.site} does not exist or is not a directory`);
  for (const p of opts.pages) {
    if (!p.path.startsWith('/')) usageError(`page paths start with / (got ${p.path})`);
  }
  if (opts.pages.length === 0) opts.pages.push({ path: '/', expectedStatus: 200 });
  if (opts.viewports.length === 0) opts.viewports = Object.keys(VIEWPORTS);
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));

  // Fail early and clearly if the environment is not ready.
  const chromium = findChromium();
  await loadPlaywright();
  if (opts.axe) axePath();

  const watchdog = setTimeout(() => {
    console.error(`check.mjs: FAILED: gave up after ${opts.timeout}s (Chromium hung?)`);
    process.exit(1);
  }, opts.timeout * 1000);
  watchdog.unref();

  const started = Date.now();
  const results = await withSite(opts.site, async (site) => {
    console.log(`serving ${site.root} at ${site.origin}`);
    return withBrowser(
      async (browser) => {
        console.log(`browser: ${chromium} (Chromium ${browser.version()})`);
        const out = [];
        for (const p of opts.pages) {
          for (const viewportName of opts.viewports) {
            const r = await checkPage(browser, site, p.path, {
              viewportName,
              expectedStatus: p.expectedStatus,
              screenshotDir: opts.screenshots ? path.resolve(opts.screenshots) : undefined,
              axe: opts.axe,
            });
            report(r);
            out.push(r);
          }
        }
        return out;
      },
      { executablePath: chromium },
    );
  });

  const failed = results.filter((r) => !resultOk(r));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log('');
  if (failed.length) {
    console.log(`browser check FAILED: ${failed.length} of ${results.length} page views have problems (${seconds}s):`);
    for (const r of failed) {
      const n = r.violations.length;
      console.log(`  - ${r.path} [${r.viewportName}]: ${n} axe violation(s), ${r.problems.length} other problem(s)`);
    }
    process.exitCode = 1;
  } else {
    console.log(`browser check OK: ${results.length} page views clean (${opts.pages.length} pages × ${opts.viewports.length} viewports, ${seconds}s)`);
  }
}

function report(r) {
  const ok = resultOk(r);
  const { width, height } = r.viewport;
  console.log(`\n${ok ? 'ok  ' : 'FAIL'} ${r.path} [${r.viewportName} ${width}×${height}] → HTTP ${r.status ?? '-'}, title ${JSON.stringify(r.title)}`);
  for (const p of r.problems) console.log(`    ✗ ${p.kind}: ${p.message}`);
  if (r.violations.length) {
    for (const line of formatViolations(r.violations)) console.log(line);
  }
  const needsReview = r.incomplete?.length ? `; ${r.incomplete.length} axe rule(s) need manual review: ${r.incomplete.map((v) => v.id).join(', ')}` : '';
  console.log(`    axe: ${r.violations.length} violation(s)${needsReview}`);
  if (r.screenshot) console.log(`    screenshot: ${r.screenshot}`);
}

main().catch((err) => {
  if (err instanceof SetupError) {
    console.error(`check.mjs: ENVIRONMENT NOT READY: ${err.message}`);
    process.exit(3);
  }
  console.error(`check.mjs: FAILED: ${err.stack || err}`);
  process.exit(1);
});
