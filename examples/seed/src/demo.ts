import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '@neural/integrations-core';
import { MyPlatform } from './my-platform.js';
import { MyPlatformConnector } from './my-platform-connector.js';

/** What every example's `run()` takes: tests pass a manual clock and collect the printed lines. */
export interface ExampleOptions {
  /** Where time is read and waited on. Default `systemClock` (the demo platform's jobs take ~100 ms). */
  clock?: Clock;
  /** Where the example prints. Default `console.log`. */
  print?: (line: string) => void;
}

/** The key the demo platform accepts. */
export const DEMO_API_KEY = 'mp-demo-key-0123456789';
/** The demo platform's endpoint, as the seed's credentials name it. */
export const DEMO_ENDPOINT = 'https://api.myplatform.example';

/** A fresh demo platform and a connector signed in to it. */
export function createDemo(options: ExampleOptions = {}) {
  const clock = options.clock ?? systemClock;
  const platform = new MyPlatform({ apiKeys: [DEMO_API_KEY], clock });
  const connector = new MyPlatformConnector(
    { apiKey: DEMO_API_KEY, endpoint: DEMO_ENDPOINT },
    { platform, clock },
  );
  return { clock, platform, connector, print: options.print ?? ((line: string) => console.log(line)) };
}

/** Runs `run` when the file is executed directly (`tsx src/polling.ts`), not when it is imported. */
export function runIfMain(meta: ImportMeta, run: () => Promise<unknown>): void {
  const entry = process.argv[1];
  if (entry === undefined || resolve(entry) !== fileURLToPath(meta.url)) return;
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
