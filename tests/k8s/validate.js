// Validates rendered Kubernetes manifests offline:
//  1. every object against the Kubernetes (and Prometheus Operator) schemas
//     of kubernetes-models;
//  2. policy: every container has liveness and readiness probes, CPU and
//     memory limits, runs as non-root on a read-only root filesystem with
//     all capabilities dropped and no privilege escalation;
//  3. the gateway's manifests agree with the gateway: every ConfigMap key
//     is a setting the binary knows (its --help), the probes and container
//     ports are the ports it is configured to listen on, and the
//     termination grace covers its drain.
//
//   node validate.js RENDERED.yaml GATEWAY_HELP.txt
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
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
  'monitoring.coreos.com/v1/ServiceMonitor':
      '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
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
  const metricsPort = portOf(config.data.PAYOUT_GATEWAY_METRICS_LISTEN || '0.0.0.0:9090');
  const ports = Object.fromEntries((c.ports || []).map((p) => [p.name, p.containerPort]));
  if (ports.grpc !== grpcPort) problem(where, `grpc port ${ports.grpc} but the gateway listens on ${grpcPort}`);
  if (ports.metrics !== metricsPort) problem(where, `metrics port ${ports.metrics} but metrics are on ${metricsPort}`);
  for (const name of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
    const probe = c[name];
    if (!probe || !probe.grpc) { problem(where, `${name} is not a gRPC health probe`); continue; }
    if (probe.grpc.port !== grpcPort) problem(where, `${name} probes port ${probe.grpc.port}, not ${grpcPort}`);
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

function main(renderedPath, helpPath) {
  const objects = yaml.loadAll(fs.readFileSync(renderedPath, 'utf8')).filter(Boolean);
  const help = fs.readFileSync(helpPath, 'utf8');
  for (const obj of objects) {
    const where = `${obj.kind} ${obj.metadata && obj.metadata.name}`;
    validateSchema(obj, where);
    if (obj.kind !== 'Deployment') continue;
    const pod = obj.spec.template.spec;
    for (const c of pod.containers) checkContainer(c, pod, where);
    const labels = obj.spec.template.metadata.labels || {};
    const covered = objects.some((o) => o.kind === 'NetworkPolicy' &&
        Object.entries(o.spec.podSelector.matchLabels || {}).every(([k, v]) => labels[k] === v));
    if (!covered) problem(where, 'no NetworkPolicy selects its pods');
    if (pod.containers.some((c) => c.name === 'payout-gateway')) checkGateway(obj, objects, help, where);
  }
  for (const p of problems) console.log(p);
  console.log(`${renderedPath}: ${objects.length} objects, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}

main(process.argv[2], process.argv[3]);
