// The worker's deployment: a Kubernetes Deployment and a compose service running `megaagent worker`,
// checked by the deployment validator like the API (probes, port, shutdown grace), and refused when
// nothing would run the jobs.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  readProjectFacts,
  validateCompose,
  validateKubernetes,
  type ProjectFacts,
} from '../../../scripts/validate-deploy.ts';
import { copyDeployFiles, editCopiedFile, PROJECT_ROOT } from '../../support/deploy-copy.ts';

const ROOT = PROJECT_ROOT;
let facts: ProjectFacts;
let dir: string;

beforeAll(async () => {
  facts = await readProjectFacts(ROOT);
});
beforeEach(async () => {
  dir = await copyDeployFiles('megaagent-worker-deploy-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const edit = (file: string, from: string | RegExp, to: string) => editCopiedFile(dir, file, from, to);

describe('the worker deployment', () => {
  it('is a command of the CLI, deployed in Kubernetes and in compose, and passes the checks', async () => {
    expect(facts.cliCommands.has('worker')).toBe(true);
    expect(await readFile(join(ROOT, 'k8s/kustomization.yaml'), 'utf8')).toContain('worker-deployment.yaml');
    expect(await readFile(join(ROOT, 'docker-compose.yml'), 'utf8')).toContain("command: ['worker']");
    expect(await validateKubernetes(dir, facts)).toEqual([]);
    expect(await validateCompose(dir, facts)).toEqual([]);
  });

  it('reports a worker without a readiness probe and with a grace period its shutdown does not fit in', async () => {
    await edit('k8s/worker-deployment.yaml', / {10}readinessProbe:\n( {12}.*\n| {14}.*\n)+/, '');
    await edit(
      'k8s/worker-deployment.yaml',
      'terminationGracePeriodSeconds: 35',
      'terminationGracePeriodSeconds: 10',
    );
    const messages = (await validateKubernetes(dir, facts)).map((p) => p.message);
    expect(messages).toContain(
      'Deployment/megaagent-worker: container worker: no readinessProbe (/readiness)',
    );
    expect(
      messages.some((m) => m.startsWith('Deployment/megaagent-worker: terminationGracePeriodSeconds 10')),
    ).toBe(true);
  });

  it('reports Kubernetes manifests in which nothing runs the jobs', async () => {
    await edit('k8s/kustomization.yaml', '  - worker-deployment.yaml\n', '');
    await rm(join(dir, 'k8s/worker-deployment.yaml'));
    const messages = (await validateKubernetes(dir, facts)).map((p) => p.message);
    expect(messages.some((m) => m.startsWith('no workload runs `worker`'))).toBe(true);
  });

  it('reports a compose worker that starts before the migration, and a compose file without one', async () => {
    await edit(
      'docker-compose.yml',
      /( {2}worker:\n(?: {4}.*\n)+?) {4}depends_on:\n {6}migrate:\n {8}condition: service_completed_successfully\n/,
      '$1    depends_on:\n',
    );
    const unordered = (await validateCompose(dir, facts)).map((p) => p.message);
    expect(unordered).toContain(
      'services.worker: must depend on migrate with condition service_completed_successfully (start never migrates)',
    );

    await edit('docker-compose.yml', "command: ['worker']", "command: ['api']");
    await edit('docker-compose.yml', "command: ['start']", "command: ['api']");
    const noWorker = (await validateCompose(dir, facts)).map((p) => p.message);
    expect(noWorker).toContain(
      'no service runs `worker` or `start`: the jobs the bot and the API enqueue would never run',
    );
  });
});
