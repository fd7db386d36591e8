// The deployment validator: the real deployment files pass, and broken copies of them fail with the problem named.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  durationMs,
  interpolate,
  readProjectFacts,
  validateCompose,
  validateDeployment,
  validateDockerfile,
  validateEnvExample,
  validateKubernetes,
  type Problem,
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
  dir = await copyDeployFiles('megaagent-deploy-');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const edit = (file: string, from: string | RegExp, to: string) => editCopiedFile(dir, file, from, to);

function messages(problems: Problem[], file: string): string[] {
  return problems.filter((p) => p.file === file).map((p) => p.message);
}

describe('the real deployment files', () => {
  it('pass every check', async () => {
    expect(await validateDeployment(ROOT)).toEqual([]);
  });

  it('are read against what the code serves and reads', () => {
    expect(facts.port).toBe(8000);
    for (const path of ['/liveness', '/readiness', '/startup', '/telegram/webhook'])
      expect(facts.routes.has(path)).toBe(true);
    for (const name of ['DATABASE_URL', 'SECURITY_JWT_SECRET_KEY', 'FEATURE_ENABLE_API_AUTH'])
      expect(facts.configVariables.has(name)).toBe(true);
    for (const command of ['start', 'api', 'bot', 'migrate'])
      expect(facts.cliCommands.has(command)).toBe(true);
    expect(facts.nodeMajor).toBe(24);
  });
});

