"""Errors a service raises for input it cannot use; the message is shown to the user."""


class ServiceError(ValueError):
    pass
