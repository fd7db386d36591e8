# /evidence: приложения, их использование по критериям, вопросы о них и документы.

evidence-exhibit = Приложение { $number }
evidence-cancelled = Отменено. Ничего не сохранено.
evidence-nothing-changed = Ничего не изменено.
evidence-not-found = Такого приложения нет или оно не ваше.
evidence-not-saved = Приложение не сохранено. { $problem }
evidence-invalid-answers = Некоторые ответы отсутствуют или неверны: { $questions }.
evidence-updated = Изменено.

## Ответы и вопросы
evidence-answer-yes = Да
evidence-answer-no = Нет
evidence-answer-not-given = не указано
evidence-answer-with-text = Ответьте текстом, кнопкой или пришлите документ.
evidence-answer-first = Сначала ответьте на вопрос; документы можно приложить после.
evidence-stale-button = На этот вопрос уже ответили.
evidence-question-now = Сейчас: { $answer }
evidence-question-tap = Выберите ответ кнопкой ниже.
evidence-question-optional = Необязательно: нажмите «Пропустить», если не знаете.
evidence-question-english = Оригинал документа на английском языке?
evidence-question-english-help = К документу на другом языке нужен полный перевод на английский, заверенный переводчиком как полный и точный (8 CFR 103.2(b)(3)).
evidence-question-language = На каком он языке?
evidence-question-certified-translation = Есть ли полный перевод на английский, заверенный переводчиком как полный и точный?
evidence-question-is-letter = Это приложение — письмо (мнение эксперта или письмо о стаже)?
evidence-question-title = Как назвать это приложение в перечне приложений?

## Кнопки
evidence-button-skip = Пропустить
evidence-button-back = Назад
evidence-button-cancel = Отмена
evidence-button-done = Готово
evidence-button-edit = Изменить сведения
evidence-button-attach = Приложить документ
evidence-button-also-use = Использовать и для другого критерия…
evidence-button-remove-claim = Убрать { $criterion }
evidence-button-make-primary = В перечне под { $criterion }
evidence-button-get-file = Получить { $name }
evidence-button-remove = Удалить
evidence-button-all-exhibits = Все приложения
evidence-button-add-another = Добавить ещё приложение
evidence-button-analyze = Проанализировать дело
evidence-button-analyze-short = Анализ
evidence-button-add = Добавить приложение
evidence-button-list = Список приложений
evidence-button-from-intake = Из анкеты: { $title }
evidence-button-complete = Дополнить: { $title }
evidence-button-yes-criterion = Да: { $criterion }
evidence-button-no-criterion = Нет, { $criterion }
evidence-button-pick-from-list = Выбрать из списка
evidence-button-new-exhibit = Новое приложение
evidence-button-remove-yes = Да, удалить
evidence-button-remove-claim-yes = Да, убрать
evidence-button-keep = Оставить
evidence-button-keep-answer = Оставить: { $answer }

## Добавление
evidence-add-which-criterion = Добавляем приложение в дело клиента { $client }. Какой критерий оно подтверждает?
evidence-pick-or-describe = Выберите критерий или опишите приложение одним предложением, и я предложу критерий.
evidence-pick-again = Какой критерий подтверждает приложение?
evidence-pick-with-buttons = Выберите критерий кнопками ниже.
evidence-pick-unknown = Не удалось определить критерий. Выберите его ниже или опишите приложение иначе.
evidence-sounds-like = Похоже на критерий { $criterion }: { $requirement }

    Использовать этот критерий?
evidence-completing-candidate = Дополняем «{ $title }» из анкеты.
evidence-already-known = Уже известно:
evidence-send-document-any-time = Документ можно прислать в любой момент; я приложу его, когда приложение будет сохранено.
evidence-saved = Сохранено как { $exhibit } в деле клиента { $client }: { $title } — { $criterion }.
evidence-saved-what-next = { $exhibit } сохранено. Что дальше?

## Одно приложение по нескольким критериям
evidence-also-which-criterion = { $exhibit } используется для критериев: { $claimed }. Для какого ещё критерия его учесть? Будут только вопросы этого критерия; номер и документы останутся прежними.
evidence-claim-primary = под этим критерием в перечне приложений
evidence-claim-added = { $exhibit } теперь подтверждает и критерий { $criterion }.
evidence-claim-exists = Приложение уже используется для этого критерия.
evidence-claim-last = У приложения должен остаться хотя бы один критерий. Чтобы убрать этот, удалите приложение.
evidence-claim-removed = { $exhibit } больше не подтверждает критерий { $criterion }. Приложение и его документы сохранены.
evidence-claim-made-primary = Теперь { $exhibit } указано в перечне приложений под критерием { $criterion }.
evidence-remove-claim-confirm = Больше не использовать { $exhibit } для критерия { $criterion }? Сведения по этому критерию будут удалены; приложение, другие его критерии и документы останутся.

