# Отчёт об анализе дела EB-1A. Ссылки на регламент приводятся без изменений.

## Рамка отчёта

analysis-title = Анализ EB-1A: { $caseName }
analysis-no-exhibits = В деле <b>{ $clientName }</b> пока нет приложений, поэтому сопоставлять с критериями нечего. Добавьте доказательства командой /evidence, затем отправьте /analyze.
analysis-add-evidence = Добавить доказательства
analysis-caption = Анализ EB-1A по делу { $clientName }
analysis-headline = { $overall ->
        [strong] Сильное дело
        [borderline] Пограничное дело
       *[insufficient] В текущем виде недостаточно
    }: { $met ->
        [0] ни один критерий не выполнен
        [one] выполнен { $met } критерий
        [few] выполнено { $met } критерия
       *[other] выполнено { $met } критериев
    }, вероятно ещё { $likely } (нужно { $needed }).
analysis-overall-strong = Первый этап пройден, по существу дела есть { $merits } из { $signals } признаков, продолжение работы в США подтверждено документами.
analysis-overall-borderline = Порог достижим, но { $gaps }.
analysis-overall-insufficient = Материалы не достигают порога 8 CFR 204.5(h)(3): { $needed ->
        [one] { $needed } выполненный критерий
        [few] { $needed } выполненных критерия
       *[other] { $needed } выполненных критериев
    } либо единовременное достижение.
analysis-gap = { $gap ->
        [step_one_likely] часть критериев выполнена лишь вероятно
        [continuing_work] продолжение работы в США не подтверждено документами
       *[thin_merits] по существу дела признаков мало ({ $merits } из { $signals })
    }
analysis-achievement = Единовременное достижение: { $award } ({ $exhibits }) само по себе подтверждает право на категорию.
analysis-no-achievement = Единовременного достижения (крупной международной награды уровня Нобелевской премии) нет, поэтому нужно выполнить не менее { $needed } из десяти критериев.
analysis-criteria-heading = Критерии (8 CFR 204.5(h)(3))
analysis-verdict = { $verdict ->
        [met_documented] выполнен и подтверждён документами
        [met_facts] выполнен по введённым фактам
        [likely] вероятно
        [weak] слабо
       *[not_claimed] не заявлен
    }
analysis-criterion-excluded = не засчитывается: { $exhibits }
analysis-excluded-heading = Не засчитывается — не включайте в ходатайство
analysis-excluded = { $exhibits } по критерию { $criterion } не засчитывается; не включайте его в ходатайство по этому критерию. { $reasons }
analysis-documents-heading = Выполнено по введённым фактам: не хватает документов
analysis-not-met = Пока не выполнены: { $criteria }.
analysis-rfe-heading = Риски запроса дополнительных доказательств (RFE)
analysis-hygiene-heading = Оформление доказательств
analysis-merits-heading = Оценка по существу (второй этап Kazarian): { $present } из { $total } признаков
analysis-continuing-heading = Продолжение работы в США (8 CFR 204.5(h)(5))
analysis-actions-heading = Следующие шаги, начиная с самых важных
analysis-more = …и ещё { $count }
analysis-impact = { $impact ->
        [decisive] Решающее
        [high] Высокое
        [medium] Среднее
       *[low] Низкое
    }
analysis-exhibits = { $count ->
        [0] нет приложения
        [1] Приложение { $list }
       *[other] Приложения { $list }
    }
analysis-criterion-label = { $criterion ->
        [awards] (i) Награды
        [membership] (ii) Членство
        [published_material] (iii) Публикации о заявителе
        [judging] (iv) Оценка работы других
        [original_contributions] (v) Оригинальный вклад
        [scholarly_articles] (vi) Научные статьи
        [exhibitions] (vii) Художественные выставки
        [leading_role] (viii) Ведущая или ключевая роль
        [high_salary] (ix) Высокое вознаграждение
       *[commercial_success] (x) Коммерческий успех
    }
