// Validates rendered Kubernetes manifests offline:
//  1. every object against the Kubernetes (and Prometheus Operator) schemas
//     of kubernetes-models;
//  2. policy: every container has liveness and readiness probes, CPU and
//     memory limits, runs as non-root on a read-only root filesystem with
//     all capabilities dropped and no privilege escalation;
//  3. the gateway's manifests agree with the gateway: every ConfigMap key
//     is a setting the binary knows (its --help), the probes and container
//     ports are the ports it is configured to listen on (probes on the
//     plaintext health port), the termination grace covers its drain, and
//     several replicas share an event bus (else a watch misses the
//     callbacks another replica received);
//  4. the trust boundary: gRPC ingress only from labelled pods in labelled
//     namespaces; with --production also mTLS with every TLS and policy
//     file on a mounted Secret or ConfigMap, no plaintext, no insecure
//     upstream and no reflection.
//
//   node validate.js RENDERED.yaml GATEWAY_HELP.txt [--production]
// Prints one line per problem and exits 1 if there is any.
'use strict';

const fs = require('fs');
const path = require('path');
const nodeModules = path.join(__dirname, '../../scripts/node/node_modules');
const yaml = require(path.join(nodeModules, 'js-yaml'));

const MODELS = {
  'v1/Namespace': 'kubernetes-models/v1/Namespace',
  'v1/ServiceAccount': 'kubernetes-models/v1/ServiceAccount',
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Service': 'kubernetes-models/v1/Service',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'apps/v1/StatefulSet': 'kubernetes-models/apps/v1/StatefulSet',
  'networking.k8s.io/v1/Ingress': 'kubernetes-models/networking.k8s.io/v1/Ingress',
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
  'monitoring.coreos.com/v1/ServiceMonitor':
      '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
  'cert-manager.io/v1/Certificate': '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate',
};

const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);

function validateSchema(obj, where) {
  const module = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!module) return problem(where, `no schema known for ${obj.apiVersion} ${obj.kind}`);
  const Model = require(path.join(nodeModules, module))[obj.kind];
  try {
    new Model(obj).validate();
  } catch (err) {
    problem(where, `schema: ${err.message.split('\n').slice(0, 4).join(' ')}`);
  }
}

function checkContainer(c, pod, where) {
  const at = `${where} container ${c.name}`;
  if (!c.livenessProbe) problem(at, 'no livenessProbe');
  if (!c.readinessProbe) problem(at, 'no readinessProbe');
  const limits = (c.resources || {}).limits || {};
  if (!limits.cpu || !limits.memory) problem(at, 'no cpu and memory limits');
  const requests = (c.resources || {}).requests || {};
  if (!requests.cpu || !requests.memory) problem(at, 'no cpu and memory requests');
  const sc = c.securityContext || {};
  const podSc = pod.securityContext || {};
  if (!(sc.runAsNonRoot || podSc.runAsNonRoot)) problem(at, 'not runAsNonRoot');
  if (sc.readOnlyRootFilesystem !== true) problem(at, 'root filesystem not read-only');
  if (sc.allowPrivilegeEscalation !== false) problem(at, 'privilege escalation allowed');
  if (!((sc.capabilities || {}).drop || []).includes('ALL')) problem(at, 'capabilities not dropped');
}

function portOf(address) {
  return Number(String(address).slice(String(address).lastIndexOf(':') + 1));
}

function durationSeconds(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(String(text));
  if (!m) return NaN;
  return Number(m[1]) / { ms: 1000, s: 1, m: 1 / 60 }[m[2]];
}

