{{- define "batchguard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Object names: short enough that "-ca" and "-leader" suffixes stay within 63 characters. */}}
{{- define "batchguard.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else if contains (include "batchguard.name" .) .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "batchguard.name" .) | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "batchguard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "batchguard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "batchguard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "batchguard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "batchguard.image" -}}
{{- if .Values.image.digest -}}
{{ .Values.image.repository }}@{{ .Values.image.digest }}
{{- else -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}
{{- end -}}

{{/* The serving Secret the webhook containers mount. */}}
{{- define "batchguard.tlsSecretName" -}}
{{- if eq .Values.certificates.mode "existing" -}}
{{ .Values.certificates.existing.secretName }}
{{- else -}}
{{ include "batchguard.fullname" . }}-tls
{{- end -}}
{{- end -}}

{{- define "batchguard.caSecretName" -}}
{{ include "batchguard.fullname" . }}-ca
{{- end -}}

{{- define "batchguard.leaseName" -}}
{{ include "batchguard.fullname" . }}-leader
{{- end -}}

{{- define "batchguard.serviceHost" -}}
{{ include "batchguard.fullname" . }}.{{ .Release.Namespace }}.svc
{{- end -}}

{{/* Webhook configuration body shared by the validating and mutating kinds. */}}
{{- define "batchguard.webhookCommon" -}}
clientConfig:
  service:
    name: {{ include "batchguard.fullname" .root }}
    namespace: {{ .root.Release.Namespace }}
    path: {{ .path }}
    port: 443
  {{- if eq .root.Values.certificates.mode "existing" }}
  caBundle: {{ .root.Values.certificates.existing.caBundle }}
  {{- end }}
rules:
  - apiGroups: ["batch"]
    apiVersions: ["v1"]
    resources: ["jobs", "cronjobs"]
    operations: ["CREATE", "UPDATE"]
    scope: Namespaced
namespaceSelector:
  matchExpressions:
    - key: kubernetes.io/metadata.name
      operator: NotIn
      values:
        {{- range (uniq (concat (list "kube-system" .root.Release.Namespace) .root.Values.webhook.excludedNamespaces)) }}
        - {{ . | quote }}
        {{- end }}
    {{- with .root.Values.webhook.namespaceSelectorExpressions }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
sideEffects: None
admissionReviewVersions: ["v1"]
matchPolicy: Equivalent
timeoutSeconds: {{ .root.Values.webhook.timeoutSeconds }}
failurePolicy: {{ .root.Values.webhook.failurePolicy }}
{{- end -}}

{{/* Cross-field checks JSON Schema cannot express; included by the Deployment. */}}
{{- define "batchguard.validate" -}}
{{- $sm := .Values.certificates.selfManaged -}}
{{- if and (eq .Values.certificates.mode "self-managed") (ge (int $sm.leafDays) (int $sm.caDays)) -}}
{{- fail (printf "certificates.selfManaged.leafDays (%v) must be shorter than certificates.selfManaged.caDays (%v): a serving certificate cannot outlive its CA" $sm.leafDays $sm.caDays) -}}
{{- end -}}
{{- $cm := .Values.certificates.certManager -}}
{{- if and (eq .Values.certificates.mode "cert-manager") (ge (int $cm.leafDays) (int $cm.caDays)) -}}
{{- fail (printf "certificates.certManager.leafDays (%v) must be shorter than certificates.certManager.caDays (%v)" $cm.leafDays $cm.caDays) -}}
{{- end -}}
{{- if and .Values.podDisruptionBudget.enabled (ge (int .Values.podDisruptionBudget.minAvailable) (int .Values.replicaCount)) (not (kindIs "string" .Values.podDisruptionBudget.minAvailable)) -}}
{{- fail (printf "podDisruptionBudget.minAvailable (%v) must be below replicaCount (%v), or no node could ever be drained" .Values.podDisruptionBudget.minAvailable .Values.replicaCount) -}}
{{- end -}}
{{- end -}}
