"""The server-rendered page: a form to add a user and the users, newest first."""
