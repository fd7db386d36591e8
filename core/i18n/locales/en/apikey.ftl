apikey-issued =
    Your API key for the lawyer API (your own cases only). It is shown this once: copy it into your case-management system, then delete this message.

    <code>{ $key }</code>

    Send it as "Authorization: Bearer …" to { $prefix }/cases. /apikey revoke revokes every key you hold.
apikey-revoked =
    { $count ->
        [0] You hold no API keys.
        [one] Your API key is revoked.
       *[other] Your { $count } API keys are revoked.
    }
apikey-too-many = You already hold { $count } API keys. Send /apikey revoke to revoke them, then ask for a new one.
