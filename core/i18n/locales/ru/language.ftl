language-choose = Выберите язык, на котором я буду с вами говорить. Проекты ходатайств остаются на английском: USCIS читает их на английском.
language-chosen = Теперь я говорю по-русски. Отправьте /start, чтобы открыть меню.
language-name-en = English
language-name-ru = Русский
