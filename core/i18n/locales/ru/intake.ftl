# Анкета в чате: ход заполнения, подсказки, кнопки, меню разделов, сохранение и завершение.
intake-position = Вопрос { $position } из { $total } · { $block }
intake-current-answer = Текущий ответ: { $answer }
intake-hint-text = Введите ответ.
intake-hint-number = Ответьте числом.
intake-hint-year = Укажите год четырьмя цифрами.
intake-hint-yes-no = Нажмите «Да» или «Нет» либо напишите ответ.
intake-hint-choice = Выберите один из вариантов.
intake-hint-list = Каждый пункт с новой строки; запятые внутри пункта сохраняются.
intake-hint-optional = Ответьте «нет», если ничего такого нет, или нажмите «Пропустить».

intake-button-yes = Да
intake-button-no = Нет
intake-button-back = ‹ Назад
intake-button-skip = Пропустить ›
intake-button-pause = Пауза
intake-button-blocks = Разделы
intake-button-restart = Пройти вопросы заново

intake-blocks = Разделы анкеты клиента <b>{ $name }</b>: отвечено из общего числа вопросов. Выберите раздел, чтобы перейти к нему.
intake-resuming = Продолжаем анкету с того места, где вы остановились.
intake-saved = Сохранено.
intake-saved-candidates = Сохранено. { $count ->
        [one] Отмечено { $count } возможное приложение
        [few] Отмечено { $count } возможных приложения
       *[other] Отмечено { $count } возможных приложений
    } — дополните в /evidence.
intake-not-saved = Ваш ответ НЕ сохранён: база данных его не приняла. По этому вопросу ничего не записано. Пожалуйста, отправьте ответ ещё раз.
intake-not-running = Анкета по текущему делу сейчас не заполняется. Отправьте /intake, чтобы продолжить.
intake-not-active-case = Эта анкета относится не к вашему текущему делу. Отправьте /intake.
intake-old-question = Эта кнопка относится к вопросу, который анкета уже прошла. Вот текущий вопрос.
intake-invalid-button = Эта кнопка недействительна. Отправьте /intake, чтобы продолжить.
intake-first-question = Это первый вопрос.
intake-paused-short = Пауза.
intake-paused = Анкета приостановлена на вопросе { $position } из { $total }. Отправьте /intake, чтобы продолжить с того же места.

intake-complete-short = Анкета клиента { $name } заполнена.
intake-complete = <b>Анкета заполнена</b> для клиента { $name }: отвечено { $answered } из { $total } вопросов.
intake-complete-candidates = Ответы указывают на возможные приложения: { $count } ({ $criteria }). Дополните их через /evidence.
intake-complete-no-candidates = Добавьте доказательства через /evidence.
intake-complete-next = Затем посмотрите, как дело выглядит по десяти критериям, командой /analyze.
intake-unknown-question = Такого вопроса в анкете нет.
