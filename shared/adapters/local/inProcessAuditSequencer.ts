/**
 * The local stand-in for the events table's DynamoDB stream (dynalite has none) and for the
 * synchronous invocation of the sequencer: each event a writer puts is delivered, as a
 * stream INSERT record, to the very same sequencer handler — in batches, after the put, off
 * the request's path, one batch at a time (as reserved concurrency 1 does in AWS).
 *
 * Nothing is lost when the process dies between a put and its sequencing: the local stack
 * sweeps the events table before it reports ready (`sweep`), as an operator does in AWS after
 * the stream lost records. A redelivered event is sequenced once (the sequencer's markers).
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { DependencyUnavailableError } from '../../errors.ts';
import type { AuditSequencerClient, WrittenEvent } from '../../ports/auditTree.ts';
import { lambdaContext } from './apiGatewayServer.ts';

export type SequencerHandler = (event: unknown, context?: unknown) => Promise<unknown>;

/** How long writes gather before a batch is delivered: larger batches, fewer tree writes. */
const GATHER_MS = 100;
const MAX_BATCH = 1000;
const MAX_ATTEMPTS = 5;

function streamRecord(event: WrittenEvent): DynamoDBRecord {
  const image = {
    eventKey: { S: event.eventKey },
    record: { S: event.record },
    digest: { S: event.digest },
  };
  return {
    eventID: randomUUID(),
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: 'local',
    dynamodb: {
      Keys: { eventKey: image.eventKey },
      NewImage: image,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: 'arn:aws:dynamodb:local:000000000000:table/AuditEvents/stream/local',
  };
}

export class InProcessAuditSequencer implements AuditSequencerClient {
  #handler: SequencerHandler | undefined;
  readonly #pending: WrittenEvent[] = [];
  /** Every delivery and request runs on this one chain: one sequencer at a time. */
  #chain: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #failures = 0;

  setHandler(handler: SequencerHandler | undefined): void {
    this.#handler = handler;
    if (handler && this.#pending.length > 0) this.#gather();
  }

  /** A writer's put succeeded: the event goes to the sequencer with the next batch. */
  written(event: WrittenEvent): void {
    this.#pending.push(event);
    if (this.#handler) this.#gather();
  }

  /** Resolves once every event written so far was delivered (or given up on). */
  async drain(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#pending.length > 0 && this.#handler) {
      await this.#enqueue(() => this.#deliver());
    }
    await this.#chain;
  }

  /** Batches given up on after every attempt failed (the next sweep sequences them). */
  get failures(): number {
    return this.#failures;
  }

  async checkpoint(): Promise<{ size: number; root: Uint8Array; note: string }> {
    await this.drain();
    const answer = (await this.#enqueue(() => this.#invoke({ action: 'checkpoint' }))) as {
      size: number;
      root: string;
      note: string;
    };
    return { ...answer, root: new Uint8Array(Buffer.from(answer.root, 'base64')) };
  }

  /** Imports the former hash chains (done by the first sequencing anyway): what it did. */
  async migrate(): Promise<{ imported: number; size: number }> {
    await this.drain();
    return (await this.#enqueue(() => this.#invoke({ action: 'migrate' }))) as {
      imported: number;
      size: number;
    };
  }

  /** Sequences whatever was written and never sequenced (a previous process died). */
  async sweep(): Promise<void> {
    await this.drain();
    await this.#enqueue(() => this.#invoke({ action: 'sweep' }));
  }

  #gather(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#enqueue(() => this.#deliver()).catch(() => undefined);
    }, GATHER_MS);
    this.#timer.unref();
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(work, work);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #deliver(): Promise<void> {
    const batch = this.#pending.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    const event: DynamoDBStreamEvent = { Records: batch.map(streamRecord) };
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        await this.#invoke(event);
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      }
    }
    this.#failures += 1;
  }

  async #invoke(event: unknown): Promise<unknown> {
    const handler = this.#handler;
    if (handler === undefined) throw new DependencyUnavailableError('audit-sequencer');
    try {
      return await handler(event, lambdaContext('audit-sequencer', randomUUID()));
    } catch (cause) {
      throw new DependencyUnavailableError('audit-sequencer', { cause });
    }
  }
}

/** One sequencer per process, as one per deployment. */
export const inProcessAuditSequencer = new InProcessAuditSequencer();
