/**
 * One headless Chromium for the browser files: started once a run by the global set-up of the
 * project they are in (vitest.config.ts, `suite`; a run without its files starts none). Each
 * file opens its own context in it — separate cookies, storage, downloads and request log, as
 * a fresh browser profile had — instead of starting a browser of its own (about two seconds of
 * CPU each). A file that needs a browser started differently (a fake camera, another font
 * configuration) still launches its own, from the same executable.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Download } from 'playwright-core';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';

export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and nothing the browser would fetch on its own: the files count every request. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumEndpoint: string;
  }
}

/** The `suite` project's global set-up: the browser, for the run. */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the browser tests need it ` +
        '(`apt-get install -y chromium`, never `npx playwright install`).',
    );
  }
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  project.provide('chromiumEndpoint', server.wsEndpoint());
  return () => server.close();
}

type BrowserContextOptions = Parameters<Browser['newContext']>[0];

/** A context of its own in the run's browser; closing it closes the connection too. */
export async function newBrowserContext(
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const browser = await chromium.connect(inject('chromiumEndpoint'));
  const context = await browser.newContext(options);
  const closeContext = context.close.bind(context);
  context.close = async (closing) => {
    await closeContext(closing);
    await browser.close();
  };
  return context;
}

/** A download's bytes: the browser is another process's, so read through its stream, not a path. */
export async function downloadedBytes(download: Download): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
