import { inject } from 'vitest';

const image = inject('fakePlatformImage');
const skipReason = inject('containerSkipReason');

/** The image the global setup built, or `undefined` when container tests are skipped. */
export const fakePlatformImage: string | undefined = image ?? undefined;

/** True when no container engine is available here; the tests that need one are then skipped. */
export const noContainerEngine = image === null;

/** A describe title that says, when skipped, why. */
export function containerSuiteTitle(title: string): string {
  return noContainerEngine ? `${title} [SKIPPED: ${skipReason}]` : title;
}
