"""The one posting function and the accounts it keeps: the time bank and the points."""