describe('Kubernetes manifests', () => {
  it('reports an API Deployment without a readiness probe', async () => {
    await edit('k8s/api-deployment.yaml', / {10}readinessProbe:\n( {12}.*\n| {14}.*\n)+/, '');
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/api-deployment.yaml');
    expect(problems).toContain('Deployment/megaagent-api: container api: no readinessProbe (/readiness)');
  });

  it('reports a probe asking a path the API does not serve, and one asking the wrong probe route', async () => {
    await edit('k8s/api-deployment.yaml', 'path: /liveness', 'path: /healthz');
    await edit('k8s/api-deployment.yaml', 'path: /startup', 'path: /health');
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/api-deployment.yaml');
    expect(problems).toContain(
      'Deployment/megaagent-api: container api: livenessProbe asks /healthz, which the API does not serve (it serves /liveness, /readiness, /startup)',
    );
    expect(problems).toContain(
      'Deployment/megaagent-api: container api: startupProbe asks /health; it must ask /startup',
    );
  });

  it('reports a container port other than the one the API listens on', async () => {
    await edit('k8s/api-deployment.yaml', 'containerPort: 8000', 'containerPort: 3000');
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/api-deployment.yaml');
    expect(problems).toContain(
      'Deployment/megaagent-api: container api: containerPort 3000: the API listens on 8000',
    );
    expect(problems).toContain(
      'Deployment/megaagent-api: container api: livenessProbe port http is not 8000',
    );
  });

  it('reports a value the Kubernetes schema refuses', async () => {
    await edit('k8s/api-deployment.yaml', 'replicas: 2', 'replicas: two');
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/api-deployment.yaml');
    expect(problems).toContain('Deployment/megaagent-api: schema: /spec/replicas must be integer');
  });

  it('reports a misspelled or misplaced field that the Kubernetes schema would let through', async () => {
    await edit('k8s/api-deployment.yaml', 'readinessProbe:', 'readinesProbe:');
    await edit('k8s/api-deployment.yaml', 'replicas: 2', 'replica: 2');
    await edit('k8s/ingress.yaml', /\n {2}labels:/, '\n  label:');
    const problems = await validateKubernetes(dir, facts);
    const deployment = messages(problems, 'k8s/api-deployment.yaml');
    expect(deployment).toContain(
      'Deployment/megaagent-api: unknown field /spec/template/spec/containers/0/readinesProbe (misspelled or misplaced: Kubernetes would drop it silently)',
    );
    expect(deployment).toContain(
      'Deployment/megaagent-api: unknown field /spec/replica (misspelled or misplaced: Kubernetes would drop it silently)',
    );
    expect(messages(problems, 'k8s/ingress.yaml')).toContain(
      'Ingress/megaagent-api: unknown field /metadata/label (misspelled or misplaced: Kubernetes would drop it silently)',
    );
  });

  it('accepts any key where Kubernetes takes a map (labels, ConfigMap data)', async () => {
    await edit(
      'k8s/configmap.yaml',
      /\n {2}labels:\n/,
      '\n  labels:\n    team.example.com/any-key-at-all: x\n',
    );
    expect(messages(await validateKubernetes(dir, facts), 'k8s/configmap.yaml')).toEqual([]);
  });

  it('reports a kind or apiVersion that has no schema', async () => {
    await edit('k8s/api-hpa.yaml', 'apiVersion: autoscaling/v2', 'apiVersion: autoscaling/v3');
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/api-hpa.yaml');
    expect(problems[0]).toMatch(/^HorizontalPodAutoscaler autoscaling\/v3: no Kubernetes schema/);
  });

  it('reports a ConfigMap or container variable the configuration does not know', async () => {
    await edit(
      'k8s/configmap.yaml',
      '  LOG_LEVEL: info',
      '  LOG_LEVEL: info\n  TELEGRAM_WEBHOOK_HOST: bot.example.com',
    );
    await edit('k8s/api-deployment.yaml', '- name: TELEGRAM_MODE', '- name: TELEGRAM_MOD');
    const problems = await validateKubernetes(dir, facts);
    expect(messages(problems, 'k8s/api-deployment.yaml')).toContain(
      'Deployment/megaagent-api container api env: TELEGRAM_MOD is not a variable the configuration knows (core/config/config.ts); a typo, or a setting that was removed',
    );
    expect(messages(problems, 'k8s/configmap.yaml')).toContain(
      'ConfigMap megaagent-config: TELEGRAM_WEBHOOK_HOST is not a variable the configuration knows (core/config/config.ts); a typo, or a setting that was removed',
    );
  });

  it('reports a Secret example whose JWT placeholder production would accept', async () => {
    await edit(
      'k8s/secret.example.yaml',
      'change-me-to-a-random-string-of-at-least-32-bytes',
      'replace-me-with-a-real-random-value-0123456789',
    );
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/api-deployment.yaml');
    expect(
      problems.some((m) =>
        m.startsWith('Deployment/megaagent-api container api: SECURITY_JWT_SECRET_KEY as shipped'),
      ),
    ).toBe(true);
  });

  it('reports a polling bot with two replicas and a rolling update', async () => {
    await edit('k8s/bot-polling/bot-deployment.yaml', 'replicas: 1', 'replicas: 2');
    await edit('k8s/bot-polling/bot-deployment.yaml', 'type: Recreate', 'type: RollingUpdate');
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/bot-polling/bot-deployment.yaml');
    expect(problems).toContain(
      'Deployment/megaagent-bot: polls Telegram: exactly 1 replica (a second poller gets 409 Conflict), not 2',
    );
    expect(problems).toContain(
      'Deployment/megaagent-bot: polls Telegram: strategy Recreate, so the old poller stops before the new one starts',
    );
  });

  it('reports a grace period the shutdown does not fit in', async () => {
    await edit(
      'k8s/api-deployment.yaml',
      'terminationGracePeriodSeconds: 40',
      'terminationGracePeriodSeconds: 30',
    );
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/api-deployment.yaml');
    expect(problems).toContain(
      'Deployment/megaagent-api: terminationGracePeriodSeconds 30 must exceed SHUTDOWN_TIMEOUT_MS (25000 ms) plus the preStop pause (5000 ms), or the kubelet kills pods mid-shutdown',
    );
  });

  it('reports a writable root filesystem and a root user', async () => {
    await edit(
      'k8s/api-deployment.yaml',
      /runAsNonRoot: true\n {8}runAsUser: 1000/,
      'runAsNonRoot: false\n        runAsUser: 0',
    );
    await edit(
      'k8s/api-deployment.yaml',
      /(containers:\n[\s\S]*?)readOnlyRootFilesystem: true/,
      '$1readOnlyRootFilesystem: false',
    );
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/api-deployment.yaml');
    expect(problems).toContain(
      'Deployment/megaagent-api: container api: must run as non-root (securityContext.runAsNonRoot: true, runAsUser not 0)',
    );
    expect(problems).toContain(
      'Deployment/megaagent-api: container api: securityContext.readOnlyRootFilesystem must be true',
    );
  });

  it('reports a Service pointing at a port no container has, and an Ingress exposing everything', async () => {
    await edit('k8s/api-service.yaml', 'targetPort: http', 'targetPort: web');
    await edit('k8s/ingress.yaml', 'path: /api/v1', 'path: /');
    const problems = await validateKubernetes(dir, facts);
    expect(messages(problems, 'k8s/api-service.yaml')).toContain(
      'Service/megaagent-api: targetPort web is not a port of Deployment/megaagent-api',
    );
    expect(messages(problems, 'k8s/ingress.yaml')).toContain(
      'Ingress/megaagent-api: path / is public, but only /telegram/webhook and /api/v1 are meant to be (probes, /metrics and /docs stay inside)',
    );
    expect(messages(problems, 'k8s/ingress.yaml')).toContain('no Ingress path for /api/v1');
  });

  it('reports a manifest no kustomization applies, and a one-shot command run as a long-lived container', async () => {
    await cp(join(dir, 'k8s/api-deployment.yaml'), join(dir, 'k8s/extra.yaml'));
    await edit('k8s/extra.yaml', 'name: megaagent-api', 'name: megaagent-extra');
    await edit('k8s/extra.yaml', "args: ['api']", "args: ['migrate']");
    const problems = messages(await validateKubernetes(dir, facts), 'k8s/extra.yaml');
    expect(problems).toContain(
      'not listed in any kustomization.yaml, so `kubectl apply -k` never applies it',
    );
    expect(problems).toContain(
      'Deployment/megaagent-extra: container api: `migrate` exits when done; in a Deployment it would be restarted forever (use a Job or an init container)',
    );
  });
});