analysis-requirement = { $criterion ->
        [awards] получение менее значимых национально или международно признанных премий или наград за выдающиеся достижения в области.
        [membership] членство в ассоциациях в своей области, которые требуют от членов выдающихся достижений по оценке признанных национальных или международных экспертов.
        [published_material] материалы о заявителе в профессиональных или ведущих отраслевых изданиях либо других крупных СМИ, с названием, датой и автором.
        [judging] участие, единолично или в составе комиссии, в оценке работы других в той же или смежной области.
        [original_contributions] оригинальный научный, академический, художественный, спортивный или деловой вклад, имеющий большое значение для области.
        [scholarly_articles] авторство научных статей в профессиональных или ведущих отраслевых изданиях либо других крупных СМИ.
        [exhibitions] показ работ заявителя на художественных выставках или смотрах.
        [leading_role] ведущая или ключевая роль в организациях с безупречной репутацией.
        [high_salary] высокая зарплата или иное значительно высокое вознаграждение по сравнению с другими специалистами в области.
       *[commercial_success] коммерческий успех в исполнительских искусствах, подтверждённый кассовыми сборами или продажами.
    }
analysis-merits-signal = { $signal ->
        [sustained] Признание, сохраняющееся годами
        [independent_recognition] Признание со стороны людей вне круга заявителя
        [ranked_venues] Ведущий, старший или единственный автор в высокорейтинговых изданиях
        [citations] Высокая для области цитируемость
        [invited_talks] Приглашения выступить на признанных конференциях
        [top_institution] Работа в университете R1/R2 или организации сопоставимого уровня
       *[competitive_grants] Участие в конкурсных государственных грантах
    }
analysis-token = { $token ->
        [title] название
        [date] дата
        [author] автор
        [name] имя
        [address] адрес
        [writer_title] должность
        [duties] конкретное описание обязанностей
        [work_description] конкретное описание работы
        [citations_above_benchmark] цитируемость на уровне эталона области или выше
        [licensed_patent] патент, переданный по лицензии или используемый коммерчески
       *[adopted_by_others] подтверждённое использование другими за пределами работодателя
    }

## (i) Награды

analysis-finding-award-one-time-achievement = { $exhibits }: { $name } — крупная международно признанная награда, единовременное достижение, которое само по себе подтверждает право по 8 CFR 204.5(h)(3).
analysis-finding-award-not-to-person = { $exhibits }: { $name } вручена не заявителю лично; регламент требует, чтобы награду получил сам заявитель.
analysis-finding-award-not-to-person-fix = { $exhibits }: заявляйте награды, полученные заявителем лично (командные — только если заявитель назван).
analysis-finding-award-not-to-person-rfe = { $exhibits }: награда работодателю или команде без указания имени не засчитывается.
analysis-finding-award-employer-internal = { $exhibits }: { $name } — внутренняя награда работодателя, а не национально или международно признанная премия.
analysis-finding-award-school-only = { $exhibits }: { $name } — награда одного учебного заведения, а не национально или международно признанная премия.
analysis-finding-award-local = { $exhibits }: { $name } — местная награда, а не национально или международно признанная премия.
analysis-finding-award-narrow-scope-fix = { $exhibits }: вместо «{ $name }» заявите национально или международно признанные премии в области.
analysis-finding-award-narrow-scope-rfe = { $exhibits }: местные, внутрикорпоративные и внутривузовские награды влекут RFE и отказы.
analysis-finding-award-regional = { $exhibits }: { $name } — региональная награда; регламент требует национального или международного признания.
analysis-finding-award-regional-fix = { $exhibits }: подтвердите национальное признание награды «{ $name }» (федеральная пресса, общенациональный круг кандидатов) или исключите её.
analysis-finding-award-outside-field = { $exhibits }: { $name } — награда вне области заявителя; она должна присуждаться за выдающиеся достижения в его области.
analysis-finding-award-outside-field-fix = { $exhibits }: заявляйте награды за выдающиеся достижения в собственной области заявителя.
analysis-finding-award-qualifies = { $exhibits }: { $name } ({ $issuer }, { $year }) — { $scope ->
        [international] международная
       *[national] национальная
    } премия за выдающиеся достижения, полученная заявителем в своей области.
