import {
  AuthenticationError,
  CloudConnectionError,
  CloudException,
  InvalidParameterError,
  JobNotFoundError,
} from '@neural/integrations-core';
import { createDemo, DEMO_ENDPOINT, type ExampleOptions, runIfMain } from './demo.js';
import { MyPlatformConnector } from './my-platform-connector.js';

/** The seed's "Error Handling": every failure is a typed `CloudException`, recognisable with `isInstance`. */
export async function run(options: ExampleOptions = {}) {
  const { connector, platform, clock, print } = createDemo(options);
  const caught: string[] = [];
  const report = (what: string, error: unknown) => {
    if (!CloudException.isInstance(error)) throw error;
    caught.push(error.name);
    print(`${what}: ${error.name} (${error.code}, retryable: ${error.retryable}): ${error.message}`);
  };

  // Wrong credentials: authenticate() says false rather than throwing; other calls throw AuthenticationError.
  const impostor = new MyPlatformConnector(
    { apiKey: 'wrong-key', endpoint: DEMO_ENDPOINT },
    { platform, clock },
  );
  const accepted = await impostor.authenticate();
  print(`Authentication with a wrong key: ${accepted}`);
  try {
    await impostor.submitJob({ code: "print('hi')" });
  } catch (error) {
    if (AuthenticationError.isInstance(error)) report('Submit with a wrong key', error);
    else throw error;
  }

  // Bad input is refused before anything is sent, naming every field and the rule it breaks.
  try {
    await connector.submitJob({ code: '', jobName: 'has spaces', environment: { '1BAD': 'x' } });
  } catch (error) {
    if (InvalidParameterError.isInstance(error)) report('Submit with bad input', error);
    else throw error;
  }

  // An unknown job id.
  try {
    await connector.getJobStatus('mp-does-not-exist');
  } catch (error) {
    if (JobNotFoundError.isInstance(error)) report('Status of an unknown job', error);
    else throw error;
  }

  // Transient outages are retried by the connector: two 503s, then the submit goes through.
  platform.failNextRequests(2);
  const jobId = await connector.submitJob({ code: "print('survived an outage')" });
  print(`Submitted ${jobId} after the platform recovered`);

  // A longer outage than the retries cover surfaces as a retryable CloudConnectionError.
  platform.failNextRequests(10);
  try {
    await connector.getJobStatus(jobId);
  } catch (error) {
    if (CloudConnectionError.isInstance(error)) report('Status during an outage', error);
    else throw error;
  }
  platform.failNextRequests(0);

  return { accepted, caught, jobId };
}

runIfMain(import.meta, run);
