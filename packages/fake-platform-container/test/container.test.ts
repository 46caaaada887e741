import { inspect } from 'node:util';
import { InvalidParameterError } from '@neural/integrations-core';
import { getContainerRuntimeClient, ImageName } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildFakePlatformImage,
  FakePlatformContainer,
  IMAGE_DIGEST_LABEL,
  type StartedFakePlatformContainer,
} from '../src/index.js';
import { containerSuiteTitle, fakePlatformImage, noContainerEngine } from './support.js';

const API_KEY = 'fake-container-key-0001';

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

async function token(url: string, apiKey: string): Promise<Response> {
  return fetch(`${url}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey }),
  });
}

async function containerExists(id: string): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  return (await client.container.list()).some((container) => container.Id === id);
}

describe.skipIf(noContainerEngine)(
  containerSuiteTitle('FakePlatformContainer, across the container network boundary'),
  () => {
    let platform: StartedFakePlatformContainer;

    beforeAll(async () => {
      platform = await new FakePlatformContainer(fakePlatformImage).withApiKey(API_KEY).start();
    });
    afterAll(async () => {
      await platform?.stop();
    });

    it('hands back a URL on this machine and the API key the platform accepts', async () => {
      expect(platform.getUrl()).toMatch(/^http:\/\/[^/]+:\d+$/);
      expect(platform.getApiKey()).toBe(API_KEY);
      const response = await token(platform.getUrl(), platform.getApiKey());
      expect(response.status).toBe(200);
      expect(await json(response)).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String) });
    });

    it('refuses a wrong API key with 401 INVALID_API_KEY', async () => {
      const response = await token(platform.getUrl(), 'not-the-key-at-all');
      expect(response.status).toBe(401);
      expect(await json(response)).toMatchObject({ code: 'INVALID_API_KEY' });
    });

    it('runs a submitted job to completion and returns its printed output', async () => {
      const { accessToken } = (await json(await token(platform.getUrl(), API_KEY))) as {
        accessToken: string;
      };
      const auth = { authorization: `Bearer ${accessToken}` };
      const submitted = await fetch(`${platform.getUrl()}/v1/jobs`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'container-round-trip',
          code: "# @fake queue=10ms\n# @fake duration=50ms\nprint('hello from the container')\n",
        }),
      });
      expect(submitted.status).toBe(201);
      const job = (await json(submitted)) as { id: string; state: string };
      expect(job.state).toBe('QUEUED');

      // The server's long-poll wakes on each state change, so this loop waits on events, not on a timer.
      let state = job.state;
      for (let changes = 0; state !== 'COMPLETED' && changes < 10; changes++) {
        const waited = await fetch(
          `${platform.getUrl()}/v1/jobs/${job.id}/wait?since=${state}&timeoutMs=5000`,
          { headers: auth },
        );
        expect(waited.status).toBe(200);
        state = ((await json(waited)) as { state: string }).state;
      }
      expect(state).toBe('COMPLETED');

      const readBack = await json(await fetch(`${platform.getUrl()}/v1/jobs/${job.id}`, { headers: auth }));
      expect(readBack).toMatchObject({ id: job.id, name: 'container-round-trip', state: 'COMPLETED' });
      const result = await json(
        await fetch(`${platform.getUrl()}/v1/jobs/${job.id}/result`, { headers: auth }),
      );
      expect(result).toMatchObject({ jobId: job.id, state: 'COMPLETED', output: 'hello from the container' });
    });

    it('keeps the control routes off unless asked for', async () => {
      expect(platform.isControlEnabled()).toBe(false);
      const response = await fetch(`${platform.getUrl()}/v1/_control/requests`);
      expect(response.status).toBe(404);
      expect(await json(response)).toMatchObject({ code: 'CONTROL_DISABLED' });
      await expect(platform.setFaults({ rate: 1 })).rejects.toSatisfy(InvalidParameterError.isInstance);
    });

    it('never shows the API key in JSON or util.inspect', () => {
      expect(JSON.stringify(platform)).not.toContain(API_KEY);
      expect(inspect(platform, { depth: 10 })).not.toContain(API_KEY);
      expect(JSON.stringify(platform)).toContain(platform.getUrl());
    });
  },
);

describe.skipIf(noContainerEngine)(
  containerSuiteTitle('FakePlatformContainer with control and faults'),
  () => {
    it('applies every fault option through the control routes', async () => {
      const platform = await new FakePlatformContainer(fakePlatformImage)
        .withControl()
        .withFaults({ rate: 1, kinds: ['unavailable'], routes: {} })
        .start();
      try {
        const faulted = await token(platform.getUrl(), platform.getApiKey());
        expect(faulted.status).toBe(503);
        expect(await json(faulted)).toMatchObject({ code: 'UNAVAILABLE' });

        await platform.setFaults({ rate: 0 });
        expect((await token(platform.getUrl(), platform.getApiKey())).status).toBe(200);
      } finally {
        await platform.stop();
      }
    });
  },
);

describe.skipIf(noContainerEngine)(containerSuiteTitle('FakePlatformContainer lifecycle'), () => {
  it('passes a fault rate on the command line when control is off; stop() stops and removes the container', async () => {
    const platform = await new FakePlatformContainer(fakePlatformImage)
      .withFaults({ rate: 1 })
      .withSeed(7)
      .start();
    const id = platform.getId();
    try {
      expect(await containerExists(id)).toBe(true);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        const response = await token(platform.getUrl(), platform.getApiKey()).catch(() => undefined);
        statuses.push(response?.status ?? 0);
      }
      // With rate 1 every request draws a fault; the latency kind still answers 200, so the check is that
      // some requests failed (an error status, or 0 for a dropped connection), where a fault-free platform
      // answers every request with 200 (see the first suite).
      expect(statuses.filter((status) => status !== 200).length).toBeGreaterThan(0);
    } finally {
      await platform.stop();
    }
    expect(await containerExists(id)).toBe(false);
  });

  it('removes a container that was created but could not start', async () => {
    class BrokenEntrypoint extends FakePlatformContainer {
      createdId: string | undefined;
      protected override async containerCreated(containerId: string): Promise<void> {
        this.createdId = containerId;
        await super.containerCreated(containerId);
      }
    }
    const broken = new BrokenEntrypoint(fakePlatformImage).withEntrypoint(['/no/such/binary']);
    await expect(broken.start()).rejects.toMatchObject({ code: 'CONTAINER_START_FAILED' });
    expect(broken.createdId).toBeDefined();
    expect(await containerExists(broken.createdId as string)).toBe(false);
  });

  it('builds the image once: a second build with the same contents only checks its digest label', async () => {
    const again = await buildFakePlatformImage({ tag: fakePlatformImage as string });
    expect(again.built).toBe(false);
    const client = await getContainerRuntimeClient();
    const image = await client.image.inspect(ImageName.fromString(fakePlatformImage as string));
    expect(image.Config.Labels?.[IMAGE_DIGEST_LABEL]).toBe(again.digest);
    // FROM scratch with one COPY: a single layer, nothing from any base image.
    expect(image.RootFS.Layers).toHaveLength(1);
  });
});
