// Cost of the CronJob hot path: schedule parsing (cold and memoised), time-zone lookup, full CronJob
// validation, and warnings (DST analysis cold per zone/day and cached). Run: node bench/cron.bench.ts
import { parseSchedule } from '../src/validation/schedule.ts';
import { isValidTimeZone } from '../src/validation/timezone.ts';
import { validateCronJobCreate } from '../src/validation/cronjob.ts';
import { cronJobWarnings } from '../src/warnings/index.ts';

function bench(name: string, iterations: number, fn: (i: number) => void): void {
  for (let i = 0; i < Math.min(iterations, 1000); i++) fn(iterations + i); // warm-up on other inputs
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  console.log(`${name.padEnd(48)} ${(ns / 1000).toFixed(3).padStart(10)} µs/op`);
}

// Distinct specs so that the memo never hits (more than its 4096 entries, cycling).
const cold = Array.from({ length: 10_000 }, (_, i) => `${i % 60} ${i % 24} */${(i % 9) + 1} jan-${['jun', 'dec'][i % 2]} mon-fri`);
bench('parseSchedule, distinct specs (memo misses)', 100_000, (i) => parseSchedule(cold[i % cold.length] + (i >= 10_000 ? ' ' : '')));
bench('parseSchedule, repeated spec (memo hit)', 1_000_000, () => parseSchedule('*/15 9-17 * * mon-fri'));
bench('isValidTimeZone', 1_000_000, (i) => isValidTimeZone(i % 2 ? 'America/New_York' : 'Mars/Base'));

const cronJob = (schedule: string, timeZone?: string) => ({
  metadata: { name: 'nightly', namespace: 'default' },
  spec: {
    schedule,
    timeZone,
    concurrencyPolicy: 'Forbid',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            restartPolicy: 'OnFailure',
            dnsPolicy: 'ClusterFirst',
            containers: [{ name: 'c', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }],
          },
        },
      },
    },
  },
});
const cj = cronJob('30 2 * * *', 'Europe/Berlin');
bench('validateCronJobCreate', 50_000, () => validateCronJobCreate(cj));
bench('cronJobWarnings, cached (schedule, zone)', 200_000, () => cronJobWarnings(cj));
const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'America/Santiago', 'Asia/Tehran'];
const day = 86_400_000;
bench('cronJobWarnings, new zone+day (cold transitions)', 200, (i) =>
  cronJobWarnings(cronJob('30 2 * * *', zones[i % zones.length]), undefined, { now: Date.UTC(2030, 0, 1) + i * day }),
);
bench('cronJobWarnings, new schedule, warm zone', 2_000, (i) =>
  cronJobWarnings(cronJob(`${i % 60} ${i % 24} ${(i % 28) + 1} * *`, 'Europe/Berlin'), undefined, { now: Date.UTC(2030, 0, 1) }),
);