## Документы
evidence-document-kept = Документ «{ $name }» получен. Добавлю его, как только приложение будет сохранено.
evidence-document-attached = «{ $name }» добавлен в { $exhibit }.
evidence-document-attached-more = «{ $name }» добавлен в { $exhibit }. Пришлите ещё или нажмите «Готово».
evidence-document-already-attached = { $exhibit } уже содержит «{ $name }». Пришлите ещё или нажмите «Готово».
evidence-send-documents = { $exhibit }: пришлите документы сейчас ({ $accepted }) или нажмите «Готово».
evidence-document-needs-case = Документы я храню как доказательства по делу.
evidence-document-which-exhibit = К какому приложению дела клиента { $client } относится «{ $name }»?
evidence-document-gone = Этот документ больше не приложен.
evidence-files-accepted = { $types } или { $last }, до { $limit } МБ
evidence-files-accepted-one = { $type }, до { $limit } МБ
evidence-file-type-pdf = PDF
evidence-file-type-jpeg = JPEG
evidence-file-type-png = PNG
evidence-file-type-docx = Word (.docx)
evidence-file-type-txt = обычный текст (.txt)
evidence-file-wrong-type = Не могу сохранить «{ $name }»: такой тип файла не принимается. Пришлите { $accepted }.
evidence-file-too-large = «{ $name }» весит { $size } МБ, это слишком много. Пришлите { $accepted } (большие документы разделите или сожмите).
evidence-file-too-large-unknown = «{ $name }» слишком большой. Пришлите { $accepted } (большие документы разделите или сожмите).
evidence-file-empty = «{ $name }» пустой. Пришлите его ещё раз.
evidence-file-not-real = «{ $name }» не является файлом { $type } (содержимое не соответствует типу), поэтому я его не сохранил. Пришлите { $accepted }.
evidence-file-download-failed = Не удалось загрузить документ из Telegram. Пришлите его ещё раз.
evidence-file-refused = Этот документ сохранить не удалось. Пришлите его ещё раз в виде PDF, изображения или файла Word.
evidence-size-kb = { $size } КБ
evidence-size-mb = { $size } МБ

## Страница приложения и список
evidence-card-documents = Документы: { $documents }
evidence-card-no-documents = Документы пока не приложены.
evidence-card-language-translated = Язык: { $language } (есть заверенный перевод)
evidence-card-language-untranslated = Язык: { $language } (заверенного перевода пока нет)
evidence-card-letter = Письмо: { $kind }, { $writer }
evidence-list-heading = Приложения по делу клиента { $client } ({ $count })
evidence-list-empty = Приложений пока нет.
evidence-list-suggested = Предложено по анкете (нажмите, чтобы дополнить):
evidence-list-documents = { $count ->
    [one] { $count } документ
    [few] { $count } документа
   *[other] { $count } документов
    }
evidence-list-open = Откройте приложение:

## Изменение и удаление
evidence-edit-which-fact = { $exhibit }: какие сведения изменить?
evidence-edit-title = Название
evidence-edit-language = Язык
evidence-edit-unknown-fact = Эти сведения изменить нельзя. Откройте приложение заново через /evidence list.
evidence-remove-confirm = Удалить { $exhibit } ({ $title }) вместе с документами? Его номер не будет передан другому приложению.
evidence-removed-short = { $exhibit } удалено
evidence-removed = Удалено: { $exhibit } ({ $title }).
evidence-fact-none = Доказательства: пока нет
evidence-fact-summary = Доказательства: { $exhibits ->
        [one] { $exhibits } приложение
        [few] { $exhibits } приложения
       *[other] { $exhibits } приложений
    } по { $criteria ->
        [one] { $criteria } критерию
       *[other] { $criteria } критериям
    }, { $documents ->
        [one] { $documents } документ
        [few] { $documents } документа
       *[other] { $documents } документов
    }
evidence-held-document-gone = «{ $name }» не сохранён: вопросы по приложению заняли больше суток. Пришлите документ ещё раз.
