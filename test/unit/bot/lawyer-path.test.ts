// The lawyer's path without stumbles, through the whole bot: /cancel leaves the intake, the intake's menu
// of sections jumps to any block, what /newcase asked is not asked again, list answers keep their commas,
// an archived case comes back with Unarchive, an unknown command is named, and all of it in Russian too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_BUTTON } from '../../../bot/features/intake.ts';
import { CASE_BUTTON } from '../../../bot/features/cases.ts';
import { MENU, setCommandMenu } from '../../../bot/features/start.ts';
import { INTAKE_BLOCKS, totalQuestions } from '../../../core/eb1a/intake-questions.ts';
import type { FakeUser } from '../../support/fake-telegram.ts';
import { startBotHarness, type BotHarness } from '../../support/bot-harness.ts';

let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ bot: { rateLimit: { windowMs: 1_000, limit: 1_000 } } });
}, 60_000);

afterAll(async () => {
  await h.close();
});

async function lawyerId(user: FakeUser): Promise<string> {
  const lawyer = await h.app.users.get(user.id);
  if (!lawyer) throw new Error('unknown user');
  return lawyer.id;
}

/** Opens a case through /newcase, as a lawyer does. */
async function newCase(user: FakeUser, name = 'Jane Doe', field = 'Machine learning for medical imaging') {
  await h.say(user, '/newcase');
  await h.say(user, name);
  await h.say(user, field);
  const active = await h.app.cases.active(await lawyerId(user));
  if (!active) throw new Error('no case was opened');
  return active;
}

const usPlans = INTAKE_BLOCKS.findIndex((block) => block.id === 'us_plans');

