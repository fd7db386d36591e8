// A fake LLM server on loopback that speaks the four providers' HTTP protocols at the paths the AI SDK
// providers call (OpenAI responses and chat completions, Anthropic messages, Gemini generateContent,
// Cohere chat v2), so the LLM layer is tested over real HTTP: headers, bodies, status codes,
// Retry-After, structured output, dropped connections.
//
// Replies and errors follow each provider's documented JSON shapes. A 401 echoes the key it was given
// (as some gateways do), so tests can check that the key never reaches a log. Every request is recorded
// with its parsed body, so a test can read exactly what a provider would have been sent.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeLlmProvider = 'openai' | 'anthropic' | 'gemini' | 'cohere';

/** What the next matching request gets instead of the default reply. */
export type FakeLlmScript =
  /** An HTTP error in the provider's own error shape; `retryAfter` (seconds) becomes the header. */
  | { status: number; retryAfter?: number }
  /** No answer at all, until the client gives up and closes the connection. */
  | { hang: true }
  /** The reply, after a pause (a slow provider). */
  | { delayMs: number }
  /** A 200 whose body is not JSON at all (a broken proxy). */
  | { malformed: true }
  /** A successful reply carrying this text (for structured output: the JSON text the model "wrote"). */
  | { text: string };

export interface FakeLlmRequest {
  /** Which protocol the path belongs to; null for a path no provider serves (answered 404). */
  provider: FakeLlmProvider | null;
  method: string;
  /** The path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The JSON body as parsed (the raw text when it is not JSON). */
  body: unknown;
  /** True when the request asked for JSON output following a schema. */
  structured: boolean;
  receivedAt: number;
  /** The status answered; undefined while the request hangs. */
  status?: number;
  /** True once the client closed the connection before the fake answered. */
  closedByClient: boolean;
}

/** Token counts every fake reply reports. */
export const FAKE_USAGE = { inputTokens: 21, outputTokens: 13 } as const;

const DEFAULT_FAKE_REPLY = 'A fake reply for the lawyer to review.';

export interface FakeLlm {
  /** Origin to use as LLM_BASE_URL, e.g. http://127.0.0.1:40123. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: FakeLlmRequest[];
  /** The recorded requests that reached one provider's path. */
  requestsTo(provider: FakeLlmProvider): FakeLlmRequest[];
  /** The text of every later successful reply that is not scripted. */
  replyWith(text: string): void;
  /** The next `times` requests (to `provider`, or to any) get `script` instead of the default reply. */
  failNext(script: FakeLlmScript, options?: { provider?: FakeLlmProvider; times?: number }): void;
  /** The next `times` requests (to `provider`, or to any) are answered with `text`. */
  replyNext(text: string, options?: { provider?: FakeLlmProvider; times?: number }): void;
  /** Drops every script not used up yet: later requests get the default reply again. */
  clearScripts(): void;
  close(): Promise<void>;
}

interface PendingScript {
  script: FakeLlmScript;
  provider: FakeLlmProvider | undefined;
  remaining: number;
}

const GEMINI_PATH = /^\/v1beta\/models\/([^/:]+):generateContent$/;

function providerOf(method: string, path: string): FakeLlmProvider | null {
  if (method !== 'POST') return null;
  if (path === '/v1/responses' || path === '/v1/chat/completions') return 'openai';
  if (path === '/v1/messages') return 'anthropic';
  if (path === '/v2/chat') return 'cohere';
  if (GEMINI_PATH.test(path)) return 'gemini';
  return null;
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const requests: FakeLlmRequest[] = [];
  const scripts: PendingScript[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let replyText = DEFAULT_FAKE_REPLY;
  let served = 0;

  const takeScript = (provider: FakeLlmProvider): FakeLlmScript | undefined => {
    const index = scripts.findIndex((s) => s.provider === undefined || s.provider === provider);
    const pending = scripts[index];
    if (pending === undefined) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) scripts.splice(index, 1);
    return pending.script;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake-llm');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    const body = parseBody(raw);
    const recorded: FakeLlmRequest = {
      provider: providerOf(method, url.pathname),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      structured: asksForJson(body),
      receivedAt: Date.now(),
      closedByClient: false,
    };
    requests.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished) recorded.closedByClient = true;
    });

    const send = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      if (res.destroyed) return;
      recorded.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };

    const provider = recorded.provider;
    if (provider === null) {
      send(404, { error: { message: `No route for ${method} ${url.pathname}` } });
      return;
    }
    const key = presentedKey(provider, req.headers, url.searchParams);
    if (key === undefined) {
      send(401, errorBody(provider, 401, 'No API key provided.'));
      return;
    }
    const script = takeScript(provider);
    if (script && 'hang' in script) return; // the response stays open until the client gives up
    if (script && 'status' in script) {
      const message =
        script.status === 401
          ? `Incorrect API key provided: ${key}`
          : `Fake ${String(script.status)} from ${provider}`;
      send(
        script.status,
        errorBody(provider, script.status, message),
        script.retryAfter === undefined ? {} : { 'retry-after': String(script.retryAfter) },
      );
      return;
    }
    if (script && 'malformed' in script) {
      send(200, '<html>upstream proxy error</html>');
      return;
    }
    served += 1;
    const serial = served;
    const model =
      provider === 'gemini' ? (GEMINI_PATH.exec(url.pathname)?.[1] ?? '') : modelOf(recorded.body);
    const text = script && 'text' in script ? script.text : replyText;
    const reply = replyBody(provider, url.pathname, text, model, serial);
    if (script && 'delayMs' in script) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(200, reply);
      }, script.delayMs);
      timers.add(timer);
      return;
    }
    send(200, reply);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const push = (script: FakeLlmScript, options: { provider?: FakeLlmProvider; times?: number }): void => {
    scripts.push({ script, provider: options.provider, remaining: options.times ?? 1 });
  };

  return {
    baseUrl: `http://127.0.0.1:${String(port)}`,
    requests,
    requestsTo: (provider) => requests.filter((r) => r.provider === provider),
    replyWith(text) {
      replyText = text;
    },
    failNext: (script, options = {}) => push(script, options),
    replyNext: (text, options = {}) => push({ text }, options),
    clearScripts: () => {
      scripts.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        // Hanging requests and idle keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw; // recorded as text, so a test can see what was sent
  }
}

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Each protocol's way of asking for JSON that follows a schema. */
function asksForJson(body: unknown): boolean {
  return (
    field(body, 'text', 'format', 'type') === 'json_schema' || // OpenAI responses
    field(body, 'response_format', 'type') === 'json_schema' || // OpenAI chat completions
    field(body, 'output_config', 'format', 'type') === 'json_schema' || // Anthropic
    field(body, 'generationConfig', 'responseMimeType') === 'application/json' || // Gemini
    field(body, 'response_format', 'type') === 'json_object' // Cohere
  );
}

