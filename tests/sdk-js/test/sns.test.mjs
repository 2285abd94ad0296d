// SNS Publish through the official client (awsQuery): message attributes must survive the round trip and
// errors must come back with SNS's Query codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { clientConfig, control, assertAwsError } from '../support.mjs';

const region = 'us-west-2';
const client = new SNSClient(clientConfig(region));
const topicArn = `arn:aws:sns:${region}:000000000000:forge-sdk-js-${randomUUID()}`;

async function messages(arn) {
  return (await control('GET', `/sns/messages?${new URLSearchParams({ topicArn: arn })}`)).messages;
}

test('Publish with attributes answers a MessageId and the message is kept as sent', async () => {
  const answer = await client.send(new PublishCommand({
    TopicArn: topicArn,
    Subject: 'Workstation ready',
    Message: 'ws-0123456789 is AVAILABLE — ünïcödé kept',
    MessageAttributes: {
      event: { DataType: 'String', StringValue: 'workspace.available' },
      attempt: { DataType: 'Number', StringValue: '3' },
      tags: { DataType: 'String.Array', StringValue: '["dev","gpu"]' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 250]) },
    },
  }));
  assert.match(answer.MessageId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(answer.SequenceNumber, undefined);

  const [kept] = await messages(topicArn);
  assert.equal(kept.messageId, answer.MessageId);
  assert.equal(kept.region, region);
  assert.equal(kept.subject, 'Workstation ready');
  assert.equal(kept.message, 'ws-0123456789 is AVAILABLE — ünïcödé kept');
  assert.deepEqual(kept.messageAttributes.event, { dataType: 'String', stringValue: 'workspace.available', binaryValue: null });
  assert.equal(kept.messageAttributes.attempt.stringValue, '3');
  assert.equal(kept.messageAttributes.tags.dataType, 'String.Array');
  assert.equal(kept.messageAttributes.blob.binaryValue, Buffer.from([0, 1, 2, 250]).toString('base64'));
});

test('a topic of another region is an InvalidParameter error', async () => {
  await assertAwsError(() => client.send(new PublishCommand({
    TopicArn: 'arn:aws:sns:eu-central-1:000000000000:elsewhere', Message: 'hello',
  })), 'InvalidParameterException', 400);
});

test('an empty attribute value is ParameterValueInvalid and a long subject InvalidParameter; nothing is kept', async () => {
  const arn = `${topicArn}-errors`;
  await assertAwsError(() => client.send(new PublishCommand({
    TopicArn: arn, Message: 'hello', MessageAttributes: { empty: { DataType: 'String', StringValue: '' } },
  })), 'InvalidParameterValueException', 400);
  await assertAwsError(() => client.send(new PublishCommand({
    TopicArn: arn, Message: 'hello', Subject: 'x'.repeat(100),
  })), 'InvalidParameterException', 400);
  assert.deepEqual(await messages(arn), []);
});

test('a FIFO topic answers sequence numbers and drops a duplicate within the deduplication window', async () => {
  const fifo = `arn:aws:sns:${region}:000000000000:forge-sdk-js-${randomUUID()}.fifo`;
  const publish = (id) => client.send(new PublishCommand({
    TopicArn: fifo, Message: `build ${id}`, MessageGroupId: 'pool-a', MessageDeduplicationId: id,
  }));

  const first = await publish('b-1');
  const second = await publish('b-2');
  const again = await publish('b-1');

  assert.match(first.SequenceNumber, /^\d{20}$/);
  assert.ok(BigInt(second.SequenceNumber) > BigInt(first.SequenceNumber));
  assert.equal(again.MessageId, first.MessageId);
  assert.deepEqual((await messages(fifo)).map((m) => m.message), ['build b-1', 'build b-2']);
});
