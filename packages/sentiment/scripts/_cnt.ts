import { readFileSync } from 'node:fs';
import { normalizeText } from '@pantau/text';
import { fitTfidf } from '../src/emotion/tfidf.ts';
const lines = readFileSync(process.argv[2] as string, 'utf8').split('\n').slice(1).filter(Boolean);
const texts = lines.map((l) => normalizeText(l.replace(/^\w+,/, '')));
const v = fitTfidf(texts, { wordNgrams: null, charNgrams: [2, 5], sublinearTf: true, minDf: 1 });
let n = 0, tot = 0;
for (const t of texts) { const r = v.transform(t); n += r.indices.length; }
console.log('avg distinct char cols', n / texts.length);