function checkGateway(deployment, objects, help, where) {
  const pod = deployment.spec.template.spec;
  const c = pod.containers.find((x) => x.name === 'payout-gateway');
  if (!c) return problem(where, 'no payout-gateway container');
  const configMaps = (c.envFrom || []).map((e) => e.configMapRef && e.configMapRef.name);
  const config = objects.find((o) => o.kind === 'ConfigMap' && configMaps.includes(o.metadata.name));
  if (!config) return problem(where, 'gateway ConfigMap not found');
  for (const key of Object.keys(config.data || {})) {
    if (!help.includes(`[${key}]`)) problem(`ConfigMap ${config.metadata.name}`, `${key} is not a gateway setting`);
  }
  for (const env of c.env || []) {
    if (!help.includes(`[${env.name}]`)) problem(where, `env ${env.name} is not a gateway setting`);
  }
  const grpcPort = portOf(config.data.PAYOUT_GATEWAY_LISTEN || '0.0.0.0:50051');
  const healthPort = portOf(config.data.PAYOUT_GATEWAY_HEALTH_LISTEN || '0.0.0.0:8081');
  const metricsPort = portOf(config.data.PAYOUT_GATEWAY_METRICS_LISTEN || '0.0.0.0:9090');
  const ports = Object.fromEntries((c.ports || []).map((p) => [p.name, p.containerPort]));
  if (ports.grpc !== grpcPort) problem(where, `grpc port ${ports.grpc} but the gateway listens on ${grpcPort}`);
  if (ports.health !== healthPort) problem(where, `health port ${ports.health} but health is on ${healthPort}`);
  if (ports.metrics !== metricsPort) problem(where, `metrics port ${ports.metrics} but metrics are on ${metricsPort}`);
  if (config.data.PAYOUT_GATEWAY_CALLBACK_LISTEN) {
    const callbackPort = portOf(config.data.PAYOUT_GATEWAY_CALLBACK_LISTEN);
    if (ports.callbacks !== callbackPort) problem(where, `callbacks port ${ports.callbacks} but callbacks are on ${callbackPort}`);
    if (!config.data.PAYOUT_GATEWAY_CALLBACK_SECRET_FILE) problem(where, 'callbacks without PAYOUT_GATEWAY_CALLBACK_SECRET_FILE');
  }
  if (deployment.spec.replicas > 1 && !String(config.data.PAYOUT_GATEWAY_EVENT_BUS || '').startsWith('redis://')) {
    problem(where, 'several replicas without a shared event bus (PAYOUT_GATEWAY_EVENT_BUS)');
  }
  // The kubelet presents no client certificate: probes go to the plaintext
  // health port, never to the (m)TLS gRPC port.
  for (const name of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    const probe = c[name];
    if (!probe || !probe.grpc) { problem(where, `${name} is not a gRPC health probe`); continue; }
    if (probe.grpc.port !== healthPort) problem(where, `${name} probes port ${probe.grpc.port}, not the health port ${healthPort}`);
  }
  if (((c.readinessProbe || {}).grpc || {}).service !== 'corefy.payout.v1.PayoutGatewayService') {
    problem(where, 'readiness must ask the payout service (it turns NOT_SERVING on drain)');
  }
  const drain = durationSeconds(config.data.PAYOUT_GATEWAY_DRAIN_DELAY || '0s') +
                durationSeconds(config.data.PAYOUT_GATEWAY_SHUTDOWN_GRACE || '10s');
  if (!(pod.terminationGracePeriodSeconds > drain)) {
    problem(where, `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} does not cover the drain (${drain} s)`);
  }
  if (!(deployment.spec.replicas >= 2)) problem(where, 'fewer than 2 replicas');
  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === deployment.metadata.name);
  if (!hpa || !(hpa.spec.minReplicas >= 2)) problem(where, 'no HorizontalPodAutoscaler with minReplicas >= 2');
  if (!objects.some((o) => o.kind === 'PodDisruptionBudget')) problem(where, 'no PodDisruptionBudget');
  const monitor = objects.find((o) => o.kind === 'ServiceMonitor');
  if (!monitor || !monitor.spec.endpoints.some((e) => e.port === 'metrics')) problem(where, 'no ServiceMonitor on port metrics');
}

const truthy = (v) => ['true', '1', 'yes'].includes(String(v || '').toLowerCase());

// The file a setting names lies on a volume mounted from a Secret or a
// ConfigMap (so it can be rotated without a new image).
function checkMountedFile(c, pod, config, key, where) {
  const file = config.data[key];
  if (!file) return problem(where, `${key} is not set`);
  const mount = (c.volumeMounts || []).find((m) => file.startsWith(m.mountPath.replace(/\/?$/, '/')));
  const volume = mount && (pod.volumes || []).find((v) => v.name === mount.name);
  if (!volume || !(volume.secret || volume.configMap)) {
    problem(where, `${key} (${file}) is not on a mounted Secret or ConfigMap`);
  }
}

