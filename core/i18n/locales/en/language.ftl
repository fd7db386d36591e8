language-choose = Choose the language I speak to you. Petition drafts stay in English, as USCIS reads them.
language-chosen = From now on I speak English. Send /start for the menu.
language-name-en = English
language-name-ru = Русский