analysis-finding-award-recognition-undocumented-fix = { $exhibits }: подтвердите, что сама награда «{ $name }» национально или международно признана (публикации о ней, её история), а не только страница учредителя.
analysis-finding-award-recognition-undocumented-rfe = { $exhibits }: нет доказательств признания самой награды — только её учредителя.
analysis-finding-award-selection-criteria-fix = { $exhibits }: приложите критерии отбора «{ $name }», чтобы показать, что она присуждается за выдающиеся достижения в области.
analysis-finding-award-many-awardees-rfe = { $exhibits }: { $awardees } лауреатов за один цикл могут выглядеть как отсутствие отбора; покажите размер круга кандидатов.

## (ii) Членство

analysis-finding-membership-admission-basis = { $exhibits }: статус { $level } в { $association } получают за { $basis ->
        [degree] наличие степени или квалификации
        [experience] стаж работы
        [fee] уплату взноса или подписки
        [union_required] вступление в профсоюз или гильдию, обязательное для работы
       *[other] иные заслуги, не выдающиеся достижения
    }, а не за выдающиеся достижения.
analysis-finding-membership-admission-basis-fix = { $exhibits }: заявляйте только членство, уровень которого требует выдающихся достижений по оценке экспертов (например, избрание в действительные члены), а не { $association }.
analysis-finding-membership-admission-basis-rfe = { $exhibits }: членство по диплому, стажу, взносу или профсоюзному требованию не соответствует критерию (ii).
analysis-finding-membership-not-judged-by-experts = { $exhibits }: приём на уровень { $level } в { $association } не оценивают признанные национальные или международные эксперты.
analysis-finding-membership-not-judged-by-experts-fix = { $exhibits }: покажите, кто решает о приёме на уровень { $level } в { $association } (процедура избрания, комиссия признанных экспертов), или исключите это членство.
analysis-finding-membership-qualifies = { $exhibits }: статус { $level } в { $association } требует выдающихся достижений по оценке признанных национальных или международных экспертов.
analysis-finding-membership-rules-undocumented-fix = { $exhibits }: приложите устав или правила приёма { $association }, показывающие, как присваивается уровень { $level }.

## (iii) Публикации о заявителе

analysis-finding-published-about-employer = { $exhibits }: материал в { $outlet } посвящён работодателю или продукту, а не заявителю.
analysis-finding-published-mentions-only = { $exhibits }: материал в { $outlet } посвящён другой теме и лишь упоминает заявителя, а не рассказывает о нём.
analysis-finding-published-not-about-person-fix = { $exhibits }: найдите публикации о самом заявителе и его работе, а не о работодателе.
analysis-finding-published-not-about-person-rfe = { $exhibits }: материал о работодателе, а не о заявителе, влечёт RFE.
analysis-finding-published-paid = { $exhibits }: оплаченный или рекламный материал в { $outlet } не является публикацией о заявителе.
analysis-finding-published-paid-fix = { $exhibits }: замените оплаченный материал независимой редакционной публикацией.
analysis-finding-published-paid-rfe = { $exhibits }: оплаченным и рекламным материалам не придаётся веса.
analysis-finding-published-minor-outlet = { $exhibits }: { $outlet } не является профессиональным или ведущим отраслевым изданием либо крупным СМИ.
analysis-finding-published-minor-outlet-fix = { $exhibits }: найдите публикации в профессиональных или ведущих отраслевых изданиях либо крупных СМИ.
analysis-finding-published-qualifies = { $exhibits }: материал в { $outlet } ({ $outletType ->
        [major_media] крупное СМИ
       *[professional_trade] профессиональное или ведущее отраслевое издание
    }) посвящён заявителю и его работе.
analysis-finding-published-no-circulation-fix = { $exhibits }: приложите данные о тираже или аудитории { $outlet }, чтобы показать, что издание крупное.
analysis-finding-published-no-circulation-rfe = { $exhibits }: нет данных о тираже издания.

## (iv) Оценка работы других

