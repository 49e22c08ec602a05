"""The scheduler: the calendar and due-lists (pure) and the runner that claims and sends."""
