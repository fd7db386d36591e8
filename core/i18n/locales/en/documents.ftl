# Reading documents: why a file could not be read, and what the lawyer can do. { $name } is the file's name.
documents-refused-corrupt = “{ $name }” is damaged and could not be opened. Please export or scan it again and resend it.
documents-refused-encrypted = “{ $name }” is protected by a password. Please remove the password (or print it to a new PDF) and resend it.
documents-refused-empty = “{ $name }” holds no text to read. Please check it is the right document and resend it.
documents-refused-unreadable-scan = No text could be recognised in the scan “{ $name }”. Please rescan it more sharply (300 dpi, upright) and resend it.
documents-refused-zip-bomb = The Word document “{ $name }” is built in a way that is unsafe to open. Please save it again as .docx or as PDF and resend it.
documents-refused-too-many-pages = “{ $name }” has too many pages to read. Please send the relevant pages as a smaller PDF.
documents-refused-too-many-scanned-pages = “{ $name }” has too many scanned pages to read. Please send the relevant pages as a smaller PDF.
documents-refused-image-too-large = The image “{ $name }” is too large to read. Please send a smaller image or a PDF of the page.
documents-refused-content-mismatch = “{ $name }” is not what its name says (its contents do not match its type). Please send the original file.
documents-refused-unsupported-type = “{ $name }” is a type of file I cannot read. Please send a PDF, a Word document (.docx), a text file or a JPEG or PNG image.
documents-refused-too-complex = “{ $name }” is too complex to read safely. Please send it as a simpler PDF, or split it.
documents-refused-timed-out = Reading “{ $name }” took too long. Please send it split into smaller files.
documents-refused-read-failed = “{ $name }” could not be read: reading it failed several times in a row on our side. Nothing else you sent is affected. Please send it again, or send it as a PDF.
documents-translation-required = “{ $name }” is not in English. USCIS requires a complete certified English translation of every foreign-language document (8 CFR 103.2(b)(3)).
documents-title-reading = Reading your document