analysis-finding-judging-invitation-only = { $exhibits }: есть лишь приглашение к оценке ({ $venue }); критерий (iv) требует фактического участия в оценке.
analysis-finding-judging-invitation-only-fix = { $exhibits }: получите подтверждение, что рецензия для { $venue } выполнена (письмо-подтверждение, запись рецензента, например в Web of Science, письмо редактора).
analysis-finding-judging-invitation-only-rfe = { $exhibits }: приглашение без доказательства, что оценка состоялась.
analysis-finding-judging-outside-field = { $exhibits }: оценка для { $venue } касалась работ вне той же или смежной области.
analysis-finding-judging-outside-field-fix = { $exhibits }: заявляйте оценку работ в области заявителя или смежной с ней.
analysis-finding-judging-qualifies = { $exhibits }: подтверждённое участие в оценке работы других: { $kind ->
        [peer_review] рецензирование рукописей
        [abstract_review] рецензирование тезисов или докладов конференции
        [grant_panel] грантовая экспертная комиссия
        [thesis_committee] диссертационный совет или комиссия
        [competition_jury] жюри конкурса или премии
       *[other_panel] иная комиссия, оценивающая работы других
    }, { $venue }{ $reviews ->
        [0] {""}
       *[other] {" "}(выполнено: { $reviews })
    }.

## (v) Оригинальный вклад

analysis-finding-contribution-signals = { $exhibits }: оригинальный вклад («{ $description }»): { $signals }.
analysis-finding-contribution-letter = { $exhibits }: { $named ->
        [yes] письмо от { $writer }
       *[no] письмо без указания автора
    } ({ $independent ->
        [yes] независимый эксперт
       *[no] коллега
    }) о работе «{ $description }».
analysis-finding-contribution-no-significance = { $exhibits }: «{ $description }» показывает оригинальность, но пока нет признаков большого значения для области.
analysis-finding-contribution-no-benchmark-fix = { $exhibits }: сравните { $citations } цитирований с эталоном области (например, пороги Clarivate ESI).
analysis-finding-contribution-below-benchmark = { $exhibits }: цитирований { $citations } — ниже эталона области ({ $benchmark }).
analysis-finding-contribution-pending-patent-rfe = { $exhibits }: заявка на патент пока не показывает значимости.
analysis-finding-contribution-granted-patent-rfe = { $exhibits }: выданный патент показывает оригинальность; большое значение показывают только лицензирование или применение.
analysis-finding-contribution-adoption-fix = { $exhibits }: подтвердите использование «{ $description }» другими за пределами работодателя заявителя.
analysis-finding-contribution-collaborator-letter-rfe = { $exhibits }: письмо коллеги весит меньше, чем письмо независимого эксперта.
analysis-finding-contribution-letter-how-known-rfe = { $exhibits }: в письме должно быть сказано, откуда автор знает работу заявителя.
analysis-finding-contribution-letters-uncorroborated = { $exhibits }: одни письма не доказывают большого значения; они весомы лишь при подтверждении документами.
analysis-finding-contribution-letters-uncorroborated-fix = { $exhibits }: подкрепите письма документами: цитирования выше эталона области, лицензирование или использование другими.
analysis-finding-contribution-independent-letters-fix = Добавьте подробные письма независимых экспертов о том, как вклад изменил область и откуда они его знают.

## (vi) Научные статьи

analysis-finding-article-preprint = { $exhibits }: «{ $title }» вышла только как препринт, а не в профессиональном издании или крупном СМИ.
analysis-finding-article-blog-post = { $exhibits }: «{ $title }» вышла только как запись в блоге или на сайте компании, а не в профессиональном издании или крупном СМИ.
analysis-finding-article-not-published-fix = { $exhibits }: сошлитесь на рецензируемую версию «{ $title }», если она опубликована.
analysis-finding-article-qualifies = { $exhibits }: авторство статьи «{ $title }» в { $venue } ({ $year }), { $peerReviewed ->
        [yes] рецензируемое издание
       *[no] без рецензирования
    }.
analysis-finding-article-not-peer-reviewed-fix = { $exhibits }: покажите, что «{ $title }» — научная статья: для специалистов, со ссылками, прошедшая редакционную проверку.
analysis-finding-article-not-peer-reviewed-rfe = { $exhibits }: статью без рецензирования могут не признать научной.

## (vii) Художественные выставки

