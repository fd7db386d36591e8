# An announcement a bot admin sends to every active user with /broadcast, and its delivery report.
broadcast-usage = Write the announcement after the command, for example: /broadcast The office is closed on Friday.
broadcast-admins-only = Only administrators can send an announcement to every user.
broadcast-too-long = The announcement is { $length } characters long; Telegram allows { $max }. Shorten it and send it again.
broadcast-queued = Your announcement is queued for { $recipients } users. I will tell you here how it went.
broadcast-step-sending = Sending your announcement
broadcast-report =
    <b>Announcement sent</b> to { $sent } of { $recipients } users.
    Blocked the bot: { $blocked }. Refused by Telegram: { $failed }. Not confirmed (the sending worker stopped): { $unconfirmed }.
broadcast-failed =
    <b>Announcement stopped</b>: sending it failed several times in a row on our side. It reached { $sent } of { $recipients } users; { $pending } did not get it.
    Blocked the bot: { $blocked }. Refused by Telegram: { $failed }. Not confirmed (the sending worker stopped): { $unconfirmed }. Nobody got it twice.
    Sending /broadcast again would reach everyone again. To reach only those who did not get it, retry job <code>{ $jobId }</code> through the admin API: each of them gets it once.