describe('compose files', () => {
  it('reports a key the Compose specification does not have', async () => {
    await edit(
      'docker-compose.yml',
      '    stop_grace_period: 30s',
      '    stop_grace_period: 30s\n    restart_policy: always',
    );
    const problems = messages(await validateCompose(dir, facts), 'docker-compose.yml');
    expect(problems).toContain('Compose specification: services.app: unknown key "restart_policy"');
  });

  it('reports an environment variable the configuration does not know', async () => {
    await edit(
      'docker-compose.yml',
      '    REDIS_URL: redis://redis:6379/0',
      '    REDIS_URI: redis://redis:6379/0',
    );
    const problems = messages(await validateCompose(dir, facts), 'docker-compose.yml');
    expect(problems).toContain(
      'services.app.environment: REDIS_URI is not a variable the configuration knows (core/config/config.ts); a typo, or a setting that was removed',
    );
  });

  it('reports a setting the configuration refuses once .env.production is filled in', async () => {
    await edit(
      'docker-compose.yml',
      '    REDIS_URL: redis://redis:6379/0',
      '    REDIS_URL: redis://redis:6379/0\n    LOG_LEVEL: verbose',
    );
    const problems = messages(await validateCompose(dir, facts), 'docker-compose.yml');
    for (const service of ['migrate', 'app'])
      expect(problems).toContain(
        `services.${service}: with .env.production filled in, the configuration refuses LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent`,
      );
  });

  it('reports an app that does not wait for the migration, and a port the API does not listen on', async () => {
    await edit(
      'docker-compose.yml',
      'condition: service_completed_successfully',
      'condition: service_started',
    );
    await edit('docker-compose.yml', "'127.0.0.1:8000:8000'", "'127.0.0.1:8000:3000'");
    const problems = messages(await validateCompose(dir, facts), 'docker-compose.yml');
    expect(problems).toContain(
      'services.app: must depend on migrate with condition service_completed_successfully (start never migrates)',
    );
    expect(problems).toContain('services.app: publishes container port 3000; the API listens on 8000');
  });

  it('reports a persistent Redis and a development database the tests cannot use', async () => {
    await edit('docker-compose.yml', "- --appendonly\n      - 'no'", "- --appendonly\n      - 'yes'");
    await edit('docker-compose.dev.yml', 'POSTGRES_DB: test', 'POSTGRES_DB: megaagent');
    const problems = await validateCompose(dir, facts);
    expect(messages(problems, 'docker-compose.yml')).toContain(
      'services.redis: Redis is a cache here: run it with --save "" --appendonly no',
    );
    expect(messages(problems, 'docker-compose.dev.yml')).toContain(
      'services.postgres: the tests use the database `test`: POSTGRES_DB=test',
    );
  });
});

