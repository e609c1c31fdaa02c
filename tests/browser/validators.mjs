// Runs the shared validator vectors (tests/fixtures/validator-vectors.json) through the
// validators in themes/default/static/js/forms.js. Exit 0 when all agree, 1 otherwise.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
vm.runInThisContext(readFileSync(path.join(repo, 'themes/default/static/js/forms.js'), 'utf8'));
const v = globalThis.veiviserFormValidators;
const vectors = JSON.parse(readFileSync(path.join(repo, 'tests/fixtures/validator-vectors.json'), 'utf8'));
let bad = 0, n = 0;
for (const [type, cases] of Object.entries(vectors)) {
  if (!v[type]) { console.log(`no validator for ${type}`); bad++; continue; }
  for (const [key, want] of [['valid', true], ['invalid', false]]) {
    for (const s of cases[key]) {
      n++;
      if (v[type](s) !== want) { console.log(`${type}(${JSON.stringify(s)}) should be ${want}`); bad++; }
    }
  }
}
console.log(`${n} vectors, ${bad} failures`);
process.exit(bad ? 1 : 0);
