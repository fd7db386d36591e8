# Long work done in the background (jobs): progress, results and failures told to the lawyer.
jobs-progress =
    <b>{ $title }</b>
    { $step }
    { $bar } { $done }/{ $total }
jobs-failed =
    <b>{ $title }</b> did not finish: it failed several times in a row on our side.
    Nothing you sent is lost. Please try again in a few minutes; if it fails again, tell your administrator the time it happened.
jobs-title-queue-check = Queue check
jobs-step-queue-check = Checking that background work runs
jobs-done-queue-check = Queue check finished: background work runs (attempt { $attempt }).
jobs-title-broadcast = Announcement to every user
