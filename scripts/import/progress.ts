/** The import's progress as numbers and as the plain line printed when no terminal is attached. */
import type { ImportProgress } from './localImport.ts';

/** Records finished per second since the import started. */
export function ratePerSecond(progress: ImportProgress, now = Date.now()): number {
  const seconds = (now - progress.startedAt) / 1000;
  return seconds > 0 ? progress.counts.records / seconds : 0;
}

/** Seconds left at the rate the file has been done so far; undefined before there is a rate. */
export function etaSeconds(progress: ImportProgress, now = Date.now()): number | undefined {
  const seconds = (now - progress.startedAt) / 1000;
  if (progress.bytesDone === 0 || seconds <= 0) return undefined;
  const bytesPerSecond = progress.bytesDone / seconds;
  return Math.max(0, (progress.bytesTotal - progress.bytesDone) / bytesPerSecond);
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** e.g. `progress: 12345 records (34% of the file), 456 records/s, ETA 1m 20s` */
export function progressLine(progress: ImportProgress, now = Date.now()): string {
  const share =
    progress.bytesTotal > 0 ? Math.floor((100 * progress.bytesDone) / progress.bytesTotal) : 100;
  const eta = etaSeconds(progress, now);
  return (
    `progress: ${progress.counts.records} records (${share}% of the file), ` +
    `${ratePerSecond(progress, now).toFixed(0)} records/s, ETA ${eta === undefined ? '?' : duration(eta)}`
  );
}