analysis-finding-exhibition-not-artistic = { $exhibits }: { $venue } — { $venueKind ->
        [scientific_conference] научная или академическая конференция
        [trade_show] отраслевая выставка или ярмарка
       *[other_non_artistic] нехудожественное мероприятие
    }, а не художественная выставка или смотр.
analysis-finding-exhibition-not-artistic-fix = { $exhibits }: если критерий (vii) неприменим к профессии заявителя, представьте это как сопоставимое доказательство по 8 CFR 204.5(h)(4) с объяснением причин.
analysis-finding-exhibition-not-artistic-rfe = { $exhibits }: научные доклады и отраслевые выставки не являются художественными выставками.
analysis-finding-exhibition-not-own-work = { $exhibits }: на { $venue } показаны не работы заявителя.
analysis-finding-exhibition-not-own-work-fix = { $exhibits }: покажите, что экспонировались собственные работы заявителя.
analysis-finding-exhibition-qualifies = { $exhibits }: показ собственных работ заявителя на художественной площадке: { $venue } ({ $year }).

## (viii) Ведущая или ключевая роль

analysis-finding-leading-ordinary-role = { $exhibits }: { $jobTitle } в { $organization } — рядовая должность, не ведущая и не ключевая.
analysis-finding-leading-ordinary-role-fix = { $exhibits }: покажите руководящую должность с соответствующими обязанностями или вклад, существенно повлиявший на результаты { $organization }.
analysis-finding-leading-reputation-asserted = { $exhibits }: безупречная репутация { $organization } заявлена, но не подтверждена документами.
analysis-finding-leading-reputation-asserted-fix = { $exhibits }: подтвердите репутацию { $organization } документами (рейтинги, крупные СМИ, крупные клиенты, гранты или финансирование).
analysis-finding-leading-reputation-asserted-rfe = { $exhibits }: репутация заявлена, но не подтверждена.
analysis-finding-leading-qualifies = { $exhibits }: { $roleKind ->
        [leading] ведущая
       *[critical] ключевая
    } роль ({ $jobTitle }) в { $organization }, организации с безупречной репутацией, что подтверждают { $reputation ->
        [rankings] рейтинги
        [major_media] публикации в крупных СМИ
        [grants_or_funding] конкурсные гранты или значительное финансирование
       *[major_customers] крупные клиенты или партнёры
    }.
analysis-finding-leading-not-distinguished-fix = { $exhibits }: покажите, чем роль заявителя ({ $jobTitle }) отличается от ролей коллег (оргструктура, результаты, достигнутые благодаря заявителю).
analysis-finding-leading-not-distinguished-rfe = { $exhibits }: роль не выделена на фоне ролей коллег.

## (ix) Высокое вознаграждение

analysis-finding-salary-converted-currency = { $exhibits }: { $amount } { $currency } за { $period ->
        [year] год
        [month] месяц
       *[hour] час
    } сравниваются после пересчёта валюты, а не с местными данными в местной валюте.
analysis-finding-salary-converted-currency-fix = { $exhibits }: сравните оплату с данными о зарплатах страны, где она получена, в { $currency }.
analysis-finding-salary-converted-currency-rfe = { $exhibits }: пересчёт иностранной зарплаты в доллары США влечёт RFE.
analysis-finding-salary-no-comparison = { $exhibits }: { $amount } { $currency } за { $period ->
        [year] год
        [month] месяц
       *[hour] час
    } не сравниваются с оплатой других специалистов в области.
analysis-finding-salary-self-reported = { $exhibits }: сравнение опирается на сайты с самостоятельно указанными зарплатами, которые инспекторы считают ненадёжными.
analysis-finding-salary-unreliable-source-fix = { $exhibits }: сравните с государственными данными (BLS OEWS, CareerOneStop) или конкретным опубликованным обзором.
analysis-finding-salary-broad-occupation = { $exhibits }: в сравнении использована слишком широкая профессиональная категория.
analysis-finding-salary-broad-occupation-fix = { $exhibits }: используйте данные по точной профессии и уровню заявителя.
analysis-finding-salary-other-location = { $exhibits }: данные для сравнения относятся к другому месту.
analysis-finding-salary-other-location-fix = { $exhibits }: используйте данные по тому же городу или региону, где находится работа.
analysis-finding-salary-compared = { $exhibits }: { $amount } { $currency } за { $period ->
        [year] год
        [month] месяц
       *[hour] час
    } сравниваются с надёжными данными по той же профессии и местности.
