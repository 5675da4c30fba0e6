"""Knowing the community (issue 19), the part that comes due: dated duties (a lift's yearly inspection, a gas
check, a home visit), the visits a tag's promise makes for everyone carrying it, and the grid worker's patrol log
(民情日记) whose problems become requests in one step."""
