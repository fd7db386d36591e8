// How a job keeps a lawyer informed: one progress message edited as the job goes (step name and a text
// bar, at most one edit every ~2 s per chat, the last state always written), then the result, or, when
// the job failed for good, what happened and what to do. Core does not know grammY: it talks to
// Telegram through `TelegramMessenger`, which the entry point wires to the bot's Api.
import { z } from 'zod';
import type { Logger } from 'pino';
import { LOCALES, type TranslationParams, type Translator } from '../i18n/i18n.ts';

/** An inline keyboard: rows of buttons, each sending its callback data to the bot when tapped. */
export interface InlineButtons {
  inline_keyboard: ReadonlyArray<ReadonlyArray<{ text: string; callback_data: string }>>;
}

/** A file a job sends to a lawyer (a drafted brief, a packet). */
export interface OutgoingFile {
  bytes: Buffer;
  fileName: string;
}

/**
 * The Bot API calls jobs need. The entry point wires it to grammY's Api (bot/messenger.ts), since core
 * does not import grammY.
 */
export interface TelegramMessenger {
  sendMessage(
    chatId: number,
    text: string,
    other?: { parse_mode?: 'HTML'; reply_markup?: InlineButtons },
  ): Promise<{ message_id: number }>;
  editMessageText(
    chatId: number,
    messageId: number,
    text: string,
    other?: { parse_mode?: 'HTML' },
  ): Promise<unknown>;
  sendDocument(
    chatId: number,
    file: OutgoingFile,
    other?: { caption?: string; parse_mode?: 'HTML' },
  ): Promise<{ message_id: number }>;
}

/** Who a job started for a lawyer reports to: part of its payload, so any process running it can. */
export const lawyerTarget = z.object({
  chatId: z.number().int(),
  locale: z.enum(LOCALES),
});
export type LawyerTarget = z.infer<typeof lawyerTarget>;

export interface ProgressReporter {
  /**
   * The job reached `done` of `total` in the step named by the jobs.ftl key `stepKey`. Edits are
   * throttled: a state superseded within the interval is never shown, the latest one always is.
   */
  step(stepKey: string, done: number, total: number): Promise<void>;
  /** Writes the last state, then sends the result (a message key with its parameters, HTML). */
  finish(resultKey: string, params?: TranslationParams): Promise<void>;
  /** Tells the lawyer in plain words that the job failed for good and what to do. */
  failed(): Promise<void>;
  /** A message in the lawyer's language (for text a job composes itself, e.g. with `send`). */
  t(key: string, params?: TranslationParams): string;
  /** Writes the last progress state, then sends composed HTML, with buttons when given. */
  send(html: string, buttons?: InlineButtons): Promise<void>;
  /** Writes the last progress state, then sends a file with an optional HTML caption. */
  sendFile(file: OutgoingFile, captionHtml?: string): Promise<void>;
}

/** A reporter for a job nobody waits on (no lawyer in its payload). */
export const silentProgress: ProgressReporter = {
  step: () => Promise.resolve(),
  finish: () => Promise.resolve(),
  failed: () => Promise.resolve(),
  t: (key) => key,
  send: () => Promise.resolve(),
  sendFile: () => Promise.resolve(),
};

export interface ProgressBoardOptions {
  telegram: TelegramMessenger;
  translator: Translator;
  log: Logger;
  /** Least time between two edits in one chat (default 2000 ms: Telegram's limit is ~1 message/s per chat). */
  minEditIntervalMs?: number;
  now?: () => number;
}

export interface ProgressBoard {
  /** A reporter for one job run for `lawyer`; `titleKey` names the work (a jobs.ftl key). */
  reporterFor(lawyer: LawyerTarget, titleKey: string): ProgressReporter;
}

const BAR_CELLS = 10;

/** `▰▰▰▱▱▱▱▱▱▱`: how far a step is, readable in any language. */
export function progressBar(done: number, total: number): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(ratio * BAR_CELLS);
  return '▰'.repeat(filled) + '▱'.repeat(BAR_CELLS - filled);
}

/** Telegram answers 400 "message is not modified" when an edit changes nothing: not a failure. */
function isNotModified(err: unknown): boolean {
  return err instanceof Error && err.message.includes('message is not modified');
}

