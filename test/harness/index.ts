// The test harness: a real control plane, kubectl, and webhook registration.
export { startControlPlane, kubeconfigYaml, DEFAULT_CONTROLLERS } from './controlplane.ts';
export type { ControlPlane, ControlPlaneOptions, ControlPlaneState, StartupTimes } from './controlplane.ts';
export { registerWebhooks, WEBHOOK_NAMES } from './webhooks.ts';
export type { RegisteredWebhooks, WebhookOptions } from './webhooks.ts';
export { ApiClient, parseWarningHeader } from './client.ts';
export type { ApiResponse } from './client.ts';
export { runKubectl } from './kubectl.ts';
export type { KubectlResult, KubectlOptions } from './kubectl.ts';
export { freePort, freePorts, portOpen } from './ports.ts';
export { createTestCa } from './certs.ts';
export type { TestCa, KeyPairPem } from './certs.ts';
export { k8sBinDir, k8sBinary, REPO_ROOT } from './binaries.ts';
export { spawnManaged } from './processes.ts';
export type { ManagedProcess } from './processes.ts';
export { startWebhook } from './webhook.ts';
export type { WebhookProcess, WebhookStartOptions } from './webhook.ts';
