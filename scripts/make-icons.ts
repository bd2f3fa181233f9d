/**
 * Renders the app's icons (assets/icons/*.png, for the web app manifest) from assets/icons/icon.svg with
 * Debian's Chromium. Run by hand when the icon changes: `npx tsx scripts/make-icons.ts`.
 */
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const svg = readFileSync('assets/icons/icon.svg', 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  for (const [name, size, inset] of [
    ['icon-192.png', 192, 0],
    ['icon-512.png', 512, 0],
    // A maskable icon keeps its picture inside the middle 80%, which every mask shape leaves whole.
    ['icon-maskable-512.png', 512, 0.1],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const pad = Math.round(size * inset);
    await page.setContent(
      `<body style="margin:0;background:#05060a"><div style="padding:${pad}px">` +
        `${svg.replace('<svg ', `<svg width="${size - 2 * pad}" height="${size - 2 * pad}" `)}</div></body>`,
    );
    await page.screenshot({ path: `assets/icons/${name}`, omitBackground: false });
    await page.close();
  }
} finally {
  await browser.close();
}
