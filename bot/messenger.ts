// The Bot API calls jobs make (core/jobs/progress.ts TelegramMessenger), on grammY's Api: core does not
// import grammY, so files are wrapped in an InputFile here.
import { InputFile, type Api } from 'grammy';
import type { TelegramMessenger } from '../core/jobs/progress.ts';

export function telegramMessenger(api: Api): TelegramMessenger {
  return {
    sendMessage: (chatId, text, other) =>
      api.sendMessage(chatId, text, {
        ...(other?.parse_mode !== undefined && { parse_mode: other.parse_mode }),
        ...(other?.reply_markup !== undefined && {
          reply_markup: {
            inline_keyboard: other.reply_markup.inline_keyboard.map((row) =>
              row.map(({ text, callback_data }) => ({ text, callback_data })),
            ),
          },
        }),
      }),
    editMessageText: (chatId, messageId, text, other) => api.editMessageText(chatId, messageId, text, other),
    sendDocument: (chatId, file, other) =>
      api.sendDocument(chatId, new InputFile(file.bytes, file.fileName), other),
  };
}
