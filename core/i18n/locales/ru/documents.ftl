# Reading documents: why a file could not be read, and what the lawyer can do. { $name } is the file's name.
documents-refused-corrupt = Файл «{ $name }» повреждён, открыть его не удалось. Экспортируйте или отсканируйте документ заново и отправьте ещё раз.
documents-refused-encrypted = Файл «{ $name }» защищён паролем. Снимите пароль (или распечатайте документ в новый PDF) и отправьте ещё раз.
documents-refused-empty = В файле «{ $name }» нет текста. Проверьте, что это нужный документ, и отправьте его ещё раз.
documents-refused-unreadable-scan = В скане «{ $name }» не удалось распознать текст. Отсканируйте документ чётче (300 dpi, без наклона) и отправьте ещё раз.
documents-refused-zip-bomb = Документ Word «{ $name }» устроен так, что открывать его небезопасно. Сохраните его заново в формате .docx или PDF и отправьте ещё раз.
documents-refused-too-many-pages = В файле «{ $name }» слишком много страниц. Отправьте нужные страницы отдельным PDF меньшего объёма.
documents-refused-too-many-scanned-pages = В файле «{ $name }» слишком много отсканированных страниц. Отправьте нужные страницы отдельным PDF меньшего объёма.
documents-refused-image-too-large = Изображение «{ $name }» слишком большое. Отправьте изображение меньшего размера или PDF этой страницы.
documents-refused-content-mismatch = Файл «{ $name }» не соответствует своему названию (содержимое не совпадает с типом файла). Отправьте исходный файл.
documents-refused-unsupported-type = Файлы такого типа, как «{ $name }», я прочитать не могу. Отправьте PDF, документ Word (.docx), текстовый файл или изображение JPEG или PNG.
documents-refused-too-complex = Файл «{ $name }» слишком сложен для безопасного чтения. Отправьте его в виде более простого PDF или разделите на части.
documents-refused-timed-out = Чтение файла «{ $name }» заняло слишком много времени. Разделите его на файлы меньшего объёма и отправьте ещё раз.
documents-translation-required = Документ «{ $name }» составлен не на английском языке. USCIS требует полный заверенный перевод на английский язык каждого документа на иностранном языке (8 CFR 103.2(b)(3)).
documents-title-reading = Чтение документа
