import { PantauError } from '@pantau/contracts';

/** Where Chromium is and how long a page may take to print. */
export interface PdfOptions {
  /** The Chromium (or Chrome) executable (REPORT_CHROMIUM_PATH). */
  executablePath: string;
  timeoutMs?: number;
}

/** Pages printed at once; more wait their turn (each print starts a browser). */
const MAX_PRINTS = 2;
let printing = 0;
const waiting: (() => void)[] = [];

/**
 * Prints a self-contained HTML page (the report: inline CSS and SVG, no scripts, no requests) to an A4 PDF with
 * headless Chromium. Throws `RENDERER_UNAVAILABLE` when Chromium cannot be started.
 */
export async function renderPdf(html: string, options: PdfOptions): Promise<Buffer> {
  if (printing >= MAX_PRINTS) await new Promise<void>((resolve) => waiting.push(resolve));
  printing++;
  try {
    // Loaded on the first print: playwright-core costs about half a second of CPU and 80 MiB to import, which every
    // process that merely links the report package (the analysis service's schedulers) would otherwise pay.
    const { chromium } = await import('playwright-core');
    const browser = await chromium
      .launch({
        executablePath: options.executablePath,
        timeout: options.timeoutMs ?? 30_000,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      })
      .catch((cause: unknown) => {
        throw new PantauError(
          'RENDERER_UNAVAILABLE',
          `report PDF: Chromium could not be started at ${options.executablePath} (REPORT_CHROMIUM_PATH)`,
          {
            cause,
            retryable: false,
          },
        );
      });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load', timeout: options.timeoutMs ?? 30_000 });
      return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
    } finally {
      await browser.close();
    }
  } finally {
    printing--;
    waiting.shift()?.();
  }
}