describe('.env.production.example', () => {
  it('reports a variable the configuration does not know, set or documented', async () => {
    await edit(
      '.env.production.example',
      'REDIS_URL=redis://redis:6379/0',
      'REDIS_URL=redis://redis:6379/0\n# REDIS_PASSWORD=',
    );
    await edit(
      '.env.production.example',
      'LOG_FORMAT=json',
      'LOG_FORMAT=json\nLOG_FILE=/var/log/megaagent.log',
    );
    const problems = messages(await validateEnvExample(dir, facts), '.env.production.example');
    expect(problems).toContain(
      'setting: REDIS_PASSWORD is not a variable the configuration knows (core/config/config.ts); a typo, or a setting that was removed',
    );
    expect(problems).toContain(
      'setting: LOG_FILE is not a variable the configuration knows (core/config/config.ts); a typo, or a setting that was removed',
    );
  });

  it('reports placeholders an unedited copy would start with', async () => {
    await edit(
      '.env.production.example',
      'SECURITY_JWT_SECRET_KEY=change-me-to-a-random-string-of-at-least-32-bytes',
      'SECURITY_JWT_SECRET_KEY=please-generate-a-random-key-for-production-use',
    );
    await edit('.env.production.example', 'TELEGRAM_ADMIN_USERS=', 'TELEGRAM_ADMIN_USERS=123456789');
    const problems = messages(await validateEnvExample(dir, facts), '.env.production.example');
    expect(problems.filter((m) => m.includes('as shipped')).map((m) => m.split(' as shipped')[0])).toEqual([
      'an unedited copy: SECURITY_JWT_SECRET_KEY',
      'an unedited copy: TELEGRAM_ALLOWED_USERS / TELEGRAM_ADMIN_USERS',
    ]);
  });

  it('reports a required variable missing from the example', async () => {
    await edit('.env.production.example', /^DATABASE_URL=.*\n/m, '');
    const problems = messages(await validateEnvExample(dir, facts), '.env.production.example');
    expect(problems).toContain(
      'an unedited copy: even with the secrets filled in, the configuration refuses DATABASE_URL: is required in production (no embedded database)',
    );
  });
});

