/** Every table of shared/definitions/tables.ts, built as defined and protected the same way. */
import { beforeAll, describe, expect, it } from 'vitest';
import { type TableDefinition, tables } from '#shared/definitions/tables.ts';
import { resourcesOfType, type Synthesized, synthesize } from './support.ts';

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

describe('Tables', () => {
  it('exist once per definition and no others', () => {
    expect(Object.keys(resourcesOfType(synthesized.template, 'AWS::DynamoDB::Table'))).toHaveLength(
      tables.length,
    );
  });

  describe.each(tables.map((definition) => [definition.logicalName, definition] as const))(
    'Table: %s',
    (_name, definition: TableDefinition) => {
      const resource = () =>
        synthesized.template.toJSON().Resources[
          synthesized.logicalId(synthesized.stack.tables.table(definition.logicalName as never))
        ];

      it('has point-in-time recovery, deletion protection and on-demand billing, and is retained', () => {
        expect(resource().Properties).toMatchObject({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          BillingMode: 'PAY_PER_REQUEST',
        });
        expect(resource().DeletionPolicy).toBe('Retain');
      });

      it('is encrypted with the customer-managed table key', () => {
        expect(resource().Properties.SSESpecification).toEqual({
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: synthesized.arnOf(synthesized.stack.keys.tableEncryptionKey),
        });
      });

      it('has the keys, indexes and time to live of its definition', () => {
        const keySchema = [
          { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
          ...(definition.sortKey
            ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }]
            : []),
        ];
        expect(resource().Properties.KeySchema).toEqual(keySchema);
        const indexes = (resource().Properties.GlobalSecondaryIndexes ?? []) as {
          IndexName: string;
          KeySchema: unknown[];
          Projection: unknown;
        }[];
        expect(
          indexes.map(({ IndexName, KeySchema, Projection }) => ({
            IndexName,
            KeySchema,
            Projection,
          })),
        ).toEqual(
          definition.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
              ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
            ],
            Projection:
              index.projection.type === 'KEYS_ONLY'
                ? { ProjectionType: 'KEYS_ONLY' }
                : {
                    ProjectionType: 'INCLUDE',
                    NonKeyAttributes: index.projection.nonKeyAttributes,
                  },
          })),
        );
        expect(resource().Properties.TimeToLiveSpecification).toEqual(
          definition.timeToLiveAttribute
            ? { AttributeName: definition.timeToLiveAttribute, Enabled: true }
            : undefined,
        );
      });
    },
  );
});
