/** What the oversight functions are made of: each its own tables; only one holds a key. */
import { DynamoDbAgencyDirectory } from '../adapters/dynamodb/agencyDirectory.ts';
import { DynamoDbInquirySubjects } from '../adapters/dynamodb/inquirySubjects.ts';
import { DynamoDbNoticeStore } from '../adapters/dynamodb/noticeStore.ts';
import { DynamoDbOversightLedger } from '../adapters/dynamodb/oversightLedger.ts';
import {
  DynamoDbComplaintStore,
  DynamoDbOpinionStore,
} from '../adapters/dynamodb/oversightStores.ts';
import type { Config } from '../config.ts';
import {
  noticesFunction,
  oversightFunction,
  oversightSummaryFunction,
} from '../definitions/functions.ts';
import { randomIds } from '../ports/ids.ts';
import type { NoticeDependencies, OversightDependencies } from '../usecases/oversight.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { idempotencyStore } from './idempotency.ts';
import { macGenerator } from './macs.ts';
import { type Platform, type PlatformOverrides, platformOf } from './platform.ts';

export async function composeOversight(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const mac = await macGenerator(platform);
  const dependencies: OversightDependencies = {
    mac,
    cipher: await envelopeCipher(platform, ['oversight']),
    opinions: new DynamoDbOpinionStore(documents, c.tables.opinions),
    complaints: new DynamoDbComplaintStore(documents, c.tables.complaints),
    inquirySubjects: new DynamoDbInquirySubjects(documents, c.tables.inquiries),
    directory: new DynamoDbAgencyDirectory(documents, c.tables.agencyDirectory),
    audit: await auditLog(platform, oversightFunction.name),
    clock: clockOf(config),
    ids: randomIds,
  };
  return { dependencies, idempotency: await idempotencyStore(platform, oversightFunction.name) };
}

export async function composeNotices(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const dependencies: NoticeDependencies = {
    notices: new DynamoDbNoticeStore(documents, c.tables.notices),
    audit: await auditLog(platform, noticesFunction.name),
    clock: clockOf(config),
  };
  return { dependencies, idempotency: await idempotencyStore(platform, noticesFunction.name) };
}

function oversightLedger(platform: Platform): DynamoDbOversightLedger {
  const { documents, config: c } = platform;
  return new DynamoDbOversightLedger(documents, {
    inquiries: c.tables.inquiries,
    notices: c.tables.notices,
    opinions: c.tables.opinions,
    complaints: c.tables.complaints,
    reviews: c.tables.reviews,
  });
}

export async function composeOversightSummary(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  return {
    ledger: oversightLedger(platform),
    audit: await auditLog(platform, oversightSummaryFunction.name),
    clock: clockOf(config),
  };
}

/** The hourly overdue count: the same ledger, no audit log (it reads states only). */
export function composeOverdueMetrics(config: Config, overrides: PlatformOverrides = {}) {
  const ledger = oversightLedger(platformOf(config, overrides));
  const clock = clockOf(config);
  const noAudit = {
    append: async () => {
      throw new Error('the overdue count appends nothing');
    },
  };
  return { ledger, audit: noAudit, clock };
}
