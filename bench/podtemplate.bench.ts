// Cost of the core pod template validation and warnings per Job: a minimal template and a busy one
// (3 containers with env, ports, resources, probes, mounts; volumes; affinity; tolerations).
// Run: node bench/podtemplate.bench.ts
import { root } from '../src/field/index.ts';
import { validateObjectMeta } from '../src/validation/meta/index.ts';
import { podTemplateWarnings, validatePodTemplateSpec } from '../src/validation/podtemplate/index.ts';

// Wall time and this process's CPU time per call; on a shared machine the CPU figure is the stable one.
function bench(name: string, iterations: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(iterations, 10_000); i++) fn();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  const used = process.cpuUsage(cpu);
  const cpuUs = (used.user + used.system) / iterations;
  console.log(`${name.padEnd(48)} ${(ns / 1000).toFixed(3).padStart(10)} µs/op wall ${cpuUs.toFixed(3).padStart(10)} µs/op CPU`);
}

const container = (name: string) => ({
  name,
  image: `registry.example.com/team/${name}:1.2.3`,
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
  env: [
    { name: 'MODE', value: 'batch' },
    { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
  ],
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  volumeMounts: [{ name: 'work', mountPath: `/work/${name}` }, { name: 'cfg', mountPath: `/etc/${name}`, readOnly: true }],
  readinessProbe: { httpGet: { path: '/ready', port: 'http', scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
  securityContext: { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
});

const base = { restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, securityContext: {} };
const minimal = { metadata: { labels: { app: 'pi' } }, spec: { ...base, containers: [{ name: 'pi', image: 'perl:5.34', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }] } };
const busy = {
  metadata: { labels: { app: 'etl', 'app.kubernetes.io/part-of': 'pipeline' }, annotations: { 'example.com/owner': 'data-team' } },
  spec: {
    ...base,
    initContainers: [container('fetch')],
    containers: [container('transform'), container('load')],
    volumes: [{ name: 'work', emptyDir: { sizeLimit: '10Gi' } }, { name: 'cfg', configMap: { name: 'etl', defaultMode: 420 } }],
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app: 'etl' } }, topologyKey: 'kubernetes.io/hostname' } },
        ],
      },
    },
  },
};
const path = root('spec', 'template');
const meta = { name: 'etl-20260101', namespace: 'data', labels: { app: 'etl' }, annotations: { 'example.com/x': 'y' } };

bench('validateObjectMeta', 200_000, () => validateObjectMeta(meta, root('metadata'), { namespaced: true }));
bench('validatePodTemplateSpec (minimal)', 200_000, () => validatePodTemplateSpec(minimal, path, {}));
bench('validatePodTemplateSpec (busy, 3 containers)', 50_000, () => validatePodTemplateSpec(busy, path, {}));
bench('podTemplateWarnings (busy)', 50_000, () => podTemplateWarnings(busy, path));
