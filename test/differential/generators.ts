// fast-check arbitraries for Jobs and CronJobs, biased to the boundaries where validation rules
// live: 0, -1, limits, 10^5, int32 edges, odd cron fields, time zones, long names, podFailurePolicy
// and successPolicy shapes, and updates (a valid stored object changed in a few fields).
import fc from 'fast-check';
import type { Case } from './oracle.ts';

type Obj = Record<string, any>;

/** Drops undefined members recursively, so objects are plain JSON. */
export function clean<T>(x: T): T {
  return JSON.parse(JSON.stringify(x));
}

const INT32_MAX = 2147483647;
const boundaryInt = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, -1, 1, 2, 3, 4, 5, 6, 7, 10, 100) },
  { weight: 1, arbitrary: fc.constantFrom(1000, 10000, 10001, 99999, 100000, 100001, 1000000, INT32_MAX, INT32_MAX + 1, -INT32_MAX - 1) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 20 }) },
);
const smallNonNeg = fc.oneof(fc.constantFrom(0, 1, 2, 3, 5), fc.integer({ min: 0, max: 10 }));
/** Mostly a valid choice, sometimes (1 in `odds`+1) a wrong one: one error at a time is what finds rule bugs. */
const mostly = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>, odds = 8): fc.Arbitrary<T> =>
  fc.oneof({ weight: odds, arbitrary: valid }, { weight: 1, arbitrary: invalid });
/** An optional member: present about 30% (presence 1), 46% (2) or 56% (3) of the time. */
const maybe = <T>(arb: fc.Arbitrary<T>, presence = 2): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 3 * presence, arbitrary: arb });

const label = (n: number): string => ('a' + 'b'.repeat(Math.max(0, n - 2)) + 'c').slice(0, n);
const validName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('myjob', 'pi', 'a', 'job-1', 'nightly-report') },
  { weight: 2, arbitrary: fc.constantFrom(label(52), label(53), label(57), label(63), label(64), `${label(63)}.${label(10)}`, 'x1.y2') },
);
const wildName = fc.oneof(
  { weight: 10, arbitrary: validName },
  { weight: 1, arbitrary: fc.constantFrom('MyJob', 'job_1', '-job', 'job-', 'job..x', '', 'a'.repeat(254)) },
);

const labelKey = fc.constantFrom('app', 'team', 'example.com/tier', 'batch.kubernetes.io/job-name', 'Bad Key', 'a/b/c', 'x'.repeat(64));
const labelValue = fc.constantFrom('web', '', 'v1.2', 'x'.repeat(63), 'x'.repeat(64), 'bad value', '-start');
const validLabels = fc.dictionary(fc.constantFrom('app', 'team', 'example.com/tier'), fc.constantFrom('web', 'v1.2', ''), { maxKeys: 2 });
const labels = fc.dictionary(mostly(fc.constantFrom('app', 'team', 'example.com/tier'), labelKey, 4), mostly(fc.constantFrom('web', 'v1.2', ''), labelValue, 4), { maxKeys: 2 });

