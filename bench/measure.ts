/** A small throughput meter: warm up, then run `fn` for a fixed time at a given concurrency. */
import { performance } from 'node:perf_hooks';

export type Measurement = {
  name: string;
  ops: number;
  opsPerSecond: number;
  microsPerOp: number;
  /**
   * CPU time of the whole process (every thread: GC, the libuv pool) per operation: what
   * the work costs, whatever else the machine runs meanwhile.
   */
  cpuMicrosPerOp: number;
  /**
   * CPU time of the calling thread alone per operation: the handlers' share, without the
   * embedded database's thread (shared/adapters/local/dynalite.ts).
   */
  threadCpuMicrosPerOp: number;
};

export async function measure(
  name: string,
  fn: () => Promise<unknown> | unknown,
  options: { ms?: number; warmUpMs?: number; concurrency?: number } = {},
): Promise<Measurement> {
  const { ms = 3_000, warmUpMs = 500, concurrency = 1 } = options;
  const runFor = async (duration: number) => {
    let ops = 0;
    const cpuStart = process.cpuUsage();
    const threadCpuStart = process.threadCpuUsage();
    const start = performance.now();
    const deadline = start + duration;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          await fn();
          ops += 1;
        }
      }),
    );
    const elapsed = performance.now() - start;
    const { user, system } = process.cpuUsage(cpuStart);
    const thread = process.threadCpuUsage(threadCpuStart);
    return { ops, elapsed, cpuMicros: user + system, threadCpuMicros: thread.user + thread.system };
  };
  await runFor(warmUpMs);
  const { ops, elapsed, cpuMicros, threadCpuMicros } = await runFor(ms);
  const opsPerSecond = (ops * 1000) / elapsed;
  const result = {
    name,
    ops,
    opsPerSecond,
    microsPerOp: (elapsed * 1000 * concurrency) / ops,
    cpuMicrosPerOp: cpuMicros / ops,
    threadCpuMicrosPerOp: threadCpuMicros / ops,
  };
  console.log(
    `${name.padEnd(58)} ${opsPerSecond.toFixed(0).padStart(8)}/s  ${result.microsPerOp
      .toFixed(0)
      .padStart(7)} µs/op${concurrency > 1 ? `  (concurrency ${concurrency})` : ''}`,
  );
  return result;
}

export function memoryLine(): string {
  const { rss, heapUsed } = process.memoryUsage();
  return `memory: rss ${(rss / 2 ** 20).toFixed(0)} MiB, heap used ${(heapUsed / 2 ** 20).toFixed(0)} MiB`;
}
