# What the bot says about its own running: floods, outages, nothing lost.
service-slow-down = You are sending messages faster than I can handle. I will go through them in order; nothing is lost.
service-too-many = I received too many messages at once and could not take this one. Please send it again in a minute.
service-briefly-unavailable = The service is briefly unavailable. Nothing you sent is lost: I will handle it as soon as the service is back.