function modelOf(body: unknown): string {
  const model = field(body, 'model');
  return typeof model === 'string' ? model : '';
}

function presentedKey(
  provider: FakeLlmProvider,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
): string | undefined {
  const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  switch (provider) {
    case 'openai':
    case 'cohere':
      return bearer;
    case 'anthropic':
      return header('x-api-key');
    case 'gemini':
      return header('x-goog-api-key') ?? query.get('key') ?? undefined;
  }
}

function replyBody(
  provider: FakeLlmProvider,
  path: string,
  text: string,
  model: string,
  serial: number,
): unknown {
  const { inputTokens, outputTokens } = FAKE_USAGE;
  const created = Math.floor(Date.now() / 1000);
  switch (provider) {
    case 'openai':
      if (path === '/v1/responses') {
        return {
          id: `resp_fake${String(serial)}`,
          object: 'response',
          created_at: created,
          status: 'completed',
          model,
          output: [
            {
              type: 'message',
              id: `msg_fake${String(serial)}`,
              status: 'completed',
              role: 'assistant',
              content: [{ type: 'output_text', text, annotations: [] }],
            },
          ],
          incomplete_details: null,
          usage: {
            input_tokens: inputTokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: inputTokens + outputTokens,
          },
        };
      }
      return {
        id: `chatcmpl-fake${String(serial)}`,
        object: 'chat.completion',
        created,
        model,
        choices: [
          { index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop' },
        ],
        usage: {
          prompt_tokens: inputTokens,
          completion_tokens: outputTokens,
          total_tokens: inputTokens + outputTokens,
        },
      };
    case 'anthropic':
      return {
        id: `msg_fake${String(serial)}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
      };
    case 'gemini':
      return {
        candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 }],
        usageMetadata: {
          promptTokenCount: inputTokens,
          candidatesTokenCount: outputTokens,
          totalTokenCount: inputTokens + outputTokens,
        },
        modelVersion: model,
        responseId: `fake${String(serial)}`,
      };
    case 'cohere':
      return {
        id: `fake-${String(serial)}`,
        finish_reason: 'COMPLETE',
        message: { role: 'assistant', content: [{ type: 'text', text }] },
        usage: {
          billed_units: { input_tokens: inputTokens, output_tokens: outputTokens },
          tokens: { input_tokens: inputTokens, output_tokens: outputTokens },
        },
      };
  }
}

/** Each provider's error JSON, with the type/status names it uses for common HTTP statuses. */
function errorBody(provider: FakeLlmProvider, status: number, message: string): unknown {
  const kind = status === 429 ? 'rate' : status === 401 ? 'auth' : status >= 500 ? 'server' : 'request';
  switch (provider) {
    case 'openai': {
      const type = {
        rate: 'requests',
        auth: 'invalid_request_error',
        server: 'server_error',
        request: 'invalid_request_error',
      }[kind];
      const code = { rate: 'rate_limit_exceeded', auth: 'invalid_api_key', server: null, request: null }[
        kind
      ];
      return { error: { message, type, param: null, code } };
    }
    case 'anthropic': {
      const type = {
        rate: 'rate_limit_error',
        auth: 'authentication_error',
        server: 'api_error',
        request: 'invalid_request_error',
      }[kind];
      return { type: 'error', error: { type, message } };
    }
    case 'gemini': {
      const grpc = {
        rate: 'RESOURCE_EXHAUSTED',
        auth: 'UNAUTHENTICATED',
        server: 'INTERNAL',
        request: 'INVALID_ARGUMENT',
      }[kind];
      return { error: { code: status, message, status: grpc } };
    }
    case 'cohere':
      return { id: 'fake-error', message };
  }
}
