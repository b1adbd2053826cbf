/**
 * What the sequencer is made of: the tree (its table alone writes it), the events table (its
 * stream, and a scan for sweeps), the former chains (read once, by the import), and the
 * audit key — `Sign`, and its public key for the C2SP key ID.
 */
import { MetricAuditAlarm } from '../adapters/cloudwatch/auditAlarm.ts';
import { DynamoDbAuditEvents } from '../adapters/dynamodb/auditEvents.ts';
import { DynamoDbAuditTree } from '../adapters/dynamodb/auditTree.ts';
import { DynamoDbLegacyAuditChains } from '../adapters/dynamodb/legacyAuditChains.ts';
import { type Config, ConfigurationError } from '../config.ts';
import { originOf, spkiOfJwk } from '../domain/audit/checkpoint.ts';
import { systemClock } from '../ports/clock.ts';
import type { AuditSequencerDependencies } from '../usecases/auditSequencer.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { auditPublicKeySource, auditSigner } from './signers.ts';

export async function composeAuditSequencer(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents } = platform;
  const signer = await auditSigner(platform);
  const published = (await (await auditPublicKeySource(platform)).listKeys()).find(
    (key) => key.keyId === signer.keyId,
  );
  if (!published) throw new ConfigurationError('the audit key has no public key');
  const dependencies: AuditSequencerDependencies = {
    tree: new DynamoDbAuditTree(documents, config.tables.auditTree),
    events: new DynamoDbAuditEvents(documents, config.tables.auditEvents),
    legacy: new DynamoDbLegacyAuditChains(documents, config.tables.audit),
    signer,
    signerSpki: spkiOfJwk(published.publicKeyJwk),
    origin: originOf(config.issuer.did),
    clock: systemClock,
  };
  return { dependencies, alarm: new MetricAuditAlarm() };
}