// What production must never lack: mTLS, the payout policy, and none of the
// development shortcuts.
function checkProduction(deployment, objects, where) {
  const pod = deployment.spec.template.spec;
  const c = pod.containers.find((x) => x.name === 'payout-gateway');
  const configMaps = (c.envFrom || []).map((e) => e.configMapRef && e.configMapRef.name);
  const config = objects.find((o) => o.kind === 'ConfigMap' && configMaps.includes(o.metadata.name));
  if (!config) return;
  const data = config.data || {};
  if (truthy(data.PAYOUT_GATEWAY_PLAINTEXT)) problem(where, 'plaintext gRPC in production');
  if (truthy(data.PAYOUT_GATEWAY_ALLOW_INSECURE_UPSTREAM)) problem(where, 'insecure upstream allowed in production');
  if (truthy(data.PAYOUT_GATEWAY_REFLECTION)) problem(where, 'reflection on in production');
  if (!String(data.PAYOUT_GATEWAY_UPSTREAM_URL || '').startsWith('https://')) problem(where, 'upstream is not https');
  for (const key of ['PAYOUT_GATEWAY_TLS_CERT_FILE', 'PAYOUT_GATEWAY_TLS_KEY_FILE',
                     'PAYOUT_GATEWAY_TLS_CLIENT_CA_FILE', 'PAYOUT_GATEWAY_PAYOUT_POLICY_FILE',
                     'PAYOUT_GATEWAY_SIGNING_KEY_FILE', 'PAYOUT_GATEWAY_CALLBACK_SECRET_FILE',
                     'PAYOUT_GATEWAY_EVENT_BUS_PASSWORD_FILE']) {
    checkMountedFile(c, pod, config, key, where);
  }
}

// gRPC ingress only from pods labelled as callers in namespaces labelled as
// callers': an empty namespaceSelector admits every namespace.
function checkIngress(policy, grpcPort, where) {
  for (const rule of policy.spec.ingress || []) {
    if (!(rule.ports || []).some((p) => p.port === grpcPort)) continue;
    for (const peer of rule.from || [{}]) {
      const ns = (peer.namespaceSelector || {}).matchLabels || {};
      const pods = (peer.podSelector || {}).matchLabels || {};
      if (peer.ipBlock || Object.keys(ns).length === 0 || Object.keys(pods).length === 0) {
        problem(where, 'gRPC ingress from a peer not restricted by both namespace and pod labels');
      }
    }
  }
}

function main(renderedPath, helpPath, production) {
  const objects = yaml.loadAll(fs.readFileSync(renderedPath, 'utf8')).filter(Boolean);
  const help = fs.readFileSync(helpPath, 'utf8');
  for (const obj of objects) {
    const where = `${obj.kind} ${obj.metadata && obj.metadata.name}`;
    validateSchema(obj, where);
    if (obj.kind !== 'Deployment' && obj.kind !== 'StatefulSet') continue;
    const pod = obj.spec.template.spec;
    for (const c of pod.containers) checkContainer(c, pod, where);
    const labels = obj.spec.template.metadata.labels || {};
    const covered = objects.some((o) => o.kind === 'NetworkPolicy' &&
        Object.entries(o.spec.podSelector.matchLabels || {}).every(([k, v]) => labels[k] === v));
    if (!covered) problem(where, 'no NetworkPolicy selects its pods');
    if (pod.containers.some((c) => c.name === 'payout-gateway')) {
      checkGateway(obj, objects, help, where);
      if (production) checkProduction(obj, objects, where);
    }
  }
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    checkIngress(policy, 50051, `NetworkPolicy ${policy.metadata.name}`);
  }
  for (const p of problems) console.log(p);
  console.log(`${renderedPath}: ${objects.length} objects, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}

main(process.argv[2], process.argv[3], process.argv[4] === '--production');
