// When the bot's calls to Telegram are sent again, against the fake Bot API: a call that only reads or sets
// a state is sent again through a 5xx or a lost connection; a call that creates a message is sent again only
// when it provably never reached Telegram, so a 5xx that came after delivery never doubles the message.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api, InputFile, type ApiClientOptions } from 'grammy';
import nodeFetch, { type RequestInfo, type RequestInit, type Response } from 'node-fetch';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fetchHonouringRetryAfter } from '../../../bot/telegram-fetch.ts';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram.ts';

const lawyer = { id: 7_100_001, first_name: 'Maria' };
const RETRY = { maxRetries: 3, maxDelaySeconds: 5, serverErrorDelayMs: 1 };

let fake: FakeTelegram;

beforeEach(async () => {
  fake = await startFakeTelegram();
  fake.knowUser(lawyer);
});

afterEach(async () => {
  await fake.close();
});

type Fetch = (url: RequestInfo, init?: RequestInit) => Promise<Response>;

function apiThrough(fetch: Fetch = (url, init) => nodeFetch.default(url, init)): Api {
  return new Api(fake.token, {
    apiRoot: fake.apiRoot,
    fetch: fetchHonouringRetryAfter(RETRY, fetch) as unknown as NonNullable<ApiClientOptions['fetch']>,
  });
}

const callsOf = (method: string) => fake.calls.filter((call) => call.method === method);
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (err: unknown) => err as Error,
  );

/** A loopback port nobody listens on: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

it('does not send a message again when Telegram delivered it and answered 502', async () => {
  const api = apiThrough();
  fake.failNext('sendMessage', { status: 502, delivered: true });
  expect(await rejection(api.sendMessage(lawyer.id, 'Case opened for Jane Doe'))).not.toBeNull();
  expect(fake.sent.map((m) => m.text)).toEqual(['Case opened for Jane Doe']);
  expect(callsOf('sendMessage')).toHaveLength(1);
});

it('does not send a message again after a 500: the bot cannot tell whether it was delivered', async () => {
  const api = apiThrough();
  fake.failNext('sendMessage', { status: 500 });
  expect(await rejection(api.sendMessage(lawyer.id, 'Question 3 of 12'))).not.toBeNull();
  expect(callsOf('sendMessage')).toHaveLength(1);
  expect(fake.sent).toEqual([]);
});

it('does not send a document again when the connection drops after Telegram took it', async () => {
  const api = apiThrough();
  fake.failNext('sendDocument', { status: 'reset', delivered: true });
  const letter = new InputFile(Buffer.from('%PDF-1.4 petition letter'), 'petition.pdf');
  expect(await rejection(api.sendDocument(lawyer.id, letter))).not.toBeNull();
  expect(fake.sent.map((m) => m.document?.file_name)).toEqual(['petition.pdf']);
  expect(callsOf('sendDocument')).toHaveLength(1);
});

it('does not send a message again when the connection drops before any answer', async () => {
  const api = apiThrough();
  fake.failNext('sendMessage', { status: 'reset', delivered: true });
  expect(await rejection(api.sendMessage(lawyer.id, 'Draft ready'))).not.toBeNull();
  expect(fake.sent.map((m) => m.text)).toEqual(['Draft ready']);
  expect(callsOf('sendMessage')).toHaveLength(1);
});

it('sends a message again when the connection was refused: Telegram never saw it', async () => {
  const refused = `http://127.0.0.1:${String(await closedPort())}`;
  let attempts = 0;
  // The first attempt goes to a port nobody listens on, as when Telegram's address refuses connections.
  const api = apiThrough((url, init) => {
    attempts += 1;
    const href = typeof url === 'string' ? url : 'href' in url ? url.href : url.url;
    return nodeFetch.default(attempts === 1 ? href.replace(fake.apiRoot, refused) : href, init);
  });
  const sent = await api.sendMessage(lawyer.id, 'Exhibit 4 added');
  expect(sent.text).toBe('Exhibit 4 added');
  expect(attempts).toBe(2);
  expect(fake.sent.map((m) => m.text)).toEqual(['Exhibit 4 added']);
});

it('sends an edit, a read and a deletion again through 5xx and lost connections', async () => {
  const api = apiThrough();
  const shown = await api.sendMessage(lawyer.id, 'Looking through the law…');

  fake.failNext('editMessageText', { status: 502, delivered: false });
  fake.failNext('editMessageText', { status: 'reset', delivered: false });
  await api.editMessageText(lawyer.id, shown.message_id, 'The answer, cited');
  expect(callsOf('editMessageText').map((call) => call.status)).toEqual([502, 0, 200]);
  expect(fake.sent.at(-1)?.text).toBe('The answer, cited');

  fake.failNext('getMe', { status: 500 }, 2);
  expect((await api.getMe()).id).toBe(fake.botUser.id);
  expect(callsOf('getMe').map((call) => call.status)).toEqual([500, 500, 200]);

  fake.failNext('deleteMessage', { status: 500 });
  expect(await api.deleteMessage(lawyer.id, shown.message_id)).toBe(true);
  expect(callsOf('deleteMessage').map((call) => call.status)).toEqual([500, 200]);
});

it('gives up on a read after its retries, and the caller sees the 5xx', async () => {
  const api = apiThrough();
  fake.failNext('getMe', { status: 500 }, RETRY.maxRetries + 1);
  expect(await rejection(api.getMe())).not.toBeNull();
  expect(callsOf('getMe')).toHaveLength(RETRY.maxRetries + 1);
});
