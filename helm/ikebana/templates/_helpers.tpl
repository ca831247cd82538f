{{- define "ikebana.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "ikebana.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "ikebana.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ikebana.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "ikebana.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "ikebana.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "ikebana.secretName" -}}
{{- default (printf "%s-secrets" (include "ikebana.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "ikebana.headless" -}}
{{- printf "%s-hz" (include "ikebana.fullname" .) -}}
{{- end -}}

{{- define "ikebana.minimumClusterSize" -}}
{{- if gt (int .Values.cluster.minimumClusterSize) 0 -}}
{{- .Values.cluster.minimumClusterSize -}}
{{- else -}}
{{- add1 (div (int .Values.replicaCount) 2) -}}
{{- end -}}
{{- end -}}

{{- define "ikebana.adminTls" -}}
{{- if and .Values.secrets.adminTls.certificate .Values.secrets.adminTls.privateKey -}}true{{- end -}}
{{- end -}}

{{- define "ikebana.tun" -}}
{{- if eq .Values.gateway.dataplane.backend "tun" -}}true{{- end -}}
{{- end -}}

{{/* gateway.yaml of member $i: (dict "ctx" $ "i" $i) */}}
{{- define "ikebana.gatewayYaml" -}}
{{- $ := .ctx -}}
{{- $i := .i -}}
{{- $g := $.Values.gateway -}}
{{- $public := list -}}
{{- if gt (len $.Values.memberService.publicAddresses) $i -}}
{{- $public = list (index $.Values.memberService.publicAddresses $i) -}}
{{- else if gt (len $.Values.memberService.loadBalancerIPs) $i -}}
{{- $public = list (index $.Values.memberService.loadBalancerIPs $i) -}}
{{- end -}}
{{- $peers := list -}}
{{- range $g.peers -}}
{{- $p := omit . "psk" "cas" -}}
{{- if eq (default "psk" .auth) "psk" -}}
{{- $_ := set $p "psk" (dict "file" (printf "../secrets/psk-%s" .name)) -}}
{{- else -}}
{{- $_ := set $p "cas" (list (printf "../secrets/ca-%s.pem" .name)) -}}
{{- end -}}
{{- $peers = append $peers $p -}}
{{- end -}}
{{- $identity := deepCopy $g.identity -}}
{{- if eq (default "psk" $g.identity.auth) "pubkey" -}}
{{- $_ := set $identity "certificate" "../secrets/identity.crt" -}}
{{- $_ := set $identity "privateKey" "../secrets/identity.key" -}}
{{- end -}}
{{- $dp := dict "backend" $g.dataplane.backend "replayWindow" $g.dataplane.replayWindow -}}
{{- if eq $g.dataplane.backend "tun" -}}
{{- $_ := set $dp "tun" (dict "name" $g.dataplane.tun.name "address" $g.dataplane.tun.address "mtu" $g.dataplane.tun.mtu) -}}
{{- end -}}
{{- $admin := dict "enabled" $.Values.admin.enabled "address" "0.0.0.0" "port" $.Values.ports.admin "token" (dict "file" "../secrets/admin-token") -}}
{{- if include "ikebana.adminTls" $ -}}
{{- $_ := set $admin "tls" (dict "certificate" "../secrets/admin-tls.crt" "privateKey" "../secrets/admin-tls.key") -}}
{{- end -}}
{{- $keys := list -}}
{{- range $.Values.secrets.clusterKeys -}}
{{- $keys = append $keys (dict "id" .id "key" (dict "file" (printf "../secrets/cluster-key-%v" .id))) -}}
{{- end -}}
{{- $cluster := dict "hazelcast" "hazelcast.yaml" "keys" $keys "currentKey" $.Values.cluster.currentKey "minimumClusterSize" (int (include "ikebana.minimumClusterSize" $)) -}}
{{- $cfg := dict
  "node" (dict "name" (printf "%s-%d" (include "ikebana.fullname" $) $i))
  "listen" (dict "addresses" (list "0.0.0.0") "ikePort" $.Values.ports.ike "nattPort" $.Values.ports.natt "tcpPort" (ternary $.Values.ports.natt 0 $.Values.tcp.enabled) "publicAddresses" $public)
  "identity" $identity
  "ike" $g.ike
  "peers" $peers
  "pools" $g.pools
  "dataplane" $dp
  "admin" $admin
  "cluster" $cluster -}}
{{- if $g.dos -}}
{{- $_ := set $cfg "dos" $g.dos -}}
{{- end -}}
{{- $cfg = merge $cfg (deepCopy $g.extra) -}}
# Ikebana member {{ include "ikebana.fullname" $ }}-{{ $i }} (rendered by the Helm chart; paths are
# relative to this file: ../secrets is the Secret volume).
{{ toYaml $cfg }}
{{- end -}}

{{/* non-empty when a cluster key or a PSK has no value (it would be generated) */}}
{{- define "ikebana.missingSecretValues" -}}
{{- range .Values.secrets.clusterKeys -}}{{- if not .key -}}missing{{- end -}}{{- end -}}
{{- range .Values.gateway.peers -}}
{{- if and (eq (default "psk" .auth) "psk") (not (get $.Values.secrets.psks .name)) -}}missing{{- end -}}
{{- end -}}
{{- end -}}
