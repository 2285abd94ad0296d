// CloudWatch PutMetricData and GetMetricData through the official client, which speaks awsJson 1.0 in query-compatible mode:
// the emulator must store exactly what was sent and answer validation errors with the Query codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { clientConfig, control } from '../support.mjs';

const client = new CloudWatchClient(clientConfig('eu-west-1'));
const namespace = `Forge/SdkJs/${randomUUID()}`;

/** The local cloud's clock: other files may have moved it, and timestamps are checked against it. */
async function cloudNow() {
  return new Date((await control('GET', '/clock')).now);
}

/**
 * In query-compatible mode the client names the error after the model's shape and carries the Query code
 * from the x-amzn-query-error header in Code and Error.Code: both must match.
 */
async function assertQueryError(fn, queryCode) {
  await assert.rejects(fn, (error) => {
    assert.equal(error.Code, queryCode, `expected ${queryCode}, got ${error.name} ${error.Code}: ${error.message}`);
    assert.deepEqual({ Code: error.Error?.Code, Type: error.Error?.Type }, { Code: queryCode, Type: 'Sender' });
    assert.equal(error.name, shapeOf[queryCode]);
    assert.equal(error.$metadata?.httpStatusCode, 400);
    return true;
  });
}

const shapeOf = {
  InvalidParameterValue: 'InvalidParameterValueException',
  MissingParameter: 'MissingRequiredParameterException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
};

async function stored(query) {
  return (await control('GET', `/cloudwatch/metrics?${new URLSearchParams(query)}`)).metrics;
}

test('PutMetricData stores values, value lists and statistic sets with their dimensions and units', async () => {
  const now = await cloudNow();
  const timestamp = new Date(now.getTime() - 60_000);
  await client.send(new PutMetricDataCommand({
    Namespace: namespace,
    MetricData: [
      { MetricName: 'ProvisionSeconds', Dimensions: [{ Name: 'Pool', Value: 'dev-large' }, { Name: 'Region', Value: 'eu-west-1' }],
        Timestamp: timestamp, Value: 842.5, Unit: 'Seconds', StorageResolution: 1 },
      { MetricName: 'LoginLatency', Values: [120, 250.5, 900], Counts: [3, 1, 2], Unit: 'Milliseconds' },
      { MetricName: 'ActiveSessions', StatisticValues: { SampleCount: 4, Sum: 10, Minimum: 1, Maximum: 4 }, Unit: 'Count' },
    ],
  }));

  const provision = await stored({ namespace, metricName: 'ProvisionSeconds' });
  assert.equal(provision.length, 1);
  assert.equal(provision[0].region, 'eu-west-1');
  assert.equal(provision[0].value, 842.5);
  assert.equal(provision[0].unit, 'Seconds');
  assert.equal(provision[0].storageResolution, 1);
  assert.deepEqual(provision[0].dimensions, [{ name: 'Pool', value: 'dev-large' }, { name: 'Region', value: 'eu-west-1' }]);
  assert.equal(new Date(provision[0].timestamp).getTime(), timestamp.getTime());

  const latency = await stored({ namespace, metricName: 'LoginLatency' });
  assert.deepEqual(latency[0].values, [120, 250.5, 900]);
  assert.deepEqual(latency[0].counts, [3, 1, 2]);
  assert.equal(latency[0].storageResolution, 60);

  const sessions = await stored({ namespace, metricName: 'ActiveSessions' });
  assert.deepEqual(sessions[0].statisticValues, { sampleCount: 4, sum: 10, minimum: 1, maximum: 4 });
  assert.equal(new Date(sessions[0].timestamp).getTime(), now.getTime(), 'no Timestamp: the time of receipt');
});

test('a NaN value is refused with the Query code InvalidParameterValue and nothing is stored', async () => {
  await assertQueryError(() => client.send(new PutMetricDataCommand({
    Namespace: namespace,
    MetricData: [{ MetricName: 'Good', Value: 1 }, { MetricName: 'Broken', Value: Number.NaN }],
  })), 'InvalidParameterValue');
  assert.deepEqual(await stored({ namespace, metricName: 'Good' }), []);
});

