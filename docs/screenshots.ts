/// <reference lib="dom" />
// `pnpm screenshots`: starts Pantau on the bundled sample (embedded database, a fresh data folder), drives Chromium
// and writes docs/screenshots/<shot>-desktop.png and <shot>-phone.png. A shot is one line in SHOTS below.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '@pantau/e2e/support/browser.ts';

/** A browser page (playwright-core's, through the test support that launches Chromium). */
type Page = Awaited<ReturnType<Awaited<ReturnType<typeof launchChromium>>['newPage']>>;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'docs', 'screenshots');

/** What a shot needs: the app's address, a key, and the latest day with data. */
interface Site {
  url: string;
  key: string;
  day: string;
}

/** A screenshot: a name, the page to open (path on the app, or built from the site), and what to do before taking it. */
interface Shot {
  name: string;
  path: string | ((site: Site) => string);
  /** Signs in on the dashboard first (default true). */
  signIn?: boolean;
  act?: (page: Page, site: Site) => Promise<void>;
}

const VIEWPORTS = [
  { suffix: 'desktop', width: 1280, height: 900 },
  { suffix: 'phone', width: 390, height: 844 },
] as const;

/** The topic editor with a previewed query. */
async function topicEditor(page: Page): Promise<void> {
  await page.click('[data-testid="topic-new"]');
  await page.fill('input[name="topicName"]', 'Antrean faskes');
  await page.fill('textarea[name="topicQuery"]', '(antre OR antrean) AND (puskesmas OR faskes OR "rumah sakit")');
  await page.click('[data-testid="topic-preview"]');
  await page.waitForSelector('[data-testid="topic-preview-count"]');
  await page.locator('[data-testid="topic-editor"]').scrollIntoViewIfNeeded();
  await page.evaluate(() => document.querySelector('[data-testid="topic-editor"]')?.scrollIntoView({ block: 'start' }));
}

/** The posts dialog opened from the day's first story (else from the first keyword), its first page loaded. */
async function postsDialog(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="day-summary"]');
  const story = page.locator('[data-testid="story"] button[data-term]').first();
  await ((await story.count()) > 0 ? story : page.locator('[data-field="keyword-posts"]').first()).click();
  await page.waitForSelector('[data-testid="mentions"] li');
}

const SHOTS: Shot[] = [
  { name: 'first-screen', path: '/' },
  { name: 'topic-editor', path: '/', act: topicEditor },
  { name: 'posts-dialog', path: '/', act: postsDialog },
  { name: 'report', path: (site) => `/v1/reports/daily/${site.day}`, signIn: false },
];

/** Starts `pantau start` on a fresh data folder; resolves with its address and development key once it listens. */
function start(dataDir: string): Promise<{ child: ChildProcess; url: string; key: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PANTAU_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'PANTAU_PEPPER', 'PANTAU_DEV_API_KEY']) delete env[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const key = /Development API key \([^)]*\): (\S+)/.exec(out)?.[1];
      if (url && key) resolve({ child, url, key });
    });
    child.on('exit', (code) => reject(new Error(`pantau start exited with ${code}\n${out}`)));
  });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'pantau-screenshots-'));
  const app = await start(dataDir);
  const browser = await launchChromium();
  try {
    const get = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${app.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${app.key}`, 'content-type': 'application/json' },
      });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
      return response.json() as Promise<{ data: { id?: number; backfill?: { state: string } }; disclosure?: { window: { to: string } } }>;
    };
    const site: Site = { url: app.url, key: app.key, day: (await get('/v1/sentiment')).disclosure?.window.to ?? '' };
    // A topic, so the topic list and the picker have something in them.
    const topic = await get('/v1/topics', { method: 'POST', body: JSON.stringify({ name: 'Iuran', query: 'iuran OR tunggakan' }) });
    for (let i = 0; i < 600 && (await get(`/v1/topics/${topic.data.id}`)).data.backfill?.state !== 'done'; i++)
      await new Promise((r) => setTimeout(r, 100));
    for (const viewport of VIEWPORTS) {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      for (const shot of SHOTS) {
        if (shot.signIn === false) await context.setExtraHTTPHeaders({ authorization: `Bearer ${site.key}` });
        else await context.setExtraHTTPHeaders({});
        await page.goto(`${site.url}${typeof shot.path === 'string' ? shot.path : shot.path(site)}`);
        if (shot.signIn !== false) {
          if (await page.locator('input[name="apiKey"]').count()) {
            await page.fill('input[name="apiKey"]', site.key);
            await page.click('button[type="submit"]');
          }
          await page.waitForSelector('[data-testid="sentiment-table"] tbody tr');
          await page.waitForSelector('.chart canvas');
          // The day's summary opens the page: the first screen is not taken before it is there.
          await page.waitForSelector('[data-testid="day-summary"] [data-testid="headlines"] li');
        }
        await shot.act?.(page, site);
        const file = join(OUT, `${shot.name}-${viewport.suffix}.png`);
        await page.screenshot({ path: file });
        console.log(`wrote ${file.slice(ROOT.length)}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    app.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
