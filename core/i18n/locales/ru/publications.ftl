# /publications: список публикаций клиента (вставленный текстом или файлом .bib, .csv, .txt) становится
# приложениями по критерию научных статей, по одному на статью, с одним подтверждением.

publications-ask = Пришлите список публикаций клиента { $client }: вставьте ссылки или DOI (по одной в строке), BibTeX или CSV, либо отправьте файл .bib, .csv или .txt. За раз — до { $max } статей. Длинный текст может прийти несколькими сообщениями: отправьте все, затем подтвердите.
publications-button-cancel = Отмена
publications-button-confirm = Подтвердить все ({ $count })
publications-cancelled = Отменено. Ничего не добавлено.
publications-empty = Я не нашёл здесь ни одной статьи. Вставьте ссылки или DOI по одной в строке, записи BibTeX или CSV со столбцом Title.
publications-too-long = Список слишком длинный, чтобы прочитать его сразу ({ $size } символов). Пришлите его частями, до { $max } статей в каждой.
publications-file-wrong-type = { $name } — не список публикаций, который я умею читать. Пришлите файл .bib, .csv или .txt или вставьте список текстом.
publications-file-too-large = Файл { $name } больше { $limit } КБ. Пришлите список частями.
publications-file-not-text = { $name } — не текстовый файл (его содержимое не текст UTF-8). Экспортируйте список в BibTeX или CSV и пришлите снова.
publications-file-download-failed = Не удалось скачать { $name } из Telegram. Пришлите файл ещё раз.
publications-heading = Список публикаций клиента { $client }: { $ready ->
        [one] { $ready } статья готова к добавлению
        [few] { $ready } статьи готовы к добавлению
       *[other] { $ready } статей готовы к добавлению
    }
publications-line = { $number }. <b>{ $title }</b> — { $venue }, { $year }
publications-line-authors = Авторы: { $authors }
publications-line-authors-more = Авторы: { $authors } и ещё { $more }
publications-line-position = { $client } — автор { $position } из { $count }
publications-line-position-unknown = { $client } не найден(а) среди авторов
publications-line-peer-reviewed = рецензируемая
publications-line-not-peer-reviewed = не рецензируемая
publications-line-peer-review-unknown = рецензирование не указано
publications-unknown = не указано
publications-incomplete-heading = Не добавлены: не хватает сведений ({ $count })
publications-incomplete-line = • { $source } — не хватает: { $missing }
publications-incomplete-client = • { $source } — { $client } нет среди авторов ({ $authors })
publications-incomplete-hint = Исправьте эти строки (или добавьте статью через /evidence) и пришлите их снова; уже добавленные статьи будут пропущены.
publications-unreadable-heading = Строки, которые я не смог прочитать ({ $count })
publications-unreadable-line = • { $source }
publications-duplicates-heading = Пропущенные повторы ({ $count })
publications-duplicate-of-list = • { $source } — повторяет статью выше
publications-duplicate-of-exhibit = • { $source } — уже есть: { $exhibit }
publications-over-cap = Прочитаны только первые { $max } статей; ещё { $count } не вошли. Пришлите их отдельным списком после подтверждения этого.
publications-confirm-prompt = Нажмите «Подтвердить», чтобы добавить { $count ->
        [one] эту статью
       *[other] эти статьи ({ $count })
    } в дело как научные статьи (8 CFR 204.5(h)(3)(vi)), или пришлите продолжение списка.
publications-nothing-to-add = В этом списке нет ничего нового. Пришлите другой список или нажмите «Отмена».
publications-added = В дело клиента { $client } { $created ->
        [one] добавлена { $created } статья
        [few] добавлены { $created } статьи
       *[other] добавлено { $created } статей
    }: { $exhibits }.
publications-added-before = { $count ->
        [one] { $count } статья была добавлена раньше и не добавлена повторно.
        [few] { $count } статьи были добавлены раньше и не добавлены повторно.
       *[other] { $count } статей были добавлены раньше и не добавлены повторно.
    }
publications-added-next = Посмотреть их: /evidence list, проверить дело: /analyze.
publications-exhibit-range = Приложения { $from }–{ $to }
publications-command = Добавить список публикаций клиента (BibTeX, CSV или ссылки)
