# Подготовка документов: письмо-обоснование, сопроводительное письмо, опись приложений и рекомендательные
# письма (сами документы на английском, как всё, что подаётся в США; здесь — слова бота о них).
drafting-command-draft = Подготовить обоснование, сопроводительное письмо и опись (Word)
drafting-command-drafts = Подготовленные файлы дела: список и повторная отправка
drafting-command-letters = Подготовить рекомендательные письма (Word)

drafting-job-brief = Готовлю письмо-обоснование
drafting-job-letters = Готовлю рекомендательные письма
drafting-step-reading = Читаю дело
drafting-step-writing = Пишу разделы
drafting-step-building = Собираю файлы Word
drafting-step-letter = Пишу письма

drafting-started = Подготовка документов по делу { $clientName } началась. Письмо-обоснование, сопроводительное письмо и опись приложений придут сюда файлами Word.
drafting-letters-started = { $count ->
        [one] Готовлю { $count } рекомендательное письмо по делу { $clientName }. Оно придёт сюда файлом Word.
        [few] Готовлю { $count } рекомендательных письма по делу { $clientName }. Они придут сюда файлами Word.
       *[other] Готовлю { $count } рекомендательных писем по делу { $clientName }. Они придут сюда файлами Word.
    }
drafting-no-evidence = В деле { $clientName } пока нет приложений, обосновывать нечего. Добавьте доказательства через /evidence, проверьте их в /analyze и отправьте /draft.
drafting-case-gone = Дело удалили до начала подготовки документов, поэтому ничего не подготовлено. Откройте другое дело через /cases.
drafting-letters-no-recommenders = В анкете дела { $clientName } не названы рекомендатели, поэтому писать некому. Добавьте их в /intake, раздел «Рекомендатели»: по одному в строке, как «имя, должность, организация».

drafting-brief-ready = <b>Документы по делу { $clientName }</b>: письмо-обоснование (версия { $version }), сопроводительное письмо и опись приложений.
drafting-source-template = Составлено из фактов дела по шаблонам (LLM не использовалась).
drafting-source-llm = Написано LLM и проверено по делу: каждое упомянутое приложение существует, каждый заявленный критерий подтверждён анализом.
drafting-source-mixed = Частично написано LLM (с проверкой по делу), частично — по шаблонам там, где черновик LLM не был принят.
drafting-argued-heading = Критерии, которые обоснование заявляет выполненными:
drafting-none-argued = Ни один критерий не заявлен выполненным: анализ пока не подтверждает ни одного. См. /analyze.
drafting-not-argued-heading = Заявлены в деле, но не обосновываются (анализ их пока не подтверждает):
drafting-left-out-heading = Исключены, потому что не могут засчитываться:
drafting-left-out-item = Приложение { $exhibit } «{ $title }» по критерию { $criterion }: { $reason }
drafting-left-out-claim = Приложение { $exhibit } «{ $title }» подаётся по другому критерию, но по критерию { $criterion } не обосновывается: { $reason }
drafting-notes-heading = До подачи:
drafting-note-letterhead-unset = В файлах нет бланка фирмы: не задана переменная FIRM_NAME. Попросите администратора задать FIRM_NAME и FIRM_ADDRESS или добавьте бланк в Word.
drafting-note-background-uncited = Раздел о клиенте приводит факты из анкеты без приложения: добавьте резюме или паспорт как приложение и сошлитесь на него.
drafting-note-merits-invited-talks = В анкете указано приглашённых докладов: { $count }, но ни одно приложение их не подтверждает, поэтому в итоговой оценке они не упоминаются. Добавьте приглашения как приложение.
drafting-note-merits-grants = В анкете указаны конкурсные гранты, но ни одно приложение их не подтверждает, поэтому в итоговой оценке они не упоминаются. Добавьте документы о грантах как приложение.
drafting-note-merits-top-institution = По анкете клиент работает в ведущей организации; добавьте её рейтинг как приложение, чтобы итоговая оценка могла на него сослаться.
drafting-note-continuing-job-offer = Раздел о продолжении работы говорит, что к петиции приложено предложение о работе в США: добавьте его как приложение и сошлитесь на него.
drafting-note-continuing-contracts = Раздел о продолжении работы говорит, что к петиции приложены договоры с клиентами в США: добавьте их как приложение и сошлитесь на них.
drafting-note-continuing-statement = Раздел о продолжении работы говорит, что к петиции приложено заявление клиента о планах: добавьте его как приложение и сошлитесь на него.
drafting-note-continuing-missing = 8 CFR 204.5(h)(5) требует ясных доказательств, что клиент продолжит работу в США, а в деле их пока нет: добавьте предложение о работе, договоры или подробное заявление клиента о планах.
drafting-note-step-one-short = Заявлено выполненными критериев: { $argued }, а нужно { $needed }. В таком виде подавать обоснование нельзя. Что добавить — в /analyze.
drafting-note-likely = Критерий { $criterion } обосновывается, но анализ оценивает его лишь как вероятный: до подачи восполните то, что /analyze для него перечисляет.

drafting-letters-ready = { $count ->
        [one] <b>Подготовлено { $count } рекомендательное письмо по делу { $clientName }</b>
        [few] <b>Подготовлено { $count } рекомендательных письма по делу { $clientName }</b>
       *[other] <b>Подготовлено { $count } рекомендательных писем по делу { $clientName }</b>
    }
drafting-letter-line = { $name } ({ $kind }): { $source }
drafting-letter-kind-independent = независимый эксперт
drafting-letter-kind-collaborator = коллега
drafting-letter-source-template = по шаблонам
drafting-letter-source-llm = написано LLM и проверено
drafting-letter-gap-how-known = автор должен указать, откуда он знает работу
drafting-letter-gap-contribution = автор должен описать конкретный вклад и его влияние
drafting-letters-gaps-intro = Просьбы в квадратных скобках отмечают то, что может сказать только автор письма; ничего не придумано вместо них.

drafting-drafts-heading = <b>Подготовленные файлы дела { $clientName }</b>, сначала новые:
drafting-drafts-empty = По делу { $clientName } пока ничего не подготовлено. Отправьте /draft для письма-обоснования или /letters для рекомендательных писем.
drafting-drafts-item = { $kind } — версия { $version }, { $date }, { $source }
drafting-drafts-item-subject = { $kind } ({ $subject }) — версия { $version }, { $date }, { $source }
drafting-drafts-more = Показаны последние { $shown } из { $total }.
drafting-kind = { $kind ->
        [brief] Письмо-обоснование
        [cover-letter] Сопроводительное письмо
        [exhibit-index] Опись приложений
        [letter] Письмо
       *[packet] Пакет приложений
    }
drafting-source = { $source ->
        [llm] написано LLM, проверено
        [mixed] частично LLM, проверено
        [none] собрано из документов
       *[template] по шаблонам
    }
drafting-drafts-send = { $kind } v{ $version }
drafting-drafts-gone = Такого файла нет или он не ваш. Список — /drafts.
