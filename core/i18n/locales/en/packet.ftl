# /packet: the exhibit packet as one PDF (index, tab pages, the exhibits' documents), built as a job.
packet-command = Build the exhibit packet (one PDF)
packet-queued = Building the exhibit packet for <b>{ $clientName }</b>: { $exhibits ->
        [one] 1 exhibit
       *[other] { $exhibits } exhibits
    }. I will send the PDF here when it is ready.
packet-no-exhibits = The case of <b>{ $clientName }</b> has no exhibits yet, so there is nothing to put in a packet. Add exhibits with /evidence, attach their documents, then send /packet.
packet-job-title = Exhibit packet
packet-step-exhibit = Placing the exhibits (tab page and documents of each)
packet-caption = Exhibit packet for <b>{ $clientName }</b>: { $pages } pages, { $exhibits ->
        [one] 1 exhibit
       *[other] { $exhibits } exhibits
    } (version { $version }). The index, the bookmarks and the page numbers are inside.
packet-caption-part = Exhibit packet for <b>{ $clientName }</b>, part { $part } of { $parts }: pages { $first }–{ $last } of { $pages }.
packet-split-note = The packet is { $size } MB, more than Telegram lets a bot send in one file (50 MB), so it comes in { $parts } parts. The page numbers and the index in part 1 cover the whole packet.
packet-complete = { $exhibits ->
        [one] The exhibit is in the packet with its documents.
       *[other] Every one of the { $exhibits } exhibits is in the packet with its documents.
    }
packet-missing-heading = <b>Missing ({ $count })</b>: these exhibits have no document yet. The index and their tab pages say so.
packet-missing-item = • Exhibit { $exhibit }: { $title }
packet-left-out-heading = <b>Not included ({ $count })</b>: these documents are listed on the index and the tab page, but their pages are not in the packet.
packet-left-out-encrypted = • Exhibit { $exhibit }: { $fileName } is password-protected. Save a copy without the password and attach it.
packet-left-out-unreadable = • Exhibit { $exhibit }: { $fileName } is damaged or not a readable PDF. Scan or export it again and attach it.
packet-left-out-convert-to-pdf = • Exhibit { $exhibit }: { $fileName } is a Word or text file. Save it as PDF (File → Save as → PDF) and attach the PDF.
packet-more = …and { $count } more.
packet-fix-and-rerun = Attach what is missing to the exhibits with /evidence, then send /packet again for a complete packet.
packet-case-gone = The exhibit packet was not built: that case no longer exists (it was deleted). Open a case with /cases and send /packet again.
packet-failed = The exhibit packet for <b>{ $clientName }</b> was not built: building it failed several times in a row on our side. The case and its exhibits are as they were. Open that case with /cases and send /packet to try again; if it fails again, tell your administrator the time it happened.
