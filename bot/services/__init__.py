"""The unit's work, in plain services: transports (SMTP, Slack, CLI) call these."""
