/**
 * cdk-nag (AWS Solutions and NIST 800-53 rev 5) runs as a validation plugin on every
 * synthesis: the app has no unacknowledged finding, every acknowledgement gives a specific
 * reason, and a new non-compliant construct fails synthesis.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { build } from './support.ts';

type Acknowledgement = { path: string; id: string; reason: string };

function acknowledgements(root: IConstruct): Acknowledgement[] {
  const found: Acknowledgement[] = [];
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, id, reason });
      }
    }
  }
  return found;
}

describe('cdk-nag', () => {
  it('reports no unacknowledged finding for the app', () => {
    const { app } = build();
    const assembly = app.synth();
    const report = JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as { pluginReports: { violations: unknown[] }[] };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
  });

  it('acknowledges each finding on a resource of this app, with a specific reason', () => {
    const { app } = build();
    const found = acknowledgements(app);
    expect(found.length).toBeGreaterThan(0);
    for (const { path, id, reason } of found) {
      expect(path, id).toMatch(/^SealedRecords\//);
      expect(id).toMatch(/(AwsSolutions|NIST\.800\.53\.R5)-/);
      expect(reason.length, `${path} ${id}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('fails synthesis when a construct with a new finding is added', () => {
    const { app, stack } = build();
    new Topic(stack, 'UnencryptedTopic');
    expect(() => app.synth()).toThrow(
      /AwsSolutions-SNS3[\s\S]*UnencryptedTopic|UnencryptedTopic[\s\S]*AwsSolutions-SNS3/,
    );
  });

  it('does not let one acknowledgement hide another rule on the same construct', () => {
    const { app, stack } = build();
    const topic = new Topic(stack, 'HalfAcknowledgedTopic');
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS3',
      reason:
        'Acknowledged in this test only, to show that the other findings still fail synthesis.',
    });
    expect(() => app.synth()).toThrow(/NIST\.800\.53\.R5-SNSEncryptedKMS/);
  });
});
