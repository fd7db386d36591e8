# /start, /help, /cancel и меню команд Telegram.
start-command-start = Приветствие и главное меню
start-command-newcase = Открыть дело нового клиента
start-command-cases = Ваши дела
start-command-case = Показать текущее дело
start-command-intake = Вопросы анкеты по текущему делу
start-command-evidence = Добавить доказательства в текущее дело
start-command-analyze = Проанализировать дело по десяти критериям EB-1A
start-command-ask = Вопрос о законе или деле, со ссылками
start-command-note = Записать заметку в текущее дело
start-command-notes = Заметки по текущему делу
start-command-language = Выбрать русский или английский язык
start-command-apikey = API-ключ для вашей системы учёта дел
start-command-cancel = Остановить текущее действие
start-command-help = Что я умею

start-button-new-case = Новое дело
start-button-my-cases = Мои дела
start-button-intake = Анкета
start-button-evidence = Добавить доказательства
start-button-analyze = Анализ

start-name-fallback = коллега
start-welcome =
    Здравствуйте, { $name }. Я помогаю готовить ходатайства EB-1A: откройте дело для каждого клиента, пройдите анкету, добавьте доказательства и посмотрите, как дело выглядит по десяти критериям.

    Выберите действие или отправьте /help, чтобы увидеть список команд.
start-help-heading = Что я умею
start-help-privacy = Ваши дела видите только вы. Ничто из отправленного сюда не передаётся другим пользователям.

start-cancel-stopped = Остановлено. Отправьте /start, чтобы открыть меню.
start-cancel-intake-paused = Анкета приостановлена на вопросе { $position } из { $total }. Ответы сохранены; отправьте /intake, чтобы продолжить с того же места.
start-cancel-nothing = Сейчас ничего не выполняется. Отправьте /start, чтобы открыть меню.

start-not-understood = Я не понял сообщение. Отправьте /help, чтобы узнать, что я умею, или /start, чтобы открыть меню.
start-unknown-command = Команды { $command } я не знаю. Отправьте /help, чтобы увидеть список команд, или /start, чтобы открыть меню.
start-stale-button = Эта кнопка больше не действует. Отправьте /start, чтобы открыть меню.
