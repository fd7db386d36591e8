# /publications: a client's publication list (pasted, or a .bib, .csv or .txt file) becomes one
# scholarly-article exhibit per article, confirmed once.

publications-ask = Send the publication list of { $client }: paste references or DOIs (one a line), BibTeX or CSV, or send a .bib, .csv or .txt file. Up to { $max } articles at a time. A long paste may come in several messages: send them all, then confirm.
publications-button-cancel = Cancel
publications-button-confirm = Confirm all { $count }
publications-cancelled = Cancelled. Nothing was added.
publications-empty = I could not find any article in that. Paste references or DOIs one a line, BibTeX entries, or a CSV with a Title column.
publications-too-long = That list is too long to read at once ({ $size } characters). Send it in parts of up to { $max } articles.
publications-file-wrong-type = { $name } is not a publication list I can read. Send a .bib, .csv or .txt file, or paste the list.
publications-file-too-large = { $name } is larger than { $limit } KB. Send the list in parts.
publications-file-not-text = { $name } is not a text file (its bytes are not UTF-8 text). Export the list as BibTeX or CSV and send it again.
publications-file-download-failed = { $name } could not be downloaded from Telegram. Please send it again.
publications-heading = Publication list for { $client }: { $ready ->
        [one] { $ready } article ready to add
       *[other] { $ready } articles ready to add
    }
publications-line = { $number }. <b>{ $title }</b> — { $venue }, { $year }
publications-line-authors = Authors: { $authors }
publications-line-authors-more = Authors: { $authors } and { $more } more
publications-line-position = { $client } is author { $position } of { $count }
publications-line-position-unknown = { $client } not found among the authors
publications-line-peer-reviewed = peer-reviewed
publications-line-not-peer-reviewed = not peer-reviewed
publications-line-peer-review-unknown = peer review not stated
publications-unknown = not given
publications-incomplete-heading = Not added: facts missing ({ $count })
publications-incomplete-line = • { $source } — missing: { $missing }
publications-incomplete-client = • { $source } — { $client } is not among its authors ({ $authors })
publications-incomplete-hint = Fix these lines (or add the article with /evidence) and send them again; articles already added are skipped.
publications-unreadable-heading = Lines I could not read ({ $count })
publications-unreadable-line = • { $source }
publications-duplicates-heading = Duplicates skipped ({ $count })
publications-duplicate-of-list = • { $source } — repeats an article above
publications-duplicate-of-exhibit = • { $source } — already { $exhibit }
publications-over-cap = Only the first { $max } articles were read; { $count } more were left out. Send them as another list after confirming this one.
publications-confirm-prompt = Press Confirm to add { $count ->
        [one] this article
       *[other] these { $count } articles
    } to the case as scholarly articles (8 CFR 204.5(h)(3)(vi)), or send more of the list.
publications-nothing-to-add = Nothing new to add from this list. Send another list or press Cancel.
publications-added = Added { $created ->
        [one] { $created } article
       *[other] { $created } articles
    } to the case of { $client }: { $exhibits }.
publications-added-before = { $count ->
        [one] { $count } article was added before and was not added again.
       *[other] { $count } articles were added before and were not added again.
    }
publications-added-next = See them with /evidence list, or check the case with /analyze.
publications-exhibit-range = Exhibits { $from }–{ $to }
publications-command = Add the client's publication list (BibTeX, CSV or references)