describe('Dockerfile', () => {
  it('reports an image that runs as root', async () => {
    await edit('Dockerfile', 'USER 1000:1000', 'USER root');
    expect(messages(await validateDockerfile(dir, facts), 'Dockerfile')).toContain(
      'line 39 (USER): the app must not run as root',
    );
  });

  it('reports an image where `megaagent` is not a command on PATH', async () => {
    await edit(
      'Dockerfile',
      'RUN chmod 755 /app/bin/megaagent.js && ln -s /app/bin/megaagent.js /usr/local/bin/megaagent',
      'RUN ln -s /app/bin/megaagent.js /usr/local/bin/megactl',
    );
    const problems = messages(await validateDockerfile(dir, facts), 'Dockerfile');
    expect(problems).toContain(
      '`megaagent` is not on PATH in the image: the final stage needs RUN ln -s /app/bin/megaagent.js /usr/local/bin/megaagent',
    );
    expect(problems).toContain(
      '/app/bin/megaagent.js is not made executable (chmod 755) in the final stage, so `megaagent` cannot run it',
    );
  });

  it('reports an image without a USER, HEALTHCHECK or production environment', async () => {
    await edit('Dockerfile', 'USER 1000:1000\n', '');
    await edit('Dockerfile', /HEALTHCHECK[^\n]*\\\n[^\n]*\n/, '');
    await edit('Dockerfile', 'ENV ENV=production \\\n    NODE_ENV=production \\\n', 'ENV ');
    const problems = messages(await validateDockerfile(dir, facts), 'Dockerfile');
    expect(problems).toContain('the final stage has no USER: the app would run as root');
    expect(problems).toContain('no HEALTHCHECK in the final stage');
    expect(problems).toContain('ENV=production is not set in the final stage');
    expect(problems).toContain('NODE_ENV=production is not set in the final stage');
  });

  it('reports another Node major version, a shell-form entrypoint and a wrong port', async () => {
    await edit(
      'Dockerfile',
      'FROM node:24-bookworm-slim AS runtime',
      'FROM node:20-bookworm-slim AS runtime',
    );
    await edit('Dockerfile', 'ENTRYPOINT ["node", "bin/megaagent.js"]', 'ENTRYPOINT node bin/megaagent.js');
    await edit('Dockerfile', 'EXPOSE 8000', 'EXPOSE 3000');
    const problems = messages(await validateDockerfile(dir, facts), 'Dockerfile');
    expect(problems).toContain(
      'line 15 (FROM): node:20-bookworm-slim: the project runs on Node 24 (package.json); use node:24-<variant>',
    );
    expect(problems).toContain(
      'line 46 (ENTRYPOINT): expected the exec form ["node","bin/megaagent.js"] (a shell would not pass SIGTERM on to node)',
    );
    expect(problems).toContain('EXPOSE 8000 (the default PORT) is missing');
  });

  it('reports code the image leaves out: a runtime import of a dev dependency, a file outside the copied folders', async () => {
    const source = await mkdtemp(join(tmpdir(), 'megaagent-source-'));
    try {
      for (const folder of ['bin', 'core/db/migrations', 'bot', 'api', 'tools'])
        await mkdir(join(source, folder), { recursive: true });
      await writeFile(join(source, 'package.json'), '{}');
      await writeFile(join(source, 'package-lock.json'), '{}');
      // The entrypoint runs the CLI; what the CLI imports is followed from there.
      await writeFile(join(source, 'bin/megaagent.js'), "await import('./megaagent.ts');\n");
      await writeFile(
        join(source, 'bin/megaagent.ts'),
        "import type { Document } from 'docx';\nimport pino from 'pino';\nimport { parse } from 'yaml';\nimport { helper } from '../tools/helper.ts';\n",
      );
      await writeFile(
        join(source, 'tools/helper.ts'),
        "export const helper = await import('@fastify/cors');\n",
      );
      const problems = messages(
        await validateDockerfile(dir, { ...facts, root: source, runtimeDependencies: new Set(['pino']) }),
        'Dockerfile',
      );
      expect(problems).toContain(
        'bin/megaagent.ts imports yaml, which is not in package.json "dependencies": npm ci --omit=dev leaves it out of the image',
      );
      expect(problems).toContain(
        'tools/helper.ts imports @fastify/cors, which is not in package.json "dependencies": npm ci --omit=dev leaves it out of the image',
      );
      expect(problems).toContain('tools/helper.ts is loaded at run time but not copied into the image');
      // Type-only imports are erased by type stripping: docx need not be installed.
      expect(problems.some((m) => m.includes('docx'))).toBe(false);
      expect(problems.some((m) => m.includes('pino'))).toBe(false);
    } finally {
      await rm(source, { recursive: true, force: true });
    }
  });

  it('reports a .dockerignore that lets .env files into the build context', async () => {
    await writeFile(join(dir, '.dockerignore'), 'node_modules\n');
    const problems = messages(await validateDockerfile(dir, facts), '.dockerignore');
    expect(problems).toContain('.env.production is not excluded from the build context');
  });
});

describe('helpers', () => {
  it('interpolates like compose, reporting required variables that are unset', () => {
    expect(interpolate('a${X:-d}b$$c', {}).value).toBe('ad' + 'b$c');
    expect(interpolate('${X?must be set}', {}).errors).toEqual(['X is not set: must be set']);
    expect(interpolate('${X:?gone}', { X: '' }).errors).toEqual(['X is not set: gone']);
    expect(interpolate('${X-d}', { X: '' }).value).toBe('');
  });

  it('reads Go-style durations', () => {
    expect(durationMs('1m30s')).toBe(90_000);
    expect(durationMs('1500ms')).toBe(1500);
    expect(durationMs('30')).toBeNull();
  });
});