analysis-finding-salary-no-percentile-fix = { $exhibits }: укажите, какого процентиля данных для сравнения достигает оплата.
analysis-finding-salary-percentile = { $exhibits }: { $amount } { $currency } за { $period ->
        [year] год
        [month] месяц
       *[hour] час
    } — { $percentile }-й процентиль надёжных данных по той же профессии и местности.
analysis-finding-salary-not-high = { $exhibits }: { $percentile }-й процентиль не является значительно высоким по сравнению с другими специалистами в области.
analysis-finding-salary-not-high-fix = { $exhibits }: заявляйте критерий (ix), только если оплата близка к верхней границе данных, или исключите его.
analysis-finding-salary-below-90th-fix = { $exhibits }: добавьте иное вознаграждение (бонусы, доли) или более точное сравнение, показывающее оплату на уровне 90-го процентиля или выше.
analysis-finding-salary-below-90th-rfe = { $exhibits }: оплата ниже 90-го процентиля может не быть признана значительно высокой.

## (x) Коммерческий успех

analysis-finding-commercial-not-performing-arts = { $exhibits }: продажи { $work } относятся не к исполнительским искусствам; критерий (x) охватывает только их.
analysis-finding-commercial-not-performing-arts-fix = { $exhibits }: представьте продажи как сопоставимое доказательство по 8 CFR 204.5(h)(4) либо в рамках оригинального вклада или оценки по существу.
analysis-finding-commercial-no-sales = { $exhibits }: показано лишь, что { $work } вышла или исполнялась, но не её коммерческий успех.
analysis-finding-commercial-no-sales-fix = { $exhibits }: приложите данные о кассовых сборах или продажах { $work } с указанием источника.
analysis-finding-commercial-no-sales-rfe = { $exhibits }: если показано лишь, что работа вышла или исполнялась, это влечёт RFE.
analysis-finding-commercial-qualifies = { $exhibits }: коммерческий успех в исполнительских искусствах: { $work }, { $sales }.
analysis-finding-commercial-not-compared-fix = { $exhibits }: сравните показатели { $work } с показателями коллег (чарты, рейтинги, отраслевые данные).

## Оформление доказательств

analysis-finding-hygiene-duplicate-exhibit-number = { $exhibits } указано дважды по критерию { $criterion }; каждое приложение нумеруется по критерию один раз.
analysis-finding-hygiene-missing-translation = { $exhibits } на языке «{ $language }» без полного заверенного перевода на английский (8 CFR 103.2(b)(3)); до перевода ему не придаётся веса.
analysis-finding-hygiene-incomplete-publication-details = В { $exhibits } нет следующих сведений, которых 8 CFR 204.5(h)(3)(iii) требует для публикаций: { $parts }.
analysis-finding-hygiene-incomplete-letter = { $exhibits } — письмо, в котором не указаны сведения об авторе: { $parts }{ $experience ->
        [yes] {" "}(8 CFR 204.5(g)(1))
       *[no] {""}
    }.
analysis-finding-criterion-documents-missing = { $exhibits } ({ $title }): документ не приложен; до этого критерий { $criterion } основан только на введённых фактах.

## Оценка по существу

analysis-finding-merits-sustained-no-dates = Датированных доказательств пока нет.
analysis-finding-merits-sustained-stale = Последнее датированное доказательство относится к { $last } году; покажите, что признание сохраняется до сих пор.
analysis-finding-merits-sustained-spans = Датированные доказательства охватывают { $first }–{ $last } гг. ({ $span ->
        [one] { $span } год
        [few] { $span } года
       *[other] { $span } лет
    }).