describe('the lawyer’s path', () => {
  it('does not ask again the name and field given at /newcase', async () => {
    const user = await h.addUser();
    const opened = await newCase(user);
    await h.say(user, '/intake');
    expect(h.lastTo(user.id).text).toMatch(
      new RegExp(`^Question 3 of ${String(totalQuestions)} · Background and field — Jane Doe\\n`),
    );
    expect(h.lastTo(user.id).text).toContain('Country of citizenship');
    expect(await h.app.intake.answers(await lawyerId(user), opened.id)).toEqual({
      'background.client_name': 'Jane Doe',
      'background.field': 'Machine learning for medical imaging',
    });
  });

  it('leaves the intake on /cancel: the next message is not taken as an answer', async () => {
    const user = await h.addUser();
    const opened = await newCase(user);
    await h.say(user, '/intake');
    await h.say(user, '/cancel');
    expect(h.lastTo(user.id).text).toBe(
      `Intake paused at question 3 of ${String(totalQuestions)}. Your answers are kept; send /intake to continue where you left off.`,
    );
    await h.say(user, 'Canada');
    expect(h.lastTo(user.id).text).toMatch(/^I didn't understand that/);
    const answers = await h.app.intake.answers(await lawyerId(user), opened.id);
    expect(answers['background.citizenship']).toBeUndefined();
    await h.say(user, '/cancel');
    expect(h.lastTo(user.id).text).toBe('Nothing is in progress. Send /start for the menu.');
    await h.say(user, '/intake');
    expect(h.lastTo(user.id).text).toMatch(/^Resuming the intake where you left off\.\n\nQuestion 3 of/);
  });

  it('jumps to a section from the menu of sections, which shows answered of total per block', async () => {
    const user = await h.addUser();
    const opened = await newCase(user);
    await h.say(user, '/intake');
    await h.click(user, h.lastTo(user.id), INTAKE_BUTTON.blocks(opened.id));
    const menu = h.lastTo(user.id);
    expect(menu.buttons).toHaveLength(INTAKE_BLOCKS.length);
    expect(menu.buttons[0]?.text).toBe('Background and field · 2/4');
    expect(menu.buttons[usPlans]?.text).toBe('US plans (8 CFR 204.5(h)(5)) · 0/2');
    await h.click(user, menu, INTAKE_BUTTON.block(opened.id, usPlans));
    expect(h.lastTo(user.id).text).toMatch(
      /· US plans \(8 CFR 204\.5\(h\)\(5\)\) — Jane Doe\n\nWhat will the client do/,
    );
    await h.say(user, 'Lead the imaging AI group at Mayo Clinic');
    expect(h.lastTo(user.id).text).toMatch(/^Saved\.\n\nQuestion \d+ of \d+ · US plans/);
    const answers = await h.app.intake.answers(await lawyerId(user), opened.id);
    expect(answers['us_plans.plans']).toBe('Lead the imaging AI group at Mayo Clinic');
  });

  it('keeps a listed item whole at its commas, one item per line', async () => {
    const user = await h.addUser();
    const opened = await newCase(user);
    const membership = INTAKE_BLOCKS.findIndex((block) => block.id === 'membership');
    await h.say(user, '/intake');
    await h.click(user, h.lastTo(user.id), INTAKE_BUTTON.blocks(opened.id));
    await h.click(user, h.lastTo(user.id), INTAKE_BUTTON.block(opened.id, membership));
    await h.say(user, 'National Academy of Sciences, elected by peers, 2021-2024\nIEEE, Fellow, 2019');
    const candidates = await h.app.intake.candidates(await lawyerId(user), opened.id);
    expect(candidates.map((candidate) => candidate.title)).toEqual([
      'National Academy of Sciences, elected by peers, 2021-2024',
      'IEEE, Fellow, 2019',
    ]);
    expect(candidates[0]?.fields).toMatchObject({
      association: 'National Academy of Sciences, elected by peers',
    });
  });

  it('brings an archived case back with its own Unarchive button', async () => {
    const user = await h.addUser();
    const opened = await newCase(user, 'Rui Costa', 'Jazz composition');
    await h.say(user, '/cases');
    await h.click(user, h.lastTo(user.id), CASE_BUTTON.archive(opened.id));
    const list = h.lastTo(user.id);
    expect(list.text).toContain('• Rui Costa — Jazz composition (archived)');
    expect(list.buttons.map((b) => b.text)).toEqual(['Rui Costa', 'Unarchive', 'Delete']);
    await h.click(user, list, CASE_BUTTON.unarchive(opened.id));
    expect((await h.app.cases.get(await lawyerId(user), opened.id)).status).toBe('open');
    expect(h.lastTo(user.id).buttons.map((b) => b.text)).toEqual(['Rui Costa', 'Archive', 'Delete']);
  });

  it('names an unknown command in its answer', async () => {
    const user = await h.addUser();
    await h.say(user, '/foo bar');
    expect(h.lastTo(user.id).text).toBe(
      '/foo is not a command I know. Send /help for the list of commands, or /start for the menu.',
    );
  });
});

describe('in Russian', () => {
  it('speaks Russian from /start through the intake, and reads «да» and a year with «г.»', async () => {
    const user = await h.addUser('lawyer', { first_name: 'Мария', language_code: 'ru' });
    await h.say(user, '/start');
    expect(h.lastTo(user.id).text).toMatch(/^Здравствуйте, Мария\. Я помогаю готовить ходатайства EB-1A/);
    expect(h.lastTo(user.id).buttons.map((b) => b.text)).toContain('Новое дело');
    await h.say(user, '/newcase');
    expect(h.lastTo(user.id).text).toBe(
      'Новое дело. Как зовут клиента? (Отправьте /cancel, чтобы отменить.)',
    );
    const opened = await newCase(user, 'Иван Петров', 'Вычислительная биология');
    await h.say(user, '/intake');
    expect(h.lastTo(user.id).text).toMatch(
      new RegExp(
        `^Вопрос 3 из ${String(totalQuestions)} · Общие сведения и область деятельности — Иван Петров\\n`,
      ),
    );
    const career = INTAKE_BLOCKS.findIndex((block) => block.id === 'career');
    await h.click(user, h.lastTo(user.id), INTAKE_BUTTON.blocks(opened.id));
    await h.click(user, h.lastTo(user.id), INTAKE_BUTTON.block(opened.id, career));
    await h.say(user, 'Ведущий научный сотрудник, ИППИ РАН, 2018');
    await h.say(user, 'в двадцатых');
    expect(h.lastTo(user.id).text).toMatch(/^Укажите год четырьмя цифрами, например 2021\.\n\nВопрос/);
    await h.say(user, '2012 г.');
    expect(h.lastTo(user.id).text).toContain('R1/R2');
    expect(
      h
        .lastTo(user.id)
        .buttons.map((b) => b.text)
        .slice(0, 2),
    ).toEqual(['Да', 'Нет']);
    await h.say(user, 'да');
    const answers = await h.app.intake.answers(await lawyerId(user), opened.id);
    expect(answers).toMatchObject({ 'career.first_year': '2012', 'career.top_institution': 'yes' });
    await h.say(user, '/foo');
    expect(h.lastTo(user.id).text).toMatch(/^Команды \/foo я не знаю\./);
  });

  it('sets Telegram’s command menu in English for everyone and in Russian for Russian clients', async () => {
    const before = h.fake.calls.length;
    await setCommandMenu(h.bot.api);
    const calls = h.fake.calls.slice(before).filter((call) => call.method === 'setMyCommands');
    expect(calls.map((call) => call.body.language_code)).toEqual([undefined, 'ru']);
    const russian = calls[1]?.body.commands as Array<{ command: string; description: string }>;
    expect(russian.find((c) => c.command === 'cancel')?.description).toBe('Остановить текущее действие');
  });
});

describe('the main menu', () => {
  it('answers the Intake button without an active case by saying how to get one', async () => {
    const user = await h.addUser();
    await h.say(user, '/start');
    await h.click(user, h.lastTo(user.id), MENU.intake);
    expect(h.lastTo(user.id).text).toMatch(/^You have no active case/);
  });
});
