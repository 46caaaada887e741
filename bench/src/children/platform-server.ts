/**
 * The standalone fake platform in its own process. argv[2]: JSON options for `startFakePlatformServer`.
 * Requests: `seed` (submit `count` jobs straight into the model, no HTTP), `jobCount`.
 */
import { startFakePlatformServer } from '@neural/fake-platform';
import { z } from 'zod';
import { serveRequests } from '../child.js';

const OptionsSchema = z.object({
  apiKey: z.string().min(8),
  maxFileBytes: z.number().int().positive().optional(),
  maxRecordedRequests: z.number().int().nonnegative().optional(),
});
const SeedSchema = z.object({ count: z.number().int().nonnegative(), code: z.string().min(1) });

try {
  const options = OptionsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const server = await startFakePlatformServer({ port: 0, ...options });
  serveRequests(async (message) => {
    switch (message.type) {
      case 'seed': {
        const { count, code } = SeedSchema.parse(message);
        for (let i = 0; i < count; i++) server.model.submitJob({ code, name: `seeded-${i}` });
        return { type: 'seeded', jobCount: server.model.jobCount };
      }
      case 'jobCount':
        return { type: 'jobCount', jobCount: server.model.jobCount };
      default:
        throw new Error(`unknown request ${String(message.type)}`);
    }
  });
  process.send?.({ type: 'ready', url: server.url, apiKey: server.apiKey });
} catch (error) {
  process.send?.({ type: 'error', error: error instanceof Error ? error.stack : String(error) });
  process.exit(1);
}
