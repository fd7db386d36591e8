// The bot's authorization matrix: every command of the menu and every button the bot shows a lawyer
// (collected from what it really sent the owner of a case, so a new button is covered the day it appears)
// × a stranger, a deactivated lawyer, another lawyer, an admin and the owner. Strangers and deactivated
// lawyers get the refusal and nothing else; another lawyer and an admin replaying the owner's buttons learn
// nothing of the owner's case and change nothing in it; the owner and the admin get their own answers.
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { commandMenu } from '../../../bot/features/start.ts';
import { refusalText } from '../../../bot/middleware/allow-list.ts';
import { evidenceFactory } from '../../support/factories.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import type { FakeUser, SentMessage } from '../../support/fake-telegram.ts';

/** Words only the owner's case holds: none of them may ever reach anyone else. */
const CLIENT = 'Zenobia Quartermaine';
const FIELD = 'Cryogenic electron tomography';
const EXHIBIT = 'Peer review for Journal Zeta-Nine';
const PRIVATE = [CLIENT, FIELD, EXHIBIT];

/** Buttons the owner is not made to press while collecting (they would delete or archive what is checked). */
const DESTRUCTIVE = /delete|archive|:rm:|restart/;

const COMMANDS = commandMenu((key) => key).map((entry) => entry.command);

let h: BotHarness;
let owner: FakeUser;
let ownerId: string;
let caseId: string;
let exhibitId: string;

beforeAll(async () => {
  h = await startBotHarness({ env: { FEATURE_ENABLE_RATE_LIMITING: 'false', LOG_LEVEL: 'silent' } });
  owner = await h.addUser('lawyer', { first_name: 'Maria' });
  const ownerUser = await h.app.users.findActive(owner.id);
  if (!ownerUser) throw new Error('the owner is not on the allow-list');
  ownerId = ownerUser.id;
  caseId = (await h.app.cases.create(ownerId, { clientName: CLIENT, fieldOfEndeavor: FIELD })).id;
  const { criterion, fields } = evidenceFactory('judging');
  exhibitId = (await h.app.evidence.add(ownerId, caseId, { criterion, title: EXHIBIT, fields })).evidence.id;
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** Every message and button-press answer the bot gave `user`, as text. */
function everythingSaidTo(user: FakeUser, pressIds: ReadonlySet<string>): string[] {
  const answers = h.fake.calls
    .filter((c) => c.method === 'answerCallbackQuery' && pressIds.has(String(c.body.callback_query_id)))
    .map((c) => (typeof c.body.text === 'string' ? c.body.text : ''));
  return [...h.textsTo(user.id), ...answers];
}

/** `user` presses a button with `data` on a message the bot sent them; resolves with the press's id. */
async function press(user: FakeUser, shown: SentMessage, data: string): Promise<string> {
  const update: Update = h.fake.pushUpdate({
    callback_query: {
      id: `matrix-${user.id}-${h.fake.calls.length}-${data}`,
      from: { id: user.id, is_bot: false, first_name: user.first_name ?? 'Test' },
      message: shown.message,
      chat_instance: String(user.id),
      data,
    },
  });
  await h.deliver(update);
  return update.callback_query?.id ?? '';
}

/** The owner's walk through every command and every button shown: the callback data the bot offers. */
async function buttonsTheOwnerIsShown(): Promise<Set<string>> {
  for (const command of COMMANDS) {
    await h.say(owner, `/${command}`);
    await h.say(owner, '/cancel');
  }
  const offered = () =>
    new Map(
      h
        .sentTo(owner.id)
        .flatMap((m) =>
          m.buttons.flatMap((b) => ('callback_data' in b ? [[b.callback_data, m] as const] : [])),
        ),
    );
  // Buttons lead to more buttons (a case's exhibits, an exhibit's edit and remove): three levels deep.
  const pressed = new Set<string>();
  for (let level = 0; level < 3; level++) {
    for (const [data, shown] of offered()) {
      if (DESTRUCTIVE.test(data) || pressed.has(data)) continue;
      pressed.add(data);
      await press(owner, shown, data);
      await h.say(owner, '/cancel');
    }
  }
  return new Set(offered().keys());
}

it('refuses strangers and deactivated lawyers, and keeps the owner’s case from everyone else', async () => {
  const buttons = await buttonsTheOwnerIsShown();
  // The walk reached the case's own buttons: those carry its id, and are what another lawyer would copy.
  expect([...buttons].some((data) => data.includes(caseId))).toBe(true);
  expect([...buttons].some((data) => data.includes(exhibitId))).toBe(true);
  expect([...buttons].some((data) => data.startsWith('ev:rm:'))).toBe(true);

  const stranger = h.stranger();
  const departed = await h.addUser('lawyer', { first_name: 'Departed' });
  await h.app.users.update(departed.id, { active: false });
  const colleague = await h.addUser('lawyer', { first_name: 'Rui' });
  const admin = await h.addUser('admin', { first_name: 'Ada' });
  const cells: string[] = [];

  for (const [name, user, allowed] of [
    ['stranger', stranger, false],
    ['deactivated lawyer', departed, false],
    ['other lawyer', colleague, true],
    ['admin', admin, true],
  ] as const) {
    const pressIds = new Set<string>();
    for (const command of COMMANDS) {
      const before = h.sentTo(user.id).length;
      await h.say(user, `/${command}`);
      const replies = h.textsTo(user.id).slice(before);
      if (allowed && (replies.length === 0 || replies.some((t) => t.includes('not on its list'))))
        cells.push(`${name} × /${command}: ${replies.length === 0 ? 'no answer' : 'refused'}`);
      await h.say(user, '/cancel');
    }
    const shown = h.sentTo(user.id).at(-1);
    if (!shown) throw new Error(`the bot never wrote to the ${name}`);
    for (const data of buttons) {
      const id = await press(user, shown, data);
      pressIds.add(id);
      const answer = h.fake.calls.find(
        (c) => c.method === 'answerCallbackQuery' && c.body.callback_query_id === id,
      );
      if (!allowed && answer?.body.text !== refusalText(user.id))
        cells.push(`${name} × ${data}: answered ${JSON.stringify(answer?.body.text)}`);
      await h.say(user, '/cancel');
    }
    const said = everythingSaidTo(user, pressIds);
    for (const text of said)
      for (const secret of PRIVATE) if (text.includes(secret)) cells.push(`${name} saw "${secret}"`);
    if (!allowed) {
      // One refusal message per hour at most, whatever they send; every press is refused with an alert.
      expect(h.sentTo(user.id).length).toBeLessThanOrEqual(1);
    }
  }
  expect(cells).toEqual([]);

  // Nothing anyone else pressed changed the owner's case: still there, still open, its exhibit still in it.
  const still = await h.app.cases.get(ownerId, caseId);
  expect(still).toMatchObject({
    clientName: CLIENT,
    status: expect.not.stringMatching(/archived/) as string,
  });
  expect((await h.app.evidence.list(ownerId, caseId)).map((e) => e.id)).toEqual([exhibitId]);
}, 120_000);

it('answers the owner’s commands with the owner’s own case', async () => {
  const before = h.sentTo(owner.id).length;
  await h.say(owner, '/case');
  const replies = h.textsTo(owner.id).slice(before).join('\n');
  expect(replies).toContain(CLIENT);
});
