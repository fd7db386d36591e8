# /newcase, /cases, /case: открытие, список, архивирование и удаление дел юриста.
cases-invalid-button = Эта кнопка недействительна. Отправьте /cases, чтобы увидеть список дел.
cases-no-active-case = У вас нет текущего дела. Откройте дело нового клиента командой /newcase или выберите одно из своих через /cases.

cases-summary-active = (ваше текущее дело)
cases-summary-field = Область деятельности: { $field }
cases-summary-status = Статус: { $status ->
        [archived] в архиве
       *[open] открыто
    }
cases-summary-opened = Открыто: { $date }
cases-fact-intake = Анкета: { $status ->
        [not_started] не начата
        [completed] заполнена (отвечено { $answered } из { $total })
        [paused] приостановлена на вопросе { $position } (отвечено { $answered } из { $total })
       *[in_progress] заполняется, вопрос { $position } (отвечено { $answered } из { $total })
    }
cases-fact-intake-candidates = Возможные приложения из анкеты: { $count } — нужно дополнить

cases-list-empty = У вас пока нет дел. Отправьте /newcase, чтобы открыть первое.
cases-list-heading = Ваши дела ({ $count })
cases-list-heading-paged = Ваши дела (страница { $page } из { $pages }, всего { $count })
cases-mark-active = текущее
cases-mark-archived = в архиве
cases-button-archive = В архив
cases-button-unarchive = Вернуть из архива
cases-button-delete = Удалить
cases-button-previous = ‹ Назад
cases-button-next = Далее ›

cases-new-ask-name = Новое дело. Как зовут клиента? (Отправьте /cancel, чтобы отменить.)
cases-new-ask-field = Какова область деятельности клиента <b>{ $name }</b>? Настолько узко, насколько позволяют доказательства, например «машинное обучение для медицинской визуализации», а не «информатика».
cases-new-not-created = Новое дело не создано.
cases-new-type-name = Введите имя клиента текстом или отправьте /cancel, чтобы отменить.
cases-new-type-field = Введите область деятельности текстом или отправьте /cancel, чтобы отменить.
cases-new-opened =
    Дело клиента <b>{ $name }</b> ({ $field }) открыто. Теперь это ваше текущее дело.

    Дальше: анкета (/intake), затем доказательства (/evidence).
cases-button-start-intake = Начать анкету
cases-client-name-empty = Имя клиента пустое. Пожалуйста, введите его.
cases-client-name-too-long = Имя клиента слишком длинное ({ $length } символов). Уложитесь в { $limit }.
cases-field-empty = Область деятельности не указана. Пожалуйста, введите её.
cases-field-too-long = Описание области деятельности слишком длинное ({ $length } символов). Уложитесь в { $limit }.

cases-opened = Дело клиента { $name } теперь текущее.
cases-archived = Дело клиента { $name } перенесено в архив.
cases-unarchived = Дело клиента { $name } возвращено из архива. Откройте его, чтобы продолжить работу.
cases-delete-confirm = Удалить дело клиента <b>{ $name }</b> ({ $field })? Вместе с ним будут удалены ответы анкеты и доказательства. Это действие нельзя отменить.
cases-button-delete-yes = Да, удалить
cases-button-delete-no = Нет, оставить
cases-deleted-short = Удалено.
cases-deleted = Дело клиента <b>{ $name }</b> удалено.