analysis-finding-merits-sustained-short = Датированные доказательства охватывают лишь { $first }–{ $last } гг.; покажите признание на протяжении нескольких лет.
analysis-finding-merits-independent-recognition-present = Пресса, национальные награды, независимые письма или использование другими: { $exhibits }.
analysis-finding-merits-independent-recognition-absent = Пока нет прессы, признанной награды, письма независимого эксперта или использования другими.
analysis-finding-merits-ranked-venues-present = Высокорейтинговые издания, где заявитель — ведущий, старший или единственный автор: { $exhibits }.
analysis-finding-merits-ranked-venues-absent = Нет статей в изданиях высшего уровня в роли ведущего, старшего или единственного автора.
analysis-finding-merits-citations-present = Цитируемость на уровне эталона области или выше: { $exhibits } (цитирований: { $total }{ $hIndex ->
        [-1] {""}
       *[other] , индекс Хирша { $hIndex }
    }).
analysis-finding-merits-citations-absent = Цитирований: { $total }{ $hIndex ->
        [-1] {""}
       *[other] , индекс Хирша { $hIndex }
    }; нет сравнения, показывающего высокую для области цитируемость.
analysis-finding-merits-invited-talks-present = Приглашённых докладов: { $count }.
analysis-finding-merits-invited-talks-absent = Приглашённые доклады не указаны.
analysis-finding-merits-top-institution-present = Работает или работал в высокорейтинговой организации.
analysis-finding-merits-top-institution-absent = Высокорейтинговая организация не указана.
analysis-finding-merits-competitive-grants-present = Гранты: { $grants }.
analysis-finding-merits-competitive-grants-absent = Конкурсные государственные гранты не указаны.

## Продолжение работы в США

analysis-finding-continuing-job-offer = Предложение о работе в США показывает, что заявитель продолжит работу в своей области (8 CFR 204.5(h)(5)).
analysis-finding-continuing-contracts = Контракты или письма клиентов в США показывают продолжение работы в области (8 CFR 204.5(h)(5)).
analysis-finding-continuing-detailed-statement = Подробное заявление заявителя о планах в США отвечает требованию 8 CFR 204.5(h)(5).
analysis-finding-continuing-brief-statement = Есть лишь краткое заявление о планах в США; для 8 CFR 204.5(h)(5) нужны предложения, контракты или подробное заявление.
analysis-finding-continuing-plans-undocumented = Планы в США описаны, но не подтверждены документами; добавьте предложения, контракты или подробное заявление (8 CFR 204.5(h)(5)).
analysis-finding-continuing-none = Пока нет доказательств, что заявитель продолжит работу в своей области в США (8 CFR 204.5(h)(5)).

## Следующие шаги

analysis-finding-action-document-continuing-work = Подтвердите документами план продолжать работу в области в США: предложение о работе, контракты или подробное заявление.
analysis-finding-action-strengthen-or-drop = Найдите более сильные доказательства по критерию { $criterion } или не заявляйте его.
analysis-finding-action-look-for-criterion = Поищите доказательства по критерию { $criterion }: { $requirement }
analysis-finding-why-continuing-work-required = 8 CFR 204.5(h)(5) требует ясных доказательств продолжения работы в США, как бы сильны ни были остальные материалы.
analysis-finding-why-likely-to-met = Переводит критерий { $criterion } из вероятных в выполненные; выполнено { $met } из { $needed } необходимых.
analysis-finding-why-likely-to-met-buffer = Переводит критерий { $criterion } из вероятных в выполненные: запас на случай, если инспектор отклонит другой критерий.
analysis-finding-why-hygiene = Приложению с таким недостатком придаётся мало веса или не придаётся вовсе.
analysis-finding-why-documents = К ходатайству прилагается документ под каждый факт, на который оно опирается.
analysis-finding-why-weak-short = Критерий { $criterion } в текущем виде слаб; выполнено { $met } из { $needed } необходимых, не хватает { $short }.
analysis-finding-why-weak-buffer = Критерий { $criterion } слаб; заявлять его в текущем виде — значит рисковать RFE.
analysis-finding-why-not-claimed = Критерий { $criterion } не заявлен; выполнено { $met } из { $needed } необходимых.
analysis-finding-why-final-merits = Инспектор оценивает все материалы в совокупности: устойчивое признание на вершине области (второй этап Kazarian).
