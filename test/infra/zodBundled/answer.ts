/**
 * Runs in a fresh process: loads a probe module (the source, or its bundle) and prints its
 * answers to the probes in a JSON file. Usage: node answer.ts <module> <probes.json>
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [module, probesFile] = process.argv.slice(2);
if (!module || !probesFile) throw new Error('usage: answer.ts <module> <probes.json>');
const probe = (await import(pathToFileURL(module).href)) as {
  answers(probes: unknown[]): string;
};
process.stdout.write(probe.answers(JSON.parse(readFileSync(probesFile, 'utf8')) as unknown[]));
