# /ask (ответы по закону и по делу, со ссылками), /note и /notes (память дела).
ask-usage =
    Напишите вопрос после /ask, например:
    /ask What counts as judging?
    /ask Какое приложение подтверждает награду?

    Я отвечаю по 8 CFR 204.5(g) и (h), 8 CFR 103.2(b)(3), USCIS Policy Manual, делу Kazarian v. USCIS и вашему текущему делу (анкета, приложения, заметки) и ссылаюсь на каждый фрагмент.
ask-question-heading = Вопрос: { $question }
ask-thinking = Ищу ответ в законе и в деле…
ask-answer-law-heading = Из закона:
ask-answer-case-heading = Из дела:
ask-answer-no-law = В тексте регламента, положениях USCIS и деле Kazarian ничего не подходит к этому вопросу. Попробуйте другие слова, например «What counts as judging?»
ask-answer-no-law-russian = Правовые тексты (8 CFR, USCIS Policy Manual, Kazarian) на английском, поэтому вопрос на русском в них ничего не находит. Чтобы искать в законе, задайте вопрос по-английски, например «What counts as judging?»
ask-answer-no-case = Дело не открыто, поэтому поиск шёл только по закону. Откройте дело через /cases, чтобы искать и в его анкете, приложениях и заметках.
ask-answer-nothing-in-case = В анкете, приложениях и заметках этого дела ничего не подходит к вопросу.
ask-answer-nothing-in-case-russian = В анкете, приложениях и заметках этого дела ничего не подходит к вопросу. Приложения записаны по-английски, как их цитирует петиция: спросите по-английски, чтобы искать и в них.
ask-passage-quoted = [{ $citation }] «{ $text }»
ask-passage-summary = [{ $citation }] Кратко: { $text }
ask-passage-practice = [{ $citation }] { $text }
ask-passage-case = [{ $citation }] { $text }
ask-cite-intake = Анкета: { $question }
ask-cite-note = Заметка, { $date }
ask-source-template = Это сами фрагменты, дословно; ответ написан без LLM.
ask-source-llm = Написано LLM ({ $provider }) только по приведённым фрагментам; каждая ссылка проверена по ним.
ask-source-unavailable = Ни один поставщик LLM не ответил вовремя, поэтому это сами фрагменты, дословно. Спросите позже, чтобы получить написанный ответ.
ask-source-rejected = Черновик LLM отклонён ({ $count } { $count ->
        [one] раз
        [few] раза
       *[other] раз
    }), потому что не держался фрагментов, поэтому приведены сами фрагменты.

ask-note-empty = Напишите заметку после /note, например: /note Клиент предпочитает подавать в Бостоне.
ask-note-too-long = В заметке { $length } символов, а можно не больше { $limit }. Разделите её на несколько.
ask-note-saved = Записал в дело { $clientName }. /ask теперь учитывает эту заметку; /notes показывает все заметки.
ask-notes-heading = Заметки по делу { $clientName } ({ $count }):
ask-notes-empty = По делу { $clientName } заметок пока нет. Добавьте: /note и текст, например: /note Клиент предпочитает подавать в Бостоне.
ask-notes-line = { $date }: { $text }
