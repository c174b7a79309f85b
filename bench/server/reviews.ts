// Realistic AdmissionReviews of about 1 KB, 5 KB and 50 KB: valid Jobs as teams write them, growing
// by containers, environment, volumes and a long inline script (the usual reason a Job gets big).
export interface SizedReview {
  label: string;
  body: string;
}

function container(i: number, envCount: number, scriptLines: number) {
  return {
    name: `worker-${i}`,
    image: `registry.example.com/data/etl-worker:2.${i}.7`,
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c'],
    args: [Array.from({ length: scriptLines }, (_, l) => `echo "step ${l}: processing shard $JOB_COMPLETION_INDEX" && sleep 0`).join('\n')],
    env: Array.from({ length: envCount }, (_, e) => ({ name: `SETTING_${i}_${e}`, value: `value-${e}-for-container-${i}` })),
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    volumeMounts: [{ name: 'scratch', mountPath: `/scratch/${i}` }],
  };
}

function job(name: string, containers: number, envCount: number, scriptLines: number) {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace: 'data-pipelines',
      labels: { 'app.kubernetes.io/name': 'etl', 'app.kubernetes.io/part-of': 'nightly', team: 'data' },
      annotations: { 'example.com/owner': 'data-team@example.com' },
    },
    spec: {
      completions: 8,
      parallelism: 4,
      completionMode: 'Indexed',
      backoffLimit: 6,
      ttlSecondsAfterFinished: 3600,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'etl' } },
        spec: {
          restartPolicy: 'Never',
          serviceAccountName: 'etl',
          containers: Array.from({ length: containers }, (_, i) => container(i, envCount, scriptLines)),
          volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
        },
      },
    },
  };
}

// The common small case: one container, a command, a restart policy.
function smallJob() {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi', namespace: 'default' },
    spec: {
      backoffLimit: 4,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }] } },
    },
  };
}

function review(object: unknown, uid: string) {
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: 'batch', version: 'v1', kind: 'Job' },
      resource: { group: 'batch', version: 'v1', resource: 'jobs' },
      requestKind: { group: 'batch', version: 'v1', kind: 'Job' },
      requestResource: { group: 'batch', version: 'v1', resource: 'jobs' },
      name: 'nightly-etl',
      namespace: 'data-pipelines',
      operation: 'CREATE',
      userInfo: { username: 'system:serviceaccount:ci:deployer', uid: 'u-1', groups: ['system:serviceaccounts', 'system:authenticated'] },
      object,
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply' },
    },
  };
}

export function sizedReviews(): SizedReview[] {
  return [
    { label: '1KB', body: JSON.stringify(review(smallJob(), '6e3f2a1c-0000-4000-8000-000000000001')) },
    { label: '5KB', body: JSON.stringify(review(job('nightly-etl', 3, 10, 6), '6e3f2a1c-0000-4000-8000-000000000005')) },
    { label: '50KB', body: JSON.stringify(review(job('nightly-etl', 8, 45, 50), '6e3f2a1c-0000-4000-8000-000000000050')) },
  ];
}