test('the reserved AWS/ namespace and a missing value use the Query codes too', async () => {
  await assertQueryError(() => client.send(new PutMetricDataCommand({
    Namespace: 'AWS/EC2', MetricData: [{ MetricName: 'CPUUtilization', Value: 1 }],
  })), 'InvalidParameterValue');
  await assertQueryError(() => client.send(new PutMetricDataCommand({
    Namespace: namespace, MetricData: [{ MetricName: 'NoValue' }],
  })), 'MissingParameter');
  await assertQueryError(() => client.send(new PutMetricDataCommand({
    Namespace: namespace, MetricData: [{ MetricName: 'Both', Value: 1, Values: [1, 2] }],
  })), 'InvalidParameterCombination');
});

test('a large batch, which the client gzip-compresses, is stored whole', async () => {
  const large = new CloudWatchClient({ ...clientConfig('eu-west-1'), requestMinCompressionSizeBytes: 1024 });
  const MetricData = Array.from({ length: 500 }, (_, i) => ({
    MetricName: 'QueueDepth', Dimensions: [{ Name: 'Worker', Value: `worker-${i}` }], Value: i, Unit: 'Count',
  }));
  await large.send(new PutMetricDataCommand({ Namespace: namespace, MetricData }));
  const depth = await stored({ namespace, metricName: 'QueueDepth' });
  assert.equal(depth.length, 500);
  assert.deepEqual(depth.map((d) => d.value), MetricData.map((d) => d.Value));
});

test('GetMetricData reads back what was put: per-period statistics over exactly the dimensions asked, newest first', async () => {
  const now = await cloudNow();
  // Two whole minutes before now, aligned: the periods the answers must fall in.
  const minute = 60_000;
  const first = new Date(Math.floor(now.getTime() / minute) * minute - 2 * minute);
  const second = new Date(first.getTime() + minute);
  const dimensions = [{ Name: 'Blueprint', Value: 'python-dev' }, { Name: 'Region', Value: 'eu-west-1' }, { Name: 'Path', Value: 'on-demand' }];
  await client.send(new PutMetricDataCommand({
    Namespace: namespace,
    MetricData: [
      // Forge publishes durations as values and counts; an outcome count as a single value.
      { MetricName: 'TimeToReady', Dimensions: dimensions, Timestamp: first, Values: [120, 240, 600], Counts: [2, 1, 1], Unit: 'Seconds' },
      { MetricName: 'TimeToReady', Dimensions: dimensions, Timestamp: second, Value: 90, Unit: 'Seconds' },
      { MetricName: 'TimeToReady', Dimensions: dimensions.slice(0, 2), Timestamp: second, Value: 9999, Unit: 'Seconds' },
    ],
  }));

  const metric = { Namespace: namespace, MetricName: 'TimeToReady', Dimensions: [...dimensions].reverse() };
  const query = (Id, Stat) => ({ Id, MetricStat: { Metric: metric, Period: 60, Stat } });
  const { MetricDataResults } = await client.send(new GetMetricDataCommand({
    StartTime: new Date(first.getTime() - minute), EndTime: now,
    MetricDataQueries: [query('count', 'SampleCount'), query('sum', 'Sum'), query('avg', 'Average'), query('max', 'Maximum'), query('p50', 'p50')],
  }));

  const byId = Object.fromEntries(MetricDataResults.map((r) => [r.Id, r]));
  assert.deepEqual(byId.count.Timestamps.map((t) => t.getTime()), [second.getTime(), first.getTime()]);
  assert.deepEqual(byId.count.Values, [1, 4]);
  assert.deepEqual(byId.sum.Values, [90, 1080]);
  assert.deepEqual(byId.avg.Values, [90, 270]);
  assert.deepEqual(byId.max.Values, [90, 600]);
  assert.deepEqual(byId.p50.Values, [90, 120]);
  assert.equal(byId.sum.StatusCode, 'Complete');
  assert.equal(byId.sum.Label, 'TimeToReady');
});

test('GetMetricData refuses metric math it does not emulate and a period CloudWatch does not take', async () => {
  const now = await cloudNow();
  const window = { StartTime: new Date(now.getTime() - 3_600_000), EndTime: now };
  await assertQueryError(() => client.send(new GetMetricDataCommand({ ...window, MetricDataQueries: [{ Id: 'm', Expression: 'SUM(METRICS())' }] })),
    'InvalidParameterValue');
  await assertQueryError(() => client.send(new GetMetricDataCommand({
    ...window,
    MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: { Namespace: namespace, MetricName: 'TimeToReady' }, Period: 90, Stat: 'Sum' } }],
  })), 'InvalidParameterValue');
});
