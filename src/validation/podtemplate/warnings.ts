// Pod template warnings (pkg/api/pod/warnings.go GetWarningsForPodTemplate).
import type { Path } from '../../field/index.ts';

export function podTemplateWarnings(_template: unknown, _path: Path, _oldTemplate?: unknown): string[] {
  return [];
}
