# Документы, прочитанные в предложенные приложения: сообщение задачи чтения, его кнопки и что за ними следует.
# { $name } — имя файла; { $pages } — число страниц.
proposals-burst-progress = 📄 Читаю ваши документы: { $done } из { $total }
    { $bar }
proposals-burst-done = 📄 Прочитано { $done } из { $total }. У каждого документа — своё сообщение ниже.
    { $bar }
proposals-reading-pages = 📄 Читаю «{ $name }»: распознано страниц — { $done } из { $total }
    { $bar }
proposals-looks-like = «{ $name }», { $pages ->
        [one] { $pages } страница
        [few] { $pages } страницы
       *[other] { $pages } страниц
    }. Похоже на <b>{ $criterion }</b>: { $facts }.
proposals-looks-like-no-facts = «{ $name }», { $pages ->
        [one] { $pages } страница
        [few] { $pages } страницы
       *[other] { $pages } страниц
    }. Похоже на <b>{ $criterion }</b>; в тексте нет сведений этого критерия, я спрошу их.
proposals-no-criterion = «{ $name }», { $pages ->
        [one] { $pages } страница
        [few] { $pages } страницы
       *[other] { $pages } страниц
    }. Не удалось понять, какой критерий он подтверждает.
proposals-what-next = Ничего не засчитывается без вашего подтверждения. Подтвердите, чтобы сделать приложение (спрошу только то, чего нет в тексте), или выберите другой критерий, исправьте сведение, или добавьте файл к уже созданному приложению.
proposals-what-next-no-criterion = Выберите критерий, который он подтверждает, добавьте его к уже созданному приложению или отметьте, что это не доказательство.
# A confirmed proposal's message, edited to name the exhibit it became.
proposals-confirmed-as = { $exhibit } — { $proposal }
proposals-button-confirm = ✅ Подтвердить
proposals-button-other-criterion = Другой критерий
proposals-button-pick-criterion = Выбрать критерий
proposals-button-edit-fact = ✏️ Исправить сведение
proposals-button-attach = 📎 Добавить к приложению
proposals-button-not-evidence = Не доказательство
proposals-completing = Создаю приложение из «{ $name }»: сведения из его текста уже заполнены.
proposals-which-criterion = Какой критерий подтверждает «{ $name }»?
proposals-which-fact = Какое сведение в «{ $name }» неверно? Я спрошу его заново.
proposals-rejected = «{ $name }» не сохранён как доказательство.
proposals-gone = Это предложение больше не открыто.
proposals-already-confirmed = Этот документ уже стал приложением.
proposals-trap-award-employer-internal = «{ $phrase }»: награда только для сотрудников одной компании не засчитывается по (i).
proposals-trap-award-school-only = «{ $phrase }»: награда только для студентов одного вуза не засчитывается по (i).
proposals-trap-award-local = «{ $phrase }»: местная награда не признана на национальном или международном уровне.
proposals-trap-membership-admission-basis = «{ $phrase }»: членство за взносы или по формальному требованию не засчитывается по (ii).
proposals-trap-published-about-employer = «{ $phrase }»: статья о работодателе или продукте, а не о человеке, не засчитывается по (iii).
proposals-trap-published-paid = «{ $phrase }»: оплаченный или рекламный материал не засчитывается по (iii).
proposals-trap-judging-invitation-only = «{ $phrase }»: приглашение в жюри не доказывает экспертизу; для (iv) нужна выполненная оценка.
proposals-trap-contribution-pending-patent = «{ $phrase }»: одна лишь заявка на патент не показывает вклад большого значения.
proposals-trap-article-preprint = «{ $phrase }»: препринт — не опубликованная научная статья.
proposals-trap-article-blog-post = «{ $phrase }»: пост в блоге или на сайте компании — не научная статья.
proposals-trap-exhibition-not-artistic = «{ $phrase }»: постер на научной конференции — не художественная выставка.
proposals-trap-leading-ordinary-role = «{ $phrase }»: обычная должность не является ни ведущей, ни ключевой.
proposals-trap-salary-converted-currency = «{ $phrase }»: сравнение зарплаты после пересчёта валют не засчитывается; сравнивайте с местными данными в местной валюте.
proposals-trap-salary-self-reported = «{ $phrase }»: сайты с зарплатами со слов пользователей — ненадёжные данные для сравнения.
proposals-trap-salary-broad-occupation = «{ $phrase }»: сравнение идёт по слишком широкой профессии.
proposals-trap-commercial-not-performing-arts = «{ $phrase }»: (x) относится только к исполнительским искусствам.
proposals-trap-commercial-no-sales = «{ $phrase }»: выпуск или выступление без данных о продажах — не коммерческий успех.
