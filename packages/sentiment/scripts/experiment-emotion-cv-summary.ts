// Summarizes the JSON lines of experiment-emotion-cv.ts: per candidate, mean ± sd of macro-F1 over its (fold, seed)
// runs, mean sadness F1, and the paired difference to a reference on the same folds.
// Run: node --import tsx packages/sentiment/scripts/experiment-emotion-cv-summary.ts OUT.jsonl... [--ref NAME]
import { readFileSync } from 'node:fs';

interface Run {
  kind: string;
  name: string;
  seed: number;
  fold: number;
  macroF1: number;
  sadnessF1: number;
}
const args = process.argv.slice(2);
const refAt = args.indexOf('--ref');
const ref = refAt >= 0 ? args[refAt + 1] : undefined;
const files = refAt >= 0 ? args.filter((_, i) => i !== refAt && i !== refAt + 1) : args;
const runs: Run[] = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Run),
);
const byName = new Map<string, Run[]>();
const seen = new Set<string>();
// Only the protocol's seeds (SEEDS, default 1,2), each (candidate, seed, fold) once.
const seeds = new Set((process.env.SEEDS ?? '1,2').split(',').map(Number));
for (const r of runs) {
  const id = `${r.kind}|${r.name}|${r.seed}|${r.fold}`;
  if (!seeds.has(r.seed) || seen.has(id)) continue;
  seen.add(id);
  byName.set(`${r.kind}: ${r.name}`, [...(byName.get(`${r.kind}: ${r.name}`) ?? []), r]);
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const key = (r: Run) => `${r.seed}/${r.fold}`;
const refRuns = ref ? new Map((byName.get(ref) ?? []).map((r) => [key(r), r])) : null;
const rowsOut = [...byName.entries()]
  .map(([name, rs]) => {
    const f1 = rs.map((r) => 100 * r.macroF1);
    let paired = '';
    if (refRuns) {
      const d = rs.filter((r) => refRuns.has(key(r))).map((r) => 100 * (r.macroF1 - (refRuns.get(key(r)) as Run).macroF1));
      if (d.length)
        paired = ` | ${mean(d) >= 0 ? '+' : ''}${mean(d).toFixed(2)} ± ${sd(d).toFixed(2)} (${d.filter((x) => x > 0).length}/${d.length} folds above)`;
    }
    return {
      name,
      m: mean(f1),
      line: `| ${name} | ${rs.length} | ${mean(f1).toFixed(2)} ± ${sd(f1).toFixed(2)} | ${(100 * mean(rs.map((r) => r.sadnessF1))).toFixed(1)}${paired} |`,
    };
  })
  .sort((a, b) => b.m - a.m);
console.log(`| candidate | runs | macro-F1 mean ± sd | sadness F1 mean${ref ? ` | paired Δ vs ${ref}` : ''} |`);
for (const r of rowsOut) console.log(r.line);
