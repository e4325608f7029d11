"""Authentication: password hashing, tokens bound to login sessions, the guards views wear,
and rate limits. Checks here only read: what changes state (starting, rotating and ending
sessions) is a use case in `users.accounts`."""
