// The log scan: secrets the tests use (bot tokens, JWT signing keys, API keys, passwords) must never appear
// in a log line. Log output is checked as it is written — in-process loggers through the test worker's
// stdout and stderr (see log-scan-setup.ts), spawned processes through their captured output — and a test
// file whose logs held one fails, naming the kind of secret and where, never the secret itself.

/** Secrets recognisable by shape, whatever test made them. */
const SHAPES: ReadonlyArray<readonly [string, RegExp]> = [
  ['a signed JWT', /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{20,}/],
  ['an API key', /mga_[A-Za-z0-9_-]{43}/],
];

/** Secrets a test or a test server chose: bot tokens, signing keys, passwords. Short values would match by chance. */
const watched = new Set<string>();
const findings: string[] = [];

/** From now on, `value` appearing in any log line of this test worker is a finding. */
export function watchForSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= 8) watched.add(value);
}

/** Watches the values of variables that hold secrets, and the passwords inside URLs, of a process's environment. */
export function watchEnvironmentSecrets(env: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (/TOKEN|SECRET|PASSWORD|_API_KEY$/.test(name)) watchForSecret(value);
    if (/_URL$/.test(name)) {
      try {
        watchForSecret(decodeURIComponent(new URL(value).password));
      } catch {
        // Not a URL (a path, a plain host): nothing inside it to watch.
      }
    }
  }
}

/** Which kinds of secret `text` holds: shape names, or the first four characters of a watched value. */
export function secretsIn(text: string): string[] {
  const found = SHAPES.filter(([, shape]) => shape.test(text)).map(([name]) => name);
  for (const value of watched)
    if (text.includes(value)) found.push(`a watched secret (${value.slice(0, 4)}…)`);
  return found;
}

/** Checks one piece of log output from `source`; what it finds is reported when the test file ends. */
export function scanLog(source: string, text: string): void {
  for (const what of secretsIn(text)) findings.push(`${what} in the log of ${source}`);
}

/** The findings so far, emptied. */
export function takeFindings(): string[] {
  return findings.splice(0);
}
