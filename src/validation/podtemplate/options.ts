// The subset of core PodValidationOptions that changes outcomes for Job and CronJob templates.
// Defaults are what a 1.36 API server with default feature gates passes on create.
export interface PodTemplateOptions {
  /** Persisted selectors in affinity terms may keep invalid label values (update only). */
  allowInvalidLabelValueInSelector?: boolean;
  /** Persisted required node affinity may keep invalid label values (update only). */
  allowInvalidLabelValueInRequiredNodeAffinity?: boolean;
  /** Feature gate PodDeletionCost off (it is on by default). */
  allowInvalidPodDeletionCost?: boolean;
  /** Tolerations may use Lt/Gt (old object already did, or the TaintTolerationComparisonOperators gate). */
  allowTaintTolerationComparisonOperators?: boolean;
}
