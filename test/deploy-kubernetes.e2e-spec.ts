import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

/**
 * deploy/k8s as a cluster would take it: every object against the Kubernetes schemas
 * (kubernetes-models), kubectl's own client-side dry run, and the operational promises the
 * manifests make (probes, drain, non-root read-only pods, selectors that match).
 */
const ROOT = join(__dirname, '..');
const DIR = join(ROOT, 'deploy/k8s');
const MANIFESTS = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .map((f) => join(DIR, f));

/** main.ts gives in-flight requests this long after the shutdown delay before it exits anyway. */
const DRAIN_BOUND_SECONDS = 30;

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: unknown };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const objects: K8sObject[] = MANIFESTS.flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as K8sObject));
const find = (kind: string): Any => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found.map((o) => o.kind)).toEqual([kind]);
  return found[0];
};

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('hold one of each object the deployment needs', () => {
    expect(objects.map((o) => o.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Job', 'PodDisruptionBudget', 'Secret', 'Service'].sort(),
    );
  });

  it('validate object by object against the Kubernetes schemas (kubernetes-models)', () => {
    const run = spawnSync(process.execPath, [join(__dirname, 'support/validate-k8s.mjs'), ...MANIFESTS], { cwd: ROOT, encoding: 'utf8' });
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; errors: string[] });
    expect(lines.filter((l) => l.errors.length)).toEqual([]);
    expect(lines).toHaveLength(objects.length);
    expect(run.status).toBe(0);
  });

  it('the schema check is not vacuous: it refuses a wrong type and an unknown apiVersion', () => {
    const dir = mkdtempSync(join(tmpdir(), 'k8s-bad-'));
    const deployment = structuredClone(find('Deployment'));
    deployment.spec.replicas = 'two';
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `${JSON.stringify(deployment)}\n---\n${JSON.stringify({ ...find('HorizontalPodAutoscaler'), apiVersion: 'autoscaling/v9' })}\n`);
    const run = spawnSync(process.execPath, [join(__dirname, 'support/validate-k8s.mjs'), bad], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const errors = run.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { errors: string[] }).errors.join());
    expect(errors[0]).toMatch(/replicas must be integer/);
    expect(errors[1]).toMatch(/unknown apiVersion/);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  if (!kubectl && process.env.CI === 'true') throw new Error('CI=true but kubectl is not installed (.ci/run installs Debian\'s kubernetes-client)');
  (kubectl ? it : it.skip)('pass kubectl apply --dry-run=client, and kubectl kustomize builds the kustomization', async () => {
    // Even a client-side dry run asks an API server which kinds exist (discovery) and whether each
    // object is already there. This stand-in answers discovery for the API versions the manifests
    // target (served by Kubernetes 1.25 and later) and "not found" for every object.
    const server = await discoveryServer();
    try {
      const port = (server.address() as AddressInfo).port;
      const args = ['apply', '--dry-run=client', '--validate=false', '-n', 'default', '-s', `http://127.0.0.1:${port}`, ...MANIFESTS.flatMap((f) => ['-f', f])];
      const { stdout } = await promisify(execFile)('kubectl', args, { env: { ...process.env, KUBECONFIG: '/dev/null' }, timeout: 30_000 });
      expect(stdout.trim().split('\n')).toHaveLength(objects.length);
      expect(stdout).not.toMatch(/error/i);
      expect(stdout.trim().split('\n').every((l) => l.endsWith('created (dry run)'))).toBe(true);
    } finally {
      server.close();
    }
    const built = spawnSync('kubectl', ['kustomize', DIR], { encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(parseAllDocuments(built.stdout).map((d) => (d.toJS() as K8sObject).kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service'],
    );
  });

  it('run two replicas with startup, liveness and readiness probes on the app\'s own endpoints', () => {
    const deployment = find('Deployment');
    expect(deployment.spec.replicas).toBe(2);
    const [container] = deployment.spec.template.spec.containers;
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.startupProbe.httpGet.path).toBe('/health/live');
    // Start-up gets a minute or more before liveness may restart the pod.
    expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBeGreaterThanOrEqual(60);
    const port = container.ports.find((p: Any) => p.name === container.readinessProbe.httpGet.port);
    expect(port.containerPort).toBe(Number(find('ConfigMap').data.PORT));
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources.limits).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
  });

  it('give the drain time to finish: the grace period exceeds SHUTDOWN_DELAY_MS plus the 30 s drain bound of main.ts', () => {
    const delayMs = Number(find('ConfigMap').data.SHUTDOWN_DELAY_MS);
    expect(delayMs).toBeGreaterThan(0);
    expect(find('Deployment').spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(delayMs / 1000 + DRAIN_BOUND_SECONDS);
  });

  it('run as non-root on a read-only root filesystem, with emptyDir volumes for the writable paths', () => {
    for (const workload of [find('Deployment'), find('Job')]) {
      const pod = workload.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: expect.any(Number) });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        for (const mount of container.volumeMounts) {
          expect(pod.volumes.find((v: Any) => v.name === mount.name)).toHaveProperty('emptyDir');
        }
        expect(container.volumeMounts.map((m: Any) => m.mountPath)).toContain('/tmp');
      }
    }
    const container = find('Deployment').spec.template.spec.containers[0];
    const dataDir = container.env.find((e: Any) => e.name === 'DATA_DIR').value;
    expect(container.volumeMounts.map((m: Any) => m.mountPath)).toContain(dataDir);
  });

  it('configure the app through a ConfigMap and a Secret, with TRUST_PROXY set for the ingress', () => {
    const configMap = find('ConfigMap');
    const secret = find('Secret');
    expect(configMap.data.NODE_ENV).toBe('production');
    expect(configMap.data.TRUST_PROXY).toEqual(expect.any(String));
    expect(Object.keys(secret.stringData).sort()).toEqual(['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'DATABASE_URL', 'JWT_SECRET', 'REDIS_URL']);
    for (const workload of [find('Deployment'), find('Job')]) {
      const refs = workload.spec.template.spec.containers[0].envFrom;
      expect(refs).toEqual([{ configMapRef: { name: configMap.metadata.name } }, { secretRef: { name: secret.metadata.name } }]);
    }
  });

  it('migrate with a Job that runs the built migration script of the same image', () => {
    const job = find('Job');
    const [container] = job.spec.template.spec.containers;
    expect(container.image).toBe(find('Deployment').spec.template.spec.containers[0].image);
    expect(container.command).toContain('dist/src/database/migrate.js');
    // nest build compiles src/ to dist/src/ (tsconfig rootDir ".").
    expect(existsSync(join(ROOT, 'src/database/migrate.ts'))).toBe(true);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('point the Service, the disruption budget and the autoscaler at the Deployment\'s pods', () => {
    const deployment = find('Deployment');
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(labels).toMatchObject(find('Service').spec.selector);
    expect(labels).toMatchObject(find('PodDisruptionBudget').spec.selector.matchLabels);
    expect(find('Service').spec.ports[0].targetPort).toBe('http');
    const hpa = find('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(deployment.spec.replicas);
    expect(find('PodDisruptionBudget').spec.minAvailable).toBeLessThan(hpa.spec.minReplicas);
  });
});

/** Answers kubectl's discovery requests for the kinds in deploy/k8s, and 404 for any object. */
async function discoveryServer(): Promise<Server> {
  const groups: Record<string, Array<[string, string]>> = {
    v1: [
      ['configmaps', 'ConfigMap'],
      ['secrets', 'Secret'],
      ['services', 'Service'],
    ],
    'apps/v1': [['deployments', 'Deployment']],
    'batch/v1': [['jobs', 'Job']],
    'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget']],
    'autoscaling/v2': [['horizontalpodautoscalers', 'HorizontalPodAutoscaler']],
  };
  const resources = (groupVersion: string) => ({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: groups[groupVersion].map(([name, kind]) => ({ name, singularName: '', namespaced: true, kind, verbs: ['create', 'get', 'list', 'patch', 'update', 'delete'] })),
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const named = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
    if (path === '/version') return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.0' });
    if (path === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
    if (path === '/api/v1') return send(200, resources('v1'));
    if (path === '/apis') {
      const list = Object.keys(groups)
        .filter((gv) => gv.includes('/'))
        .map((gv) => {
          const [name, version] = gv.split('/');
          return { name, versions: [{ groupVersion: gv, version }], preferredVersion: { groupVersion: gv, version } };
        });
      return send(200, { kind: 'APIGroupList', apiVersion: 'v1', groups: list });
    }
    if (named && groups[`${named[1]}/${named[2]}`]) return send(200, resources(`${named[1]}/${named[2]}`));
    send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
