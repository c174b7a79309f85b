// Well-known names of batch/v1 (k8s.io/api/batch/v1 types.go) and of the built-in controller.

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';
export const INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-ignored-failure-count';
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** The reserved spec.managedBy value of kube-controller-manager's Job controller. */
export const BUILTIN_CONTROLLER_NAME = 'kubernetes.io/job-controller';

/** apiserver names.MaxGeneratedNameLength: 63 minus the 5 random characters. */
export const MAX_GENERATED_NAME_LENGTH = 58;

/** MaxUncountedPods and MaxPodCreateDeletePerSync of job_controller.go. */
export const MAX_UNCOUNTED_PODS = 500;
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export const REASON_BACKOFF_LIMIT_EXCEEDED = 'BackoffLimitExceeded';
export const REASON_DEADLINE_EXCEEDED = 'DeadlineExceeded';
export const REASON_POD_FAILURE_POLICY = 'PodFailurePolicy';
export const REASON_MAX_FAILED_INDEXES_EXCEEDED = 'MaxFailedIndexesExceeded';
export const REASON_FAILED_INDEXES = 'FailedIndexes';
export const REASON_SUCCESS_POLICY = 'SuccessPolicy';
export const REASON_COMPLETIONS_REACHED = 'CompletionsReached';
