import { batchSubmitJobs } from '@neural/integrations-core';
import { startPlatform } from './platform.js';

const p = await startPlatform();
const c = p.connector();
await c.authenticate();
const jobs = Array.from({ length: 5000 }, (_, i) => ({
  code: '# @fake duration=1s\nprint("batch")',
  jobName: `b-${i}`,
}));
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const res = await batchSubmitJobs(c, jobs, { concurrency: 32 });
  const u = process.cpuUsage(cpu);
  console.log(
    'jobs/s',
    (5000 / ((performance.now() - t) / 1000)).toFixed(0),
    'client cpu us/job',
    ((u.user + u.system) / 5000).toFixed(0),
    res.failures.length,
  );
}
await p.stop();
