# What is wrong with a typed answer (intake and evidence questions).
answer-empty = The answer is empty. Please type it.
answer-too-long = The answer is too long: { $length } characters, and the limit is { $limit }. Please shorten it; details can go into the evidence later.
answer-number = Please answer with a number, e.g. 1200 or 1 900 000.
answer-year = Please answer with a four-digit year, e.g. 2021.
answer-yes-no = Please answer yes or no.
answer-choice = Please choose one of:
