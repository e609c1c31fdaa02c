#!/usr/bin/env node
// Runs queries through the site's real search client (js/search.js) in Node, reading the
// index files from a built site folder instead of over HTTP. Used by the ranking tests in
// tests/testsuite/search.rs (no browser needed).
//
//   node tests/browser/search-query.mjs SITE_DIR [--limit N] QUERY...
//
// Prints one JSON line per query: { "query", "results": [{ url, title, heading, snippet }] }.
// `--analysis WORD...` instead prints { word, stem, fold, stop } per word (for parity tests).
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const args = process.argv.slice(2);
const site = args.shift();
if (!site || !fs.existsSync(site)) {
  console.error('usage: node search-query.mjs SITE_DIR [--limit N] [--analysis] QUERY...');
  process.exit(2);
}
let limit = 10;
let analysis = false;
const queries = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--limit') limit = Number(args[++i]);
  else if (args[i] === '--analysis') analysis = true;
  else queries.push(args[i]);
}

async function fakeFetch(url) {
  const u = new URL(url);
  const file = path.join(site, decodeURIComponent(u.pathname));
  if (!file.startsWith(path.resolve(site)) || !fs.existsSync(file)) return { ok: false, status: 404 };
  const buf = fs.readFileSync(file);
  return {
    ok: true,
    status: 200,
    text: async () => buf.toString('utf8'),
    json: async () => JSON.parse(buf.toString('utf8')),
    arrayBuffer: async () => buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
  };
}

const script = fs.readFileSync(path.join(site, 'js', 'search.js'), 'utf8');
const context = {
  window: {},
  document: { currentScript: { src: 'http://127.0.0.1/js/search.js' }, baseURI: 'http://127.0.0.1/', readyState: 'complete', querySelectorAll: () => [], querySelector: () => null },
  fetch: fakeFetch,
  URL,
  URLSearchParams,
  TextDecoder,
  Promise,
  Map,
  Set,
  console,
};
vm.createContext(context);
vm.runInContext(script, context);
const api = context.window.veiviser;
if (!api || typeof api.search !== 'function') {
  console.error('js/search.js did not define window.veiviser.search');
  process.exit(1);
}
for (const q of queries) {
  if (analysis) {
    const a = api._analysis;
    const stem = a.stem(q);
    console.log(JSON.stringify({ word: q, stem, fold: a.fold(q), stop: a.isStop(q) }));
    continue;
  }
  const results = await api.search(q, { limit });
  console.log(JSON.stringify({ query: q, results }));
}
