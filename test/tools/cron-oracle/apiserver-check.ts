// Checks batchguard's CronJob schedule and time-zone validation, and the API server's create warnings,
// against a real kube-apiserver 1.36.4 (dry-run creates): every spec in specs.json, every time-zone
// name in timezones.json and some odd ones. Manual tool, not a test suite (it needs the built
// binaries and takes about a minute): node test/tools/cron-oracle/apiserver-check.ts
import { readFileSync } from 'node:fs';
import { startControlPlane } from '../../harness/index.ts';
import { validateCronJobCreate } from '../../../src/validation/cronjob.ts';
import { cronJobWarnings } from '../../../src/warnings/index.ts';
import { errorBody } from '../../../src/field/index.ts';
import zones from '../../../src/validation/timezones.json' with { type: 'json' };

const specs: string[] = JSON.parse(readFileSync(new URL('./specs.json', import.meta.url), 'utf8'));
const cj = (name: string, schedule: string, timeZone?: string) => ({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default' },
  spec: { schedule, ...(timeZone === undefined ? {} : { timeZone }), concurrencyPolicy: 'Allow',
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, securityContext: {}, containers: [{ name: 'c', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }] } } } } },
});
const cp = await startControlPlane({ controllerManager: false });
let mismatches = 0, total = 0;
try {
  const check = async (obj: any, label: string) => {
    total++;
    const r = await cp.api.request('POST', '/apis/batch/v1/namespaces/default/cronjobs?dryRun=All', obj);
    const server = r.status === 201 ? [] : (r.json?.details?.causes ?? [{ field: '?', message: r.text.slice(0, 200) }]).map((c: any) => `${c.field}: ${c.message}`);
    const ours = validateCronJobCreate(obj).map((e) => `${e.field}: ${errorBody(e)}`);
    const sw = r.warnings, ow = cronJobWarnings(obj).filter((w) => !w.startsWith('batchguard: '));
    if (JSON.stringify(server) !== JSON.stringify(ours) || JSON.stringify(sw) !== JSON.stringify(ow)) {
      mismatches++;
      console.log('MISMATCH', label, r.status, '\n  server:', server, sw, '\n  ours:  ', ours, ow);
    }
  };
  let i = 0;
  for (const s of specs) await check(cj(`s${i++}`, s), `schedule ${JSON.stringify(s)}`);
  const tricky = ['Local', 'LOCAL', 'local', 'utc', 'UTC', 'America', 'zone.tab', 'tzdata.zi', 'posix', 'right/UTC', 'localtime', 'posixrules', 'Factory', 'US/Pacific', 'Etc/GMT+10', 'Etc/GMT-14', 'EST5EDT', 'America/Argentina/ComodRivadavia', '', ' ', 'Europe/Rome ', '../etc/passwd', 'a//b', '/UTC', 'UTC/', 'Europe/Kyiv', 'Europe/Kiev', 'GMT+0', 'Mars/Olympus', 'leapseconds', 'iso3166.tab', 'SystemV/EST5', 'Asia/Hanoi'];
  for (const tz of [...tricky, ...zones.system, ...zones.embedded.filter((z) => !zones.system.includes(z))]) await check(cj(`t${i++}`, '0 3 * * *', tz), `tz ${JSON.stringify(tz)}`);
  await check(cj('dotted.name', '0 3 * * *'), 'dotted name');
  for (const tz of ['a<b', 'x&y', 'Europe/Ber>lin']) await check(cj(`t${i++}`, '0 3 * * *', tz), `tz ${JSON.stringify(tz)}`);
  const policy: any = cj('policy', '0 3 * * *');
  policy.spec.concurrencyPolicy = 'Never<Ever>';
  await check(policy, 'concurrencyPolicy with HTML characters');
  const sel: any = cj('selector', '0 3 * * *');
  Object.assign(sel.spec.jobTemplate.spec, { selector: { matchLabels: { z: '1', a: '2' } }, manualSelector: true });
  await check(sel, 'selector and manualSelector');
  await check(cj('x'.repeat(53), '0 3 * * *'), 'long name');
} finally {
  await cp.stop();
}
console.log(`${total} checked, ${mismatches} mismatches`);
process.exitCode = mismatches === 0 ? 0 : 1;
