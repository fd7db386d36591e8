# Documents read into proposed exhibits: the reading job's message, its buttons, and what follows them.
# { $name } is the file's name; { $pages } its page count.
proposals-burst-progress = 📄 Reading your documents: { $done } of { $total }
    { $bar }
proposals-burst-done = 📄 Read { $done } of { $total } { $total ->
        [one] document
       *[other] documents
    }. Each has its own message below.
    { $bar }
proposals-reading-pages = 📄 Reading “{ $name }”: { $done } of { $total } scanned pages read
    { $bar }
proposals-looks-like = “{ $name }”, { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }. Looks like <b>{ $criterion }</b>: { $facts }.
proposals-looks-like-no-facts = “{ $name }”, { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }. Looks like <b>{ $criterion }</b>; the text states none of its facts, so I will ask them.
proposals-no-criterion = “{ $name }”, { $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }. I could not tell which criterion it supports.
proposals-what-next = Nothing is counted until you confirm. Confirm to make it an exhibit (I ask only what the text does not state), or choose another criterion, change a fact, or attach it to an exhibit you have.
proposals-what-next-no-criterion = Choose the criterion it supports, attach it to an exhibit you have, or tell me it is not evidence.
# A confirmed proposal's message, edited to name the exhibit it became.
proposals-confirmed-as = { $exhibit } — { $proposal }
proposals-button-confirm = ✅ Confirm
proposals-button-other-criterion = Other criterion
proposals-button-pick-criterion = Choose the criterion
proposals-button-edit-fact = ✏️ Edit a fact
proposals-button-attach = 📎 Attach to an exhibit
proposals-button-not-evidence = Not evidence
proposals-completing = Making an exhibit of “{ $name }”: the facts its text states are filled in.
proposals-which-criterion = Which criterion does “{ $name }” support?
proposals-which-fact = Which fact of “{ $name }” is wrong? I will ask it instead.
proposals-rejected = “{ $name }” is not kept as evidence.
proposals-gone = That proposal is no longer open.
proposals-already-confirmed = That document is an exhibit already.
proposals-trap-award-employer-internal = “{ $phrase }”: an award open only to one employer's staff does not count under (i).
proposals-trap-award-school-only = “{ $phrase }”: an award open only to one school's students does not count under (i).
proposals-trap-award-local = “{ $phrase }”: a local award is not nationally or internationally recognized.
proposals-trap-membership-admission-basis = “{ $phrase }”: a membership open to anyone who pays dues or meets a formal requirement does not count under (ii).
proposals-trap-published-about-employer = “{ $phrase }”: an article about the employer or a product, not about the person, does not count under (iii).
proposals-trap-published-paid = “{ $phrase }”: paid or marketing content does not count under (iii).
proposals-trap-judging-invitation-only = “{ $phrase }”: an invitation to judge is not proof of judging; (iv) needs the review done.
proposals-trap-contribution-pending-patent = “{ $phrase }”: a pending patent alone does not show a contribution of major significance.
proposals-trap-article-preprint = “{ $phrase }”: a preprint is not a published scholarly article.
proposals-trap-article-blog-post = “{ $phrase }”: a blog or company-site post is not a scholarly article.
proposals-trap-exhibition-not-artistic = “{ $phrase }”: a poster at a scientific meeting is not an artistic exhibition.
proposals-trap-leading-ordinary-role = “{ $phrase }”: a regular staff role is neither leading nor critical.
proposals-trap-salary-converted-currency = “{ $phrase }”: pay compared after currency conversion does not count; compare with local data in the local currency.
proposals-trap-salary-self-reported = “{ $phrase }”: self-reported salary sites are not reliable comparison data.
proposals-trap-salary-broad-occupation = “{ $phrase }”: the comparison uses too broad an occupation.
proposals-trap-commercial-not-performing-arts = “{ $phrase }”: (x) covers the performing arts only.
proposals-trap-commercial-no-sales = “{ $phrase }”: a release or performance without sales figures is not commercial success.