interface StepState {
  stepKey: string;
  done: number;
  total: number;
}

export function createProgressBoard(options: ProgressBoardOptions): ProgressBoard {
  const { telegram, translator, log } = options;
  const interval = options.minEditIntervalMs ?? 2_000;
  const now = options.now ?? Date.now;
  // When each chat was last written to by any job in this process; entries older than the interval mean
  // nothing and are pruned as the map grows.
  const lastWriteAt = new Map<number, number>();

  function noteWrite(chatId: number): void {
    const at = now();
    lastWriteAt.set(chatId, at);
    if (lastWriteAt.size > 1_000) {
      for (const [chat, when] of lastWriteAt) if (at - when >= interval) lastWriteAt.delete(chat);
    }
  }

  function waitForSlot(chatId: number): number {
    const last = lastWriteAt.get(chatId);
    return last === undefined ? 0 : Math.max(0, last + interval - now());
  }

  return {
    reporterFor(lawyer, titleKey) {
      const { chatId, locale } = lawyer;
      const t = (key: string, params?: TranslationParams): string => translator.t(locale, key, params);
      let messageId: number | null = null;
      let latest: StepState | null = null;
      let written: StepState | null = null;
      let timer: NodeJS.Timeout | null = null;
      // Writes run one after another, so edits never overtake each other.
      let writes: Promise<void> = Promise.resolve();

      const render = (state: StepState): string =>
        t('jobs-progress', {
          title: t(titleKey),
          step: t(state.stepKey),
          bar: progressBar(state.done, state.total),
          done: state.done,
          total: state.total,
        });

      async function write(state: StepState): Promise<void> {
        // Noted when the call starts (other jobs in this chat wait) and again when Telegram has it, so
        // the next edit reaches Telegram at least the interval after this one did.
        noteWrite(chatId);
        written = state;
        const text = render(state);
        try {
          if (messageId === null) {
            messageId = (await telegram.sendMessage(chatId, text, { parse_mode: 'HTML' })).message_id;
          } else {
            await telegram.editMessageText(chatId, messageId, text, { parse_mode: 'HTML' });
          }
        } catch (err) {
          // Progress is a courtesy: a failed edit must not fail the job, whose result still goes out.
          if (!isNotModified(err)) log.warn({ err, chatId }, 'could not update a job progress message');
        } finally {
          noteWrite(chatId);
        }
      }

      function flushLatest(): void {
        timer = null;
        const state = latest;
        if (state && state !== written) writes = writes.then(() => write(state));
      }

      function schedule(): void {
        if (timer) return;
        const wait = waitForSlot(chatId);
        if (wait === 0) flushLatest();
        else timer = setTimeout(flushLatest, wait);
      }

      /** Writes the latest state if it is not shown yet, waiting for the chat's next slot. */
      async function settle(): Promise<void> {
        if (timer) {
          clearTimeout(timer);
          timer = null;
        }
        await writes;
        const state = latest;
        if (state && state !== written) {
          const wait = waitForSlot(chatId);
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          await write(state);
        }
      }

      return {
        step(stepKey, done, total) {
          latest = { stepKey, done, total };
          schedule();
          return Promise.resolve();
        },

        async finish(resultKey, params) {
          await settle();
          await telegram.sendMessage(chatId, t(resultKey, params), { parse_mode: 'HTML' });
          noteWrite(chatId);
        },

        async failed() {
          await settle();
          await telegram.sendMessage(chatId, t('jobs-failed', { title: t(titleKey) }), {
            parse_mode: 'HTML',
          });
          noteWrite(chatId);
        },

        t,

        async send(html, buttons) {
          await settle();
          await telegram.sendMessage(chatId, html, {
            parse_mode: 'HTML',
            ...(buttons !== undefined && { reply_markup: buttons }),
          });
          noteWrite(chatId);
        },

        async sendFile(file, captionHtml) {
          await settle();
          await telegram.sendDocument(chatId, file, {
            ...(captionHtml !== undefined && { caption: captionHtml, parse_mode: 'HTML' }),
          });
          noteWrite(chatId);
        },
      };
    },
  };
}
