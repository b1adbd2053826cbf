/**
 * SQS has no local engine here: the sealing queue's producer is answered by
 * aws-sdk-client-mock, which records each message and can be made to fail on demand.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';

export function fakeSqs(client: SQSClient) {
  const sent: { body: unknown; groupId?: string; deduplicationId?: string }[] = [];
  let failing = false;
  const mock = mockClient(client);
  mock.on(SendMessageCommand).callsFake(async (input) => {
    if (failing) {
      throw Object.assign(new Error('injected SQS failure'), {
        name: 'ServiceUnavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      });
    }
    sent.push({
      body: JSON.parse(String(input.MessageBody)),
      groupId: input.MessageGroupId,
      deduplicationId: input.MessageDeduplicationId,
    });
    return { MessageId: String(sent.length) };
  });
  return {
    sent,
    fail: () => {
      failing = true;
    },
    heal: () => {
      failing = false;
    },
  };
}
