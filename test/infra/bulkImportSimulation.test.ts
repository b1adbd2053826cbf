/**
 * The bulk import's requests that no function makes, evaluated by a real IAM policy evaluator
 * against the template of a deployment with an import agency (iamSimulation.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { IamSimulator } from './iamSimulation.ts';
import { type Synthesized, synthesize } from './support.ts';
import { type TemplateJson, type TemplateValues, templateValues } from './templateValues.ts';

/**
 * The bulk import's requests that no function makes: an operator's upload and the state
 * machine's reads, invocations and result writes, as the services send them — simulated
 * against the operator's and the state machine's roles, the bucket policy and the files key's
 * policy. Among them the two uploads without an encryption header (the documented
 * `aws s3 cp`, and the result writer): the bucket's default encryption covers them.
 */
describe('The bulk import, against the template (IAM simulation)', () => {
  let bulk: { synthesized: Synthesized; values: TemplateValues; simulator: IamSimulator };
  const agency = { role: 'court', org: 'court-0105' };
  beforeAll(() => {
    const built = synthesize({ bulkImportAgencies: [agency] });
    const json = built.template.toJSON() as TemplateJson;
    const v = templateValues(json, { region: built.stack.region });
    bulk = { synthesized: built, values: v, simulator: new IamSimulator(json, v) };
  }, 300_000);

  async function decide(roleLogicalId: string, action: string, resource: string, context = {}) {
    const principal = bulk.values.arnOf(roleLogicalId);
    const identity = bulk.simulator.identityStatements(roleLogicalId);
    return bulk.simulator.decide(
      { principal, action, resource, context },
      identity,
      bulk.simulator.resourcePolicy(resource),
    );
  }

  const names = () => {
    const { synthesized: s, values: v } = bulk;
    const bucket = v.text({ Ref: s.logicalId(s.stack.bulkImport.bucket) });
    const object = (key: string) => `arn:${v.partition}:s3:::${bucket}/${key}`;
    const filesKey = v.arnOf(s.logicalId(s.stack.bulkImport.filesKey));
    const viaS3 = {
      'kms:ViaService': `s3.${v.region}.amazonaws.com.cn`,
      'kms:EncryptionContext:aws:s3:arn': `arn:${v.partition}:s3:::${bucket}`,
      'kms:EncryptionContextKeys': ['aws:s3:arn'],
    };
    const operator = s.logicalId(
      s.stack.bulkImport.operatorRoles.get(`${agency.role}/${agency.org}`) as never,
    );
    const machine = s.logicalId(s.stack.bulkImport.stateMachineRole);
    return { object, filesKey, viaS3, operator, machine };
  };
  const official = { 'aws:SourceIdentity': 'official-7' };

  it('an operator uploads under its agency and its own source identity, with or without the header', async () => {
    const { object, filesKey, viaS3, operator } = names();
    const file = object(`imports/court/court-0105/official-7/archive.ndjson`);
    expect(await decide(operator, 's3:PutObject', file, official)).toBe('Allowed');
    expect(
      await decide(operator, 's3:PutObject', file, {
        ...official,
        's3:x-amz-server-side-encryption': 'aws:kms',
      }),
    ).toBe('Allowed');
    expect(await decide(operator, 'kms:GenerateDataKey', filesKey, viaS3)).toBe('Allowed');
  });

  it('refuses an upload under another official or agency, or encrypted otherwise than with KMS', async () => {
    const { object, operator } = names();
    for (const key of [
      'imports/court/court-0105/official-8/archive.ndjson',
      'imports/police/psb-0105/official-7/archive.ndjson',
    ]) {
      expect(await decide(operator, 's3:PutObject', object(key), official)).not.toBe('Allowed');
    }
    expect(
      await decide(
        operator,
        's3:PutObject',
        object('imports/court/court-0105/official-7/archive.ndjson'),
        { ...official, 's3:x-amz-server-side-encryption': 'AES256' },
      ),
    ).toBe('ExplicitlyDenied');
  });

  it('the state machine reads the file, invokes the function and writes its results without the header', async () => {
    const { object, filesKey, viaS3, machine } = names();
    const { synthesized: s, values: v } = bulk;
    const fn = v.arnOf(s.logicalId(s.stack.functions.get('bulk-import') as never));
    const key = 'imports/court/court-0105/official-7/archive.ndjson';
    expect(await decide(machine, 's3:GetObject', object(key))).toBe('Allowed');
    expect(await decide(machine, 'kms:Decrypt', filesKey, viaS3)).toBe('Allowed');
    expect(await decide(machine, 'lambda:InvokeFunction', fn)).toBe('Allowed');
    const result = object('results/court/court-0105/0f3c/SUCCEEDED_0.json');
    expect(await decide(machine, 's3:PutObject', result)).toBe('Allowed');
    expect(await decide(machine, 'kms:GenerateDataKey', filesKey, viaS3)).toBe('Allowed');
    expect(await decide(machine, 's3:PutObject', object(key))).not.toBe('Allowed');
  });
});
