/** A fake AWS behind an MSW server for the file's tests, with every exchange recorded as it crossed the wire. */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createFakeAws, type FakeAwsOptions } from '../../src/fake/index.js';
import { recordWire } from './wire-recorder.js';

/** Creates the fake and its recorded server, listening for the test file's duration. */
export function useRecordedFake(options: FakeAwsOptions = {}) {
  const fake = createFakeAws(options);
  const server = setupServer(...fake.handlers);
  const wire = recordWire(server);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => {
    wire.stop();
    server.close();
  });
  return { fake, wire };
}
