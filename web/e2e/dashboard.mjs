// Drives Debian's Chromium (headless, through playwright-core) against a running local stack:
// sign in through the development provider, watch the live gauge follow device-sim, check that
// every chart renders data from the API, change a setting until its outbox entry is confirmed,
// sign out. Saves a screenshot of every page and fails when the dashboard needs more than 2 s
// from navigation to data. Reads K12N_GATEWAY_URL, K12N_IDP_USER, K12N_IDP_PASSWORD and
// E2E_OUTPUT_DIR from the environment (run.sh sets them).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const need = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = need('K12N_GATEWAY_URL');
const username = need('K12N_IDP_USER');
const password = need('K12N_IDP_PASSWORD');
const outDir = need('E2E_OUTPUT_DIR');
const TIME_TO_DATA_BUDGET_MS = 2_000;
mkdirSync(outDir, { recursive: true });
rmSync(join(outDir, 'failure.png'), { force: true });

const step = (text) => console.log(`e2e: ${text}`);
const userDataDir = mkdtempSync(join(tmpdir(), 'k12n-e2e-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const shot = (page, name) => page.screenshot({ path: join(outDir, `${name}.png`), fullPage: true });

/** Waits until the widget shows data and returns how many chart marks of `selector` it drew. */
async function chartMarks(page, widget, selector) {
  const card = page.locator(`[data-testid="${widget}"]`);
  await card.locator(selector).first().waitFor({ timeout: 30_000 });
  const state = await card.getAttribute('data-state');
  const count = await card.locator(selector).count();
  if (state !== 'ready' || count === 0) throw new Error(`${widget}: state ${state}, ${count} marks`);
  step(`${widget}: ${count} marks`);
  return count;
}

let failed = false;
const page = await context.newPage();
page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
try {
  step('sign in through the development provider');
  await page.goto(`${base}/dashboard`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#username').waitFor({ timeout: 15_000 });
  await shot(page, '0-idp-login');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/dashboard`, { timeout: 15_000 });
  await page.locator('[data-testid="username"]').filter({ hasText: username }).waitFor({ timeout: 10_000 });
  // offline_access was granted: renewal before expiry uses the refresh token.
  const session = await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user'));
    return key ? JSON.parse(sessionStorage.getItem(key) ?? '{}') : {};
  });
  if (!session.refresh_token || !session.access_token) throw new Error('no access and refresh token after sign-in');
  const claims = JSON.parse(Buffer.from(session.access_token.split('.')[1], 'base64url').toString());
  step(`access token: aud ${claims.aud}, scope "${claims.scope}", refresh token present`);

  step('the live gauge follows device-sim');
  const gauge = page.locator('[data-testid="live-power"][data-state="ready"]');
  await gauge.waitFor({ timeout: 15_000 });
  const first = await gauge.getAttribute('data-watts');
  await page.waitForFunction(
    (before) => document.querySelector('[data-testid="live-power"]')?.getAttribute('data-watts') !== before,
    first,
    { timeout: 20_000 },
  );
  const kw = await page.locator('[data-testid="live-power-kw"]').textContent();
  step(`gauge moved from ${first} W to ${await gauge.getAttribute('data-watts')} W (${kw} kW)`);

  await chartMarks(page, 'hourly-consumption', '.recharts-bar-rectangle');
  await chartMarks(page, 'indoor-climate', '.recharts-line-curve, .recharts-line-dot');
  await page.locator('[data-testid="this-hour"][data-state="ready"]').waitFor();
  await page.locator('[data-testid="heatpump-status"][data-state="ready"]').waitFor();
  await shot(page, '1-dashboard');

  step('time from navigation to data on the dashboard');
  await page.goto(`${base}/heatpump`);
  await page.locator('[data-testid="heatpump-status"][data-state="ready"]').waitFor();
  const started = Date.now();
  await page.goto(`${base}/dashboard`);
  await Promise.all(
    ['this-hour', 'heatpump-status', 'temperatures', 'hourly-consumption', 'live-power'].map((id) =>
      page.locator(`[data-testid="${id}"][data-state="ready"]`).waitFor({ timeout: 10_000 }),
    ),
  );
  const timeToData = Date.now() - started;
  console.log(`dashboard time to data: ${timeToData} ms (budget ${TIME_TO_DATA_BUDGET_MS} ms)`);
  if (timeToData > TIME_TO_DATA_BUDGET_MS) throw new Error(`dashboard took ${timeToData} ms to show data`);

  step('energy page');
  await page.getByRole('link', { name: 'Energy' }).click();
  await chartMarks(page, 'day-consumption', '.recharts-bar-rectangle');
  await chartMarks(page, 'daily-energy', '.recharts-bar-rectangle');
  await chartMarks(page, 'monthly-energy', '.recharts-bar-rectangle');
  await shot(page, '2-energy');

  step('heat pump page');
  await page.getByRole('link', { name: 'Heat pump' }).click();
  await chartMarks(page, 'daily-runtime', '.recharts-bar-rectangle');
  await page.locator('[data-testid="temperatures"][data-state="ready"]').waitFor();
  await shot(page, '3-heatpump');

  step('settings: change the indoor target and wait for confirmation');
  await page.getByRole('link', { name: 'Settings' }).click();
  const target = page.locator('[data-testid="setting-indoor_target_temp"]').first();
  await target.waitFor({ timeout: 30_000 });
  const before = Number(await target.locator('.value').textContent());
  const up = target.getByRole('button', { name: 'increase indoor_target_temp' });
  const button = (await up.isEnabled()) ? up : target.getByRole('button', { name: 'decrease indoor_target_temp' });
  await button.click();
  const status = page.locator('[data-testid="outbox-status"]').first();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="outbox-status"]')?.textContent === 'confirmed',
    undefined,
    { timeout: 90_000 },
  );
  const after = Number(await target.locator('.value').textContent());
  step(`indoor target ${before} -> ${after}, outbox ${await status.textContent()}`);
  if (after === before) throw new Error('the setting did not change');
  await shot(page, '4-settings');

  step('sign out');
  // The app drops its session first (which already routes to /login), then leaves for the
  // provider's end-session page; wait for the provider's answer and the way back.
  const endSession = page.waitForResponse((r) => r.url().includes('/session/end/confirm'), { timeout: 15_000 });
  await page.getByRole('button', { name: 'Log out' }).click();
  await endSession;
  await page.waitForURL((url) => url.origin === new URL(base).origin && url.pathname === '/login', {
    timeout: 15_000,
  });
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  const stored = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user')));
  if (stored.length > 0) throw new Error(`tokens left in sessionStorage: ${stored.join(', ')}`);
  await shot(page, '5-signed-out');
  step(`passed; screenshots in ${outDir}`);
} catch (error) {
  failed = true;
  console.error(`e2e: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  await shot(page, 'failure').catch(() => undefined);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
