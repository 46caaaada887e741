import {
  BaseConnector,
  JobResult,
  JobStatus,
  type JobSummary,
  type SubmitJobRequest,
} from '@neural/integrations-core';

/** The seed README's `MyPlatformConnector`, ported line for line: every answer is hard-coded. */
export class MyPlatformConnector extends BaseConnector<{ apiKey: string; endpoint: string }> {
  async authenticate(): Promise<boolean> {
    if (!this.credentials.apiKey || !this.credentials.endpoint) return false;
    this.authenticated = true;
    return true;
  }
  async submitJob(_request: SubmitJobRequest): Promise<string> {
    return 'job-123';
  }
  async getJobStatus(_jobId: string): Promise<JobStatus> {
    return JobStatus.RUNNING;
  }
  async getJobResult(jobId: string): Promise<JobResult> {
    return new JobResult({
      jobId,
      status: JobStatus.SUCCEEDED,
      output: 'Job completed',
      durationSeconds: 10.5,
    });
  }
  async cancelJob(_jobId: string): Promise<boolean> {
    return true;
  }
  async listJobs(): Promise<JobSummary[]> {
    return [];
  }
  async getLogs(_jobId: string): Promise<string> {
    return 'Job logs...';
  }
}
