// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function, grouped by where the
// code lives (ours: packages/*, apps/*; uniorg-parse; other dependencies; node internals).
//
//   node profile-summary.js FILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
}
function owner(url) {
  if (!url) return 'v8/gc';
  if (url.includes('uniorg-parse')) return 'uniorg-parse';
  if (url.includes('node_modules')) return 'dependency';
  if (/\/(packages|apps)\/[^/]+\/dist\//.test(url)) return 'ours';
  if (url.includes('tooling/bench')) return 'bench';
  return 'node';
}
const byFunction = new Map();
const byOwner = new Map();
let total = 0;
for (const [id, us] of self) {
  const node = byId.get(id);
  const { functionName, url, lineNumber } = node.callFrame;
  const who = owner(url);
  const where = url.replace(/^.*\/(packages|apps)\//, '$1/').replace(/^.*node_modules\//, '');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  const entry = byFunction.get(key) ?? { key, who, us: 0 };
  entry.us += us;
  byFunction.set(key, entry);
  byOwner.set(who, (byOwner.get(who) ?? 0) + us);
  total += us;
}
const ms = (us) => (us / 1000).toFixed(0).padStart(7);
const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5);
console.log(`total sampled: ${(total / 1e6).toFixed(2)} s`);
for (const [who, us] of [...byOwner].sort((a, b) => b[1] - a[1]))
  console.log(`${ms(us)} ms ${pct(us)}%  ${who}`);
const only = process.env.ONLY;
console.log(`\ntop ${top} self time${only ? ` (${only})` : ''}:`);
for (const e of [...byFunction.values()]
  .filter((e) => !only || e.who === only)
  .sort((a, b) => b.us - a.us)
  .slice(0, top)) {
  console.log(`${ms(e.us)} ms ${pct(e.us)}%  [${e.who}] ${e.key}`);
}
