/**
 * A worker thread of `npm run verify -- --batch DIR` (see `verifyBatch.ts`): verifies the
 * files of each job it is sent, replies with their verdicts, and exits when sent `null`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type Job, type JobDone, verifyFiles, type WorkerSetup } from './verifyBatch.ts';

const port = parentPort;
if (port === null) throw new Error('verifyBatchWorker.ts runs only as a worker thread');
const setup = workerData as WorkerSetup;

port.on('message', async (job: Job | null) => {
  if (job === null) {
    port.close();
    return;
  }
  const done: JobDone = { start: job.start, verdicts: await verifyFiles(job.files, setup) };
  port.postMessage(done);
});
