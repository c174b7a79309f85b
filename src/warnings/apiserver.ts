// The API server's own warnings for Job and CronJob, byte for byte: the job and cronjob strategies'
// WarningsOnCreate/WarningsOnUpdate and pkg/api/job/warnings.go WarningsForJobSpec.
import type { Path } from '../field/index.ts';
import { obj, type JsonObject } from '../validation/meta/json.ts';
import { isDNS1123Label } from '../validation/names.ts';
import { podTemplateWarnings } from '../validation/podtemplate/index.ts';

const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_SOFT_LIMIT_FOR_UNLIMITED_COMPLETIONS = 10_000;

/** Names are DNS subdomains, but Pods and hostnames want DNS labels. Go prints the []string with %v. */
export function nameWarnings(name: string): string[] {
  const msgs = isDNS1123Label(name);
  if (msgs.length === 0) return [];
  return [
    `metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`,
  ];
}

/** WarningsForJobSpec(path, spec, oldSpec). */
export function jobSpecWarnings(path: Path, spec: JsonObject, oldSpec: JsonObject | undefined): string[] {
  const warnings: string[] = [];
  if (spec.completionMode === 'Indexed') {
    const completions = typeof spec.completions === 'number' ? spec.completions : 0;
    const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 0;
    if (completions > COMPLETIONS_SOFT_LIMIT && parallelism > PARALLELISM_SOFT_LIMIT_FOR_UNLIMITED_COMPLETIONS) {
      warnings.push(
        `${path}: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism higher than 10^4, Kubernetes might not be able to track completedIndexes when a big number of indexes fail`,
      );
    }
  }
  warnings.push(...podTemplateWarnings(spec.template ?? {}, path.child('template'), oldSpec === undefined ? undefined : obj(oldSpec.template)));
  return warnings;
}

/** WarningsOnUpdate when the schedule still carries TZ/CRON_TZ. The path is upstream's, typo included. */
export const SCHEDULE_TZ_WARNING =
  'cannot use TZ or CRON_TZ in spec.spec.schedule, use timeZone instead, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details';