const exitCodes: fc.Arbitrary<number[]> = fc.oneof<fc.Arbitrary<number[]>[]>(
  fc.constantFrom([1], [0], [1, 2, 3], [3, 2], [1, 1], [255], [-1], [42]),
  fc.array(fc.integer({ min: -2, max: 300 }), { minLength: 0, maxLength: 4 }),
);
const pfpRule = (wild: boolean): fc.Arbitrary<Obj> =>
  fc.record(
    {
      action: wild ? mostly(fc.constantFrom('FailJob', 'Ignore', 'Count', 'FailIndex'), fc.constantFrom('Bogus', ''), 6) : fc.constantFrom('FailJob', 'Ignore', 'Count'),
      onExitCodes: maybe(
        fc.record({
          containerName: maybe(fc.constantFrom('main', 'other', 'Bad_Name'), 1),
          operator: wild ? mostly(fc.constantFrom('In', 'NotIn'), fc.constant('Bogus'), 6) : fc.constantFrom('In', 'NotIn'),
          values: wild ? mostly<number[]>(fc.constantFrom([1], [2, 3], [42], [1, 2, 3]), exitCodes, 2) : fc.constantFrom([1], [2, 3], [42]),
        }, { requiredKeys: ['operator', 'values'] }),
      ),
      onPodConditions: maybe(
        fc.array(
          fc.record({
            type: wild ? mostly(fc.constantFrom('DisruptionTarget', 'ConfigIssue', 'example.com/Cond'), fc.constantFrom('', 'Bad Type'), 5) : fc.constantFrom('DisruptionTarget', 'ConfigIssue'),
            status: maybe(wild ? mostly(fc.constantFrom('True', 'False', 'Unknown'), fc.constant('Maybe'), 5) : fc.constantFrom('True', 'False'), 3),
          }, { requiredKeys: ['type'] }),
          { minLength: wild ? 0 : 1, maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: ['action'] },
  );

const indexesString = fc.constantFrom('0', '1', '0-2', '1,3-5', '0,2,4', '5-3', '0-0', '1,1', '3,1', 'x', '', '0-99999', '7', '-1', '1-', ' 1');
const successRule = fc.record({ succeededIndexes: maybe(indexesString), succeededCount: maybe(mostly(smallNonNeg, boundaryInt, 2)) }, { requiredKeys: [] });

const containerName = (wild: boolean): fc.Arbitrary<string> => (wild ? mostly(fc.constantFrom('main', 'abc'), fc.constantFrom('Bad_Name', ''), 10) : fc.constantFrom('main', 'abc'));
const envVar = fc.record(
  {
    name: mostly(fc.constantFrom('HOME', 'MY_VAR', 'my.var', 'a-b'), fc.constantFrom('', '1BAD', 'has space', 'a=b'), 4),
    value: maybe(fc.constantFrom('x', '', '$(HOME)')),
    valueFrom: maybe(
      fc.constantFrom(
        { fieldRef: { fieldPath: 'metadata.name' } },
        { fieldRef: { fieldPath: 'spec.bogus' } },
        { configMapKeyRef: { name: 'cm', key: 'k' } },
        { configMapKeyRef: { name: 'cm', key: 'bad key' } },
        { secretKeyRef: { name: '', key: 'k' } },
        { resourceFieldRef: { resource: 'limits.cpu' } },
      ),
      1,
    ),
  },
  { requiredKeys: ['name'] },
);
const containerPort = fc.record(
  {
    containerPort: mostly(fc.constantFrom(80, 8080, 65535), fc.constantFrom(0, -1, 65536), 4),
    name: maybe(mostly(fc.constantFrom('http', 'metrics'), fc.constantFrom('HTTP', 'a-very-long-port-name', '1234', 'has_underscore'), 3)),
    protocol: maybe(mostly(fc.constantFrom('TCP', 'UDP', 'SCTP'), fc.constantFrom('tcp', 'HTTP'), 4), 1),
    hostPort: maybe(fc.constantFrom(0, 80, 70000), 1),
  },
  { requiredKeys: ['containerPort'] },
);
const quantity = mostly(fc.constantFrom('100m', '1', '0.5', '128Mi', '1Gi', '0'), fc.constantFrom('-1', '1x', 'abc', '1.5m', '100mi'), 4);
const resources = fc.record(
  {
    requests: maybe(fc.record({ cpu: maybe(quantity), memory: maybe(quantity), 'example.com/gpu': maybe(fc.constantFrom('1', '0.5')) }, { requiredKeys: [] })),
    limits: maybe(fc.record({ cpu: maybe(quantity), memory: maybe(quantity), 'example.com/gpu': maybe(fc.constantFrom('1', '2')) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);
const volumeMount = fc.record({
  name: fc.constantFrom('data', 'cache', 'missing'),
  mountPath: mostly(fc.constantFrom('/data', '/cache', '/data/sub'), fc.constantFrom('', 'relative', '/data/../etc'), 4),
});
const volume = fc.oneof(
  fc.constant({ name: 'data', emptyDir: {} }),
  fc.constant({ name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } }),
  fc.constant({ name: 'cache', configMap: { name: 'cm' } }),
  fc.constant({ name: 'data', configMap: { name: '' } }),
  fc.constant({ name: 'Bad_Vol', emptyDir: {} }),
  fc.constant({ name: 'data' }),
  fc.constant({ name: 'data', emptyDir: {}, hostPath: { path: '/tmp' } }),
);
const toleration = fc.record(
  {
    key: maybe(fc.constantFrom('dedicated', 'example.com/gpu', 'bad key')),
    operator: maybe(fc.constantFrom('Equal', 'Exists', 'In')),
    value: maybe(fc.constantFrom('batch', '')),
    effect: maybe(fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule', 'Sometimes')),
    tolerationSeconds: maybe(fc.constantFrom(0, 60, -1), 1),
  },
  { requiredKeys: [] },
);

const container = (wild: boolean): fc.Arbitrary<Obj> =>
  fc.record(
    {
      name: containerName(wild),
      image: wild ? mostly(fc.constantFrom('busybox:1.36', 'busybox'), fc.constantFrom('', ' busybox'), 12) : fc.constantFrom('busybox:1.36', 'busybox'),
      command: maybe(fc.constant(['sh', '-c', 'exit 0'])),
      imagePullPolicy: maybe(wild ? mostly(fc.constantFrom('Always', 'IfNotPresent', 'Never'), fc.constant('Sometimes'), 5) : fc.constantFrom('Always', 'IfNotPresent'), 1),
      // Pod-level shapes (core validation), present only in wild objects so update bases stay valid.
      env: wild ? maybe(fc.array(envVar, { minLength: 1, maxLength: 2 }), 1) : fc.constant(undefined),
      ports: wild ? maybe(fc.array(containerPort, { minLength: 1, maxLength: 2 }), 1) : fc.constant(undefined),
      resources: wild ? maybe(resources, 1) : fc.constant(undefined),
      volumeMounts: wild ? maybe(fc.array(volumeMount, { minLength: 1, maxLength: 2 }), 1) : fc.constant(undefined),
    },
    { requiredKeys: ['name', 'image'] },
  );

const podTemplate = (wild: boolean): fc.Arbitrary<Obj> =>
  fc.record(
    {
      metadata: maybe(fc.record({ labels: wild ? labels : validLabels }, { requiredKeys: [] }), 1),
      spec: fc.record(
        {
          restartPolicy: wild ? mostly(fc.constantFrom('Never', 'OnFailure'), fc.constantFrom('Always', ''), 10) : fc.constantFrom('Never', 'OnFailure'),
          containers: mostly(
            fc.array(container(wild), { minLength: 1, maxLength: 2 }).map((cs) => cs.map((c, i) => ({ ...c, name: i === 0 || !/^[a-z]+$/.test(c.name) ? c.name : `${c.name}${i}` }))),
            fc.array(container(wild), { minLength: 0, maxLength: 2 }),
            wild ? 10 : 1_000_000,
          ),
          activeDeadlineSeconds: maybe(wild ? boundaryInt : fc.constantFrom(1, 600), 1),
          nodeSelector: maybe(fc.constantFrom({ disk: 'ssd' }, { 'kubernetes.io/os': 'linux' }, { 'beta.kubernetes.io/arch': 'amd64' }, { 'failure-domain.beta.kubernetes.io/zone': 'a' }), 1),
          terminationGracePeriodSeconds: maybe(fc.constantFrom(-1, 0, 30), 1),
          volumes: wild ? maybe(fc.uniqueArray(volume, { minLength: 1, maxLength: 2, selector: (v) => JSON.stringify(v) }), 1) : fc.constant(undefined),
          initContainers: wild ? maybe(fc.array(container(false), { minLength: 1, maxLength: 1 }).map((cs) => cs.map((c) => ({ ...c, name: 'init' }))), 1) : fc.constant(undefined),
          tolerations: wild ? maybe(fc.array(toleration, { minLength: 1, maxLength: 2 }), 1) : fc.constant(undefined),
          dnsPolicy: wild ? maybe(mostly(fc.constantFrom('ClusterFirst', 'Default', 'None'), fc.constant('Bogus'), 3), 1) : fc.constant(undefined),
          serviceAccountName: wild ? maybe(fc.constantFrom('default', 'Bad_SA'), 1) : fc.constant(undefined),
        },
        { requiredKeys: ['restartPolicy', 'containers'] },
      ),
    },
    { requiredKeys: ['spec'] },
  );

const jobSpec = (wild: boolean): fc.Arbitrary<Obj> => (wild ? rawJobSpec(true) : rawJobSpec(false).map(consistent));
const rawJobSpec = (wild: boolean): fc.Arbitrary<Obj> =>
  fc.record(
    {
      template: podTemplate(wild),
      parallelism: maybe(wild ? mostly(smallNonNeg, boundaryInt, 2) : smallNonNeg),
      completions: maybe(wild ? mostly(smallNonNeg, boundaryInt, 2) : smallNonNeg.filter((n) => n > 0)),
      completionMode: maybe(wild ? mostly(fc.constantFrom('NonIndexed', 'Indexed'), fc.constant('Bogus'), 6) : fc.constantFrom('NonIndexed', 'Indexed')),
      activeDeadlineSeconds: maybe(wild ? boundaryInt : fc.constantFrom(1, 60, 3600), 1),
      backoffLimit: maybe(wild ? mostly(smallNonNeg, boundaryInt, 2) : smallNonNeg),
      backoffLimitPerIndex: maybe(wild ? boundaryInt : smallNonNeg, 1),
      maxFailedIndexes: maybe(wild ? boundaryInt : smallNonNeg, 1),
      ttlSecondsAfterFinished: maybe(wild ? boundaryInt : smallNonNeg, 1),
      suspend: maybe(fc.boolean(), 1),
      podReplacementPolicy: maybe(wild ? mostly(fc.constantFrom('TerminatingOrFailed', 'Failed'), fc.constant('Sometimes'), 5) : fc.constantFrom('TerminatingOrFailed', 'Failed'), 1),
      managedBy: maybe(
        wild
          ? fc.constantFrom('kubernetes.io/job-controller', 'example.com/custom', 'batchguard.io/controller', 'no-slash', `example.com/${'x'.repeat(60)}`, '')
          : fc.constantFrom('kubernetes.io/job-controller', 'example.com/custom'),
        1,
      ),
      podFailurePolicy: maybe(fc.record({ rules: fc.array(pfpRule(wild), { minLength: 0, maxLength: 3 }) }), 1),
      successPolicy: maybe(fc.record({ rules: fc.array(successRule, { minLength: wild ? 0 : 1, maxLength: 3 }) }), 1),
    },
    { requiredKeys: ['template'] },
  );

/** Makes a generated spec creatable: the cross-field rules a valid stored object obeys. */
function consistent(spec: Obj): Obj {
  const s = structuredClone(spec);
  if (s.completionMode === 'Indexed') {
    if (!s.completions) s.completions = 3;
  } else {
    delete s.backoffLimitPerIndex;
    delete s.maxFailedIndexes;
    delete s.successPolicy;
  }
  if (s.backoffLimitPerIndex === undefined) delete s.maxFailedIndexes;
  if (s.maxFailedIndexes !== undefined && s.maxFailedIndexes > s.completions) s.maxFailedIndexes = s.completions;
  if (s.podFailurePolicy) {
    s.template.spec.restartPolicy = 'Never';
    if (s.podReplacementPolicy === 'TerminatingOrFailed') delete s.podReplacementPolicy;
    s.podFailurePolicy.rules = s.podFailurePolicy.rules.filter((r: Obj) => (r.onExitCodes === undefined) !== (r.onPodConditions === undefined));
    for (const r of s.podFailurePolicy.rules) if (r.onExitCodes) { r.onExitCodes.values = [...new Set(r.onExitCodes.values as number[])].filter((v) => r.onExitCodes.operator !== 'In' || v !== 0).sort((x, y) => x - y); if (r.onExitCodes.values.length === 0) r.onExitCodes.values = [1]; delete r.onExitCodes.containerName; }
  }
  if (s.successPolicy) s.successPolicy.rules = s.successPolicy.rules.filter((r: Obj) => r.succeededIndexes !== undefined || r.succeededCount !== undefined).map((r: Obj) => ({ succeededCount: 1, ...r, succeededIndexes: '0' }));
  if (s.successPolicy?.rules.length === 0) delete s.successPolicy;
  return s;
}

const manualSelectorVariant = (spec: Obj, variant: number): Obj => {
  if (variant === 0) return spec;
  const tl = { ...(spec.template.metadata?.labels ?? {}), app: 'sel' };
  const template = { ...spec.template, metadata: { ...spec.template.metadata, labels: tl } };
  if (variant === 1) return { ...spec, manualSelector: true, selector: { matchLabels: { app: 'sel' } }, template };
  if (variant === 2) return { ...spec, manualSelector: true, selector: { matchLabels: { app: 'other' } }, template };
  if (variant === 3) return { ...spec, selector: { matchLabels: { app: 'sel' } }, template };
  return { ...spec, manualSelector: false };
};

export const jobArb = (wild: boolean): fc.Arbitrary<Obj> =>
  fc
    .tuple(wild ? wildName : fc.constantFrom('myjob', 'pi', 'a', 'job-1', 'nightly-report', label(40)), maybe(wild ? labels : validLabels, 1), jobSpec(wild), wild ? fc.constantFrom(0, 0, 0, 0, 0, 0, 1, 2, 3, 4) : fc.constant(0))
    .map(([name, lbls, spec, sel]) =>
      clean({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default', labels: lbls }, spec: manualSelectorVariant(spec, sel) }),
    );

export const SCHEDULES = [
  '* * * * *', '*/5 * * * *', '0 0 * * *', '@hourly', '@daily', '@midnight', '@weekly', '@monthly', '@yearly', '@annually',
  '@every 5m', '@every 1h30m', '@every 0s', '@reboot', '@bogus', '0 0 31 2 *', '*/0 * * * *', '60 * * * *', '0 24 * * *',
  '0 0 0 * *', '0 0 * 13 *', '0 0 * * 7', '0 0 * * 8', 'TZ=UTC * * * *', 'CRON_TZ=Europe/Berlin 0 * * * *', '* * * *',
  '* * * * * *', '', ' ', '1-5/2 * * * *', '5-1 * * * *', '0 0 * * MON-FRI', '0 0 * JAN-MAR *', '0 0 L * *', '? * * * *',
  '0 0 1,15 * *', '1/5 * * * *', '0-59/15 * * * *', '*/61 * * * *', '0 0 ? * *', '0 0 * * SUN', '0 0 * * mon', '30 2 * * 1-5',
  '0 12 * * */2', 'a b c d e', '0 0 1-31 * *', '0 0 32 * *', '0  0 * * *', '0 0 * * 0-7', '-1 * * * *',
];
export const TIME_ZONES = [
  'UTC', 'Etc/UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Local', '',
  ' UTC', 'broken', 'utc', 'America/Argentina/Buenos_Aires', 'EST', 'US/Pacific', '../etc/passwd', 'GMT+1', 'Etc/GMT+1',
  'Europe/Kyiv', 'Europe/Kiev', 'Asia/Calcutta', 'America/Nuuk',
];

export const cronJobArb = (wild: boolean): fc.Arbitrary<Obj> =>
  fc
    .record(
      {
        name: wild ? wildName : fc.constantFrom('myjob', 'pi', 'a', 'job-1', 'nightly-report', label(40)),
        schedule: wild ? fc.constantFrom(...SCHEDULES) : fc.constantFrom('* * * * *', '0 0 * * *', '@hourly', '*/5 * * * *'),
        timeZone: maybe(wild ? fc.constantFrom(...TIME_ZONES) : fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Tokyo')),
        concurrencyPolicy: maybe(wild ? mostly(fc.constantFrom('Allow', 'Forbid', 'Replace'), fc.constantFrom('Bogus', ''), 6) : fc.constantFrom('Allow', 'Forbid', 'Replace'), 1),
        startingDeadlineSeconds: maybe(wild ? boundaryInt : fc.constantFrom(10, 60, 200), 1),
        successfulJobsHistoryLimit: maybe(wild ? boundaryInt : smallNonNeg, 1),
        failedJobsHistoryLimit: maybe(wild ? boundaryInt : smallNonNeg, 1),
        suspend: maybe(fc.boolean(), 1),
        jobLabels: maybe(wild ? labels : validLabels, 1),
        jobSpec: jobSpec(wild),
      },
      { requiredKeys: ['name', 'schedule', 'jobSpec'] },
    )
    .map((r) =>
      clean({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: r.name, namespace: 'default' },
        spec: {
          schedule: r.schedule,
          timeZone: r.timeZone,
          concurrencyPolicy: r.concurrencyPolicy,
          startingDeadlineSeconds: r.startingDeadlineSeconds,
          successfulJobsHistoryLimit: r.successfulJobsHistoryLimit,
          failedJobsHistoryLimit: r.failedJobsHistoryLimit,
          suspend: r.suspend,
          jobTemplate: { metadata: r.jobLabels ? { labels: r.jobLabels } : undefined, spec: r.jobSpec },
        },
      }),
    );

/** Pod template changes whose allowance depends on the Job's state (suspended, started) and kind. */
const TEMPLATE_EDITS = ['image', 'nodeSelector', 'tolerations', 'labels', 'annotations', 'schedulingGates', 'affinity', 'resources', 'env'];

function editTemplate(t: Obj, edit: string, seed: number): void {
  const spec = t.spec;
  const c = spec.containers[0];
  if (edit === 'image') c.image = 'busybox:1.37';
  else if (edit === 'nodeSelector') spec.nodeSelector = { zone: `z${seed % 3}` };
  else if (edit === 'tolerations') spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }];
  else if (edit === 'labels') t.metadata = { ...t.metadata, labels: { ...t.metadata?.labels, tier: 'batch' } };
  else if (edit === 'annotations') t.metadata = { ...t.metadata, annotations: { 'example.com/rev': String(seed % 7) } };
  else if (edit === 'schedulingGates') spec.schedulingGates = [{ name: 'example.com/gate' }];
  else if (edit === 'affinity') spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } };
  else if (edit === 'resources') c.resources = { requests: { cpu: '100m' } };
  else c.env = [{ name: 'MODE', value: 'fast' }];
}

/** An update: a valid old object, and a new one that takes a few spec members from a wild sample. */
const updateArb = (kind: Case['kind']): fc.Arbitrary<{ object: Obj; oldObject: Obj }> => {
  const arb = kind === 'Job' ? jobArb : cronJobArb;
  return fc.tuple(arb(false), arb(true), fc.integer({ min: 1, max: 3 }), fc.nat()).map(([old, other, n, seed]) => {
    // A third of the stored Jobs have started (the oracle sets this through /status): what may change
    // in a running Job differs from a suspended or not yet started one.
    if (kind === 'Job' && seed % 3 === 0) old.status = old.spec.suspend ? {} : { startTime: '2026-01-01T00:00:00Z', active: 1 };
    const object = structuredClone(old);
    const spec = kind === 'Job' ? object.spec : object.spec.jobTemplate.spec;
    const otherSpec = kind === 'Job' ? other.spec : other.spec.jobTemplate.spec;
    const keys = [...new Set([...Object.keys(otherSpec), 'suspend', 'parallelism', 'completions'])];
    const cronKeys = kind === 'CronJob' ? Object.keys(other.spec).filter((k) => k !== 'jobTemplate') : [];
    for (let i = 0; i < n; i++) {
      const pool = [...keys.map((k) => ['job', k]), ...cronKeys.map((k) => ['cron', k]), ...TEMPLATE_EDITS.map((e) => ['edit', e])];
      const [where, k] = pool[(seed + i * 7919) % pool.length];
      if (where === 'job') {
        if (k === 'template') spec.template.spec.containers[0].image = 'busybox:1.37';
        else if (otherSpec[k] === undefined) delete spec[k];
        else spec[k] = structuredClone(otherSpec[k]);
      } else if (where === 'cron') {
        if (other.spec[k] === undefined) delete object.spec[k];
        else object.spec[k] = structuredClone(other.spec[k]);
      } else editTemplate(spec.template, k, seed);
    }
    return { object: clean(object), oldObject: old };
  });
};

export const caseArb: fc.Arbitrary<Omit<Case, 'id'>> = fc.oneof(
  { weight: 4, arbitrary: jobArb(true).map((object) => ({ kind: 'Job' as const, operation: 'CREATE' as const, object })) },
  { weight: 3, arbitrary: cronJobArb(true).map((object) => ({ kind: 'CronJob' as const, operation: 'CREATE' as const, object })) },
  { weight: 2, arbitrary: updateArb('Job').map((u) => ({ kind: 'Job' as const, operation: 'UPDATE' as const, ...u })) },
  { weight: 1, arbitrary: updateArb('CronJob').map((u) => ({ kind: 'CronJob' as const, operation: 'UPDATE' as const, ...u })) },
);

export function generateCases(count: number, seed: number): Case[] {
  return fc.sample(caseArb, { numRuns: count, seed }).map((c, i) => ({ ...c, id: `gen-${seed}-${i}-${c.kind}-${c.operation}` }));
}
